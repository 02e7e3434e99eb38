# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..const import CAMPAIGN_CHANNELS


class EcrmCampaignCost(models.Model):
    _name = "ecrm.campaign.cost"
    _description = "Campaign Cost"
    _order = "date desc, id desc"

    campaign_id = fields.Many2one(
        "utm.campaign", required=True, index=True, ondelete="cascade"
    )
    channel = fields.Selection(CAMPAIGN_CHANNELS, required=True)
    medium_id = fields.Many2one("utm.medium", string="Medium")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    amount = fields.Monetary(required=True)
    note = fields.Char()

    @api.constrains("amount")
    def _check_amount(self):
        for cost in self:
            if cost.amount < 0:
                raise ValidationError(
                    _(
                        "A cost cannot be negative (%(amount)s on %(campaign)s): "
                        "enter what was spent.",
                        amount=cost.amount,
                        campaign=cost.campaign_id.display_name,
                    )
                )

    @api.onchange("medium_id")
    def _onchange_medium_id(self):
        if self.medium_id.ecrm_channel:
            self.channel = self.medium_id.ecrm_channel
