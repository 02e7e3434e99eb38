# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The lifetime value models reproduce the published fits on the CDNOW sample
(Fader, Hardie & Lee 2005; Fader & Hardie's Gamma-Gamma note), loaded as confirmed
orders and fitted by the nightly chain's own methods."""

import math
import warnings
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
from scipy.special import hyp2f1

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

DATA = Path(__file__).parent / "data" / "CDNOW_sample.txt"
CALIBRATION_END = date(1997, 9, 30)
HOLDOUT_END = date(1998, 6, 30)
HOLDOUT_DAYS = (HOLDOUT_END - CALIBRATION_END).days  # 39 weeks

# Published fits, time in weeks (BG/NBD: FHL 2005, table 1 and lifetimes'
# documentation; Gamma-Gamma: Fader & Hardie, "The Gamma-Gamma model of monetary
# value", 2013, with lifetimes' GammaGammaFitter on the same data).
BGNBD = {"r": 0.2426, "alpha": 4.414, "a": 0.7929, "b": 2.4259, "ll": -9582.4}
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44, "ll": -4055.9}


def read_cdnow():
    """{customer index: [(date, dollars), ...]} from the published file."""
    purchases = {}
    with DATA.open() as lines:
        for line in lines:
            _id, index, day, _cds, dollars = line.split()
            when = date(int(day[:4]), int(day[4:6]), int(day[6:]))
            purchases.setdefault(int(index), []).append((when, float(dollars)))
    return purchases


def summary(purchases, end, holdout_end=None):
    """x, t_x, T (days) and m per customer, computed here from the file, with
    same-day purchases merged, and the order days in (end, holdout_end]."""
    rows = []
    for index in sorted(purchases):
        days = {}
        after = set()
        for when, dollars in purchases[index]:
            if when <= end:
                days[when] = days.get(when, 0.0) + dollars
            elif holdout_end and when <= holdout_end:
                after.add(when)
        ordered = sorted(days)
        x = len(ordered) - 1
        m = sum(days[d] for d in ordered[1:]) / x if x else 0.0
        rows.append(
            (
                index,
                x,
                (ordered[-1] - ordered[0]).days,
                (end - ordered[0]).days,
                m,
                len(after),
            )
        )
    return np.array(rows, dtype=float)


def reference_p_alive(params, x, t_x, T):
    """FHL 2005, equation (11), written out independently of lib/clv.py."""
    r, alpha, a, b = params
    odds = np.zeros_like(x)
    rep = x > 0
    odds[rep] = (a / (b + x[rep] - 1)) * ((alpha + T[rep]) / (alpha + t_x[rep])) ** (
        r + x[rep]
    )
    return 1.0 / (1.0 + odds)


def reference_expected(params, x, t_x, T, t):
    """FHL 2005, equation (10), with the hypergeometric function as printed."""
    r, alpha, a, b = params
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    head = (a + b + x - 1) / (a - 1)
    body = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp
    return head * body * reference_p_alive(params, x, t_x, T)


