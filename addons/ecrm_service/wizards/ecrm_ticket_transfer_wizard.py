# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmTicketTransferWizard(models.TransientModel):
    _name = "ecrm.ticket.transfer.wizard"
    _description = "Transfer a Complaint"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    from_team_id = fields.Many2one(related="ticket_id.team_id", string="From")
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        "To Department",
        required=True,
        domain="[('id', '!=', from_team_id)]",
    )
    note = fields.Text()

    def action_transfer(self):
        self.ensure_one()
        self.ticket_id.action_ecrm_transfer(self.team_id, self.note)
        return {"type": "ir.actions.act_window_close"}
