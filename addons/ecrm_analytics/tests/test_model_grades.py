# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import timedelta

import numpy as np

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user, tagged

from ..lib import churn, cluster, grade
from .common import AnalyticsCase


def _runs(env, company):
    return env["ecrm.analytics.run"].search(
        [("company_id", "=", company.id), ("grade", "!=", False)]
    )


@tagged("post_install", "-at_install")
class TestModelsBeatTheirBaselines(AnalyticsCase):
    """Planted structure every model finds and its naive baseline misses.

    Churn: a cancelled order announces leaving (groups A and B, see
    test_churn), which recency alone misses for B, who bought recently.
    Recommendations: shirt then trousers (see test_recommendations), which the
    best sellers never offer. Clusters: lapsed, loyal and one-off buyers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        specs, cancels = cls._plant_churn_groups()
        shirt = cls._product("Áo sơ mi trắng", cls.category)
        trousers = cls._product("Quần âu đen", cls.category)
        socks = cls._product("Tất cổ ngắn", cls.category)
        fillers = cls.env["product.product"]
        for i in range(12):
            fillers |= cls._product(f"Hàng bán chạy {i}", cls.category)
        for i, p in enumerate(cls._customers(20, "Khách mua bộ")):
            specs.append((p, cls._days_ago(90 + i), 900000, shirt | trousers))
            specs.append((p, cls._days_ago(30 + i), 50000, socks))
        for i, p in enumerate(cls._customers(20, "Khách mua sau")):
            specs.append((p, cls._days_ago(80 + i), 400000, shirt))
            specs.append((p, cls._days_ago(20 + i), 500000, trousers))
        for i, p in enumerate(cls._customers(25, "Khách đại trà")):
            specs.append((p, cls._days_ago(10 + i), 1200000, fillers))
        cls._orders(specs)
        cls._orders(cancels, state="cancel")

    def test_each_model_is_graded_used_and_explained(self):
        self.analytics.run_nightly()
        runs = _runs(self.env, self.company)
        by_step = {run.name: run for run in runs}
        summaries = "\n".join(runs.mapped("grade_summary"))
        self.assertGreaterEqual(
            set(by_step), {"churn", "recommendations", "clusters"}, summaries
        )
        for step in ("churn", "recommendations", "clusters"):
            run = by_step[step]
            self.assertIn(run.grade, ("a", "b"), summaries)
            self.assertTrue(run.model_used, summaries)
            self.assertNotIn("not used", run.grade_summary)
        churn_run = by_step["churn"]
        self.assertGreater(churn_run.score_model, churn_run.score_recency)
        self.assertGreater(churn_run.score_model, churn_run.score_baseline)
        self.assertRegex(
            churn_run.grade_summary,
            r"^Churn risk: grade [AB]: ranks a customer who left above one who "
            r"stayed \d+ % of the time vs \d+ % by days since the last order",
        )
        model = self.env["ecrm.churn.model"]._newest()
        self.assertEqual(model.grade, churn_run.grade)
        self.assertEqual(model.recency_auc, churn_run.score_recency)
        self.assertEqual(model, self.env["ecrm.churn.model"]._usable())
        self.assertTrue(all(self.group_c.mapped("ecrm_churn_risk")))
        reco_run = by_step["recommendations"]
        self.assertEqual(reco_run.grade, "a")
        self.assertIn("50 % of customers vs 0 % with the best sellers", summaries)
        self.assertTrue(self.env["ecrm.recommendation"].search_count([]))
        cluster_run = by_step["clusters"]
        self.assertGreater(cluster_run.stability, 0.6)
        self.assertTrue(all(self.group_c.mapped("ecrm_cluster_id")))
        # The manager reads the grades as the dashboard's list does.
        rows = (
            self.env["ecrm.analytics.run"]
            .with_user(self.manager)
            .search_read([("grade", "!=", False)], ["name", "grade_summary"])
        )
        self.assertEqual(
            {row["grade_summary"] for row in rows}, set(runs.mapped("grade_summary"))
        )

    def test_run_form_and_dashboard_show_the_grade(self):
        arch = self.env["ecrm.analytics.run"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        self.assertIn('name="grade_summary"', arch)
        dashboard = self.env.ref("ecrm_analytics.spreadsheet_dashboard_ecrm_customers")
        data = dashboard.spreadsheet_data
        self.assertIn('"model": "ecrm.analytics.run"', data)
        self.assertIn('ODOO.LIST(1,1,\\"grade_summary\\")', data)


@tagged("post_install", "-at_install")
class TestModelLosesToItsBaseline(AnalyticsCase):
    """Histories where recency alone predicts leaving perfectly, while what the
    churn model learns on the earlier period points the wrong way.

    Horizon 60 days, T the run date. Learning at T-120: group P (cancelled an
    order, bought two days before) left, groups Q and Z (no cancellation, long
    without an order) stayed. Testing at T-60: Y cancelled and bought two days
    before, like P, but stays; Z, long without an order, leaves: the model
    ranks Y first, recency never does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "ecrm_analytics.churn_horizon_days", 60
        )
        group_p = cls._customers(30, "Khách P")
        group_q = cls._customers(30, "Khách Q")
        group_y = cls._customers(30, "Khách Y")
        group_z = cls._customers(30, "Khách Z")
        cls.customers = group_p | group_q | group_y | group_z
        specs, cancels = [], []
        for i, partner in enumerate(group_p):
            specs += [(partner, cls._days_ago(d + i % 3), 300000) for d in (200, 122)]
            cancels.append((partner, cls._days_ago(123 + i % 3), 300000))
        for i, partner in enumerate(group_q):
            specs += [
                (partner, cls._days_ago(d + i % 3), 300000) for d in (200, 170, 100, 35)
            ]
        for i, partner in enumerate(group_y):
            specs += [(partner, cls._days_ago(d + i % 3), 300000) for d in (65, 62, 30)]
            cancels.append((partner, cls._days_ago(63 + i % 3), 300000))
        for i, partner in enumerate(group_z):
            specs += [(partner, cls._days_ago(d + i % 3), 300000) for d in (200, 110)]
        cls._orders(specs)
        cls._orders(cancels, state="cancel")
        cls.other = cls.env["res.company"].create({"name": "Công ty Khác"})
        cls.other_manager = new_test_user(
            cls.env,
            "ana_other_mgr",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
            company_id=cls.other.id,
            company_ids=[Command.set(cls.other.ids)],
        )

    def _earlier_model(self, company):
        """A usable churn model trained a month ago in ``company``."""
        names = self.analytics._churn_feature_names()
        rng = np.random.default_rng(0)
        estimator = churn.make_classifier().fit(
            rng.random((40, len(names))), np.arange(40) % 2
        )
        return self.env["ecrm.churn.model"].create(
            {
                "version": 1,
                "company_id": company.id,
                "fit_date": fields.Datetime.now() - timedelta(days=30),
                "features": ", ".join(names),
                "roc_auc": 0.8,
                "baseline_auc": 0.7,
                "grade": "b",
                "model_file": base64.b64encode(churn.dumps(estimator)),
            }
        )

    def _churn_run(self):
        return _runs(self.env, self.company).filtered(lambda r: r.name == "churn")

    def test_losing_model_is_skipped_and_the_last_usable_one_scores(self):
        earlier = self._earlier_model(self.company)
        self.analytics.run_nightly()
        run = self._churn_run()
        model = self.env["ecrm.churn.model"]._newest()
        self.assertEqual(model.version, 2)
        self.assertEqual(model.recency_auc, 1.0)
        self.assertLess(model.roc_auc, model.recency_auc)
        self.assertEqual(model.grade, "c")
        self.assertEqual(self.env["ecrm.churn.model"]._usable(), earlier)
        self.assertEqual((run.grade, run.model_used), ("c", False))
        self.assertEqual(run.score_recency, 1.0)
        self.assertIn("Churn risk: grade C", run.grade_summary)
        self.assertIn(
            "It lost to its baseline and was not used tonight", run.grade_summary
        )
        self.assertIn("scored with churn model v1", run.message)
        self.assertIn("Churn model v2 lost to its baselines", run.message)
        # The earlier version scored the customers.
        self.assertTrue(all(self.customers.mapped("ecrm_churn_risk")))

    def test_another_company_is_separate(self):
        other_model = self._earlier_model(self.other)
        self.analytics.run_nightly()
        run = self._churn_run()
        self.assertEqual((run.grade, run.model_used), ("c", False))
        self.assertIn("churn risks are left as they were", run.message)
        # The other company's model scores nobody here.
        self.assertFalse(any(self.customers.mapped("ecrm_churn_risk")))
        Run = self.env["ecrm.analytics.run"]
        self.assertIn(run, Run.with_user(self.manager).search([("grade", "=", "c")]))
        other_env = self.env(
            user=self.other_manager, context={"allowed_company_ids": self.other.ids}
        )
        self.assertFalse(other_env["ecrm.analytics.run"].search([]))
        # The other company's chain keeps its own usable model (too little
        # history there to train another) and records it with its own run.
        other_runs = (
            self.analytics.with_company(self.other)
            .with_context(allowed_company_ids=self.other.ids)
            .run_nightly()
        )
        self.assertEqual(other_runs.company_id, self.other)
        graded = other_runs.filtered("grade")
        self.assertEqual(graded.mapped("name"), ["churn"])
        self.assertEqual((graded.grade, graded.model_used), ("b", True))
        self.assertEqual(graded.score_model, other_model.roc_auc)
        self.assertEqual(other_env["ecrm.analytics.run"].search([]), other_runs)
        self.assertEqual(
            self.env["ecrm.churn.model"]
            .with_context(allowed_company_ids=self.other.ids)
            ._usable()
            .company_id,
            self.other,
        )


