# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ecrm_loyalty_program_id = fields.Many2one(
        related="company_id.ecrm_loyalty_program_id", readonly=False
    )
    ecrm_points_validity_months = fields.Integer(
        related="company_id.ecrm_points_validity_months", readonly=False
    )
    ecrm_tier_basis = fields.Selection(
        related="company_id.ecrm_tier_basis", readonly=False
    )
    ecrm_birthday_program_id = fields.Many2one(
        related="company_id.ecrm_birthday_program_id", readonly=False
    )
