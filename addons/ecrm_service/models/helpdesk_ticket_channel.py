# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

COMPLAINT_CHANNELS = [
    ("hotline", "Hotline"),
    ("web", "Web comment / form"),
    ("facebook", "Facebook"),
    ("email", "Email"),
    ("api", "API"),
    ("store", "Store"),
]


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    ecrm_code = fields.Selection(
        COMPLAINT_CHANNELS,
        string="Complaint Channel",
        index=True,
        help="The intake this channel stands for in the API and reports.",
    )

    def _ecrm_get(self, code):
        """The channel of ``code`` (first by sequence), or an empty recordset."""
        return self.search([("ecrm_code", "=", code)], limit=1)