@tagged("post_install", "-at_install")
class TestRecommendationsLoseToBestSellers(AnalyticsCase):
    """Customers who bought a shirt come back for the shop's best seller, which
    nobody bought with a shirt: the best sellers find every next order,
    co-purchase and matrix factorisation none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shirt = cls._product("Áo sơ mi trắng", cls.category)
        cls.best_seller = cls._product("Nước hoa hồng", cls.category)
        cls.switchers = cls._customers(20, "Khách đổi món")
        specs = []
        for i, partner in enumerate(cls._customers(30, "Khách đại trà")):
            specs.append((partner, cls._days_ago(5 + i), 200000, cls.best_seller))
        for i, partner in enumerate(cls.switchers):
            specs.append((partner, cls._days_ago(60 + i), 400000, cls.shirt))
            specs.append((partner, cls._days_ago(10 + i), 200000, cls.best_seller))
        cls._orders(specs)

    def test_losing_recommendations_keep_yesterday_s(self):
        yesterday = self.env["ecrm.recommendation"].create(
            {
                "partner_id": self.switchers[0].id,
                "product_id": self.shirt.id,
                "company_id": self.company.id,
                "rank": 1,
                "score": 0.5,
            }
        )
        self.analytics.run_nightly()
        run = _runs(self.env, self.company).filtered(
            lambda r: r.name == "recommendations"
        )
        self.assertEqual((run.grade, run.model_used), ("c", False))
        self.assertEqual((run.score_model, run.score_baseline), (0.0, 1.0))
        self.assertIn(
            "Recommendations: grade C: the next order held one of the 10 "
            "suggestions for 0 % of customers vs 100 % with the best sellers.",
            run.grade_summary,
        )
        self.assertIn("not used tonight", run.grade_summary)
        self.assertIn("yesterday's recommendations are kept", run.message)
        self.assertEqual(
            self.env["ecrm.recommendation"].search(
                [("company_id", "=", self.company.id)]
            ),
            yesterday,
        )


@tagged("post_install", "-at_install")
class TestGradeRules(TransactionCase):
    """The grading rules on numbers and features with a known answer."""

    def test_churn_and_recommendation_thresholds(self):
        self.assertEqual(grade.churn(0.80, 0.70, 0.74), "a")
        self.assertEqual(grade.churn(0.76, 0.70, 0.74), "b")
        self.assertEqual(grade.churn(0.73, 0.70, 0.74), "c", "recency does better")
        self.assertEqual(grade.recommendations(0.5, 0.0), "a")
        self.assertEqual(grade.recommendations(0.22, 0.2), "b")
        self.assertEqual(grade.recommendations(0.1, 0.2), "c")
        self.assertEqual(grade.recommendations(0.0, 0.0), "c", "finds nothing")

    def test_clusters_of_noise_are_graded_c_and_real_groups_a(self):
        rng = np.random.default_rng(1)
        noise = rng.random((400, 6))
        groups = np.vstack([rng.normal(c, 0.3, (100, 6)) for c in (0, 3, 6)])
        graded = {}
        for name, data in (("noise", noise), ("groups", groups)):
            scaler, kmeans, silhouette = cluster.fit(data)
            stability = cluster.stability(scaler.transform(data), kmeans)
            graded[name] = (grade.clusters(silhouette, stability), stability)
        self.assertEqual(graded["noise"][0], "c")
        self.assertEqual(graded["groups"], ("a", 1.0))
