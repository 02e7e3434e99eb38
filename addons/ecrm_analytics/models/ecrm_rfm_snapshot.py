# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .res_partner import RFM_SEGMENTS


class EcrmRfmSnapshot(models.Model):
    """The month's scores of every customer, rewritten each night of the month.

    Company and month are found through the unique index (company, month,
    customer), so they have no index of their own, nor has the segment (eleven
    values): each index is written again for every customer every night."""

    _name = "ecrm.rfm.snapshot"
    _description = "Monthly RFM Snapshot"
    _order = "month desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True)
    month = fields.Date(required=True, help="First day of the month.")
    recency_days = fields.Integer("Days Since Last Order")
    frequency = fields.Integer("Orders in Window")
    monetary = fields.Float("Revenue in Window", digits=(16, 0))
    r_score = fields.Integer("R")
    f_score = fields.Integer("F")
    m_score = fields.Integer("M")
    rfm_code = fields.Char("RFM Code", size=3)
    segment = fields.Selection(RFM_SEGMENTS)

    _sql_constraints = [
        (
            "month_partner_uniq",
            "UNIQUE(company_id, month, partner_id)",
            "A customer has one RFM snapshot per month.",
        )
    ]
