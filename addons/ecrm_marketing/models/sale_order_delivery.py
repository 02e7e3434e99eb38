# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.tools import float_round

from odoo.addons.ecrm_core.tools import owned_flow


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_cancel(self):
        confirmed = self.filtered(lambda o: o.state == "sale")
        res = super()._action_cancel()
        owned_flow(confirmed)._ecrm_loyalty_settle_cancelled()
        return res

    def _ecrm_delivery_cod_failed(self):
        res = super()._ecrm_delivery_cod_failed()
        # The failed delivery owns this reversal, whoever recorded it (the
        # warehouse, a carrier's API event).
        owned_flow(self)._ecrm_loyalty_take_back_undelivered()
        return res

    def _ecrm_delivery_cod_redelivered(self):
        res = super()._ecrm_delivery_cod_redelivered()
        # The delivery owns the points it gives back, as the failure owned
        # taking them.
        owned_flow(self)._ecrm_loyalty_give_back_redelivered()
        return res

    def _ecrm_loyalty_take_back_undelivered(self):
        """Take back every point a COD order earned when it is not delivered:
        eCRM's own and sale_loyalty's, net of what a refund already took back.
        A second failure of the same order takes nothing more."""
        own = self._ecrm_loyalty_own_points()
        last_event = self._ecrm_delivery_last_event()
        history_vals = []
        to_remove = {}
        for order, program, card in self._ecrm_loyalty_order_cards():
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
                    "ecrm_delivery_event_id": last_event[order.id].id,
                }
            )
        self._ecrm_loyalty_post(history_vals, {c: -p for c, p in to_remove.items()})

    def _ecrm_loyalty_give_back_redelivered(self):
        """Give back to COD orders delivered after all what their failed
        deliveries took: the points the failures took less what a delivery
        already gave back, on the card they were taken from. Whatever the
        order and repetition of the events, the order ends holding its points
        once."""
        History = self.env["loyalty.history"].sudo()  # sudo: see _ecrm_cards_for
        groups = History._read_group(
            [
                ("ecrm_order_id", "in", self.ids),
                ("ecrm_delivery_event_id", "!=", False),
                ("ecrm_kind", "in", ("reversal", "restored")),
            ],
            ["ecrm_order_id", "card_id"],
            ["used:sum", "issued:sum"],
        )
        last_event = self._ecrm_delivery_last_event()
        history_vals = []
        to_add = {}
        for order, card, used, issued in groups:
            points = float_round(used - issued, precision_digits=2)
            if points <= 0 or order.state != "sale":
                continue
            to_add[card] = to_add.get(card, 0.0) + points
            history_vals.append(
                {
                    "card_id": card.id,
                    "description": _(
                        "Order %s delivered after all (cash on delivery)", order.name
                    ),
                    "issued": points,
                    "ecrm_kind": "restored",
                    "ecrm_order_id": order.id,
                    "ecrm_delivery_event_id": last_event[order.id].id,
                }
            )
        self._ecrm_loyalty_post(history_vals, to_add)

    def _ecrm_loyalty_settle_cancelled(self):
        """A cancelled order ends holding no points. When its delivery had
        failed, eCRM already took back sale_loyalty's share, which
        sale_loyalty's own cancellation takes back again: give back what was
        taken twice."""
        own = self._ecrm_loyalty_own_points()
        cancelled = self.filtered(
            lambda o: o.state == "cancel" and own.get(o.id, 0.0) < 0
        )
        history_vals = []
        to_add = {}
        for order, _program, card in cancelled._ecrm_loyalty_order_cards():
            points = float_round(-own[order.id], precision_digits=2)
            to_add[card] = to_add.get(card, 0.0) + points
            history_vals.append(
                {
                    "card_id": card.id,
                    "description": _(
                        "Order %s cancelled: the points its failed delivery "
                        "took back are not taken twice",
                        order.name,
                    ),
                    "issued": points,
                    "ecrm_kind": "restored",
                    "ecrm_order_id": order.id,
                }
            )
        cancelled._ecrm_loyalty_post(history_vals, to_add)
