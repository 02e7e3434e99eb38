# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    ecrm_pause_deadline = fields.Boolean(
        "Stops the Deadline Clock",
        help="The stage waits for the customer or the supplier: the working time "
        "spent in it does not count towards the complaint's deadline.",
    )
