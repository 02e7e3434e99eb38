# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase, tagged

from .common import EcrmOrderFlowCommon


@tagged("post_install", "-at_install")
class TestWebshopCheckout(EcrmOrderFlowCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_flow()
        # A free e-voucher: no payment provider and no shipping needed, so the
        # checkout ends on /shop/payment/validate like a real zero-amount order.
        cls.voucher = cls.env["product.product"].create(
            {
                "name": "Phiếu quà tặng 0đ",
                "type": "service",
                "list_price": 0,
                "sale_ok": True,
                "is_published": True,
                "taxes_id": [(5, 0, 0)],
            }
        )
        cls.vietnam = cls.env.ref("base.vn")
        cls.hanoi = cls.env["res.country.state"].search(
            [("country_id", "=", cls.vietnam.id)], limit=1
        )

    def _checkout(self, name, phone, email):
        self.url_open("/shop")
        self.make_jsonrpc_request(
            "/shop/cart/update_json", {"product_id": self.voucher.id, "add_qty": 1}
        )
        page = self.url_open("/shop/address").text
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page).group(1)
        response = self.url_open(
            "/shop/address/submit",
            data={
                "csrf_token": csrf,
                "address_type": "billing",
                "use_delivery_as_billing": "true",
                "name": name,
                "phone": phone,
                "email": email,
                "street": "25 Tràng Tiền",
                "city": "Hà Nội",
                "zip": "100000",
                "country_id": self.vietnam.id,
                "state_id": self.hanoi.id,
            },
        )
        self.assertNotIn("invalid_fields", response.text, response.text)
        self.url_open("/shop/confirm_order")
        self.url_open("/shop/payment/validate")
        return self.env["sale.order"].search(
            [
                ("website_id", "!=", False),
                ("order_line.product_id", "=", self.voucher.id),
            ],
            order="id desc",
            limit=1,
        )

    def test_checkout_lands_in_the_telesales_queue_with_channel_web(self):
        order = self._checkout("Lý Thị Mới", "0933 111 222", "ly.moi@example.vn")
        self.assertTrue(order)
        self.assertEqual(order.ecrm_sales_channel, "web")
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        self.assertTrue(order.ecrm_queue_date)
        self.assertEqual(order.state, "draft", "the call confirms it, not the shop")
        self.assertEqual(order.partner_id.name, "Lý Thị Mới")

    def test_checkout_by_known_customer_reuses_the_profile(self):
        order = self._checkout(
            "Nguyễn Thị Test (web)", "84-912-000-111", "khac@example.vn"
        )
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_shipping_id.parent_id, self.customer)
        self.assertEqual(order.partner_shipping_id.type, "delivery")
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        profiles = self.env["res.partner"].search(
            [("phone_sanitized", "=", "+84912000111"), ("parent_id", "=", False)]
        )
        self.assertEqual(profiles, self.customer, "no duplicate profile")

    def test_checkout_by_known_email_reuses_the_profile(self):
        order = self._checkout("Chị Test", "0977 888 999", "Test.Nguyen@example.vn")
        self.assertEqual(order.partner_id, self.customer)


@tagged("post_install", "-at_install")
class TestWebshopPaidOrder(EcrmOrderFlowCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_flow()
        cls.provider = cls.env["payment.provider"].create(
            {"name": "Test provider", "code": "none", "state": "test"}
        )

    def test_order_paid_online_waits_for_the_call_marked_paid(self):
        website = self.env["website"].search([], limit=1)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "website_id": website.id,
                "order_line": [(0, 0, {"product_id": self.product_a.id})],
            }
        )
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "T-ECRM-PAID-1",
                "operation": "online_redirect",
                "sale_order_ids": [(6, 0, order.ids)],
            }
        )
        tx._set_done()
        # The step of the payment post-processing that confirms paid orders
        # (the rest creates the accounting payment, out of scope here).
        confirmed = tx._check_amount_and_confirm_order()
        self.assertFalse(confirmed)
        self.assertEqual(order.state, "draft", "the warehouse waits for the call")
        self.assertTrue(order.ecrm_paid)
        self.assertEqual(order.ecrm_payment_method, "card")
        self.assertEqual(order.ecrm_sales_channel, "web")
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        order.with_user(self.telesales).action_ecrm_telesales_confirm()
        self.assertEqual(order.state, "sale")
