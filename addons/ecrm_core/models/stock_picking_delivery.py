# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockPicking(models.Model):
    """A done delivery, or a done return of one, is a delivery event of its order."""

    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        self._ecrm_delivery_events()
        return res

    def _ecrm_delivery_events(self):
        done = self.filtered(lambda p: p.state == "done" and p.sale_id)
        # Goods coming back from the customer are a return; goods going out
        # are a delivery, a return of a return (shipped again) included.
        returns = done.filtered(
            lambda p: p.return_id and p.picking_type_code == "incoming"
        )
        deliveries = (done - returns).filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        vals_list = []
        for picking in deliveries | returns:
            carrier = "carrier_id" in picking._fields and picking.carrier_id.name
            returned = picking in returns
            vals_list.append(
                {
                    "order_id": picking.sale_id.id,
                    "picking_id": picking.id,
                    "origin": "picking",
                    "source": "",
                    "event_id": f"picking-{picking.id}",
                    "status": "returned" if returned else "delivered",
                    "reason": "returned" if returned else False,
                    "carrier": carrier or False,
                    "date": picking.date_done,
                }
            )
        if vals_list:
            # sudo: validating a transfer records what happened to its order,
            # whoever in the warehouse validates it.
            self.env["sale.order"].sudo()._ecrm_delivery_record(vals_list)
