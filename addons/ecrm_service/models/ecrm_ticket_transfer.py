# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmTicketTransfer(models.Model):
    _name = "ecrm.ticket.transfer"
    _description = "Complaint Transfer"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade"
    )
    from_team_id = fields.Many2one("helpdesk.ticket.team", "From Department")
    to_team_id = fields.Many2one("helpdesk.ticket.team", "To Department", required=True)
    user_id = fields.Many2one(
        "res.users", "Transferred By", required=True, default=lambda s: s.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    note = fields.Text()
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
