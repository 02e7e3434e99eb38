# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestManagerScreens(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "scr_dash_mgr",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
            company_ids=[Command.set(cls.env.company.ids)],
        )

    def test_dashboard_action_opens_without_errors(self):
        self.env["ecrm.analytics"].run_nightly()
        self.start_tour("/odoo", "ecrm_dashboard_open", login="scr_dash_mgr")

    def test_manager_opens_the_dashboard_then_handles_an_alert(self):
        supplier = self.env["res.partner"].create(
            {"name": "Công ty TNHH May mặc Sài Gòn", "is_company": True}
        )
        alert = self.env["ecrm.alert"].create(
            {
                "name": "Công ty TNHH May mặc Sài Gòn: 9 complaints last week, "
                "1.3 a week before",
                "alert_type": "supplier_complaint_spike",
                "key": f"supplier_complaint_spike:{supplier.id}",
                "supplier_id": supplier.id,
                "severity": "high",
            }
        )
        alert.activity_schedule("mail.mail_activity_data_todo", user_id=self.manager.id)
        self.start_tour("/odoo", "ecrm_manager_day", login="scr_dash_mgr")
        self.assertEqual(alert.state, "closed")
        self.assertFalse(alert.activity_ids)
        self.assertEqual(
            alert.message_ids.tracking_value_ids.mapped("new_value_char"),
            ["Closed", "Acknowledged"],
        )
