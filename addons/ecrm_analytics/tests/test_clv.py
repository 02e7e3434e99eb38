# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import numpy as np

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.ecrm_analytics.lib import clv

from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestClvMaths(AnalyticsCase):
    def test_bgnbd_recovers_generating_parameters(self):
        rng = np.random.default_rng(42)
        x, t_x, T = clv.simulate_bgnbd(3000, 0.5, 20.0, 0.8, 2.5, 365, rng)
        fit = clv.fit_bgnbd(x, t_x, T)
        self.assertAlmostEqual(fit["r"], 0.5, delta=0.05)
        self.assertAlmostEqual(fit["alpha"], 20.0, delta=2.5)
        self.assertAlmostEqual(fit["a"], 0.8, delta=0.2)
        self.assertAlmostEqual(fit["b"], 2.5, delta=0.6)

    def test_gamma_gamma_recovers_generating_parameters(self):
        rng = np.random.default_rng(7)
        x, _t_x, _T = clv.simulate_bgnbd(3000, 0.5, 20.0, 0.8, 2.5, 365, rng)
        m = clv.simulate_gamma_gamma(x, 6.0, 4.0, 450000.0, rng)
        fit = clv.fit_gamma_gamma(x, m)
        self.assertAlmostEqual(fit["p"], 6.0, delta=0.6)
        self.assertAlmostEqual(fit["q"], 4.0, delta=0.6)
        self.assertAlmostEqual(fit["v"] / 450000.0, 1.0, delta=0.2)

    def test_p_alive_and_expected_purchases_behave(self):
        params = (0.5, 20.0, 0.8, 2.5)
        # No repeat purchase: alive for sure in BG/NBD (no chance to drop out).
        self.assertEqual(clv.bgnbd_p_alive(params, [0], [0], [100])[0], 1.0)
        # Same history, last purchase long ago -> less likely alive.
        recent, old = clv.bgnbd_p_alive(params, [5, 5], [95, 20], [100, 100])
        self.assertGreater(recent, old)
        e1, e2 = clv.bgnbd_expected_purchases(params, [5, 5], [95, 95], [100, 100], 365)
        self.assertAlmostEqual(e1, e2)
        longer = clv.bgnbd_expected_purchases(params, [5], [95], [100], 730)[0]
        self.assertGreater(longer, e1)
        # Discounting lowers the value.
        args = (params, (6.0, 4.0, 450000.0), [5], [95], [100], [300000.0], 365)
        self.assertLess(clv.clv(*args, 0.2)[0], clv.clv(*args, 0.0)[0])


@tagged("post_install", "-at_install")
class TestClvNightly(AnalyticsCase):
    def test_nightly_fits_a_model_and_values_every_customer(self):
        rng = np.random.default_rng(3)
        customers = self._customers(40)
        specs = []
        for i, partner in enumerate(customers):
            first = 300 - i * 5
            for k in range(int(rng.integers(1, 5))):
                specs.append(
                    (partner, self._days_ago(first - 40 * k), 200000 + 10000 * i)
                )
        self._orders(specs)
        self.analytics.run_nightly()
        fit = self.env["ecrm.clv.model"].search([("company_id", "=", self.company.id)])
        self.assertEqual(len(fit), 1)
        self.assertTrue(fit.in_use)
        self.assertEqual(fit.customer_count, 40)
        self.assertEqual(fit.time_unit, "days")
        for name in (
            "bgnbd_r",
            "bgnbd_alpha",
            "bgnbd_a",
            "bgnbd_b",
            "gg_p",
            "gg_q",
            "gg_v",
        ):
            self.assertGreater(fit[name], 0, name)
        p_alive = customers.mapped("ecrm_p_alive")
        self.assertTrue(all(0 < p <= 1 for p in p_alive))
        self.assertTrue(all(v > 0 for v in customers.mapped("ecrm_clv")))
        self.assertTrue(all(e > 0 for e in customers.mapped("ecrm_expected_purchases")))
        # Searchable, as DESIGN.md promises.
        top = self.env["res.partner"].search(
            [("ecrm_clv", ">", 0), ("id", "in", customers.ids)], order="ecrm_clv desc"
        )
        self.assertEqual(len(top), 40)

    def test_fit_that_does_not_converge_says_so(self):
        # Forty customers who all buy on a fixed rhythm and never drop out: the
        # dropout distribution collapses to a point (a, b -> infinity).
        customers = self._customers(40, "Khách đều đặn")
        rng = np.random.default_rng(3)
        specs = []
        for i, partner in enumerate(customers):
            first = 300 - i * 5
            specs += [
                (partner, self._days_ago(first - 40 * k), 200000)
                for k in range(int(rng.integers(1, 5)))
            ]
        self._orders(specs)
        runs = self.analytics.run_nightly()
        run = runs.filtered(lambda r: r.name == "clv")
        fit = self.env["ecrm.clv.model"].search([("run_id", "=", run.id)])
        self.assertFalse(fit.converged)
        self.assertIn("edge of its range", fit.fit_message)
        self.assertIn("did not converge", run.message)
        # Too few customers for a holdout check: not graded, used.
        self.assertFalse(fit.grade)
        self.assertFalse(fit.holdout_line_ids)
        self.assertIn("Not graded", fit.grade_summary)
        self.assertTrue(fit.in_use)

    def test_too_few_customers_is_logged_not_crashed(self):
        self._orders([(self._customers(1), self._days_ago(5), 100000)])
        runs = self.analytics.run_nightly()
        run = runs.filtered(lambda r: r.name == "clv")
        self.assertEqual(run.state, "done")
        self.assertIn("Too few", run.message)


