# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a data-subject request changes on the customer: consent withdrawal on
every channel at once, restriction of processing, and the register's buttons."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import SQL

# Cleared only by the flows of the personal data requests (as superuser, once
# they checked the caller), never directly through the ORM or RPC. Setting them
# is allowed (a merge carries them to the surviving profile).
REQUEST_FLAGS = {
    "ecrm_consent_withdrawn_date",
    "ecrm_processing_restricted",
    "ecrm_processing_restricted_date",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecrm_consent_email_source = fields.Selection(
        selection_add=[("privacy_request", "Personal data request")],
        ondelete={"privacy_request": "set null"},
    )
    ecrm_consent_sms_source = fields.Selection(
        selection_add=[("privacy_request", "Personal data request")],
        ondelete={"privacy_request": "set null"},
    )
    ecrm_consent_phone_source = fields.Selection(
        selection_add=[("privacy_request", "Personal data request")],
        ondelete={"privacy_request": "set null"},
    )
    ecrm_consent_withdrawn_date = fields.Datetime(
        "Consent Withdrawn On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer withdrew every marketing consent: no channel reaches "
        "them and marketing exports leave them out until they consent again.",
    )
    ecrm_processing_restricted = fields.Boolean(
        "Processing Restricted",
        readonly=True,
        copy=False,
        help="The customer asked to restrict or objected to the processing of "
        "their data: no marketing, mailing, call-back or analytics export "
        "includes them.",
    )
    ecrm_processing_restricted_date = fields.Datetime(
        "Restricted On", readonly=True, copy=False
    )
    ecrm_privacy_excluded = fields.Boolean(
        "Excluded From Marketing",
        compute="_compute_ecrm_privacy_excluded",
        search="_search_ecrm_privacy_excluded",
        help="Withdrew consent, restricted or objected to processing, or was "
        "anonymised.",
    )
    ecrm_privacy_request_count = fields.Integer(
        "Personal Data Requests",
        compute="_compute_ecrm_privacy_request_count",
        groups="ecrm_core.group_ecrm_manager",
    )

    @api.depends(
        "ecrm_consent_withdrawn_date",
        "ecrm_processing_restricted",
        "ecrm_anonymised_date",
    )
    def _compute_ecrm_privacy_excluded(self):
        for partner in self:
            partner.ecrm_privacy_excluded = bool(
                partner.ecrm_consent_withdrawn_date
                or partner.ecrm_processing_restricted
                or partner.ecrm_anonymised_date
            )

    def _search_ecrm_privacy_excluded(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return [("id", "=", 0)]
        domain = [
            "|",
            "|",
            ("ecrm_consent_withdrawn_date", "!=", False),
            ("ecrm_processing_restricted", "=", True),
            ("ecrm_anonymised_date", "!=", False),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _compute_ecrm_privacy_request_count(self):
        counts = dict(
            self.env["ecrm.privacy.request"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.ecrm_privacy_request_count = counts.get(partner, 0)

    def write(self, vals):
        if not self.env.su and any(
            fname in vals and not vals[fname] for fname in REQUEST_FLAGS
        ):
            raise AccessError(
                _(
                    "Consent withdrawal and restriction of processing change only "
                    "through a personal data request."
                )
            )
        # Consent given again (through the consent form, with its source and
        # date) ends a withdrawal.
        if any(vals.get(f"ecrm_consent_{c}") for c in ("email", "sms", "phone")):
            vals = dict(vals, ecrm_consent_withdrawn_date=False)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_ecrm_view_privacy_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ecrm_core.ecrm_privacy_request_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_ecrm_request_erasure(self):
        """The form's Anonymise button: an erasure request, carried out and logged."""
        self.ensure_one()
        request = self._ecrm_privacy_request("erasure")
        request.action_carry_out()
        return request._ecrm_form_action()

    def action_ecrm_lift_restriction(self):
        self._ecrm_check_privacy_officer()
        # sudo: a manager was checked; the flag is read-only for everyone else
        self.sudo().write(
            {
                "ecrm_processing_restricted": False,
                "ecrm_processing_restricted_date": False,
            }
        )
        for partner in self:
            partner.message_post(
                body=_("Restriction of processing lifted."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _ecrm_privacy_request(self, request_type):
        """The open request of ``request_type`` for this customer, or a new one
        received now through staff (a manager acting at the customer's word)."""
        self.ensure_one()
        self._ecrm_check_privacy_officer()
        Request = self.env["ecrm.privacy.request"]
        request = Request.search(
            [
                ("partner_id", "=", self.id),
                ("request_type", "=", request_type),
                ("state", "in", ("new", "in_progress")),
            ],
            order="received_date",
            limit=1,
        )
        return request or Request.create(
            {
                "partner_id": self.id,
                "request_type": request_type,
                "channel": "staff",
                "company_id": (self.company_id or self.env.company).id,
            }
        )

    def _ecrm_withdraw_consent(self, source, date):
        """Withdraw every marketing consent of ``self`` at once, on every channel.

        Consent flags off (with ``source`` and ``date``), the email on Odoo's
        email blacklist, every number on the phone blacklist, and (addons that
        hold contacts extend ``_ecrm_privacy_stop_marketing``) every mailing
        list left. Only an eCRM manager, handling a request, calls it.
        """
        self._ecrm_check_privacy_officer()
        date = date or fields.Datetime.now()
        # sudo: a manager was checked; consent flags and blacklists are written
        # only by the flows that own them, this being the withdrawal flow
        partners = self.sudo()
        vals = {"ecrm_consent_withdrawn_date": date}
        for channel in ("email", "sms", "phone"):
            vals.update(
                {
                    f"ecrm_consent_{channel}": False,
                    f"ecrm_consent_{channel}_date": date,
                    f"ecrm_consent_{channel}_source": source,
                }
            )
        partners.write(vals)
        partners._ecrm_privacy_blacklist()
        partners._ecrm_privacy_stop_marketing()
        return True

    def _ecrm_restrict_processing(self, date):
        """Flag ``self`` as restricted: out of every marketing flow and export."""
        self._ecrm_check_privacy_officer()
        # sudo: a manager was checked; the flag is read-only for everyone else
        partners = self.sudo()
        partners.write(
            {
                "ecrm_processing_restricted": True,
                "ecrm_processing_restricted_date": date or fields.Datetime.now(),
            }
        )
        partners._ecrm_privacy_stop_marketing()
        return True

    def _ecrm_privacy_blacklist(self):
        """Put the emails and every phone number of ``self`` on the blacklists."""
        message = _("Consent withdrawn through a personal data request.")
        MailBlacklist = self.env["mail.blacklist"].sudo()
        for email in set(self.filtered("email_normalized").mapped("email_normalized")):
            MailBlacklist._add(email, message=message)
        numbers = set(self._ecrm_privacy_numbers())
        if numbers:
            PhoneBlacklist = self.env["phone.blacklist"].sudo()
            existing = PhoneBlacklist.with_context(active_test=False).search(
                [("number", "in", list(numbers))]
            )
            existing.filtered(lambda b: not b.active).action_unarchive()
            missing = numbers - set(existing.mapped("number"))
            if missing:
                PhoneBlacklist._add(sorted(missing), message=message)

    def _ecrm_privacy_numbers(self):
        """Every number of ``self`` in E.164: phone, mobile and extra numbers."""
        if not self:
            return []
        # sudo: the numbers of partners the caller already handles (a manager)
        phones = (
            self.env["ecrm.partner.phone"]
            .sudo()
            .search_fetch([("partner_id", "in", self.ids)], ["number_e164"])
        )
        numbers = {n for n in phones.mapped("number_e164") if n}
        numbers.update(n for n in self.mapped("phone_sanitized") if n)
        return sorted(numbers)

    def _ecrm_privacy_stop_marketing(self):
        """Hook: take ``self`` off every marketing list the addons hold.

        ecrm_marketing opts their mailing contacts (matched by email or
        number) out of every mailing list.
        """
        return True

    @api.model
    def _ecrm_consent_domain(self, channel):
        return expression.AND(
            [
                super()._ecrm_consent_domain(channel),
                [
                    ("ecrm_processing_restricted", "=", False),
                    ("ecrm_consent_withdrawn_date", "=", False),
                ],
            ]
        )

    @api.model
    def _ecrm_privacy_allowed_sql(self, alias="p"):
        """SQL condition on ``res_partner <alias>``: not anonymised, no consent
        withdrawn, no restriction. For every marketing or analytics export."""
        return SQL(
            """(%(a)s.ecrm_anonymised_date IS NULL
                AND %(a)s.ecrm_consent_withdrawn_date IS NULL
                AND NOT COALESCE(%(a)s.ecrm_processing_restricted, FALSE))""",
            a=SQL.identifier(alias),
        )
