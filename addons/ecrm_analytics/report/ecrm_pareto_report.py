# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class EcrmParetoReport(models.Model):
    _name = "ecrm.pareto.report"
    _description = "Pareto: Revenue Share of the Top 20% Customers"
    _auto = False
    _order = "month desc"
    _rec_name = "month"
    _depends = {
        "sale.order": [
            "company_id",
            "date_order",
            "partner_id",
            "state",
            "amount_untaxed",
        ],
        "res.partner": ["commercial_partner_id"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(readonly=True)
    customers = fields.Integer(readonly=True, aggregator="sum")
    revenue = fields.Float(readonly=True, digits=(16, 0), aggregator="sum")
    top_revenue = fields.Float(
        "Revenue of Top 20%", readonly=True, digits=(16, 0), aggregator="sum"
    )
    top_share = fields.Float(
        "Top 20% Share (%)", readonly=True, digits=(16, 1), aggregator="avg"
    )

    @property
    def _table_query(self):
        """Per month, customers ranked by revenue in quintiles: the revenue of the
        first quintile over all revenue (confirmed orders, company currency)."""
        return SQL(
            """
            WITH c AS (
                SELECT so.company_id, date_trunc('month', so.date_order)::date AS month,
                       rp.commercial_partner_id AS pid,
                       sum(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                           AS revenue
                  FROM sale_order so
                  JOIN res_partner rp ON rp.id = so.partner_id
                 WHERE so.state = 'sale'
                 GROUP BY 1, 2, 3
            ),
            q AS (
                SELECT c.*, ntile(5) OVER (
                    PARTITION BY company_id, month ORDER BY revenue DESC, pid
                ) AS quintile
                  FROM c
            )
            SELECT row_number() OVER (ORDER BY company_id, month) AS id,
                   company_id, month, count(*) AS customers, sum(revenue) AS revenue,
                   sum(revenue) FILTER (WHERE quintile = 1) AS top_revenue,
                   100.0 * sum(revenue) FILTER (WHERE quintile = 1)
                       / NULLIF(sum(revenue), 0) AS top_share
              FROM q GROUP BY company_id, month
            """
        )
