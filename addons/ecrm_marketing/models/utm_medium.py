# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..const import CAMPAIGN_CHANNELS


class UtmMedium(models.Model):
    _inherit = "utm.medium"

    ecrm_channel = fields.Selection(
        CAMPAIGN_CHANNELS,
        string="Marketing Channel",
        help="Orders arriving through this medium are counted for this channel in "
        "the channel report.",
    )
