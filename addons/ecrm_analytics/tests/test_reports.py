# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import tagged

from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestManagerReports(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._customers(5)
        amounts = [6000000, 1000000, 1000000, 1000000, 1000000]
        specs = [
            (p, datetime(2026, 3, 10, 9), amount)
            for p, amount in zip(cls.customers, amounts, strict=True)
        ]
        # In April only the first two come back; in May only the first.
        specs += [(p, datetime(2026, 4, 12, 9), 500000) for p in cls.customers[:2]]
        specs.append((cls.customers[0], datetime(2026, 5, 3, 9), 500000))
        cls._orders(specs)

    def test_pareto_share_of_top_fifth(self):
        march = self.env["ecrm.pareto.report"].search(
            [("company_id", "=", self.company.id), ("month", "=", date(2026, 3, 1))]
        )
        self.assertEqual(march.customers, 5)
        self.assertEqual(march.revenue, 10000000)
        # The top 20 % of five customers is the one who bought 6 of 10 million.
        self.assertAlmostEqual(march.top_share, 60.0)

    def test_cohort_retention_by_months_since_first_order(self):
        rows = self.env["ecrm.cohort.report"].search(
            [
                ("company_id", "=", self.company.id),
                ("cohort_month", "=", date(2026, 3, 1)),
            ]
        )
        retention = {r.months_since: (r.customers, r.retention) for r in rows}
        self.assertEqual(retention, {0: (5, 100.0), 1: (2, 40.0), 2: (1, 20.0)})

    def test_clv_distribution_counts_customers_by_band(self):
        self.customers[0].ecrm_clv = 7000000
        self.customers[1].ecrm_clv = 7500000
        self.customers[2].ecrm_clv = 300000
        bands = self.env["ecrm.clv.distribution"].search([])
        by_name = {b.name: b.customers for b in bands}
        self.assertGreaterEqual(by_name.get("5–10M", 0), 2)
        self.assertGreaterEqual(by_name.get("0–0.5M", 0), 1)
