# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .ecrm_channel import CHANNELS


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecrm_origin_channel = fields.Selection(
        CHANNELS,
        string="Origin Channel",
        index=True,
        help="The channel through which the customer first came to us.",
    )
