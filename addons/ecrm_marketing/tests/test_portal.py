# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import create_points_program


@tagged("post_install", "-at_install")
class TestLoyaltyPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "ecrm_portal_mai",
            groups="base.group_portal",
            name="Trần Thị Mai",
            email="mai.portal@example.vn",
        )
        partner = cls.portal_user.partner_id
        company = cls.env.ref("base.main_company")
        program = create_points_program(cls.env, "Tích điểm portal")
        company.ecrm_loyalty_program_id = program
        cls.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": partner.id, "points": 2345}
        )
        partner.ecrm_tier_id = cls.env.ref("ecrm_marketing.tier_gold")

    def test_customer_sees_tier_points_on_my_loyalty(self):
        self.authenticate("ecrm_portal_mai", "ecrm_portal_mai")
        response = self.url_open("/my/loyalty")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Vàng", response.text)
        self.assertIn("2345", response.text)
        self.assertIn("Kim cương", response.text, "the next tier is shown")
        home = self.url_open("/my/home")
        self.assertIn("/my/loyalty", home.text)

    def test_anonymous_visitor_is_sent_to_login(self):
        response = self.url_open("/my/loyalty", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
