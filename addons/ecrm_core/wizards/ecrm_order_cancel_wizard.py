# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EcrmOrderCancelWizard(models.TransientModel):
    _name = "ecrm.order.cancel.wizard"
    _description = "Cancel an Order from the Telesales Queue"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason_id = fields.Many2one(
        "ecrm.cancel.reason",
        string="Reason",
        required=True,
        domain=[("is_system", "=", False)],
    )
    note = fields.Text()

    @api.constrains("reason_id")
    def _check_reason_id(self):
        if self.reason_id.filtered("is_system"):
            raise ValidationError(
                _("This reason is set by the system; pick another reason.")
            )

    def action_cancel(self):
        self.ensure_one()
        self.order_ids._ecrm_check_in_queue()
        self.order_ids._ecrm_cancel(self.reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
