# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from .ecrm_complaint_report import TICKET_FACTS

DIMENSIONS = [
    ("category", "Category"),
    ("department", "Department"),
    ("channel", "Channel"),
    ("supplier", "Supplier"),
]


class EcrmComplaintStatReport(models.Model):
    """Punctuality and resolution time per category, department, channel and
    supplier: one GROUPING SETS query, with the 90th percentile in SQL."""

    _name = "ecrm.complaint.stat.report"
    _description = "Complaint Resolution Statistics"
    _auto = False
    _order = "dimension, complaint_count desc"

    dimension = fields.Selection(DIMENSIONS, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", "Department", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    supplier_id = fields.Many2one("res.partner", "Supplier", readonly=True)
    complaint_count = fields.Integer("Complaints", readonly=True)
    closed_count = fields.Integer("Settled", readonly=True)
    on_time_rate = fields.Float("On Time (%)", readonly=True, aggregator="avg")
    avg_hours = fields.Float("Average Time (h)", readonly=True, aggregator="avg")
    p90_hours = fields.Float("90th Percentile (h)", readonly=True, aggregator="max")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT row_number() OVER (
                       ORDER BY dimension, company_id, category_id, team_id,
                                channel_id, supplier_id) AS id,
                   *
              FROM (
                SELECT CASE
                         WHEN GROUPING(f.category_id) = 0 THEN 'category'
                         WHEN GROUPING(f.team_id) = 0 THEN 'department'
                         WHEN GROUPING(f.channel_id) = 0 THEN 'channel'
                         ELSE 'supplier'
                       END AS dimension,
                       f.company_id,
                       f.category_id,
                       f.team_id,
                       f.channel_id,
                       f.supplier_id,
                       COUNT(*) AS complaint_count,
                       COUNT(f.resolution_hours) AS closed_count,
                       AVG(f.on_time_rate) AS on_time_rate,
                       AVG(f.resolution_hours) AS avg_hours,
                       percentile_cont(0.9) WITHIN GROUP (
                           ORDER BY f.resolution_hours) AS p90_hours
                  FROM (%s) f
                 GROUP BY GROUPING SETS (
                       (f.company_id, f.category_id),
                       (f.company_id, f.team_id),
                       (f.company_id, f.channel_id),
                       (f.company_id, f.supplier_id))
              ) stats
            """,
            TICKET_FACTS,
        )
