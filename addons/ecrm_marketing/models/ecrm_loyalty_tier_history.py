# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EcrmLoyaltyTierHistory(models.Model):
    _name = "ecrm.loyalty.tier.history"
    _description = "Loyalty Tier Change"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    old_tier_id = fields.Many2one("ecrm.loyalty.tier", "Previous Tier", readonly=True)
    new_tier_id = fields.Many2one("ecrm.loyalty.tier", "New Tier", readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    points = fields.Float(
        "Score", readonly=True, help="Points (or amount spent) over the last 12 months."
    )
    direction = fields.Selection(
        [("up", "Up"), ("down", "Down")], compute="_compute_direction", store=True
    )

    @api.depends("old_tier_id.min_points", "new_tier_id.min_points")
    def _compute_direction(self):
        for change in self:
            old = change.old_tier_id.min_points if change.old_tier_id else -1
            new = change.new_tier_id.min_points if change.new_tier_id else -1
            change.direction = "up" if new > old else "down"

    def _ecrm_send_tier_mail(self):
        """Tell the customers (with a valid email) their new tier, in Vietnamese.

        Transactional mail: only a valid address is required, not marketing
        consent.
        """
        template = self.env.ref(
            "ecrm_marketing.mail_template_tier_change", raise_if_not_found=False
        )
        # Entering the ladder at its first step (0 points) is not news worth a
        # mail, and the first nightly run would otherwise mail every customer.
        to_mail = self.filtered(
            lambda c: (
                c.new_tier_id
                and c.partner_id.email_normalized
                and (c.old_tier_id or c.new_tier_id.min_points > 0)
            )
        )
        if template and to_mail and not self.env.context.get("ecrm_tier_no_mail"):
            # sudo: the mail is queued for whoever confirmed the order.
            template.sudo().send_mail_batch(to_mail.ids)
