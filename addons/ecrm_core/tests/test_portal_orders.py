# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from .portal_rpc import PortalRpcMixin, new_portal_user


@tagged("post_install", "-at_install")
class TestPortalOrders(PortalRpcMixin, HttpCase):
    """A portal customer reads her own orders, never another customer's, even
    when she follows it, through every route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.lan, cls.binh = Partner.create(
            [
                {
                    "name": "Đỗ Thị Lan",
                    "email": "lan.do@example.vn",
                    "phone": "+84911222333",
                },
                {
                    "name": "Vương Văn Bình",
                    "email": "binh.vuong@example.vn",
                    "phone": "+84988777666",
                    "street": "Số 8 Hàng Bài",
                },
            ]
        )
        cls.lan_user, cls.binh_user = (
            new_portal_user(cls.env, login, partner_id=partner.id)
            for login, partner in (("t_lan", cls.lan), ("t_binh", cls.binh))
        )
        product = cls.env["product.product"].create(
            {"name": "Nồi cơm điện (portal)", "list_price": 890000}
        )
        cls.lan_order, cls.binh_order = cls.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for partner in (cls.lan, cls.binh)
            ]
        )
        (cls.lan_order | cls.binh_order).action_confirm()
        cls.binh_order.message_post(
            body="Giao giúp tôi tới Số 8 Hàng Bài.",
            author_id=cls.binh.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # Lan follows Bình's order (added by hand, by a merge, by an email reply):
        # following is not owning.
        cls.binh_order.message_subscribe(partner_ids=cls.lan.ids)

    def assertNothingOfBinh(self, payload):
        text = (
            payload
            if isinstance(payload, str)
            else json.dumps(payload, ensure_ascii=False)
        )
        for private in (
            self.binh_order.name,
            "Vương Văn Bình",
            "binh.vuong@example.vn",
            "988777666",
            "Hàng Bài",
        ):
            self.assertNotIn(private, text)

    def test_customer_reads_her_own_order(self):
        self.authenticate("t_lan", "t_lan_pwd")
        orders, error = self.call_kw(
            "sale.order", "search_read", [[]], {"fields": ["name", "amount_total"]}
        )
        self.assertIsNone(error)
        self.assertEqual([o["id"] for o in orders], self.lan_order.ids)
        page = self.url_open(f"/my/orders/{self.lan_order.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.lan_order.name, page.text)
        self.assertNothingOfBinh(self.url_open("/my/orders").text)

    def test_another_customers_order_is_out_of_reach_through_call_kw(self):
        self.authenticate("t_lan", "t_lan_pwd")
        order = self.binh_order
        for method, args, kwargs in (
            ("read", [order.ids], {"fields": ["name", "partner_shipping_id"]}),
            ("search_read", [[("id", "=", order.id)]], {"fields": ["name"]}),
            ("web_read", [order.ids], {"specification": {"partner_id": {}}}),
            (
                "web_search_read",
                [],
                {"domain": [("id", "=", order.id)], "specification": {"name": {}}},
            ),
            (
                "read_group",
                [[("id", "=", order.id)], ["amount_total:sum"], ["partner_id"]],
                {"lazy": False},
            ),
        ):
            with self.subTest(method=method):
                result, _error = self.assertCallRefused(
                    "sale.order", method, args, kwargs
                )
                self.assertNothingOfBinh(result or "")
        self.assertCallRefused(
            "sale.order.line",
            "search_read",
            [[("order_id", "=", order.id)]],
            {"fields": ["name", "order_partner_id"]},
        )
        self.assertCallRefused("res.partner", "read", [self.binh.ids], {})
        self.assertNothingOfBinh(self.thread_messages("sale.order", order.id))
        result, _error = self.call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "sale.order"), ("res_id", "=", order.id)]],
            {"fields": ["body", "author_id"]},
        )
        self.assertNothingOfBinh(result or "")

    def test_another_customers_order_page_sends_back_home(self):
        self.authenticate("t_lan", "t_lan_pwd")
        page = self.assertSendsHome(f"/my/orders/{self.binh_order.id}")
        self.assertNothingOfBinh(page.text)
        self.assertNothingOfBinh(self.url_open("/my/orders").text)
        self.assertNothingOfBinh(
            self.url_open(
                f"/report/html/sale.report_saleorder/{self.binh_order.id}"
            ).text
        )

    def test_another_customers_order_is_out_of_reach_with_an_api_key(self):
        key = self.portal_api_key(self.lan_user)
        orders, fault = self.xmlrpc(
            self.lan_user, key, "sale.order", "search_read", [], fields=["name"]
        )
        self.assertIsNone(fault)
        self.assertEqual([o["id"] for o in orders], self.lan_order.ids)
        self.assertXmlrpcRefused(
            self.lan_user,
            key,
            "sale.order",
            "read",
            self.binh_order.ids,
            fields=["name"],
        )
        result, _fault = self.xmlrpc(
            self.lan_user,
            key,
            "mail.message",
            "search_read",
            [("model", "=", "sale.order"), ("res_id", "=", self.binh_order.id)],
            fields=["body"],
        )
        self.assertNothingOfBinh(result or "")
