# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """Paid web shop orders wait for the telesales call like the others.

        The payment is noted on the order (paid, by card or e-wallet) and the
        order enters the queue; the confirmation call confirms it.
        """
        waiting = self.env["sale.order"]
        for tx in self:
            order = tx.sale_order_ids
            if (
                len(order) == 1
                and order.website_id
                and order.state in ("draft", "sent")
                and order.ecrm_telesales_state != "confirmed"
                and order._is_confirmation_amount_reached()
            ):
                order.write(
                    {
                        "ecrm_paid": tx.state == "done",
                        "ecrm_payment_method": "ewallet"
                        if tx.payment_method_id.code not in ("card", "unknown")
                        else "card",
                    }
                )
                if not order.ecrm_telesales_state:
                    order._ecrm_enter_telesales_queue("web")
                waiting |= order
        others = self.filtered(lambda tx: tx.sale_order_ids not in waiting)
        return super(PaymentTransaction, others)._check_amount_and_confirm_order()
