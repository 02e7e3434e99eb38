# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EcrmLoyaltyTier(models.Model):
    _name = "ecrm.loyalty.tier"
    _description = "Loyalty Tier"
    _order = "company_id, min_points, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    min_points = fields.Float(
        "Minimum Points",
        required=True,
        help="Points earned over the last 12 months from which a customer "
        "enters this tier.",
    )
    earn_multiplier = fields.Float(
        default=1.0,
        required=True,
        help="Points earned on an order are multiplied by this factor for "
        "customers of this tier.",
    )
    benefits = fields.Html(translate=True)
    color = fields.Integer()

    _sql_constraints = [
        (
            "min_points_unique",
            "unique(company_id, min_points)",
            "Two tiers of the same company cannot start at the same number of points.",
        ),
    ]

    @api.constrains("min_points", "earn_multiplier")
    def _check_values(self):
        for tier in self:
            if tier.min_points < 0:
                raise ValidationError(
                    _(
                        "Tier %(tier)s: the minimum points cannot be negative.",
                        tier=tier.name,
                    )
                )
            if tier.earn_multiplier <= 0:
                raise ValidationError(
                    _(
                        "Tier %(tier)s: the earn multiplier must be positive.",
                        tier=tier.name,
                    )
                )
