# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAnalyticsScreens(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "scr_mgr", groups="base.group_user,ecrm_core.group_ecrm_manager"
        )

    def test_manager_starts_the_chain_from_the_run_list(self):
        self.env["ecrm.analytics.run"].create(
            {"name": "rfm", "state": "done", "rows": 3}
        )
        self.start_tour("/odoo", "ecrm_analytics_run_now", login="scr_mgr")
        cron = self.env.ref("ecrm_analytics.ir_cron_ecrm_analytics_nightly")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

    def test_customer_form_shows_scores_and_recommendations(self):
        product = self.env["product.product"].create({"name": "Quần tây xanh"})
        partner = self.env["res.partner"].create(
            {
                "name": "Lê Văn Điểm",
                "ecrm_rfm_code": "555",
                "ecrm_rfm_segment": "champions",
                "ecrm_clv": 15000000,
                "ecrm_recommendation_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "rank": 1,
                            "score": 0.9,
                            "company_id": self.env.company.id,
                        }
                    )
                ],
            }
        )
        self.manager.company_ids = [Command.link(self.env.company.id)]
        self.start_tour(
            f"/odoo/contacts/{partner.id}",
            "ecrm_analytics_partner_scores",
            login="scr_mgr",
        )
