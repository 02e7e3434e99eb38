# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmAlert(models.Model):
    _name = "ecrm.alert"
    _description = "Buying Behaviour Alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char("Alert", required=True)
    alert_type = fields.Selection(
        [
            ("customer_rhythm", "Customer overdue"),
            ("churn_jump", "Churn risk jump"),
            ("category_drop", "Category sales drop"),
            ("supplier_drop", "Supplier sales drop"),
            ("complaint_spike", "Complaint spike"),
            ("supplier_complaint_spike", "Supplier complaint spike"),
        ],
        "Type",
        required=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one("res.partner", "Customer", index="btree_not_null")
    categ_id = fields.Many2one("product.category", "Product Category")
    supplier_id = fields.Many2one("res.partner", "Supplier")
    ticket_category_id = fields.Many2one(
        "helpdesk.ticket.category", "Complaint Category"
    )
    severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        required=True,
        default="medium",
    )
    state = fields.Selection(
        [("new", "New"), ("acknowledged", "Acknowledged"), ("closed", "Closed")],
        required=True,
        default="new",
        tracking=True,
        index=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    key = fields.Char(
        required=True,
        index=True,
        help="Identifies the condition: while an alert with this key is open (or "
        "closed recently), the same condition raises no new alert.",
    )
    value = fields.Float(
        digits=(16, 2), help="The measured deviation (z-score, or days overdue)."
    )
    message = fields.Text()

    def action_acknowledge(self):
        self.filtered(lambda a: a.state == "new").state = "acknowledged"

    def action_close(self):
        self.state = "closed"
        self.activity_ids.action_feedback()
