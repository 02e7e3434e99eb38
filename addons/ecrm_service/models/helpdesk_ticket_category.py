# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

COMPLAINT_CATEGORIES = [
    ("product_quality", "Product quality"),
    ("service_quality", "Service quality"),
    ("delivery", "Delivery"),
    ("payment", "Payment / e-wallet"),
    ("supplier", "Supplier fault"),
    ("supplier_vs_platform", "Supplier complaining about the platform"),
]
# Complaints the supplier must answer: they are escalated to its portal.
SUPPLIER_FAULT_CODES = ("supplier",)


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    ecrm_code = fields.Selection(
        COMPLAINT_CATEGORIES,
        string="Complaint Type",
        index=True,
        help="The complaint type this category stands for in the API and reports.",
    )
    ecrm_deadline_hours = fields.Integer(
        "Resolution Deadline (hours)",
        default=48,
        help="Hours between the reception of a complaint and its resolution deadline.",
    )
    ecrm_reminder_hours = fields.Integer(
        "Reminder Before (hours)",
        default=4,
        help="The department is reminded this many hours before the deadline.",
    )
    ecrm_supplier_fault = fields.Boolean(
        "Supplier Fault",
        compute="_compute_ecrm_supplier_fault",
        store=True,
        help="Complaints of this category may be escalated to the supplier.",
    )

    _sql_constraints = [
        (
            "ecrm_code_company_unique",
            "unique(ecrm_code, company_id)",
            "A complaint type has one category per company.",
        ),
    ]

    @api.depends("ecrm_code")
    def _compute_ecrm_supplier_fault(self):
        for category in self:
            category.ecrm_supplier_fault = category.ecrm_code in SUPPLIER_FAULT_CODES

    @api.constrains("ecrm_deadline_hours", "ecrm_reminder_hours")
    def _check_ecrm_deadline_hours(self):
        for category in self:
            if category.ecrm_deadline_hours <= 0:
                raise ValidationError(
                    _("The resolution deadline must be at least one hour.")
                )
            if category.ecrm_reminder_hours < 0:
                raise ValidationError(_("The reminder cannot be negative."))
