# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmRecommendation(models.Model):
    _name = "ecrm.recommendation"
    _description = "Product Recommended to a Customer"
    _order = "partner_id, rank"
    _rec_name = "product_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    rank = fields.Integer(required=True)
    score = fields.Float(digits=(16, 4), help="Co-purchase similarity to past buys.")
    date = fields.Datetime(readonly=True)
