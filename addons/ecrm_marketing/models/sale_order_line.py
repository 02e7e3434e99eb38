# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from odoo.addons.ecrm_core.tools import owned_flow


class SaleOrderLine(models.Model):
    """Reward lines of confirmed orders spend and give back points (sale_loyalty)."""

    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        if all((vals.get("points_cost") or 0) >= 0 for vals in vals_list):
            # A reward line spends the points it costs: part of the order flow.
            self = owned_flow(self)
        return super().create(vals_list)

    def write(self, vals):
        if (vals.get("points_cost") or 0) >= 0:
            # A negative cost would credit the card: that is not a reward.
            self = owned_flow(self)
        return super().write(vals)

    def unlink(self):
        # Removing a reward of a confirmed order gives its points back.
        return super(SaleOrderLine, owned_flow(self)).unlink()
