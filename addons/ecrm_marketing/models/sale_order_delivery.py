# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.tools import float_round

from odoo.addons.ecrm_core.tools import owned_flow


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _ecrm_delivery_cod_failed(self):
        res = super()._ecrm_delivery_cod_failed()
        # The failed delivery owns this reversal, whoever recorded it (the
        # warehouse, a carrier's API event).
        owned_flow(self)._ecrm_loyalty_take_back_undelivered()
        return res

    def _ecrm_loyalty_take_back_undelivered(self):
        """Take back every point a COD order earned when it is not delivered:
        eCRM's own and sale_loyalty's, net of what a refund already took back.
        A second failure of the same order takes nothing more."""
        History = self.env["loyalty.history"].sudo()  # sudo: see _ecrm_cards_for
        own = self._ecrm_loyalty_own_points()
        history_vals = []
        to_remove = {}
        for company, orders in self.grouped("company_id").items():
            program = company.ecrm_loyalty_program_id
            if not program:
                continue
            cards = self.env["loyalty.card"]._ecrm_cards_for(program, orders.partner_id)
            for order in orders:
                card = cards.get(order.partner_id.id)
                if not card:
                    continue
                # sudo: whoever records the delivery may not read sales data.
                platform = order.sudo()._ecrm_loyalty_platform_points(program)
                points = float_round(
                    min(
                        own.get(order.id, 0.0) + platform,
                        card.points - to_remove.get(card, 0.0),
                    ),
                    precision_digits=2,
                )
                if points <= 0:
                    continue
                to_remove[card] = to_remove.get(card, 0.0) + points
                history_vals.append(
                    {
                        "card_id": card.id,
                        "description": _(
                            "Order %s not delivered (cash on delivery)", order.name
                        ),
                        "used": points,
                        "ecrm_kind": "reversal",
                        "ecrm_order_id": order.id,
                    }
                )
        History.create(history_vals)
        for card, points in to_remove.items():
            card.points -= points
        self.partner_id._ecrm_recompute_tiers()
