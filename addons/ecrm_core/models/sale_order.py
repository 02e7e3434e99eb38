# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .ecrm_channel import CHANNELS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_sales_channel = fields.Selection(
        CHANNELS,
        string="Sales Channel",
        index=True,
        default="store",
        tracking=True,
        help="Where the order was placed: a store, the web shop, the phone, a "
        "marketplace, Facebook or an external storefront through the API.",
    )
