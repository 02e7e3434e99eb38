# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class SaleOrder(models.Model):
    """Keep the customer 360 figures current when orders change state."""

    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(
            lambda o: o.state in ("sale", "cancel")
        )._ecrm_refresh_customer()
        return orders

    def write(self, vals):
        partners_before = self.partner_id if "partner_id" in vals else None
        res = super().write(vals)
        if "state" in vals or "partner_id" in vals or "date_order" in vals:
            self._ecrm_refresh_customer(extra_partners=partners_before)
        return res

    def unlink(self):
        partners = self.partner_id
        res = super().unlink()
        partners._ecrm_refresh_figures_for_self()
        return res

    def _ecrm_refresh_customer(self, extra_partners=None):
        partners = self.partner_id
        if extra_partners:
            partners |= extra_partners
        partners._ecrm_refresh_figures_for_self()
