# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestRfm(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Ten customers: customer i last ordered 10*(i+1) days ago, placed
        # freq[i] orders of price[i] VND each (all within the 365-day window).
        cls.freq = [1, 4, 7, 10, 3, 6, 9, 2, 5, 8]
        cls.price = [100000 * (10 - i) + 10000 * i for i in range(10)]
        cls.customers = cls._customers(10)
        specs = []
        for i, partner in enumerate(cls.customers):
            for k in range(cls.freq[i]):
                specs.append(
                    (partner, cls._days_ago(10 * (i + 1) + 5 * k), cls.price[i])
                )
        cls._orders(specs)
        # A cancelled order does not count, however big.
        cls._orders([(cls.customers[0], cls._days_ago(3), 99000000)], state="cancel")

    def test_rfm_codes_equal_the_hand_computation(self):
        # By hand: R ranks last orders (i=0,1 most recent -> 5 ... i=8,9 -> 1);
        # F = ceil(orders / 2) since there are ten distinct counts 1..10;
        # M ranks the totals 1.0M 3.64M 5.74M 7.3M 1.92M 3.3M 4.14M 0.74M 1.4M 1.52M.
        self.analytics.run_nightly()
        expected = [
            "511",
            "524",
            "445",
            "455",
            "323",
            "333",
            "254",
            "211",
            "132",
            "142",
        ]
        self.assertEqual(self.customers.mapped("ecrm_rfm_code"), expected)
        self.assertEqual(
            self.customers.mapped("ecrm_rfm_segment"),
            [
                "new",
                "potential_loyalist",
                "loyal",
                "loyal",
                "about_to_sleep",
                "need_attention",
                "cannot_lose",
                "hibernating",
                "at_risk",
                "at_risk",
            ],
        )

    def test_window_excludes_old_orders_from_frequency(self):
        self.env["ir.config_parameter"].set_param("ecrm_analytics.rfm_window_days", 30)
        self.analytics.run_nightly()
        snap = self.env["ecrm.rfm.snapshot"].search(
            [("partner_id", "=", self.customers[3].id)]
        )
        # Customer 3's orders are 40..85 days old: none in a 30-day window.
        self.assertEqual((snap.frequency, snap.monetary, snap.recency_days), (0, 0, 40))

    def test_monthly_snapshot_is_replaced_and_transitions_counted(self):
        self.analytics.run_nightly()
        self.analytics.run_nightly()
        Snapshot = self.env["ecrm.rfm.snapshot"]
        self.assertEqual(
            Snapshot.search_count([("company_id", "=", self.company.id)]), 10
        )
        # A month later nobody ordered: everyone is one month older.
        self.analytics.with_context(ecrm_analytics_date="2026-07-01").run_nightly()
        moves = self.env["ecrm.rfm.transition"].search(
            [("company_id", "=", self.company.id), ("month_to", "=", "2026-07-01")]
        )
        self.assertEqual(sum(moves.mapped("count")), 10)
        self.assertEqual(set(moves.mapped("month_from")), {date(2026, 6, 1)})
        # Scores are relative: when everyone ages alike, nobody changes segment.
        self.assertTrue(all(m.segment_from == m.segment_to for m in moves))
