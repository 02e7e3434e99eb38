# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""COD risk in SQL: the company's rates per signal, an order's signals, a
customer's delivery history (see ``sale_order_cod_risk.py``)."""

import json

from odoo import api, models
from odoo.tools import SQL

from .sale_order_cod_risk import LOCAL_TZ, RATES_PARAM
from .sale_order_delivery import FAILED_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_cod_order_facts(self, order_ids):
        """The signals of ``order_ids`` as of each order's date."""
        self.env.cr.execute(
            SQL(
                """
            SELECT so.id, p.commercial_partner_id,
                   ship.state_id, so.ecrm_sales_channel,
                   EXTRACT(hour FROM so.date_order AT TIME ZONE 'UTC'
                                                   AT TIME ZONE %(tz)s)::int,
                   so.amount_total / COALESCE(NULLIF(so.currency_rate, 0), 1),
                   (SELECT COUNT(*) FROM sale_order o2
                      JOIN res_partner m ON m.id = o2.partner_id
                     WHERE m.commercial_partner_id = p.commercial_partner_id
                       AND o2.company_id = so.company_id AND o2.state = 'sale'
                       AND o2.id != so.id AND o2.date_order < so.date_order),
                   (SELECT COUNT(*) FROM sale_order o2
                      JOIN res_partner m ON m.id = o2.partner_id
                     WHERE m.commercial_partner_id = p.commercial_partner_id
                       AND o2.company_id = so.company_id AND o2.state = 'cancel'
                       AND o2.id != so.id AND o2.date_order < so.date_order)
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
         LEFT JOIN res_partner ship ON ship.id = so.partner_shipping_id
             WHERE so.id = ANY(%(ids)s)
            """,
                tz=LOCAL_TZ,
                ids=list(order_ids),
            )
        )
        return {
            row[0]: {
                "partner": row[1],
                "province": row[2],
                "channel": row[3],
                "hour": row[4],
                "amount": float(row[5] or 0),
                "prior_orders": row[6],
                "prior_cancels": row[7],
            }
            for row in self.env.cr.fetchall()
        }

    @api.model
    def _ecrm_cod_partner_history(self, partner_ids, as_of=None):
        """{commercial partner id: (COD deliveries, failed)} in this company."""
        if not partner_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
            SELECT p.commercial_partner_id, COUNT(*),
                   COUNT(*) FILTER (WHERE so.ecrm_delivery_state IN %(failed)s)
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE p.commercial_partner_id = ANY(%(partners)s)
               AND so.company_id = %(company)s
               AND so.ecrm_payment_method = 'cod' AND so.state = 'sale'
               AND so.ecrm_delivery_state != 'pending'
               AND (%(as_of)s::timestamp IS NULL OR so.ecrm_delivery_date < %(as_of)s)
          GROUP BY p.commercial_partner_id
            """,
                failed=FAILED_STATES,
                partners=partner_ids,
                company=self.env.company.id,
                as_of=as_of,
            )
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    @api.model
    def _ecrm_cod_risk_rates(self, as_of=None):
        """The company's COD outcomes per signal value, in one SQL pass:
        ``{"base": [n, failed], "avg_amount": x, "signals": {signal: {value:
        [n, failed]}}}``, from outcomes known before ``as_of``."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH o AS (
                SELECT so.id, so.state, so.ecrm_payment_method AS method,
                       so.ecrm_delivery_state AS outcome, so.ecrm_delivery_date,
                       ship.state_id AS province, so.ecrm_sales_channel AS channel,
                       EXTRACT(hour FROM so.date_order AT TIME ZONE 'UTC'
                                                       AT TIME ZONE %(tz)s) AS hour,
                       so.amount_total / COALESCE(NULLIF(so.currency_rate, 0), 1)
                           AS amount,
                       COUNT(*) FILTER (WHERE so.state = 'sale') OVER w AS prior_orders,
                       COUNT(*) FILTER (WHERE so.state = 'cancel') OVER w
                           AS prior_cancels
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
             LEFT JOIN res_partner ship ON ship.id = so.partner_shipping_id
                 WHERE so.company_id = %(company)s AND so.state IN ('sale', 'cancel')
                   AND (%(as_of)s::timestamp IS NULL OR so.date_order < %(as_of)s)
                WINDOW w AS (PARTITION BY p.commercial_partner_id
                             ORDER BY so.date_order, so.id
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            ), labeled AS (
                SELECT *, outcome IN %(failed)s AS failed,
                       AVG(amount) OVER () AS avg_amount
                  FROM o
                 WHERE state = 'sale' AND method = 'cod' AND outcome != 'pending'
                   AND (%(as_of)s::timestamp IS NULL OR ecrm_delivery_date < %(as_of)s)
            )
            SELECT s.signal, s.value, COUNT(*), COUNT(*) FILTER (WHERE failed),
                   MAX(avg_amount)
              FROM labeled, LATERAL (VALUES
                   ('base', ''),
                   ('first', CASE WHEN prior_orders = 0 THEN 'yes' ELSE 'no' END),
                   ('amount', CASE WHEN amount > 2 * avg_amount THEN 'high'
                                   ELSE 'normal' END),
                   ('province', COALESCE(province::text, '')),
                   ('channel', COALESCE(channel, '')),
                   ('night', CASE WHEN hour >= 22 OR hour < 6 THEN 'yes'
                                  ELSE 'no' END),
                   ('cancelled', CASE WHEN prior_cancels > 0 THEN 'yes' ELSE 'no' END)
                   ) AS s(signal, value)
          GROUP BY s.signal, s.value
            """,
                tz=LOCAL_TZ,
                company=self.env.company.id,
                as_of=as_of,
                failed=FAILED_STATES,
            )
        )
        rates = {"base": [0, 0], "avg_amount": 0.0, "signals": {}}
        for signal, value, count, failed, avg_amount in self.env.cr.fetchall():
            if signal == "base":
                rates["base"] = [count, failed]
                rates["avg_amount"] = float(avg_amount or 0)
            else:
                rates["signals"].setdefault(signal, {})[value] = [count, failed]
        return rates

    @api.model
    def _ecrm_cod_risk_rates_cached(self):
        """The company's rates of the last nightly run (computed if none)."""
        Param = self.env["ir.config_parameter"].sudo()  # sudo: a shared cache
        key = RATES_PARAM % self.env.company.id
        cached = Param.get_param(key)
        if cached:
            return json.loads(cached)
        rates = self._ecrm_cod_risk_rates()
        Param.set_param(key, json.dumps(rates))
        return rates

    @api.model
    def _cron_ecrm_cod_risk(self, batch_size=5000):
        """Nightly: each company's rates, then the risk of every COD order
        waiting for its call, ``batch_size`` orders at a time."""
        Param = self.env["ir.config_parameter"].sudo()  # sudo: a shared cache
        for company in self.env["res.company"].search([]):
            this = self.with_company(company)
            Param.set_param(
                RATES_PARAM % company.id, json.dumps(this._ecrm_cod_risk_rates())
            )
            orders = this.search(
                [
                    ("company_id", "=", company.id),
                    ("ecrm_payment_method", "=", "cod"),
                    ("state", "in", ("draft", "sent")),
                    ("ecrm_telesales_state", "in", ("to_call", "no_answer")),
                ]
            )
            for start in range(0, len(orders), batch_size):
                orders[start : start + batch_size]._ecrm_cod_risk_refresh()
        return True
