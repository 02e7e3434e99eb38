# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.tests import tagged

from ..lib import grade
from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestCodRiskGrade(AnalyticsCase):
    """Planted refusers: customers who refused before refuse again, and
    first-time buyers in the night refuse more often; the nightly check ranks
    the last period's outcomes with the score as it stood before that period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        refusers = cls._customers(15, "Khách bom hàng")
        good = cls._customers(15, "Khách tốt")
        newcomers = cls._customers(20, "Khách mới")
        specs, outcomes = [], []
        for partner in refusers:
            specs += [(partner, cls._days_ago(60), 500000, None, "api")]
            specs += [(partner, cls._days_ago(10), 500000, None, "api")]
            outcomes += ["failed", "failed"]
        for partner in good:
            specs += [(partner, cls._days_ago(60), 500000, None, "web")]
            specs += [(partner, cls._days_ago(10), 500000, None, "web")]
            outcomes += ["delivered", "delivered"]
        for i, partner in enumerate(newcomers):
            specs += [(partner, cls._days_ago(5), 500000, None, "web")]
            outcomes += ["failed" if i % 4 == 0 else "delivered"]
        orders = cls._orders(specs)
        orders.write({"ecrm_payment_method": "cod"})
        cls.env["ecrm.delivery.event"].create(
            [
                {
                    "order_id": order.id,
                    "event_id": f"plant-{order.id}",
                    "status": outcome,
                    "reason": "refused" if outcome == "failed" else False,
                    "date": order.date_order + timedelta(days=2),
                }
                for order, outcome in zip(orders, outcomes, strict=True)
            ]
        )

    def test_score_is_checked_against_the_next_period_and_graded(self):
        run = self.env["ecrm.analytics.run"].create({"name": "cod_risk"})
        message = self.analytics._step_cod_risk(run)
        self.assertFalse(message)
        self.assertGreater(run.score_model, 0.8, run.grade_summary)
        self.assertGreater(run.score_baseline, 0.5)
        self.assertEqual(run.grade, grade.cod_risk(run.score_model, run.score_baseline))
        self.assertIn("Cash-on-delivery risk: grade", run.grade_summary)
        self.assertEqual(run.rows, 50)

    def test_without_outcomes_the_step_says_so(self):
        self.env["ecrm.delivery.event"].search([]).unlink()
        run = self.env["ecrm.analytics.run"].create({"name": "cod_risk"})
        self.assertIn("Too few delivery outcomes", self.analytics._step_cod_risk(run))
        self.assertFalse(run.grade)
