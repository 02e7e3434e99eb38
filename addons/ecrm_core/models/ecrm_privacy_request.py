# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The register of data-subject requests (Law 91/2025/QH15, Decree 356/2025)."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..const import PRIVACY_REQUEST_CHANNELS
from .ecrm_privacy_deadline import REQUEST_TYPES

OPEN_STATES = ("new", "in_progress")
DEFAULT_EXPORT_DAYS = 30
DEFAULT_WARN_DAYS = 2
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EcrmPrivacyRequest(models.Model):
    _name = "ecrm.privacy.request"
    _description = "Personal Data Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "deadline, id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    request_type = fields.Selection(
        REQUEST_TYPES, "Request Type", required=True, tracking=True
    )
    channel = fields.Selection(
        PRIVACY_REQUEST_CHANNELS,
        "Received Through",
        required=True,
        default="email",
    )
    received_date = fields.Datetime(
        "Received On", required=True, default=fields.Datetime.now, tracking=True
    )
    description = fields.Text(
        "Request",
        help="What the customer asked, in their words (e.g. what to correct).",
    )
    handler_id = fields.Many2one(
        "res.users",
        "Handled By",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("refused", "Refused"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )
    outcome = fields.Text(
        help="What was done, or why the request was refused: told to the customer."
    )
    done_date = fields.Datetime("Closed On", readonly=True, copy=False)
    log_ids = fields.One2many(
        "ecrm.privacy.request.log", "request_id", "Log", readonly=True
    )

    response_deadline = fields.Date(
        "Acknowledge By",
        compute="_compute_deadlines",
        store=True,
        help="Last working day to tell the customer the request was received.",
    )
    deadline = fields.Date(
        "Legal Deadline",
        compute="_compute_deadlines",
        store=True,
        index=True,
        tracking=True,
        help="Last working day to carry the request out (Decree 356/2025), "
        "weekends and the company's public holidays not counted.",
    )
    is_overdue = fields.Boolean(
        "Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    export_count = fields.Integer("Export Files", compute="_compute_export_count")

    @api.depends("received_date", "request_type", "company_id")
    def _compute_deadlines(self):
        Deadline = self.env["ecrm.privacy.deadline"]
        for request in self:
            if not (request.received_date and request.request_type):
                request.response_deadline = request.deadline = False
                continue
            response_days, days = Deadline._ecrm_days(request.request_type)
            request.response_deadline = request._ecrm_working_day(response_days)
            request.deadline = request._ecrm_working_day(days)

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in OPEN_STATES
                and request.deadline
                and request.deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search 'Overdue' with 'is set' or 'is not set'."))
        domain = [
            ("state", "in", OPEN_STATES),
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _compute_export_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for request in self:
            request.export_count = counts.get(request.id, 0)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("ecrm.privacy.request") or "/"
        requests = super().create(vals_list)
        requests._ecrm_log("received", False)
        return requests

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handled(self):
        if any(request.state != "new" or request.log_ids[1:] for request in self):
            raise UserError(
                _(
                    "A request that was worked on stays in the register: refuse it "
                    "instead."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start(self):
        for request in self.filtered(lambda r: r.state == "new"):
            request.write(
                {
                    "state": "in_progress",
                    "handler_id": request.handler_id.id or self.env.uid,
                }
            )
            request._ecrm_log("started", False)
        return True

    def action_carry_out(self):
        """Do what the request asks, log it and close it."""
        self._ecrm_check_open()
        for request in self:
            handler = getattr(request, f"_ecrm_carry_out_{request.request_type}")
            handler()
            request.write(
                {
                    "state": "done",
                    "done_date": fields.Datetime.now(),
                    "handler_id": request.handler_id.id or self.env.uid,
                }
            )
        return True

    def action_refuse(self):
        self._ecrm_check_open()
        for request in self:
            if not request.outcome:
                raise UserError(
                    _(
                        "Write in Outcome why request %s is refused: the customer "
                        "is told.",
                        request.name,
                    )
                )
            request.write({"state": "refused", "done_date": fields.Datetime.now()})
            request._ecrm_log("refused", request.outcome)
        return True

    def action_view_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    def action_view_exports(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Export Files"),
            "res_model": "ir.attachment",
            "view_mode": "list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Carrying out, per request type
    # ------------------------------------------------------------------

    def _ecrm_carry_out_access(self):
        attachments = self._ecrm_export_files()
        self._ecrm_log(
            "exported", _("Files: %s", ", ".join(attachments.mapped("name")))
        )
        return attachments

    def _ecrm_carry_out_correction(self):
        if not self.outcome:
            raise UserError(
                _(
                    "Correct the customer's profile, then write in Outcome what was "
                    "corrected before closing request %s.",
                    self.name,
                )
            )
        self._ecrm_log("corrected", self.outcome)

    def _ecrm_carry_out_erasure(self):
        self.partner_id.action_ecrm_anonymise()
        # the customer's earlier export files go with the rest of their data
        requests = self.search([("partner_id", "=", self.partner_id.id)])
        exports = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "in", requests.ids)]
        )
        exports.unlink()
        self._ecrm_log("erased", _("Personal data of the customer erased."))

    def _ecrm_carry_out_consent_withdrawal(self):
        self.partner_id._ecrm_withdraw_consent("privacy_request", self.received_date)
        self._ecrm_log(
            "consent_withdrawn",
            _(
                "Email, SMS and phone consents withdrawn; email and numbers "
                "blacklisted; mailing lists left."
            ),
        )

    def _ecrm_carry_out_restriction(self):
        self.partner_id._ecrm_restrict_processing(self.received_date)
        self._ecrm_log(
            "restricted",
            _("Excluded from marketing, mailings and analytics exports."),
        )

    _ecrm_carry_out_objection = _ecrm_carry_out_restriction

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _ecrm_check_open(self):
        closed = self.filtered(lambda r: r.state not in OPEN_STATES)
        if closed:
            raise UserError(
                _("Request %s is already closed.", ", ".join(closed.mapped("name")))
            )

    def _ecrm_log(self, action, note):
        """A log line and a chatter note on each request of ``self``."""
        if not self:
            return
        self.env["ecrm.privacy.request.log"].create(
            [
                {"request_id": request.id, "action": action, "note": note}
                for request in self
            ]
        )
        label = dict(
            self.env["ecrm.privacy.request.log"]
            ._fields["action"]
            ._description_selection(self.env)
        )[action]
        for request in self:
            request.message_post(
                body=f"{label}: {note}" if note else label,
                subtype_xmlid="mail.mt_note",
            )

    def _ecrm_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    def _ecrm_export_files(self):
        """The customer's personal data as JSON and XLSX, attached to the request.

        Only eCRM managers read requests, so only they read these files; they are
        never attached to the partner, which many roles read.
        """
        self.ensure_one()
        partner = self.partner_id
        data = partner._ecrm_personal_data()
        stem = f"personal-data-{partner.ecrm_code or partner.id}-{self.name}"
        stem = stem.replace("/", "-")
        return self.env["ir.attachment"].create(
            [
                {
                    "name": f"{stem}.json",
                    "raw": partner._ecrm_personal_data_json(data),
                    "mimetype": "application/json",
                    "res_model": self._name,
                    "res_id": self.id,
                },
                {
                    "name": f"{stem}.xlsx",
                    "raw": partner._ecrm_personal_data_xlsx(data),
                    "mimetype": XLSX_MIMETYPE,
                    "res_model": self._name,
                    "res_id": self.id,
                },
            ]
        )
