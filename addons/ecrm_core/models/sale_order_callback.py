# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Call-backs: after a cancellation, the responsible of the channel calls the
customer back to confirm the reason or recover the order."""

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..const import CALLBACK_OUTCOMES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_callback_user_id = fields.Many2one(
        "res.users",
        string="Call-back Responsible",
        help="Who analyses the cancellation and calls the customer back.",
    )
    ecrm_recovered_order_id = fields.Many2one(
        "sale.order",
        string="Recovered As",
        copy=False,
        readonly=True,
        # Deleting an order checks this column of every order: without an
        # index, a full scan of sale_order per deleted order.
        index="btree_not_null",
        help="The new order created when the call-back won the customer back.",
    )
    ecrm_callback_outcome = fields.Selection(
        CALLBACK_OUTCOMES,
        string="Call-back Outcome",
        copy=False,
        tracking=True,
        help="Result of the call-back after a cancellation. Empty: the "
        "customer still has to be called back.",
    )
    ecrm_callback_note = fields.Text("Call-back Note", copy=False)
    ecrm_callback_date = fields.Datetime("Called Back On", copy=False, readonly=True)

    def action_ecrm_callback(self):
        """Open the wizard recording the call-back of a cancelled order."""
        self._ecrm_check_telesales_access()
        if self.filtered(lambda o: o.state != "cancel"):
            raise UserError(_("Only cancelled orders are called back."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Call Back"),
            "res_model": "ecrm.order.callback.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def _ecrm_schedule_callback(self):
        """An activity for the person responsible of the channel's cancellations."""
        responsibles = self.env["ecrm.channel.responsible"]._ecrm_responsibles(
            self.mapped("ecrm_sales_channel"), self.company_id
        )
        activity_type = self.env.ref("ecrm_core.mail_activity_ecrm_callback")
        for order in self:
            user = responsibles.get(
                (order.ecrm_sales_channel, order.company_id.id)
            ) or (order.user_id or self.env.user)
            order.ecrm_callback_user_id = user
            order.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=_("Analyse the cancellation and call the customer back"),
                note=_(
                    "Reason: %(reason)s. %(note)s",
                    reason=order.ecrm_cancel_reason_id.name,
                    note=order.ecrm_cancel_note or "",
                ),
            )

    def _ecrm_record_callback(self, outcome, note=False):
        """Record the call-back; a recovered order comes back as a new quotation."""
        self._ecrm_check_telesales_access()
        activity_type = self.env.ref("ecrm_core.mail_activity_ecrm_callback")
        label = self._ecrm_call_outcome_label(f"callback_{outcome}")
        for order in self:
            order._ecrm_log_call(f"callback_{outcome}", note or label)
        self.write(
            {
                "ecrm_callback_outcome": outcome,
                "ecrm_callback_note": note,
                "ecrm_callback_date": fields.Datetime.now(),
            }
        )
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=note or outcome)
        new_orders = self.browse()
        if outcome == "recovered":
            for order in self:
                new = order.copy(
                    {
                        "ecrm_telesales_state": "to_call",
                        "ecrm_queue_date": fields.Datetime.now(),
                        "origin": order.name,
                        "ecrm_payment_method": order.ecrm_payment_method,
                    }
                )
                order.ecrm_recovered_order_id = new
                new_orders |= new
        return new_orders
