# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.portal_rpc import PortalRpcMixin, new_portal_user

from .common import create_points_program


@tagged("post_install", "-at_install")
class TestPortalLoyaltyAccess(PortalRpcMixin, HttpCase):
    """A portal customer sees her own points on /my/loyalty, and nobody's card or
    point history through the ORM routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lan_user, cls.binh_user = (
            new_portal_user(cls.env, login, name=name)
            for login, name in (
                ("t_lan_pts", "Đỗ Thị Lan"),
                ("t_binh_pts", "Vương Văn Bình"),
            )
        )
        program = create_points_program(cls.env, "Tích điểm (truy cập)")
        cls.lan_card, cls.binh_card = cls.env["loyalty.card"].create(
            [
                {
                    "program_id": program.id,
                    "partner_id": user.partner_id.id,
                    "points": pts,
                }
                for user, pts in ((cls.lan_user, 1111), (cls.binh_user, 7777))
            ]
        )
        cls.env["loyalty.history"].create(
            {
                "card_id": cls.binh_card.id,
                "description": "Đơn của Bình (truy cập)",
                "issued": 7777,
            }
        )

    def assertNothingOfBinh(self, payload):
        text = (
            payload
            if isinstance(payload, str)
            else json.dumps(payload, ensure_ascii=False)
        )
        self.assertNotIn("7777", text)
        self.assertNotIn("Đơn của Bình", text)

    def test_cards_and_point_history_are_out_of_reach_through_call_kw(self):
        self.authenticate("t_lan_pts", "t_lan_pts_pwd")
        for model, ids in (
            ("loyalty.card", self.binh_card.ids),
            ("loyalty.card", self.lan_card.ids),
            ("loyalty.history", self.binh_card.history_ids.ids),
        ):
            with self.subTest(model=model):
                result, _error = self.assertCallRefused(model, "read", [ids], {})
                self.assertNothingOfBinh(result or "")
                result, _error = self.assertCallRefused(
                    model, "search_read", [[]], {"fields": ["id"]}
                )
        # Her own points come through her own profile; Bình's profile stays closed.
        self.assertCallRefused(
            "res.partner", "read", [self.binh_user.partner_id.ids], {}
        )
        self.assertNothingOfBinh(
            self.thread_messages("loyalty.card", self.binh_card.id)
        )

    def test_another_customers_point_history_page_sends_back_home(self):
        self.authenticate("t_lan_pts", "t_lan_pts_pwd")
        page = self.assertSendsHome(f"/my/loyalty_card/{self.binh_card.id}/history")
        self.assertNothingOfBinh(page.text)
        own = self.url_open("/my/loyalty")
        self.assertEqual(own.status_code, 200)
        self.assertNothingOfBinh(own.text)
        result, _error = self.json_call(
            f"/my/loyalty_card/{self.binh_card.id}/values",
            {"card_id": self.binh_card.id},
        )
        self.assertNothingOfBinh(result or "")

    def test_cards_are_out_of_reach_with_an_api_key(self):
        key = self.portal_api_key(self.lan_user)
        for model in ("loyalty.card", "loyalty.history"):
            with self.subTest(model=model):
                result, _fault = self.assertXmlrpcRefused(
                    self.lan_user, key, model, "search_read", [], fields=["id"]
                )
        result, _fault = self.assertXmlrpcRefused(
            self.lan_user, key, "loyalty.card", "read", self.binh_card.ids
        )
        self.assertNothingOfBinh(result or "")
