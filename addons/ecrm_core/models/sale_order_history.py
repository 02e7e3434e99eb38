# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    """Orders of the past (demo data, imports of an order history) keep their own
    date when they are confirmed, instead of Odoo's confirmation time."""

    _inherit = "sale.order"

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        if self.env.context.get("ecrm_keep_order_date"):
            values.pop("date_order", None)
        return values
