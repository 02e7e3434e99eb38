# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models


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
    supplier_id = fields.Many2one("res.partner", "Supplier", index="btree_not_null")
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

    @api.model
    def _ecrm_raise(self, candidates):
        """Create the alerts whose condition is not already reported: an alert
        with the same key still open, or closed less than the cooldown ago."""
        if not candidates:
            return self.browse()
        Alert = self
        cooldown = self.env["ecrm.analytics"]._param("alert_cooldown_days", 30, int)
        since = fields.Datetime.now() - timedelta(days=cooldown)
        keys = [c["key"] for c in candidates]
        existing = Alert.with_context(active_test=False).search_fetch(
            [
                ("company_id", "=", self.env.company.id),
                ("key", "in", keys),
                "|",
                ("state", "!=", "closed"),
                ("write_date", ">=", since),
            ],
            ["key"],
        )
        known = set(existing.mapped("key"))
        todo = [dict(c, message=c["name"]) for c in candidates if c["key"] not in known]
        return Alert.create(todo) if todo else Alert

    def _ecrm_notify_managers(self):
        """A to-do activity per alert for each eCRM manager, and one digest mail."""
        alerts = self
        if not alerts:
            return
        managers = self.env.ref("ecrm_core.group_ecrm_manager").users.filtered(
            lambda u: u.active and not u.share and u.company_ids & self.env.company
        )
        # the digest below is the managers' one mail of the night: no "you have
        # been assigned" mail for each alert's activity (mail_activity_quick_update)
        quiet = alerts.with_context(mail_activity_quick_update=True)
        for user in managers:
            quiet.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Check this buying behaviour alert"),
                user_id=user.id,
            )
        partners = managers.partner_id.filtered("email")
        if not partners:
            return
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                escape(
                    dict(alert._fields["alert_type"]._description_selection(self.env))[
                        alert.alert_type
                    ]
                ),
                escape(alert.partner_id.display_name or ""),
                escape(alert.name),
            )
            for alert in alerts[:200]
        )
        body = Markup("<p>%s</p><table border='1' cellpadding='4'>%s</table>") % (
            self.env._("%(count)s new buying behaviour alerts:", count=len(alerts)),
            rows,
        )
        # sudo: the job (cron user) sends the digest on behalf of the company.
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._(
                    "eCRM alerts digest: %(count)s new", count=len(alerts)
                ),
                "body_html": body,
                "recipient_ids": [(6, 0, partners.ids)],
                "email_from": self.env.company.email_formatted
                or self.env.user.email_formatted,
                "auto_delete": False,
            }
        )
