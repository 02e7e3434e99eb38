# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        refunds = posted.filtered(lambda m: m.move_type == "out_refund")
        if refunds:
            refunds._ecrm_loyalty_take_back_refunded_points()
        return posted

    def _ecrm_loyalty_take_back_refunded_points(self):
        """Take back points in proportion to the refunded untaxed amount."""
        done = set(
            self.env["loyalty.history"]
            .sudo()
            .search([("ecrm_move_id", "in", self.ids)])
            .ecrm_move_id.ids
        )
        for move in self.filtered(lambda m: m.id not in done):
            refunded = defaultdict(float)
            for line in move.invoice_line_ids:
                for order in line.sale_line_ids.order_id:
                    refunded[order] += line.price_subtotal
            orders = self.env["sale.order"].union(*refunded)
            ratios = {
                order.id: min(1.0, amount / order.amount_untaxed)
                for order, amount in refunded.items()
                if order.amount_untaxed > 0
            }
            orders._ecrm_loyalty_take_back(ratio_per_order=ratios, move=move)