@tagged("post_install", "-at_install")
class TestClvCdnow(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env["res.company"].create(
            {"name": "CDNOW (1997)", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                allowed_company_ids=[company.id],
            )
        )
        cls.company = company
        cls.purchases = read_cdnow()
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"CDNOW {index:04d}"} for index in sorted(cls.purchases)]
        )
        cls.partner_of = dict(zip(sorted(cls.purchases), cls.partners.ids, strict=True))
        cls._load_orders()
        cls.analytics = cls.env["ecrm.analytics"]

    @classmethod
    def _load_orders(cls):
        """Every purchase as a confirmed order, in one INSERT (the order lines
        do not matter to the lifetime value: it reads the untaxed amount)."""
        rows = [
            (cls.partner_of[index], datetime.combine(when, time(12)), dollars)
            for index in sorted(cls.purchases)
            for when, dollars in cls.purchases[index]
        ]
        partners, dates, amounts = zip(*rows, strict=True)
        cls.env.cr.execute(
            SQL(
                """
                INSERT INTO sale_order (
                    name, company_id, partner_id, partner_invoice_id,
                    partner_shipping_id, date_order, state, picking_policy,
                    currency_id, currency_rate, amount_untaxed, amount_total,
                    ecrm_sales_channel)
                SELECT 'CDNOW/' || ord, %(company)s, p, p, p, d, 'sale', 'direct',
                       %(currency)s, 1, a, a, 'online'
                  FROM unnest(%(partners)s::int[], %(dates)s::timestamp[],
                              %(amounts)s::numeric[]) WITH ORDINALITY AS v(p, d, a, ord)
                """,
                company=cls.company.id,
                currency=cls.env.ref("base.USD").id,
                partners=list(partners),
                dates=list(dates),
                amounts=list(amounts),
            )
        )
        cls.order_count = len(rows)

    def _nightly_clv(self, as_of):
        """The nightly chain's lifetime value step at ``as_of``, with floating
        point errors raised and warnings turned into errors."""
        analytics = self.analytics.with_context(ecrm_analytics_date=as_of)
        run = self.env["ecrm.analytics.run"].create({"name": "clv", "chain": "cdnow"})
        with (
            warnings.catch_warnings(),
            np.errstate(divide="raise", over="raise", invalid="raise"),
        ):
            warnings.simplefilter("error")
            message = analytics._step_clv(run)
        fit = self.env["ecrm.clv.model"].search([("run_id", "=", run.id)])
        self.assertEqual(len(fit), 1)
        return fit, message

    def assertClose(self, value, expected, rel=0.01, msg=None):
        self.assertLessEqual(
            abs(value - expected),
            rel * abs(expected),
            msg or f"{value} is not within {rel:.0%} of {expected}",
        )

    def test_data_set_is_the_published_one(self):
        self.assertEqual(len(self.purchases), 2357)
        self.assertEqual(self.order_count, 6919)

    def test_calibration_fit_reproduces_published_parameters(self):
        # Observation ends with 1997-09-30: the nightly run of 1997-10-01.
        fit, message = self._nightly_clv(date(1997, 10, 1))
        self.assertEqual(fit.customer_count, 2357)
        self.assertEqual(fit.repeat_customer_count, 946)
        self.assertTrue(fit.converged, fit.fit_message)
        self.assertNotIn("Warning", message)
        # The fit is in days: alpha per week = alpha per day / 7, and each
        # repeat purchase's density gains ln 7 when time is counted in weeks.
        data = summary(self.purchases, CALIBRATION_END)
        repeat_purchases = data[:, 1].sum()
        self.assertEqual(repeat_purchases, 2457)
        self.assertClose(fit.bgnbd_r, BGNBD["r"])
        self.assertClose(fit.bgnbd_alpha / 7, BGNBD["alpha"])
        self.assertClose(fit.bgnbd_a, BGNBD["a"])
        self.assertClose(fit.bgnbd_b, BGNBD["b"])
        weekly_ll = fit.bgnbd_log_likelihood + repeat_purchases * math.log(7)
        self.assertClose(weekly_ll, BGNBD["ll"], rel=0.001)
        self.assertClose(fit.gg_p, GAMMA_GAMMA["p"])
        self.assertClose(fit.gg_q, GAMMA_GAMMA["q"])
        self.assertClose(fit.gg_v, GAMMA_GAMMA["v"])
        self.assertClose(fit.gg_log_likelihood, GAMMA_GAMMA["ll"], rel=0.001)

    def test_every_customer_matches_the_reference_formulas(self):
        fit, _message = self._nightly_clv(date(1997, 10, 1))
        data = summary(self.purchases, CALIBRATION_END)
        x, t_x, T = data[:, 1], data[:, 2], data[:, 3]
        params = fit._bgnbd_params()
        partners = self.partners.with_context(prefetch_fields=False)
        p_alive = np.array(partners.mapped("ecrm_p_alive"))
        expected = np.array(partners.mapped("ecrm_expected_purchases"))
        reference = reference_p_alive(params, x, t_x, T)
        self.assertLess(np.max(np.abs(p_alive - reference)), 0.01)
        # Customers without a repeat purchase are alive for sure under BG/NBD.
        self.assertTrue(np.all(p_alive[x == 0] == 1.0))
        reference = reference_expected(params, x, t_x, T, fit.horizon_days)
        self.assertLess(np.max(np.abs(expected - reference)), 0.01)
        # And with the published parameters (weeks), the same within 0.01.
        published = (BGNBD["r"], BGNBD["alpha"], BGNBD["a"], BGNBD["b"])
        weekly = reference_expected(published, x, t_x / 7, T / 7, fit.horizon_days / 7)
        self.assertLess(np.max(np.abs(expected - weekly)[x < 10]), 0.05)
        values = np.array(partners.mapped("ecrm_clv"))
        # Values are never negative; customers gone for good are worth nothing.
        self.assertTrue(np.all(values >= 0))
        self.assertGreater(
            values[x > 0].mean(), values[(x > 0) & (p_alive < 0.1)].mean()
        )

    def test_holdout_check_reproduces_the_paper(self):
        self.env["ir.config_parameter"].set_param(
            "ecrm_analytics.clv_holdout_days", HOLDOUT_DAYS
        )
        # The run of 1998-07-01 fits all the history and checks the 39 weeks
        # after 1997-09-30 with a fit on the weeks before.
        fit, _message = self._nightly_clv(date(1998, 7, 1))
        self.assertEqual(fit.holdout_days, 273)
        self.assertEqual(fit.calibration_end, datetime(1997, 10, 1))
        self.assertEqual(fit.holdout_customer_count, 2357)
        self.assertTrue(fit.holdout_converged)
        data = summary(self.purchases, CALIBRATION_END, HOLDOUT_END)
        x, t_x, T, actual = data[:, 1], data[:, 2], data[:, 3], data[:, 5]
        self.assertEqual(actual.sum(), 1882)
        published = (BGNBD["r"], BGNBD["alpha"] * 7, BGNBD["a"], BGNBD["b"])
        predicted = reference_expected(published, x, t_x, T, HOLDOUT_DAYS)
        lines = fit.holdout_line_ids
        self.assertEqual(len(lines), 8 * 3)
        errors = []
        for group in range(8):
            members = np.minimum(x, 7) == group
            mine = lines.filtered(lambda li, g=group: li.purchase_group == g)
            by_series = {li.series: li for li in mine}
            self.assertEqual(by_series["actual"].customer_count, members.sum())
            self.assertAlmostEqual(
                by_series["actual"].purchases, actual[members].mean(), places=3
            )
            self.assertAlmostEqual(
                by_series["predicted"].purchases, predicted[members].mean(), delta=0.01
            )
            errors.append(abs(actual[members].mean() - predicted[members].mean()))
        self.assertEqual(
            lines.filtered(lambda li: li.purchase_group == 7)[0].group_label, "7+"
        )
        self.assertAlmostEqual(fit.holdout_mae, np.mean(errors), delta=0.005)
        self.assertLess(fit.holdout_mae, 0.25)
        # The model beats "same as last period" on this data, and says so.
        self.assertLess(fit.holdout_error, fit.baseline_error)
        self.assertIn(fit.grade, ("a", "b"))
        self.assertTrue(fit.in_use)
        self.assertIn("same as last period", fit.grade_summary)
        # The manager opens the chart of the check from the fit.
        action = fit.action_open_holdout()
        self.assertEqual(action["res_model"], "ecrm.clv.holdout.line")
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), lines)
