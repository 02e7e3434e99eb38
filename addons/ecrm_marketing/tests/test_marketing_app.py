# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestMarketingApp(EcrmMarketingCase):
    def test_marketer_has_an_app_opening_on_segments(self):
        app = self.env.ref("ecrm_marketing.menu_marketing_app")
        self.assertFalse(app.parent_id, "a top-level app of the home menu")
        self.assertEqual(app.action, self.env.ref("ecrm_marketing.ecrm_segment_action"))
        Menu = self.env["ir.ui.menu"]
        visible = Menu.with_user(self.marketing)._visible_menu_ids()
        for xmlid in (
            "menu_marketing_app",
            "menu_marketing_app_segments",
            "menu_marketing_app_campaigns",
            "menu_marketing_app_roi",
            "menu_marketing_app_tiers",
        ):
            self.assertIn(self.env.ref(f"ecrm_marketing.{xmlid}").id, visible, xmlid)

    def test_telesales_and_service_do_not_see_the_marketing_app(self):
        app = self.env.ref("ecrm_marketing.menu_marketing_app")
        Menu = self.env["ir.ui.menu"]
        for user in (self.telesales, self.service):
            self.assertNotIn(app.id, Menu.with_user(user)._visible_menu_ids())
