# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EcrmSupplierAgreement(models.Model):
    _name = "ecrm.supplier.agreement"
    _description = "Supplier Complaint Agreement"
    _inherit = ["mail.thread"]
    _order = "supplier_id"
    _rec_name = "supplier_id"

    supplier_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    answer_days = fields.Integer(
        "Days to Answer",
        required=True,
        default=2,
        tracking=True,
        help="Contractual number of working days the supplier has to answer a "
        "complaint escalated to it.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        "Working Hours",
        default=lambda self: self.env["helpdesk.ticket.team"]._ecrm_default_calendar(),
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        tracking=True,
        help="The days to answer are working days of these hours, without the "
        "public holidays. Empty: calendar days.",
    )
    reminder_hours = fields.Integer(
        "Reminder Before (hours)",
        default=12,
        help="The supplier is reminded this many hours before its deadline.",
    )
    date_start = fields.Date("Valid From")
    date_end = fields.Date("Valid Until")
    note = fields.Text("Terms")

    _sql_constraints = [
        (
            "supplier_company_unique",
            "unique(supplier_id, company_id)",
            "A supplier has one complaint agreement per company.",
        ),
    ]

    @api.constrains("answer_days", "date_start", "date_end")
    def _check_answer_days(self):
        for agreement in self:
            if agreement.answer_days <= 0:
                raise ValidationError(
                    _("The days to answer a complaint must be at least one.")
                )
            if (
                agreement.date_start
                and agreement.date_end
                and (agreement.date_end < agreement.date_start)
            ):
                raise ValidationError(_("The agreement ends before it starts."))

    def _ecrm_answer_deadline(self, escalated):
        """When the supplier must answer a complaint escalated at ``escalated``
        (naive UTC): its days to answer as working days of the agreement's
        working hours, public holidays excluded; calendar days without them."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return escalated + timedelta(days=self.answer_days)
        hours = self.answer_days * (calendar.hours_per_day or 8.0)
        return calendar._ecrm_plan([(escalated, hours)])[0]
