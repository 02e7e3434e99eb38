# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Smoke test of the benchmark instrument at a tiny size, so that it never rots.

`scripts/test` makes a copy of the fresh test database for it ($ECRM_BENCH_DB);
the full sizes run by hand (docs/benchmarks.md).
"""

import json
import os
import subprocess
import sys
import unittest

import odoo
from odoo.tests import BaseCase, tagged

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@tagged("post_install", "-at_install")
class TestBenchSmoke(BaseCase):
    test_module = "ecrm_tests"

    def test_generate_and_run_at_1000_customers(self):
        db = os.environ.get("ECRM_BENCH_DB")
        if not db:
            raise unittest.SkipTest(
                "run through scripts/test, which prepares the database"
            )
        env = dict(os.environ, ODOO_PYTHON=sys.executable)
        gen = subprocess.run(
            [
                os.path.join(ROOT, "bench", "generate"),
                "--db",
                db,
                "--customers",
                "1000",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=900,
        )
        self.assertEqual(gen.returncode, 0, gen.stdout[-2000:] + gen.stderr[-3000:])
        with open(os.path.join(ROOT, "bench", "results", f"{db}-generate.json")) as f:
            stats = json.load(f)
        self.assertEqual(stats["customers"], 1000)
        self.assertGreater(stats["order_lines"], 7000)
        # The generated complaints read as the ORM would have written them.
        with odoo.sql_db.db_connect(db).cursor() as cr:
            cr.execute(
                """SELECT count(*),
                          count(*) FILTER (WHERE t.stage_id IS NULL),
                          count(*) FILTER (WHERE t.commercial_partner_id
                                           IS DISTINCT FROM p.commercial_partner_id),
                          count(*) FILTER (WHERE t.partner_name
                                           IS DISTINCT FROM p.name)
                     FROM helpdesk_ticket t
                     JOIN res_partner p ON p.id = t.partner_id
                    WHERE t.number LIKE 'BHT%%'"""
            )
            complaints, no_stage, wrong_company, wrong_name = cr.fetchone()
        self.assertGreater(complaints, 0)
        self.assertEqual((no_stage, wrong_company, wrong_name), (0, 0, 0))
        run = subprocess.run(
            [
                os.path.join(ROOT, "bench", "run"),
                "--db",
                db,
                "--repeat",
                "2",
                "--api-orders",
                "30",
                "--api-clients",
                "2",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=900,
        )
        self.assertEqual(run.returncode, 0, run.stdout[-3000:] + run.stderr[-3000:])
        with open(os.path.join(ROOT, "bench", "results", f"{db}-run.json")) as f:
            report = json.load(f)
        measured = {r["name"] for r in report["results"] if "median" in r}
        self.assertIn("phone_lookup", measured)
        self.assertIn("profile_form", measured)
        self.assertFalse([r for r in report["results"] if "error" in r])
        rows = {r["name"]: r for r in report["results"]}
        # the queue page: one waiting order per customer, the first 80 shown
        queue = rows["telesales_queue_page"]
        self.assertGreaterEqual(queue["waiting"], 1000)
        self.assertEqual(queue["rows"], 80)
        self.assertIn("sql_median", queue)
        # API intake on a real 2-worker server, beside JSON-RPC; nothing failed
        intake = rows["api_intake"]
        self.assertEqual(intake["api"]["orders"], 30)
        self.assertEqual(intake["api"]["errors"], 0)
        self.assertEqual(intake["jsonrpc"]["orders"], 30)
        self.assertGreater(intake["orders_per_second"], 0)
        self.assertLessEqual(intake["p50_ms"], intake["p95_ms"])
        self.assertEqual(len(intake["load_average_at_start"]), 3)
        # tiers: the first run (customers change tier) and the steady state
        self.assertIn("tier_recompute_first_run", measured)
        self.assertGreater(rows["tier_recompute_first_run"]["moves"], 0)
        self.assertIn("tier_recompute", measured)
        # the RFM step alone on two nights, beside plain SQL writing the same
        # rows; the segment has members
        for name in ("rfm_night_1", "rfm_night_2", "rfm_plain_write_all"):
            self.assertIn(name, measured)
            self.assertIn("sql_median", rows[name])
        self.assertGreater(rows["rfm_plain_write_all"]["partners_written"], 0)
        self.assertGreater(rows["segment_recompute"]["members"], 0)
        self.assertEqual(
            rows["segment_recompute"]["members"], rows["segment_recompute"]["sql_rows"]
        )
        # complaints: the kanban, the list and the deadline cron beside plain SQL
        for name in (
            "complaint_team_kanban",
            "complaint_list_page",
            "complaint_deadline_cron",
        ):
            self.assertIn(name, measured)
            self.assertIn("sql_median", rows[name])
        self.assertGreater(rows["complaint_list_page"]["rows"], 0)