@tagged("post_install", "-at_install")
class TestClvGrade(AnalyticsCase):
    """The nightly fit checks itself on the last 90 days and is not used when
    "same as last period" forecasts them better."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("ecrm_analytics.clv_holdout_days", 90)
        params.set_param("ecrm_analytics.clv_holdout_min_customers", 20)
        # Customers who came back after a long pause and now buy every 15 days:
        # a model of their whole history underestimates them, while the last
        # period forecasts them well. And customers who bought once.
        loyal = cls._customers(30, "Khách quay lại")
        once = cls._customers(20, "Khách một lần")
        specs = []
        for i, partner in enumerate(loyal):
            specs.append((partner, cls._days_ago(400 + i), 300000))
            specs += [(partner, cls._days_ago(150 - 15 * k), 300000) for k in range(10)]
        specs += [(p, cls._days_ago(200 + i), 200000) for i, p in enumerate(once)]
        cls._orders(specs)
        cls.customers = loyal | once

    def _clv_run(self):
        runs = self.analytics.run_nightly()
        return runs.filtered(lambda r: r.name == "clv")

    def test_losing_fit_is_graded_c_and_not_used(self):
        run = self._clv_run()
        fit = self.env["ecrm.clv.model"].search([("run_id", "=", run.id)])
        self.assertEqual(fit.holdout_days, 90)
        self.assertEqual(fit.holdout_customer_count, 50)
        self.assertGreater(fit.holdout_error, fit.baseline_error)
        self.assertEqual(fit.grade, "c")
        self.assertFalse(fit.in_use)
        self.assertIn("worse than", fit.grade_summary)
        # No earlier fit passed its check: customers are left unvalued, and the
        # run says why.
        self.assertEqual(run.state, "done")
        self.assertIn("left as they were", run.message)
        self.assertTrue(all(v == 0 for v in self.customers.mapped("ecrm_clv")))
        # The holdout lines show the three series per purchase group.
        lines = fit.holdout_line_ids
        self.assertEqual(
            set(lines.mapped("series")), {"actual", "predicted", "baseline"}
        )
        loyal = lines.filtered(lambda li: li.purchase_group == 4)
        by_series = {li.series: li.purchases for li in loyal}
        self.assertEqual(by_series["actual"], 6)
        self.assertEqual(by_series["baseline"], 4)
        self.assertLess(by_series["predicted"], 4)

    def test_manager_opens_the_holdout_chart_of_their_company_only(self):
        run = self._clv_run()
        fit = self.env["ecrm.clv.model"].search([("run_id", "=", run.id)])
        action = fit.with_user(self.manager).action_open_holdout()
        self.assertEqual(action["view_mode"], "graph,pivot,list")
        Line = self.env[action["res_model"]].with_user(self.manager)
        self.assertEqual(Line.search(action["domain"]), fit.holdout_line_ids)
        views = Line.get_views([(False, "graph"), (False, "pivot")])["views"]
        self.assertIn('name="series"', views["graph"]["arch"])
        self.assertIn('name="purchases"', views["pivot"]["arch"])
        # Telesales do not see the model checks.
        with self.assertRaises(AccessError):
            fit.holdout_line_ids.with_user(self.telesales).read(["purchases"])
        # A manager of another company sees none of them.
        other = self.env["res.company"].create({"name": "Công ty khác"})
        outsider = new_test_user(
            self.env,
            "ana_mgr_other",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        lines = self.env["ecrm.clv.holdout.line"].with_user(outsider)
        self.assertFalse(lines.with_context(allowed_company_ids=other.ids).search([]))

    def test_earlier_passing_fit_values_customers_instead(self):
        earlier = self.env["ecrm.clv.model"].create(
            {
                "fit_date": "2026-05-01 02:00:00",
                "observation_end": "2026-05-01 00:00:00",
                "customer_count": 50,
                "bgnbd_r": 0.5,
                "bgnbd_alpha": 20.0,
                "bgnbd_a": 0.8,
                "bgnbd_b": 2.5,
                "gg_p": 6.0,
                "gg_q": 4.0,
                "gg_v": 450000.0,
                "horizon_days": 365,
                "discount_rate": 0.1,
                "grade": "b",
            }
        )
        run = self._clv_run()
        fit = self.env["ecrm.clv.model"].search([("run_id", "=", run.id)])
        self.assertEqual(fit.grade, "c")
        self.assertTrue(earlier.in_use)
        self.assertFalse(fit.in_use)
        self.assertIn("instead", run.message)
        self.assertTrue(all(v > 0 for v in self.customers.mapped("ecrm_clv")))
        # The values are those of the earlier fit's parameters.
        partner = self.customers[0]
        self.assertAlmostEqual(
            partner.ecrm_p_alive,
            clv.bgnbd_p_alive(earlier._bgnbd_params(), [10], [385], [399])[0],
            places=4,
        )
