# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _nightly_steps(self):
        return super()._nightly_steps() + [("alerts", "_step_alerts")]

    @api.model
    def _step_alerts(self, run):
        """Detect dangerous changes, raise each condition once, warn managers."""
        as_of = self._as_of()
        candidates = (
            self._detect_customer_rhythm(as_of)
            + self._detect_churn_jump()
            + self._detect_weekly_drop(as_of, "category")
            + self._detect_weekly_drop(as_of, "supplier")
            + self._detect_complaint_spike(as_of, "category")
            + self._detect_complaint_spike(as_of, "supplier")
        )
        alerts = self.env["ecrm.alert"]._ecrm_raise(candidates)
        alerts._ecrm_notify_managers()
        run.write({"rows": len(alerts), "total": len(candidates)})
        return self.env._(
            "%(new)s new alerts (%(seen)s conditions found)",
            new=len(alerts),
            seen=len(candidates),
        )

    # ---------------------------------------------------------------- detectors
    @api.model
    def _detect_customer_rhythm(self, as_of):
        """Valuable customers (revenue in the window in the top quantile) whose days
        since the last order exceed ``factor`` times their own average gap."""
        factor = self._param("alert_rhythm_factor", 3.0)
        min_orders = self._param("alert_rhythm_min_orders", 3, int)
        quantile = self._param("alert_value_quantile", 0.8)
        start = as_of - timedelta(days=self._param("rfm_window_days", 365, int))
        self.env.cr.execute(
            SQL(
                """
                WITH c AS (
                    SELECT pid, count(*) AS n, min(date_order) AS first_order,
                           max(date_order) AS last_order,
                           COALESCE(sum(amount) FILTER (WHERE date_order >= %(start)s),
                                    0) AS value
                      FROM (%(orders)s) o GROUP BY pid
                ),
                g AS (
                    SELECT c.*,
                           EXTRACT(epoch FROM last_order - first_order) / 86400
                               / (n - 1) AS gap,
                           %(as_of)s::date - last_order::date AS since
                      FROM c WHERE n >= %(min_orders)s
                ),
                t AS (
                    SELECT percentile_cont(%(quantile)s) WITHIN GROUP (ORDER BY value)
                           AS threshold
                      FROM c WHERE value > 0
                )
                SELECT g.pid, g.since, g.gap
                  FROM g, t
                 WHERE g.gap > 0 AND g.value >= t.threshold AND g.value > 0
                   AND g.since > %(factor)s * g.gap
                 ORDER BY g.pid
                """,
                orders=self._orders_sql(as_of),
                start=start,
                as_of=as_of,
                min_orders=max(min_orders, 2),
                quantile=quantile,
                factor=factor,
            )
        )
        _ = self.env._
        return [
            {
                "alert_type": "customer_rhythm",
                "key": f"customer_rhythm:{pid}",
                "partner_id": pid,
                "severity": "high" if since > 2 * factor * gap else "medium",
                "value": since,
                "name": _(
                    "No order for %(since)s days, usually every %(gap)s days",
                    since=since,
                    gap=round(gap),
                ),
            }
            for pid, since, gap in self.env.cr.fetchall()
        ]

    @api.model
    def _detect_churn_jump(self):
        jump = self._param("alert_churn_jump", 0.3)
        floor = self._param("alert_churn_min", 0.5)
        min_value = self._param("alert_churn_min_clv", 0.0)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, %(previous)s, %(risk)s
                  FROM res_partner p
                 WHERE %(risk)s >= %(floor)s
                   AND %(risk)s - COALESCE(%(previous)s, 0) >= %(jump)s
                   AND %(previous)s > 0
                   AND COALESCE(%(clv)s, 0) >= %(min_value)s
                   -- an alert is per company: not about a customer of another
                   -- company only (one who bought there and never here)
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                   AND (EXISTS (SELECT 1 FROM sale_order so
                                  JOIN res_partner rp ON rp.id = so.partner_id
                                 WHERE rp.commercial_partner_id = p.id
                                   AND so.company_id = %(company)s
                                   AND so.state = 'sale')
                        OR NOT EXISTS (SELECT 1 FROM sale_order so
                                         JOIN res_partner rp ON rp.id = so.partner_id
                                        WHERE rp.commercial_partner_id = p.id
                                          AND so.company_id != %(company)s
                                          AND so.state = 'sale'))
                 ORDER BY p.id
                """,
                risk=self._score_sql("ecrm_churn_risk", "float8"),
                previous=self._score_sql("ecrm_churn_risk_previous", "float8"),
                clv=self._score_sql("ecrm_clv", "numeric"),
                floor=floor,
                jump=jump,
                min_value=min_value,
                company=self.env.company.id,
            )
        )
        _ = self.env._
        return [
            {
                "alert_type": "churn_jump",
                "key": f"churn_jump:{pid}",
                "partner_id": pid,
                "severity": "high" if new >= 0.8 else "medium",
                "value": new - old,
                "name": _(
                    "Churn risk jumped from %(old)s%% to %(new)s%%",
                    old=round(old * 100),
                    new=round(new * 100),
                ),
            }
            for pid, old, new in self.env.cr.fetchall()
        ]

    @api.model
    def _weekly_z_sql(self, as_of, series):
        """Last complete week against the trailing weeks: for each key of
        ``series`` (key, week start, amount), the last week's amount, the trailing
        mean and standard deviation, and the z-score. Missing weeks count as 0."""
        weeks = self._param("alert_trailing_weeks", 8, int)
        last_week = as_of.date() - timedelta(days=as_of.weekday() + 7)
        return SQL(
            """
            WITH s AS (%(series)s),
            w AS (
                SELECT generate_series(%(first)s::date, %(last)s::date, '7 days')::date
                       AS week
            ),
            k AS (SELECT DISTINCT key FROM s WHERE key IS NOT NULL),
            grid AS (
                SELECT k.key, w.week, COALESCE(sum(s.amount), 0) AS amount
                  FROM k CROSS JOIN w
                  LEFT JOIN s ON s.key = k.key AND s.week = w.week
                 GROUP BY k.key, w.week
            ),
            stats AS (
                SELECT key,
                       sum(amount) FILTER (WHERE week = %(last)s) AS last_amount,
                       avg(amount) FILTER (WHERE week < %(last)s) AS mean,
                       stddev_samp(amount) FILTER (WHERE week < %(last)s) AS std
                  FROM grid GROUP BY key
            )
            SELECT key, last_amount, mean, std,
                   (last_amount - mean) / NULLIF(std, 0) AS z
              FROM stats
            """,
            series=series,
            first=last_week - timedelta(days=7 * weeks),
            last=last_week,
        )

    @api.model
    def _detect_weekly_drop(self, as_of, dimension):
        """Weekly sales of a category (or a supplier) far below its trailing weeks:
        z-score under -threshold and a relative drop of at least min_drop."""
        threshold = self._param("alert_drop_z", 2.5)
        min_drop = self._param("alert_drop_min_share", 0.3)
        weeks = self._param("alert_trailing_weeks", 8, int)
        start = as_of - timedelta(days=7 * (weeks + 2))
        if dimension == "category":
            key = SQL("pt.categ_id")
        else:
            key = SQL(
                "(SELECT si.partner_id FROM product_supplierinfo si "
                "WHERE si.product_tmpl_id = pt.id ORDER BY si.sequence, si.id LIMIT 1)"
            )
        series = SQL(
            """
            SELECT %(key)s AS key, date_trunc('week', o.date_order)::date AS week,
                   sum(sol.price_subtotal) AS amount
              FROM (%(orders)s) o
              JOIN sale_order_line sol ON sol.order_id = o.id
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE o.date_order >= %(start)s
             GROUP BY 1, 2
            """,
            key=key,
            orders=self._orders_sql(as_of),
            start=start,
        )
        self.env.cr.execute(
            SQL(
                "SELECT * FROM (%s) z WHERE z.z <= %s AND z.last_amount <= %s * z.mean",
                self._weekly_z_sql(as_of, series),
                -threshold,
                1 - min_drop,
            )
        )
        rows = self.env.cr.fetchall()
        if dimension == "category":
            names = {
                c.id: c.display_name
                for c in self.env["product.category"].browse([r[0] for r in rows])
            }
            field, alert_type = "categ_id", "category_drop"
        else:
            names = {
                p.id: p.display_name
                for p in self.env["res.partner"].browse([r[0] for r in rows])
            }
            field, alert_type = "supplier_id", "supplier_drop"
        _ = self.env._
        return [
            {
                "alert_type": alert_type,
                "key": f"{alert_type}:{key_id}",
                field: key_id,
                "severity": "high" if z <= -2 * threshold else "medium",
                "value": z,
                "name": _(
                    "%(name)s: last week's sales %(last)s vs %(mean)s a week before "
                    "(z = %(z).1f)",
                    name=names.get(key_id, key_id),
                    last=format(last, ",.0f"),
                    mean=format(mean, ",.0f"),
                    z=z,
                ),
            }
            for key_id, last, mean, _std, z in rows
        ]

    @api.model
    def _detect_complaint_spike(self, as_of, dimension="category"):
        """Weekly complaints of a complaint category (or of a supplier: the
        supplier company of the ticket's product) far above its trailing weeks:
        at least ``alert_complaint_min`` complaints last week and a z-score of
        ``alert_complaint_z`` or more (or double a perfectly flat history)."""
        Ticket = self.env["helpdesk.ticket"]
        column = {
            "category": "category_id",
            "supplier": "ecrm_supplier_commercial_id",
        }[dimension]
        if column not in Ticket._fields:
            return []
        threshold = self._param("alert_complaint_z", 3.0)
        min_count = self._param("alert_complaint_min", 5, int)
        weeks = self._param("alert_trailing_weeks", 8, int)
        series = SQL(
            """
            SELECT %(key)s AS key,
                   date_trunc('week', t.create_date)::date AS week,
                   count(*) AS amount
              FROM helpdesk_ticket t
             WHERE t.company_id = %(company)s AND t.create_date >= %(start)s
               AND t.create_date < %(as_of)s
             GROUP BY 1, 2
            """,
            key=SQL.identifier("t", column),
            company=self.env.company.id,
            start=as_of - timedelta(days=7 * (weeks + 2)),
            as_of=as_of,
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT * FROM (%s) z WHERE z.last_amount >= %s "
                "AND (z.z >= %s OR (z.std = 0 AND z.last_amount > 2 * z.mean))",
                self._weekly_z_sql(as_of, series),
                min_count,
                threshold,
            )
        )
        rows = self.env.cr.fetchall()
        if dimension == "category":
            keys = self.env["helpdesk.ticket.category"].browse([r[0] for r in rows])
            field, alert_type = "ticket_category_id", "complaint_spike"
        else:
            keys = self.env["res.partner"].browse([r[0] for r in rows])
            field, alert_type = "supplier_id", "supplier_complaint_spike"
        names = {key.id: key.display_name for key in keys}
        _ = self.env._
        return [
            {
                "alert_type": alert_type,
                "key": f"{alert_type}:{key_id}",
                field: key_id,
                "severity": "high",
                "value": z or 0.0,
                "name": _(
                    "%(name)s: %(last)s complaints last week, %(mean).1f a week before",
                    name=names.get(key_id, key_id),
                    last=int(last),
                    mean=mean,
                ),
            }
            for key_id, last, mean, _std, z in rows
        ]
