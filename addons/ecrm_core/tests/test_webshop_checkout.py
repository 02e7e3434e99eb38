# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import EcrmOrderFlowCommon
from .portal_rpc import PortalRpcMixin

# What the known customer's profile holds: none of it may reach a web buyer.
PROFILE_STREET = "48 Hàng Bạc"
PROFILE_CITY = "Xã Thử Nghiệm Cũ"
PROFILE_EMAIL = "test.nguyen@example.vn"
PROFILE_PHONE = "+84912000111"
PROFILE_NAME = "Nguyễn Thị Test"
BUYER_STREET = "25 Tràng Tiền"


class WebshopCheckoutCase(EcrmOrderFlowCommon, HttpCase):
    """The real shop routes, as a visitor of the web shop goes through them."""

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
        cls.customer.write(
            {
                "street": PROFILE_STREET,
                "city": PROFILE_CITY,
                "zip": "180000",
                "country_id": cls.vietnam.id,
            }
        )
        cls.customer_order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [(0, 0, {"product_id": cls.product_b.id})],
            }
        )
        cls.customer_order.action_confirm()
        cls.Duplicate = cls.env["ecrm.partner.duplicate"]

    def _profile_snapshot(self):
        self.customer.invalidate_recordset()
        fnames = ["name", "email", "phone", "street", "city", "zip", "child_ids"]
        return {
            **{fname: self.customer[fname] for fname in fnames},
            "orders": self.env["sale.order"].search(
                [("partner_id", "child_of", self.customer.id)]
            ),
            "order_count": self.customer.ecrm_order_count,
        }

    def _checkout(self, name, phone, email, login=None):
        """Go through the shop as the visitor; return the order and every body read."""
        bodies = []

        def get(url):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            bodies.append(response.text)
            return response

        get("/shop")
        bodies.append(
            json.dumps(
                self.make_jsonrpc_request(
                    "/shop/cart/update_json",
                    {"product_id": self.voucher.id, "add_qty": 1},
                ),
                ensure_ascii=False,
            )
        )
        if not login:
            page = get("/shop/address").text
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
                    "street": BUYER_STREET,
                    "city": "Hà Nội",
                    "zip": "100000",
                    "country_id": self.vietnam.id,
                    "state_id": self.hanoi.id,
                },
            )
            self.assertNotIn("invalid_fields", response.text, response.text)
            bodies.append(response.text)
        get("/shop/checkout?try_skip_step=true")
        # /shop/confirm_order leads to the payment page
        payment = get("/shop/confirm_order")
        self.assertIn("/shop/payment", payment.url)
        # a free order is validated here and the buyer lands on their order page
        get("/shop/payment/validate")
        get("/shop/confirmation")
        order = self.env["sale.order"].search(
            [
                ("website_id", "!=", False),
                ("order_line.product_id", "=", self.voucher.id),
            ],
            order="id desc",
            limit=1,
        )
        return order, bodies

    def _assert_nothing_of_the_profile(self, bodies, *values):
        for body in bodies:
            for value in (PROFILE_STREET, PROFILE_CITY, PROFILE_NAME, *values):
                self.assertNotIn(value, body)
            if self.customer.ecrm_code:
                self.assertNotIn(self.customer.ecrm_code, body)


