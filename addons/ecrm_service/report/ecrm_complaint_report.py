# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from ..models.helpdesk_ticket_supplier import SUPPLIER_STATES

# Shared SQL: one row per complaint with its resolution time and punctuality.
TICKET_FACTS = SQL(
    """
    SELECT t.id AS id,
           t.id AS ticket_id,
           t.company_id,
           t.category_id,
           t.team_id,
           t.channel_id,
           t.ecrm_supplier_commercial_id AS supplier_id,
           t.commercial_partner_id AS partner_id,
           t.stage_id,
           t.ecrm_received_date AS date,
           t.ecrm_deadline AS deadline,
           t.closed_date,
           COALESCE(s.closed, false) AS is_closed,
           CASE WHEN s.closed AND t.closed_date IS NOT NULL
                THEN EXTRACT(EPOCH FROM t.closed_date - t.ecrm_received_date) / 3600.0
           END AS resolution_hours,
           CASE WHEN s.closed AND t.closed_date IS NOT NULL
                THEN CASE WHEN t.closed_date <= t.ecrm_deadline THEN 100.0 ELSE 0.0 END
           END AS on_time_rate,
           (NOT COALESCE(s.closed, false)
                AND t.ecrm_deadline < (now() AT TIME ZONE 'UTC'))
               OR (s.closed AND t.closed_date > t.ecrm_deadline) AS is_late,
           NULLIF(t.rating_last_value, 0) AS rating,
           t.ecrm_supplier_state AS supplier_state,
           t.ecrm_supplier_late AS supplier_late,
           1 AS nbr
      FROM helpdesk_ticket t
      LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
     WHERE t.active
"""
)


class EcrmComplaintReport(models.Model):
    _name = "ecrm.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("helpdesk.ticket", "Complaint", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", "Department", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    supplier_id = fields.Many2one("res.partner", "Supplier", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    date = fields.Datetime("Received On", readonly=True)
    deadline = fields.Datetime(readonly=True)
    closed_date = fields.Datetime(readonly=True)
    is_closed = fields.Boolean("Closed", readonly=True)
    is_late = fields.Boolean("Late", readonly=True)
    resolution_hours = fields.Float(
        "Resolution Time (h)", readonly=True, aggregator="avg"
    )
    on_time_rate = fields.Float("On Time (%)", readonly=True, aggregator="avg")
    rating = fields.Float("Satisfaction", readonly=True, aggregator="avg")
    supplier_state = fields.Selection(SUPPLIER_STATES, readonly=True)
    supplier_late = fields.Boolean("Supplier Late", readonly=True)
    nbr = fields.Integer("Complaints", readonly=True)

    @property
    def _table_query(self):
        return TICKET_FACTS
