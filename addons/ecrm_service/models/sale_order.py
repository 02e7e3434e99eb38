# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The calling view lists the most relevant complaints, not the whole archive.
COMPLAINTS_SHOWN = 20
# Who reads the complaints shown on an order (agents read them, see
# security/ecrm_service_telesales_security.xml).
COMPLAINT_READERS = (
    "ecrm_core.group_ecrm_telesales,ecrm_core.group_ecrm_customer_service"
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_partner_complaint_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Customer's Complaints",
        compute="_compute_ecrm_partner_complaints",
        groups=COMPLAINT_READERS,
        help="The customer's complaints (of the whole company for a contact), "
        "open ones first: mention them before asking to confirm the order.",
    )
    ecrm_partner_complaint_count = fields.Integer(
        "Customer Complaints",
        compute="_compute_ecrm_partner_complaints",
        groups=COMPLAINT_READERS,
    )
    ecrm_partner_open_complaint_count = fields.Integer(
        "Customer Open Complaints",
        compute="_compute_ecrm_partner_complaints",
        groups=COMPLAINT_READERS,
        help="Complaints of the customer not settled yet.",
    )

    @api.depends("partner_id")
    def _compute_ecrm_partner_complaints(self):
        Ticket = self.env["helpdesk.ticket"]
        partners = self.partner_id.commercial_partner_id
        # One query for every order of the batch, newest first.
        tickets = (
            Ticket.search(
                [("commercial_partner_id", "in", partners.ids)],
                order="ecrm_received_date desc, id desc",
            )
            if partners
            else Ticket
        )
        by_partner = tickets.grouped("commercial_partner_id")
        for order in self:
            mine = by_partner.get(order.partner_id.commercial_partner_id, Ticket)
            open_ = mine.filtered(lambda t: not t.closed)
            order.ecrm_partner_complaint_ids = (open_ + (mine - open_))[
                :COMPLAINTS_SHOWN
            ]
            order.ecrm_partner_complaint_count = len(mine)
            order.ecrm_partner_open_complaint_count = len(open_)