@tagged("post_install", "-at_install")
class TestWebshopCheckout(WebshopCheckoutCase):
    def test_checkout_lands_in_the_telesales_queue_with_channel_web(self):
        order, _bodies = self._checkout(
            "Lý Thị Mới", "0933 111 222", "ly.moi@example.vn"
        )
        self.assertTrue(order)
        self.assertEqual(order.ecrm_sales_channel, "web")
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        self.assertTrue(order.ecrm_queue_date)
        self.assertEqual(order.state, "draft", "the call confirms it, not the shop")
        self.assertEqual(order.partner_id.name, "Lý Thị Mới")
        self.assertFalse(
            self.Duplicate.search([("order_id", "=", order.id)]),
            "a new phone and email: nobody to compare with",
        )

    def test_known_phone_keeps_the_buyer_partner_and_lists_a_duplicate(self):
        before = self._profile_snapshot()
        order, bodies = self._checkout(
            "Chị Mua Hộ", "84-912-000-111", "mua.ho@example.vn"
        )
        buyer = order.partner_id
        self.assertNotEqual(buyer, self.customer)
        self.assertEqual(buyer.name, "Chị Mua Hộ")
        self.assertEqual(buyer.email, "mua.ho@example.vn")
        self.assertFalse(buyer.parent_id)
        self.assertEqual(order.partner_invoice_id, buyer)
        self.assertEqual(order.partner_shipping_id, buyer)
        self.assertEqual(order.partner_shipping_id.street, BUYER_STREET)
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        # the profile: not one field, address, order or figure changed
        self.assertEqual(self._profile_snapshot(), before)
        # the team sees the pair, with the order, among the likely duplicates
        pair = self.Duplicate.search([("order_id", "=", order.id)])
        self.assertEqual(len(pair), 1)
        self.assertEqual(pair.partner_id, self.customer)
        self.assertEqual(pair.duplicate_id, buyer)
        self.assertEqual(pair.reason, "web_phone")
        self.assertEqual(pair.state, "new")
        duplicates = self.customer.with_user(self.telesales).ecrm_duplicate_count
        self.assertEqual(duplicates, 1)
        # the buyer read the order page and the confirmation page with the
        # address they typed, and nothing of the profile on any page
        self.assertIn(BUYER_STREET, bodies[-1], "the confirmation page")
        self.assertIn(BUYER_STREET, bodies[-2], "the order page")
        self._assert_nothing_of_the_profile(bodies, PROFILE_EMAIL, PROFILE_PHONE)

    def test_known_email_in_other_case_lists_a_duplicate_too(self):
        before = self._profile_snapshot()
        order, bodies = self._checkout(
            "Chị Test Web", "0977 888 999", "Test.Nguyen@Example.vn"
        )
        buyer = order.partner_id
        self.assertNotEqual(buyer, self.customer)
        self.assertEqual(order.partner_shipping_id.street, BUYER_STREET)
        self.assertEqual(self._profile_snapshot(), before)
        pair = self.Duplicate.search([("order_id", "=", order.id)])
        self.assertEqual((pair.partner_id, pair.duplicate_id), (self.customer, buyer))
        self.assertEqual(pair.reason, "web_email")
        # the buyer typed the email in their own case; the profile's is not shown
        self._assert_nothing_of_the_profile(bodies, PROFILE_EMAIL, PROFILE_PHONE)

    def test_order_mail_goes_to_the_email_the_buyer_typed(self):
        order, _bodies = self._checkout(
            "Chị Mua Hộ", "0912 000 111", "mua.ho@example.vn"
        )
        order.with_user(self.telesales).action_ecrm_telesales_confirm()
        order._send_order_confirmation_mail()
        message = order.message_ids.filtered(
            lambda m: m.message_type in ("comment", "notification")
            and m.subtype_id == self.env.ref("mail.mt_comment")
        )[:1]
        self.assertEqual(message.partner_ids, order.partner_id)
        self.assertEqual(message.partner_ids.email, "mua.ho@example.vn")
        self.assertNotIn(self.customer, order.message_partner_ids)

    def test_profile_of_another_company_is_not_compared(self):
        other_company = self.env["res.company"].create({"name": "Công ty khác"})
        self.env["res.partner"].create(
            {
                "name": "Khách công ty khác",
                "phone": "0903 333 444",
                "company_id": other_company.id,
                "customer_rank": 1,
            }
        )
        order, _bodies = self._checkout(
            "Anh Mua Online", "0903 333 444", "mua.online@example.vn"
        )
        self.assertFalse(self.Duplicate.search([("order_id", "=", order.id)]))

    def test_nightly_refresh_keeps_the_web_checkout_pair(self):
        order, _bodies = self._checkout(
            "Chị Mua Hộ", "0912.000.111", "mua.ho@example.vn"
        )
        self.Duplicate._cron_refresh()
        pair = self.Duplicate.search([("order_id", "=", order.id)])
        self.assertEqual(pair.reason, "web_phone")
        self.assertEqual(pair.partner_id, self.customer)

    def test_order_counts_for_the_profile_once_the_pair_is_merged(self):
        count = self.customer.ecrm_order_count
        order, _bodies = self._checkout(
            "Chị Mua Hộ", "84-912-000-111", "mua.ho@example.vn"
        )
        buyer = order.partner_id
        order.with_user(self.telesales).action_ecrm_telesales_confirm()
        self.assertEqual(order.state, "sale")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.ecrm_order_count, count, "not the same yet")
        self.assertEqual(buyer.ecrm_order_count, 1)
        pair = self.Duplicate.search([("order_id", "=", order.id)])
        pair.with_user(self.manager).action_merge()
        # the buyer's profile is archived, not deleted, and points to the merge
        self.assertFalse(buyer.active)
        self.assertEqual(buyer.ecrm_merge_id.survivor_id, self.customer)
        self.assertEqual(order.partner_id, self.customer)
        # the order is still delivered where the buyer said
        address = order.partner_shipping_id
        self.assertEqual(address, buyer)
        self.assertEqual(address.street, BUYER_STREET)
        self.assertEqual(address.email, "mua.ho@example.vn")
        self.assertEqual(order.partner_invoice_id, self.customer)
        self.assertEqual(self.customer.street, PROFILE_STREET)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.ecrm_order_count, count + 1)
        self.assertEqual(pair.state, "merged")

    def test_merging_one_web_pair_keeps_the_other_buyers_pair(self):
        first, _bodies = self._checkout("Chị Mua Hộ", "0912000111", "a@example.vn")
        self.url_open("/web/session/logout")
        second, _bodies = self._checkout(
            "Anh Mua Hộ", "+84 912 000 111", "b@example.vn"
        )
        self.assertNotEqual(first.partner_id, second.partner_id)
        pairs = self.Duplicate.search([("order_id", "in", (first | second).ids)])
        self.assertEqual(pairs.partner_id, self.customer)
        self.assertEqual(len(pairs), 2)
        pairs.filtered(lambda p: p.order_id == first).with_user(
            self.manager
        ).action_merge()
        left = self.Duplicate.search(
            [("partner_id", "=", self.customer.id), ("state", "=", "new")]
        )
        self.assertEqual(left.order_id, second)
        self.assertEqual(left.reason, "web_phone")


