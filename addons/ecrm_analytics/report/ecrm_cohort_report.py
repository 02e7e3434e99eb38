# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class EcrmCohortReport(models.Model):
    _name = "ecrm.cohort.report"
    _description = "Cohort Retention"
    _auto = False
    _order = "cohort_month desc, months_since"
    _rec_name = "cohort_month"
    _depends = {
        "sale.order": ["company_id", "date_order", "partner_id", "state"],
        "res.partner": ["commercial_partner_id"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    cohort_month = fields.Date("First Order Month", readonly=True)
    months_since = fields.Integer("Months Since First Order", readonly=True)
    customers = fields.Integer("Active Customers", readonly=True, aggregator="sum")
    cohort_size = fields.Integer(readonly=True, aggregator="max")
    retention = fields.Float(
        "Retention (%)", readonly=True, digits=(16, 1), aggregator="avg"
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH o AS (
                SELECT DISTINCT so.company_id, rp.commercial_partner_id AS pid,
                       date_trunc('month', so.date_order)::date AS month
                  FROM sale_order so
                  JOIN res_partner rp ON rp.id = so.partner_id
                 WHERE so.state = 'sale'
            ),
            f AS (
                SELECT company_id, pid, min(month) AS cohort_month
                  FROM o GROUP BY 1, 2
            ),
            a AS (
                SELECT f.company_id, f.cohort_month,
                       (EXTRACT(year FROM age(o.month, f.cohort_month)) * 12
                        + EXTRACT(month FROM age(o.month, f.cohort_month)))::int
                           AS months_since,
                       count(*) AS customers
                  FROM o JOIN f ON f.pid = o.pid AND f.company_id = o.company_id
                 GROUP BY 1, 2, 3
            )
            SELECT row_number() OVER (ORDER BY a.company_id, a.cohort_month,
                                      a.months_since) AS id,
                   a.*, s.customers AS cohort_size,
                   100.0 * a.customers / s.customers AS retention
              FROM a
              JOIN a s ON s.company_id = a.company_id
                      AND s.cohort_month = a.cohort_month AND s.months_since = 0
            """
        )
