# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import numpy as np

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import clv

MIN_CUSTOMERS = 20


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _nightly_steps(self):
        return super()._nightly_steps() + [("clv", "_step_clv")]

    @api.model
    def _clv_summary_sql(self, as_of, lo=None, hi=None):
        """Per customer: repeat purchases x (distinct order days - 1), t_x and T in
        days from the first order, and m, the average value of the repeat days."""
        where = SQL("TRUE")
        if lo is not None:
            where = SQL("pid > %s AND pid <= %s", lo, hi)
        return SQL(
            """
            WITH d AS (
                SELECT pid, date_trunc('day', date_order) AS day, sum(amount) AS amount
                  FROM (%(orders)s) o WHERE %(where)s GROUP BY 1, 2
            ),
            c AS (
                SELECT pid, min(day) AS first_day, max(day) AS last_day,
                       count(*) - 1 AS x, sum(amount) AS total
                  FROM d GROUP BY pid
            )
            SELECT c.pid, c.x,
                   EXTRACT(epoch FROM c.last_day - c.first_day) / 86400,
                   EXTRACT(epoch FROM %(as_of)s - c.first_day) / 86400,
                   CASE WHEN c.x > 0 THEN (c.total - f.amount) / c.x ELSE 0 END
              FROM c JOIN d f ON f.pid = c.pid AND f.day = c.first_day
             ORDER BY c.pid
            """,
            orders=self._orders_sql(as_of),
            where=where,
            as_of=as_of,
        )

    @api.model
    def _fit_clv(self, as_of, run=None):
        """Fit BG/NBD and Gamma-Gamma on every customer's summary; returns the
        new ``ecrm.clv.model`` or an empty recordset when data is too thin."""
        data = self._fetch_array(self._clv_summary_sql(as_of))
        if len(data) < MIN_CUSTOMERS or (data[:, 1] > 0).sum() < 2:
            return self.env["ecrm.clv.model"]
        x, t_x, T, m = data[:, 1], data[:, 2], data[:, 3], data[:, 4]
        bg = clv.fit_bgnbd(x, t_x, T)
        gg = clv.fit_gamma_gamma(x, m)
        return self.env["ecrm.clv.model"].create(
            {
                "run_id": run.id if run else False,
                "observation_end": as_of,
                "customer_count": len(data),
                "repeat_customer_count": int((x > 0).sum()),
                "bgnbd_r": bg["r"],
                "bgnbd_alpha": bg["alpha"],
                "bgnbd_a": bg["a"],
                "bgnbd_b": bg["b"],
                "bgnbd_log_likelihood": bg["ll"],
                "gg_p": gg["p"],
                "gg_q": gg["q"],
                "gg_v": gg["v"],
                "horizon_days": self._param("clv_horizon_days", 365, int),
                "discount_rate": self._param("clv_discount_rate", 0.1),
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
        return self.env._(
            "%(count)s customers valued with the fit of %(date)s",
            count=len(ids),
            date=fields.Datetime.to_string(fit.fit_date),
        )