@tagged("post_install", "-at_install")
class TestWebshopLoggedInCheckout(PortalRpcMixin, WebshopCheckoutCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "t_web_portal",
            password="t_web_portal_pwd",
            groups="base.group_portal",
            name="Phạm Văn Cổng",
            email="pham.cong@example.vn",
        )
        # the same number as the older profile: a family phone, say
        cls.portal_user.partner_id.write(
            {
                "phone": "0912 000 111",
                "street": "7 Lê Lợi",
                "city": "Hà Nội",
                "zip": "100000",
                "country_id": cls.vietnam.id,
                "state_id": cls.hanoi.id,
            }
        )

    def test_logged_in_customer_checkout_is_theirs(self):
        self.authenticate("t_web_portal", "t_web_portal_pwd")
        order, bodies = self._checkout(None, None, None, login=True)
        self.assertEqual(order.partner_id, self.portal_user.partner_id)
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        self.assertFalse(self.Duplicate.search([("order_id", "=", order.id)]))
        self._assert_nothing_of_the_profile(bodies, PROFILE_EMAIL, PROFILE_PHONE)

    def test_portal_user_cannot_read_the_duplicates_through_call_kw(self):
        order, _bodies = self._checkout(
            "Chị Mua Hộ", "84-912-000-111", "mua.ho@example.vn"
        )
        pair = self.Duplicate.search([("order_id", "=", order.id)])
        self.assertTrue(pair)
        # the anonymous buyer's own session: no session user, no RPC at all
        anonymous = self._call_kw(
            "ecrm.partner.duplicate", "search_read", [[]], {"fields": ["partner_id"]}
        )
        self.assertEqual(
            anonymous["error"]["data"]["name"], "odoo.http.SessionExpiredException"
        )
        self.authenticate("t_web_portal", "t_web_portal_pwd")
        for model, method, args, kwargs in (
            ("ecrm.partner.duplicate", "search_read", [[]], {"fields": ["partner_id"]}),
            (
                "ecrm.partner.duplicate",
                "read",
                [pair.ids, ["partner_email", "partner_phone"]],
                {},
            ),
            ("ecrm.partner.duplicate", "write", [pair.ids, {"state": "dismissed"}], {}),
            ("res.partner", "read", [self.customer.ids, ["email", "phone"]], {}),
            ("sale.order", "read", [order.ids, ["partner_id"]], {}),
        ):
            with self.subTest(model=model, method=method):
                answer = self._call_kw(model, method, args, kwargs)
                self.assertNotIn("result", answer)
                self.assertEqual(
                    answer["error"]["data"]["name"], "odoo.exceptions.AccessError"
                )
                self.assertNotIn(PROFILE_EMAIL, json.dumps(answer))
                self.assertNotIn(PROFILE_PHONE, json.dumps(answer))
        self.assertEqual(pair.state, "new")

    def _call_kw(self, model, method, args, kwargs):
        return self.call_kw_answer(model, method, args, kwargs)
