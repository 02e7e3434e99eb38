# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import AnalyticsCase, create_tickets_dated


@tagged("post_install", "-at_install")
class TestChurn(AnalyticsCase):
    """Known churn rule: a customer whose order was cancelled stops buying.

    Group A cancelled 130 days ago, group B 64 days ago (and still bought 62 days
    ago), group C never cancelled and buys every 40 days. With a 60-day horizon
    the model learns on A (features at T-120) and is evaluated at T-60, where B
    churns while BG/NBD still sees a recent buyer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        specs, cancels = cls._plant_churn_groups()
        cls._orders(specs)
        cls._orders(cancels, state="cancel")

    def test_churn_model_beats_the_bgnbd_baseline(self):
        self.analytics.run_nightly()
        model = self.env["ecrm.churn.model"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(model), 1)
        self.assertEqual(model.test_size, 90)
        self.assertGreaterEqual(model.roc_auc, 0.9)
        self.assertLess(model.baseline_auc, model.roc_auc)
        self.assertTrue(model.beats_baseline)
        self.assertGreater(model.precision_top_decile, 0.9)
        self.assertIn("cancellations", model.features)
        # Scores: today everyone of A and B has churned, C has not.
        risk_ab = min((self.group_a | self.group_b).mapped("ecrm_churn_risk"))
        risk_c = max(self.group_c.mapped("ecrm_churn_risk"))
        self.assertGreater(risk_ab, risk_c)
        run = self.env["ecrm.analytics.run"].search([("name", "=", "churn")], limit=1)
        self.assertEqual(
            (run.score_model, run.score_baseline), (model.roc_auc, model.baseline_auc)
        )

    def test_model_is_reused_until_it_is_too_old(self):
        self.analytics.run_nightly()
        Model = self.env["ecrm.churn.model"]
        self.analytics.run_nightly()
        self.assertEqual(Model.search_count([("company_id", "=", self.company.id)]), 1)
        first = Model._newest()
        first.fit_date = fields.Datetime.now() - timedelta(days=8)
        self.analytics.run_nightly()
        self.assertEqual(Model._newest().version, first.version + 1)
        previous = self.group_c.mapped("ecrm_churn_risk_previous")
        self.assertTrue(all(p > 0 for p in previous))

    def test_a_batch_has_the_features_of_the_whole(self):
        """The nightly batches read only their own customers' orders and
        complaints: each customer's features are those of the whole computation,
        complaints and their ratings included."""
        analytics = self.analytics
        as_of = analytics._as_of()
        ids = analytics._customer_ids(as_of)
        lo, hi = int(ids[len(ids) // 3]), int(ids[2 * len(ids) // 3])
        inside = self.env["res.partner"].browse(int(ids[len(ids) // 2]))
        outside = self.env["res.partner"].browse(int(ids[-1]))
        for customer in inside | outside:
            create_tickets_dated(
                self.env,
                [self._days_ago(20), self._days_ago(30)],
                "Giao trễ",
                partner_id=customer.id,
                description="Đơn giao trễ ba ngày",
            )
        whole = analytics._fetch_array(analytics._churn_features_sql(as_of))
        batch = analytics._fetch_array(analytics._churn_features_sql(as_of, lo, hi))
        pids = whole[:, 0].astype(int)
        self.assertEqual(batch.tolist(), whole[(pids > lo) & (pids <= hi)].tolist())
        column = 1 + analytics._churn_feature_names().index("complaints")
        self.assertEqual(batch[batch[:, 0] == inside.id][0][column], 2)
        self.assertNotIn(outside.id, batch[:, 0].astype(int))
