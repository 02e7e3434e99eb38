# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from ..models.ecrm_analytics import CHAIN_LOCK
from .common import AnalyticsCase


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


@tagged("post_install", "-at_install")
class TestAnalyticsResume(AnalyticsCase):
    def test_killed_step_resumes_after_its_last_committed_batch(self):
        customers = self._customers(6)
        self._orders(
            [(p, self._days_ago(10 + i), 100000) for i, p in enumerate(customers)]
        )
        Run = self.env["ecrm.analytics.run"]
        # A chain killed during the RFM step: the snapshot was written and the
        # batch up to the third customer committed, then the process died.
        self.analytics._rfm_snapshot(self.analytics._as_of(), self.AS_OF.replace(day=1))
        killed = Run.create(
            {"name": "rfm", "chain": "killed", "cursor": customers[2].id}
        )
        killed.rows = 3
        customers[:3].ecrm_rfm_code = "999"  # marks what the killed run did
        runs = self.analytics.run_nightly()
        self.assertEqual(runs.filtered(lambda r: r.name == "rfm"), killed)
        self.assertEqual(Run.search_count([("name", "=", "rfm")]), 1)
        self.assertEqual(
            (killed.state, killed.rows, killed.progress), ("done", 6, 100.0)
        )
        self.assertEqual(killed.cursor, customers[-1].id)
        # Done batches are not redone, the rest is.
        self.assertEqual(customers[:3].mapped("ecrm_rfm_code"), ["999"] * 3)
        self.assertTrue(
            all(c and c != "999" for c in customers[3:].mapped("ecrm_rfm_code"))
        )
        # The other steps of the killed chain ran in the same chain.
        self.assertEqual(set(runs.mapped("chain")), {"killed"})

    def _lock_sql(self, function, company):
        return SQL("SELECT %s(hashtext(%s), %s)", SQL(function), CHAIN_LOCK, company.id)

    def test_one_chain_at_a_time_per_company(self):
        """Another process holds the company's chain (a script, the scheduler,
        or a killed chain whose last commit PostgreSQL is still finishing): a
        start waits for it, then leaves without running and without a trace in
        the run log. Another company's chain is not held up, and a chain frees
        the lock when it ends."""
        self._orders([(self._customers(1), self._days_ago(5), 100000)])
        self.env["ir.config_parameter"].set_param(
            "ecrm_analytics.chain_wait_seconds", 0
        )
        Run = self.env["ecrm.analytics.run"]
        company = self.env.company
        other_company = self.env["res.company"].create({"name": "Công ty Bên cạnh"})
        before = Run.search_count([])
        # a connection of its own: another process
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute(self._lock_sql("pg_advisory_lock", company))
            with self.assertLogs(
                "odoo.addons.ecrm_analytics.models.ecrm_analytics", "WARNING"
            ) as logs:
                self.assertFalse(self.analytics.run_nightly())
            self.assertIn("another chain is still running", logs.output[0])
            self.assertEqual(Run.search_count([]), before)
            elsewhere = self.analytics.with_company(other_company).run_nightly()
            self.assertEqual(set(elsewhere.mapped("state")), {"done"})
            self.assertEqual(elsewhere.company_id, other_company)
            other.execute(self._lock_sql("pg_advisory_unlock", company))
        runs = self.analytics.run_nightly()
        self.assertEqual(set(runs.mapped("state")), {"done"})
        with db_connect(self.env.cr.dbname).cursor() as other:
            other.execute(self._lock_sql("pg_try_advisory_lock", company))
            self.assertTrue(other.fetchone()[0], "the chain left its lock taken")
            other.execute(self._lock_sql("pg_advisory_unlock", company))

    def test_chain_killed_between_two_steps_resumes_with_the_next(self):
        self._orders([(self._customers(1), self._days_ago(5), 100000)])
        Run = self.env["ecrm.analytics.run"]
        steps = [name for name, _method in self.analytics._nightly_steps()]
        # the process died after the second step's commit, before the third began
        killed = Run.create({"name": steps[0], "chain": "killed", "state": "done"})
        killed |= Run.create({"name": steps[1], "chain": "killed", "state": "done"})
        runs = self.analytics.run_nightly()
        self.assertEqual(set(runs.mapped("chain")), {"killed"})
        self.assertEqual(sorted(runs.mapped("name")), sorted(steps))
        self.assertEqual(runs & killed, killed, "finished steps are not redone")
        self.assertEqual(set(runs.mapped("state")), {"done"})
        # the chain ended: the next start begins a new one
        self.assertFalse(self.analytics.run_nightly() & runs)

    def test_failed_chain_is_not_resumed(self):
        self._orders([(self._customers(1), self._days_ago(5), 100000)])
        Run = self.env["ecrm.analytics.run"]
        step = self.analytics._nightly_steps()[0][0]
        failed = Run.create({"name": step, "chain": "failed", "state": "failed"})
        runs = self.analytics.run_nightly()
        self.assertNotIn("failed", runs.mapped("chain"))
        self.assertEqual(failed.state, "failed")

    def test_finished_chain_starts_a_new_one(self):
        self._orders([(self._customers(1), self._days_ago(5), 100000)])
        first = self.analytics.run_nightly()
        second = self.analytics.run_nightly()
        self.assertFalse(first & second)
        self.assertEqual(set(second.mapped("state")), {"done"})

    def test_manager_can_start_the_chain_from_the_run_list(self):
        action = self.env["ecrm.analytics.run"].with_user(self.manager).action_run_now()
        self.assertEqual(action["tag"], "display_notification")
        cron = self.env.ref("ecrm_analytics.ir_cron_ecrm_analytics_nightly")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))

    def test_scheduled_action_runs_the_chain_and_reports_progress(self):
        customers = self._customers(4)
        self._orders(
            [(p, self._days_ago(5 + i), 100000) for i, p in enumerate(customers)]
        )
        cron = self.env.ref("ecrm_analytics.ir_cron_ecrm_analytics_nightly")
        Run = self.env["ecrm.analytics.run"]
        before = Run.search([])
        cron.method_direct_trigger()
        runs = Run.search([]) - before
        steps = [name for name, _method in self.env["ecrm.analytics"]._nightly_steps()]
        self.assertEqual(sorted(runs.mapped("name")), sorted(steps))
        self.assertEqual(set(runs.mapped("state")), {"done"})
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        self.assertEqual(progress.remaining, 0)
        rfm = runs.filtered(lambda r: r.name == "rfm")
        self.assertEqual(rfm.rows, 4)
        self.assertTrue(all(customers.mapped("ecrm_rfm_code")))
        self.assertIn(progress.done, runs.mapped("rows"))
