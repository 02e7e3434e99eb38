# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmSupplierScorecard(models.Model):
    _name = "ecrm.supplier.scorecard"
    _description = "Supplier Complaint Scorecard"
    _auto = False
    _order = "complaint_count desc"
    _rec_name = "supplier_id"

    supplier_id = fields.Many2one("res.partner", "Supplier", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    complaint_count = fields.Integer("Complaints", readonly=True)
    escalated_count = fields.Integer("Escalated", readonly=True)
    answered_count = fields.Integer("Answered", readonly=True)
    late_count = fields.Integer("Late Answers", readonly=True)
    on_time_answer_rate = fields.Float(
        "Answered On Time (%)", readonly=True, aggregator="avg"
    )
    avg_answer_hours = fields.Float(
        "Average Answer Time (h)", readonly=True, aggregator="avg"
    )
    csat = fields.Float("Satisfaction (1-5)", readonly=True, aggregator="avg")
    rating_count = fields.Integer("Ratings", readonly=True)

    @property
    def _table_query(self):
        return """
            SELECT MIN(t.id) AS id,
                   t.ecrm_supplier_commercial_id AS supplier_id,
                   t.company_id,
                   COUNT(*) AS complaint_count,
                   COUNT(*) FILTER (WHERE t.ecrm_supplier_state != 'none')
                       AS escalated_count,
                   COUNT(*) FILTER (WHERE t.ecrm_supplier_state = 'answered')
                       AS answered_count,
                   COUNT(*) FILTER (WHERE t.ecrm_supplier_late) AS late_count,
                   100.0 * COUNT(*) FILTER (
                       WHERE t.ecrm_supplier_state = 'answered'
                         AND NOT COALESCE(t.ecrm_supplier_late, false))
                       / NULLIF(COUNT(*) FILTER (
                           WHERE t.ecrm_supplier_state != 'none'), 0)
                       AS on_time_answer_rate,
                   AVG(EXTRACT(EPOCH FROM t.ecrm_supplier_answer_date
                               - t.ecrm_supplier_escalated_date) / 3600.0)
                       AS avg_answer_hours,
                   AVG(NULLIF(t.rating_last_value, 0)) AS csat,
                   COUNT(NULLIF(t.rating_last_value, 0)) AS rating_count
              FROM helpdesk_ticket t
             WHERE t.active AND t.ecrm_supplier_commercial_id IS NOT NULL
             GROUP BY t.ecrm_supplier_commercial_id, t.company_id
        """
