# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAnalyticsRun(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.telesales = new_test_user(
            cls.env, "t_tls2", groups="base.group_user,ecrm_core.group_ecrm_telesales"
        )
        cls.manager = new_test_user(
            cls.env, "t_mgr2", groups="base.group_user,ecrm_core.group_ecrm_manager"
        )

    def test_nightly_cron_calls_the_single_entry_point(self):
        cron = self.env.ref("ecrm_analytics.ir_cron_ecrm_analytics_nightly")
        self.assertEqual(cron.code.strip(), "model.run_nightly()")
        self.assertEqual(cron.model_id.model, "ecrm.analytics")

    def test_manager_reads_run_log_telesales_does_not(self):
        run = self.env["ecrm.analytics.run"].create({"name": "rfm", "rows": 10})
        self.assertEqual(run.with_user(self.manager).rows, 10)
        with self.assertRaises(AccessError):
            run.with_user(self.telesales).read(["rows"])
