# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

import numpy as np

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..lib import clv

MIN_CUSTOMERS = 20
# Fewer customers than this in the calibration period: no holdout check (its
# errors would be noise); ``ecrm_analytics.clv_holdout_min_customers`` changes it.
MIN_HOLDOUT_CUSTOMERS = 200
# The model's error against the naive forecast's: A at or under this ratio, B up
# to 1, C above (the model loses and is not used).
GRADE_A_RATIO = 0.8


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _nightly_steps(self):
        return super()._nightly_steps() + [("clv", "_step_clv")]

    @api.model
    def _clv_summary_sql(self, as_of, lo=None, hi=None):
        """Per customer, with the notation of Fader, Hardie & Lee (2005):
        ``pid``; ``x``, the repeat purchases (order days after the first one:
        orders of the same day are one purchase); ``t_x`` and ``t_cal`` (T), the
        days from the first order day to the last one and to the last observed day
        (the day before ``as_of``, orders of that day included); ``m``, the
        average value of the repeat order days, the first day excluded.

        Orders of zero value are purchases, as in the published data (CDNOW has
        $0.00 purchases): they count as visits and in the average value; the
        Gamma-Gamma fit leaves out customers whose repeat average is zero."""
        where = SQL("TRUE")
        if lo is not None:
            where = SQL("pid > %s AND pid <= %s", lo, hi)
        return SQL(
            """
            WITH d AS (%(days)s)
            SELECT pid, count(*) - 1 AS x,
                   max(day) - first_day AS t_x,
                   %(last_day)s::date - first_day AS t_cal,
                   CASE WHEN count(*) > 1
                        THEN sum(amount) FILTER (WHERE day > first_day) / (count(*) - 1)
                        ELSE 0 END AS m
              FROM d GROUP BY pid, first_day ORDER BY pid
            """,
            days=self._clv_days_sql(as_of, where),
            last_day=(as_of - timedelta(days=1)).date(),
        )

    @api.model
    def _clv_days_sql(self, as_of, where):
        """One row per customer and order day before ``as_of``: ``pid``,
        ``day``, ``amount`` (the day's orders summed: orders of the same day
        are one purchase) and ``first_day``, the customer's first order day."""
        return SQL(
            """
            SELECT pid, day, amount, min(day) OVER (PARTITION BY pid) AS first_day
              FROM (SELECT pid, date_order::date AS day, sum(amount) AS amount
                      FROM (%(orders)s) o WHERE %(where)s GROUP BY 1, 2) g
            """,
            orders=self._orders_sql(as_of),
            where=where,
        )

    @api.model
    def _clv_grouped_sql(self, as_of):
        """The BG/NBD input grouped: one row per distinct (x, t_x, T) with its
        number of customers, so that the fit reads thousands of rows, not one
        per customer."""
        return SQL(
            """
            SELECT s.x, s.t_x, s.t_cal, count(*)
              FROM (%s) s GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """,
            self._clv_summary_sql(as_of),
        )

    @api.model
    def _clv_holdout_sql(self, cutoff, as_of, days):
        """Per customer known at ``cutoff``: the calibration summary (see
        ``_clv_summary_sql``), ``actual``, the order days from ``cutoff`` to
        ``as_of`` (all repeat purchases, the first being before), and
        ``last_period``, the repeat order days in the ``days`` before ``cutoff``:
        the naive forecast "same as last period"."""
        last_day = (cutoff - timedelta(days=1)).date()
        return SQL(
            """
            WITH d AS (%(days)s)
            SELECT pid,
                   count(*) FILTER (WHERE day <= %(last_day)s) - 1 AS x,
                   max(day) FILTER (WHERE day <= %(last_day)s) - first_day AS t_x,
                   %(last_day)s::date - first_day AS t_cal,
                   count(*) FILTER (WHERE day > %(last_day)s) AS actual,
                   count(*) FILTER (WHERE day > %(last_day)s::date - %(span)s
                                      AND day <= %(last_day)s
                                      AND day > first_day) AS last_period
              FROM d WHERE first_day <= %(last_day)s
             GROUP BY pid, first_day ORDER BY pid
            """,
            days=self._clv_days_sql(as_of, SQL("TRUE")),
            last_day=last_day,
            span=days,
        )

    @api.model
    def _clv_holdout(self, as_of, days=None):
        """The holdout check of the nightly fit: fit BG/NBD on the history up to
        ``days`` before ``as_of``, predict the purchases of those ``days`` and
        compare with what the customers did, per number of calibration purchases
        (0..7+), and with the naive forecast "same as last period".

        Returns the values to write on ``ecrm.clv.model`` (empty when the
        history is too short)."""
        days = days or self._param("clv_holdout_days", 90, int)
        if days <= 0:
            return {}
        cutoff = as_of - timedelta(days=days)
        data = self._fetch_array(self._clv_holdout_sql(cutoff, as_of, days))
        minimum = self._param("clv_holdout_min_customers", MIN_HOLDOUT_CUSTOMERS, int)
        if len(data) < max(minimum, MIN_CUSTOMERS):
            return {}
        x, t_x, T, actual, last = data[:, 1:6].T
        if (x > 0).sum() < 2:
            return {}
        bg = clv.fit_bgnbd(*clv.group_counts(x, t_x, T))
        params = (bg["r"], bg["alpha"], bg["a"], bg["b"])
        lines, mae = clv.holdout_by_group(params, x, t_x, T, actual, days)
        predicted = clv.bgnbd_expected_purchases(params, x, t_x, T, days)
        group = np.minimum(x, clv.HOLDOUT_TOP_GROUP)
        error = float(np.mean(np.abs(predicted - actual)))
        baseline_error = float(np.mean(np.abs(last - actual)))
        if error <= GRADE_A_RATIO * baseline_error:
            grade = "a"
        elif error <= baseline_error:
            grade = "b"
        else:
            grade = "c"
        top = clv.HOLDOUT_TOP_GROUP
        return {
            "holdout_days": days,
            "calibration_end": cutoff,
            "holdout_customer_count": len(data),
            "holdout_mae": mae,
            "holdout_error": error,
            "baseline_error": baseline_error,
            "holdout_converged": bg["converged"],
            "grade": grade,
            "holdout_line_ids": [
                Command.create(
                    {
                        "purchase_group": line["group"],
                        "group_label": f"{top}+"
                        if line["group"] == top
                        else str(line["group"]),
                        "customer_count": line["customers"],
                        "series": series,
                        "purchases": value,
                    }
                )
                for line in lines
                for series, value in (
                    ("actual", line["actual"]),
                    ("predicted", line["predicted"]),
                    ("baseline", float(last[group == line["group"]].mean())),
                )
            ],
        }

    @api.model
    def _fit_clv(self, as_of, run=None):
        """Fit BG/NBD on the grouped (x, t_x, T) counts and Gamma-Gamma on the
        repeat customers; returns the new ``ecrm.clv.model`` or an empty
        recordset when data is too thin."""
        grouped = self._fetch_array(self._clv_grouped_sql(as_of))
        x, t_x, T, weights = grouped.T if len(grouped) else np.zeros((4, 0))
        customers = int(weights.sum())
        repeat = self._fetch_array(
            SQL(
                "SELECT s.x, s.m FROM (%s) s WHERE s.x > 0 AND s.m > 0",
                self._clv_summary_sql(as_of),
            )
        )
        if customers < MIN_CUSTOMERS or len(repeat) < 2:
            return self.env["ecrm.clv.model"]
        bg = clv.fit_bgnbd(x, t_x, T, weights)
        gg = clv.fit_gamma_gamma(repeat[:, 0], repeat[:, 1])
        return self.env["ecrm.clv.model"].create(
            {
                "run_id": run.id if run else False,
                "observation_end": as_of,
                "customer_count": customers,
                "repeat_customer_count": int(weights[x > 0].sum()),
                "bgnbd_r": bg["r"],
                "bgnbd_alpha": bg["alpha"],
                "bgnbd_a": bg["a"],
                "bgnbd_b": bg["b"],
                "bgnbd_log_likelihood": bg["ll"],
                "bgnbd_converged": bg["converged"],
                "gg_p": gg["p"],
                "gg_q": gg["q"],
                "gg_v": gg["v"],
                "gg_log_likelihood": gg["ll"],
                "gg_converged": gg["converged"],
                "fit_message": f"BG/NBD: {bg['message']}\nGamma-Gamma: {gg['message']}",
                "horizon_days": self._param("clv_horizon_days", 365, int),
                "discount_rate": self._param("clv_discount_rate", 0.1),
                **self._clv_holdout(as_of),
            }
        )

    @api.model
    def _step_clv(self, run):
        as_of = self._as_of()
        fit = self.env["ecrm.clv.model"].search([("run_id", "=", run.id)], limit=1)
        if not fit:
            fit = self._fit_clv(as_of, run)
            run._commit()
        if not fit:
            return self.env._("Too few customers to fit the lifetime value model.")
        if fit.grade:
            run._grade(
                fit.grade,
                fit.grade != "c",
                score_model=fit.holdout_error,
                score_baseline=fit.baseline_error,
            )
        notes = []
        if not fit.converged:
            notes.append(
                self.env._(
                    "Warning: the lifetime value fit did not converge (%(detail)s).",
                    detail=fit.fit_message,
                )
            )
        if fit.grade == "c":
            notes.append(fit.grade_summary)
            fit = self.env["ecrm.clv.model"]._usable()
            if not fit:
                notes.append(
                    self.env._(
                        "No earlier fit passed its check: lifetime values are "
                        "left as they were."
                    )
                )
                return "\n".join(notes)
            notes.append(
                self.env._(
                    "Customers were valued with the fit of %(date)s instead.",
                    date=fields.Datetime.to_string(fit.fit_date),
                )
            )
        ids = self._customer_ids(as_of)
        bg, gg = fit._bgnbd_params(), fit._gg_params()

        def process(lo, hi, _chunk):
            data = self._fetch_array(self._clv_summary_sql(as_of, lo, hi))
            if not len(data):
                return
            x, t_x, T, m = data[:, 1], data[:, 2], data[:, 3], data[:, 4]
            p_alive = clv.bgnbd_p_alive(bg, x, t_x, T)
            expected = clv.bgnbd_expected_purchases(bg, x, t_x, T, fit.horizon_days)
            value = clv.clv(bg, gg, x, t_x, T, m, fit.horizon_days, fit.discount_rate)
            self._update_partners(
                data[:, 0].astype(int),
                {
                    "ecrm_p_alive": ("float8", np.round(p_alive, 6).tolist()),
                    "ecrm_expected_purchases": ("float8", expected.tolist()),
                    "ecrm_clv": ("numeric", np.round(value, 2).tolist()),
                },
            )

        self._run_batches(run, ids, process)
        message = self.env._(
            "%(count)s customers valued with the fit of %(date)s",
            count=len(ids),
            date=fields.Datetime.to_string(fit.fit_date),
        )
        return "\n".join([message, *notes])
