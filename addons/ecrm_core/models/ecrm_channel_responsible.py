# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..const import SALES_CHANNELS


class EcrmChannelResponsible(models.Model):
    _name = "ecrm.channel.responsible"
    _description = "Responsible for Cancelled Orders per Channel"
    _order = "channel"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        help="Analyses the cancelled orders of this channel and calls the "
        "customers back.",
    )
    channel = fields.Selection(SALES_CHANNELS, required=True)

    _sql_constraints = [
        (
            "channel_company_unique",
            "UNIQUE(channel, company_id)",
            "A channel has one responsible per company.",
        ),
    ]

    @api.model
    def _ecrm_responsibles(self, channels, companies):
        """{(channel, company id): user} for the given channels and companies."""
        # sudo: agents cancelling an order only need the user, not the setting.
        rules = self.sudo().search(
            [
                ("channel", "in", list(set(channels))),
                ("company_id", "in", companies.ids),
            ]
        )
        return {
            (rule.channel, rule.company_id.id): rule.user_id.with_env(self.env)
            for rule in rules
        }
