# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import itertools

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

    @api.constrains("min_points", "earn_multiplier", "company_id", "active")
    def _check_ladder(self):
        """Thresholds of a company's ladder are distinct and do not overlap."""
        for company in self.company_id:
            ladder = self.search(
                [("company_id", "=", company.id)], order="min_points, id"
            )
            for lower, upper in itertools.pairwise(ladder):
                if lower.min_points == upper.min_points:
                    raise ValidationError(
                        _(
                            "Tiers %(a)s and %(b)s start at the same threshold "
                            "(%(points)s): each tier needs its own threshold.",
                            a=lower.name,
                            b=upper.name,
                            points=lower.min_points,
                        )
                    )
                if upper.earn_multiplier < lower.earn_multiplier:
                    raise ValidationError(
                        _(
                            "Tier %(upper)s starts above %(lower)s but earns fewer "
                            "points (x%(m1)s < x%(m2)s): the ladder overlaps.",
                            upper=upper.name,
                            lower=lower.name,
                            m1=upper.earn_multiplier,
                            m2=lower.earn_multiplier,
                        )
                    )
