# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ecrm_loyalty_program_id = fields.Many2one(
        "loyalty.program",
        string="eCRM Loyalty Program",
        domain="[('program_type', '=', 'loyalty'), ('company_id', 'in', [id, False])]",
        help="The loyalty program in which customers earn points on every "
        "confirmed order, whatever the channel.",
    )
    ecrm_points_validity_months = fields.Integer(
        "Points Validity (months)",
        default=12,
        help="Points expire when the customer has earned nothing for this many "
        "months. 0 means points never expire.",
    )
    ecrm_tier_basis = fields.Selection(
        [("points", "Points earned"), ("spend", "Amount spent")],
        string="Tier Basis",
        default="points",
        required=True,
        help="What the tier thresholds count over the last 12 months: loyalty "
        "points earned or the untaxed amount of confirmed orders.",
    )
    ecrm_birthday_program_id = fields.Many2one(
        "loyalty.program",
        string="Birthday Coupon Program",
        domain="[('program_type', 'in', ('coupons', 'promotion',"
        " 'next_order_coupons')),"
        " ('company_id', 'in', [id, False])]",
        help="A coupon of this program is generated every year for customers "
        "whose birthday falls in the current week and who accept marketing "
        "emails or SMS.",
    )
