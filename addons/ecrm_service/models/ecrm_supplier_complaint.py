# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.tools import SQL

from .helpdesk_ticket_supplier import SUPPLIER_STATES


class EcrmSupplierComplaint(models.Model):
    """What a supplier's portal contacts may know of a complaint escalated to
    their company: the product, the order reference, the problem and the deadline;
    nothing about the customer.

    Suppliers have no access to ``helpdesk.ticket`` at all: this read-only view
    selects the allowed columns of the escalated tickets, so no route that reads
    records (call_kw, exports, XML-RPC, portal pages) can reach the customer's
    name, contact, address, conversation, followers or attachments through it.
    The record ids are the ticket ids."""

    _name = "ecrm.supplier.complaint"
    _description = "Complaint Escalated to a Supplier"
    _auto = False
    _order = "deadline, id"
    _rec_name = "number"
    _depends = {
        "helpdesk.ticket": [
            "active",
            "number",
            "name",
            "description",
            "category_id",
            "product_id",
            "sale_order_id",
            "ecrm_supplier_commercial_id",
            "company_id",
            "ecrm_supplier_state",
            "ecrm_supplier_escalated_date",
            "ecrm_supplier_deadline",
            "ecrm_supplier_late",
            "ecrm_supplier_answer",
            "ecrm_supplier_answer_date",
            "ecrm_supplier_answer_partner_id",
        ],
        "sale.order": ["name"],
    }

    number = fields.Char("Complaint", readonly=True)
    name = fields.Char("Subject", readonly=True)
    description = fields.Html("Problem", readonly=True, sanitize=False)
    category_id = fields.Many2one("helpdesk.ticket.category", "Category", readonly=True)
    product_id = fields.Many2one("product.product", "Product", readonly=True)
    order_reference = fields.Char(
        "Order Reference", readonly=True, help="Reference of the customer's order."
    )
    supplier_id = fields.Many2one("res.partner", "Supplier", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    state = fields.Selection(
        [s for s in SUPPLIER_STATES if s[0] != "none"], "Status", readonly=True
    )
    escalated_date = fields.Datetime("Escalated On", readonly=True)
    deadline = fields.Datetime("Answer Before", readonly=True)
    late = fields.Boolean("Late", readonly=True)
    answer = fields.Text("Answer", readonly=True)
    answer_date = fields.Datetime("Answered On", readonly=True)
    answer_partner_id = fields.Many2one("res.partner", "Answered By", readonly=True)
    countdown = fields.Char(
        "Time Left",
        compute="_compute_countdown",
        help="Working time left to answer, in the working hours of the agreement, "
        "or how late the answer is.",
    )

    def _compute_countdown(self):
        waiting = self.filtered(lambda c: c.state == "escalated" and c.deadline)
        (self - waiting).countdown = False
        if not waiting:
            return
        # sudo: suppliers may not read agreements nor working hours; only the
        # working hours of the agreements of these complaints, which the record
        # rules already limited to the caller's company, are used.
        agreements = (
            self.env["ecrm.supplier.agreement"]
            .sudo()
            .search(
                [
                    ("supplier_id", "in", waiting.supplier_id.ids),
                    ("company_id", "in", waiting.company_id.ids),
                ]
            )
        )
        calendars = {
            (a.supplier_id.id, a.company_id.id): a.resource_calendar_id
            for a in agreements
        }
        no_calendar = self.env["resource.calendar"].sudo()
        Ticket = self.env["helpdesk.ticket"]
        now = fields.Datetime.now()
        for calendar, complaints in waiting.grouped(
            lambda c: calendars.get((c.supplier_id.id, c.company_id.id), no_calendar)
        ).items():
            pairs = [(now, c.deadline) for c in complaints]
            if calendar:
                lefts = calendar._ecrm_hours_left(pairs, now)
            else:
                lefts = [(d - n).total_seconds() / 3600.0 for n, d in pairs]
            day = calendar.hours_per_day or 24.0
            for complaint, left in zip(complaints, lefts, strict=True):
                duration = Ticket._ecrm_format_duration(abs(left), day)
                complaint.countdown = (
                    _("Late by %s", duration) if left < 0 else _("%s left", duration)
                )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT t.id,
                   t.number,
                   t.name,
                   t.description,
                   t.category_id,
                   t.product_id,
                   so.name AS order_reference,
                   t.ecrm_supplier_commercial_id AS supplier_id,
                   t.company_id,
                   t.ecrm_supplier_state AS state,
                   t.ecrm_supplier_escalated_date AS escalated_date,
                   t.ecrm_supplier_deadline AS deadline,
                   COALESCE(t.ecrm_supplier_late, false) AS late,
                   t.ecrm_supplier_answer AS answer,
                   t.ecrm_supplier_answer_date AS answer_date,
                   t.ecrm_supplier_answer_partner_id AS answer_partner_id
              FROM helpdesk_ticket t
         LEFT JOIN sale_order so ON so.id = t.sale_order_id
             WHERE t.active
               AND t.ecrm_supplier_state != %s
               AND t.ecrm_supplier_commercial_id IS NOT NULL
            """,
            "none",
        )

    def action_answer(self, answer):
        """The supplier's answer, sent from the portal by one of its contacts."""
        self.ensure_one()
        # The supplier record rule: only complaints escalated to the caller's company.
        self.check_access("read")
        # sudo: suppliers have no access to tickets; the ticket's own check compares
        # the caller's company with the ticket's supplier before writing.
        ticket = self.env["helpdesk.ticket"].sudo().browse(self.id)
        return ticket.ecrm_action_supplier_answer(answer)
