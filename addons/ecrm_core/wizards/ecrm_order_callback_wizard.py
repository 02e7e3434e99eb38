# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models

from ..const import CALLBACK_OUTCOMES


class EcrmOrderCallbackWizard(models.TransientModel):
    _name = "ecrm.order.callback.wizard"
    _description = "Record the Call-back of a Cancelled Order"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    outcome = fields.Selection(CALLBACK_OUTCOMES, required=True)
    note = fields.Text()

    def action_record(self):
        self.ensure_one()
        new_orders = self.order_ids._ecrm_record_callback(self.outcome, self.note)
        if len(new_orders) == 1:
            return {
                "type": "ir.actions.act_window",
                "name": _("Recovered Order"),
                "res_model": "sale.order",
                "res_id": new_orders.id,
                "view_mode": "form",
            }
        return {"type": "ir.actions.act_window_close"}
