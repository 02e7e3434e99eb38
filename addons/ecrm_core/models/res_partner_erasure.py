# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Erasure of a customer ("forget this customer", Law 91/2025/QH15).

``_ecrm_erase_personal_data`` is the one entry point. Each eCRM addon extends it
for the personal data it adds: an extension wipes its own traces first, then calls
``super()``; this base wipes the platform's traces (chatter, mails, SMS, payments,
portal login...) and the profile itself, last. Who and what to wipe is decided once,
before anything changes, by ``_ecrm_erasure_keys`` (names, emails, numbers in every
format, and the records that belong to the person, which the addons extend through
``_ecrm_erasure_records``).

Text written by staff about the person (notes on kept records, tracking values,
supplier answers) is kept with every occurrence of the person's name, email and
numbers replaced by ``ERASED``: one regular expression per person, applied in SQL.
"""

import logging
import re

import phonenumbers
import psycopg2

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .res_partner_privacy import ANONYMOUS_NAME, ERASURE_CONTEXT, PERSONAL_FIELDS

_logger = logging.getLogger(__name__)

# What replaces the person's name, email or number inside a text that is kept.
ERASED = "***"
# Names shorter than this are not searched in free text (too many false matches).
MIN_NAME_LENGTH = 4
# Separators people put inside a phone number ("0912 345 678", "091.234.5678").
PHONE_SEPARATORS = "[ .()-]*"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------------

    def _ecrm_erase_personal_data(self, keys=None):
        """Wipe every trace of the customers of ``self``; keep order totals,
        issued invoices and figures. Called as superuser with ERASURE_CONTEXT
        by ``action_ecrm_anonymise`` (and the data-subject request flow).

        Extensions: ``keys = keys or self._ecrm_erasure_keys()``, wipe what the
        addon adds, then ``return super()._ecrm_erase_personal_data(keys)``.
        """
        keys = keys or self._ecrm_erasure_keys()
        # the caller (action_ecrm_anonymise, the data-subject request) sets it
        # already; set again for the platform's writes below
        partners = self.with_context(**ERASURE_CONTEXT)
        keys["partners"] = keys["partners"].with_context(**ERASURE_CONTEXT)
        keys["users"] = keys["users"].with_context(**ERASURE_CONTEXT)
        partners._ecrm_erase_files(keys)
        partners._ecrm_erase_intake(keys)
        partners._ecrm_erase_orders(keys)
        partners._ecrm_erase_users(keys)
        partners._ecrm_erase_web(keys)
        partners._ecrm_erase_mail(keys)
        partners._ecrm_erase_sms(keys)
        partners._ecrm_erase_payments(keys)
        partners._ecrm_erase_profile(keys)
        partners.env.flush_all()
        partners._ecrm_restore_issued_invoices(keys)
        partners.env.invalidate_all()
        return True

    # ------------------------------------------------------------------
    # Who and what: decided once, before anything is wiped
    # ------------------------------------------------------------------

    def _ecrm_erasure_keys(self):
        """The person's identifiers and records, read before any wipe.

        ``partners``: the customers and all their contacts (delivery, invoice...);
        ``users``: their logins; ``names``/``emails``/``phones`` (E.164): what
        identifies them in free text; ``pattern``: one case-insensitive regular
        expression (valid in Python and PostgreSQL) matching any of them, phone
        numbers in any format; ``records``: {model: ids} of the records that
        belong to the person (see ``_ecrm_erasure_records``).
        """
        self.env.flush_all()
        partners = self.with_context(active_test=False).search(
            [("id", "child_of", self.ids)]
        )
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )
        # checked before anything is written by any addon
        internal = users.filtered(lambda u: not u.share)
        if internal:
            raise UserError(
                _(
                    "%(names)s works in this company: remove the user's internal "
                    "access before forgetting them as a customer.",
                    names=", ".join(internal.mapped("name")),
                )
            )
        names = {p.name.strip() for p in partners if p.name}
        emails = set()
        for value in partners.mapped("email") + users.mapped("login"):
            for address in tools.email_split(value or ""):
                emails.add(address.strip().lower())
                if tools.email_normalize(address):
                    emails.add(tools.email_normalize(address))
        phones = set(partners.ecrm_phone_ids.mapped("number_e164"))
        # the number as written before a renumbering may be in texts too
        phones |= set(partners.ecrm_phone_ids.mapped("number_old_e164")) - {False}
        phones |= {p for p in partners.mapped("phone_sanitized") if p}
        for partner in partners:
            for fname in ("phone", "mobile"):
                e164 = partner[fname] and partner._ecrm_normalize_phone(
                    partner[fname], country=partner.country_id
                )
                if e164:
                    phones.add(e164)
        keys = {
            "partners": partners,
            "users": users,
            "names": names,
            "emails": emails,
            "phones": phones,
            "anonymous_names": {
                p.id: ANONYMOUS_NAME % (p.commercial_partner_id.ecrm_code or p.id)
                for p in partners
            },
        }
        keys["phone_forms"] = self._ecrm_phone_forms(phones)
        keys["pattern"] = self._ecrm_erasure_pattern(keys)
        keys["contact_pattern"] = self._ecrm_erasure_pattern(keys, names=False)
        keys["records"] = self._ecrm_erasure_records(keys)
        return keys

    @api.model
    def _ecrm_phone_forms(self, phones):
        """Every usual way of writing each E.164 number: as stored in columns
        that hold a number alone (SMS, blacklists, traces)."""
        forms = set()
        for e164 in phones:
            try:
                parsed = phonenumbers.parse(e164)
            except phonenumbers.NumberParseException:
                continue
            national = str(parsed.national_number)
            forms |= {
                e164,
                e164.lstrip("+"),
                "0" + national,
                national,
                phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL
                ),
                phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.NATIONAL
                ),
            }
        return forms

    @api.model
    def _ecrm_erasure_pattern(self, keys, names=True):
        """One regular expression for the person's names, emails and numbers.

        Written in the subset shared by Python's ``re`` and PostgreSQL's ARE, so
        the same pattern scrubs texts in SQL and is checked in tests. Without
        ``names``: emails and numbers only, which identify the person alone and
        so may be looked for outside the person's own records (another
        customer may bear the same name).
        """

        def literal(text):
            return "".join(
                ch if ch.isalnum() or ch == " " else "\\" + ch for ch in text
            )

        parts = []
        if names:
            parts += [literal(n) for n in keys["names"] if len(n) >= MIN_NAME_LENGTH]
        parts += [literal(e) for e in keys["emails"]]
        for e164 in keys["phones"]:
            try:
                parsed = phonenumbers.parse(e164)
            except phonenumbers.NumberParseException:
                continue
            digits = PHONE_SEPARATORS.join(str(parsed.national_number))
            parts.append(f"(\\+?{parsed.country_code}|0){PHONE_SEPARATORS}{digits}")
        if not parts:
            return None
        return "(" + "|".join(sorted(parts, key=len, reverse=True)) + ")"

    def _ecrm_erasure_records(self, keys):
        """{model: ids} of the records that belong to the person: their chatter,
        activities and attachments are erased. Addons add theirs with super()."""
        ids = keys["partners"].ids
        orders = (
            self.env["sale.order"]
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    "|",
                    ("partner_id", "in", ids),
                    ("partner_invoice_id", "in", ids),
                    ("partner_shipping_id", "in", ids),
                ]
            )
        )
        moves = self.env["account.move"].search(
            [
                "|",
                ("partner_id", "in", ids),
                ("commercial_partner_id", "in", ids),
            ]
        )
        transactions = self.env["payment.transaction"].search(
            [("partner_id", "in", ids)]
        )
        pickings = self.env["stock.picking"].search(
            ["|", ("partner_id", "in", ids), ("sale_id", "in", orders.ids)]
        )
        return {
            "res.partner": ids,
            "sale.order": orders.ids,
            "account.move": moves.ids,
            "payment.transaction": transactions.ids,
            "stock.picking": pickings.ids,
            "ecrm.interaction": self.env["ecrm.interaction"]
            .search([("partner_id", "in", ids)])
            .ids,
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _ecrm_scrub_sql(self, table, columns, where, keys):
        """Replace the person's identifiers by ERASED in ``columns`` of the rows
        of ``table`` matching ``where`` (an SQL condition). Table and column names
        are the code's own constants, never input."""
        if not keys["pattern"]:
            return
        for column in columns:
            col = SQL.identifier(column)
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = regexp_replace(%s, %s, %s, 'gi') "
                    "WHERE (%s) AND %s ~* %s",
                    SQL.identifier(table),
                    col,
                    col,
                    keys["pattern"],
                    ERASED,
                    where,
                    col,
                    keys["pattern"],
                )
            )

    def _ecrm_scrub_text(self, text, keys):
        """``text`` with the person's identifiers replaced by ERASED (Python)."""
        if not text or not keys["pattern"]:
            return text
        return re.sub(keys["pattern"], ERASED, text, flags=re.IGNORECASE)

    def _ecrm_records_sql(self, keys, model_column="res_model", id_column="res_id"):
        """SQL condition: ``(model_column, id_column)`` is one of the person's
        records."""
        conditions = [
            SQL(
                "(%s = %s AND %s IN %s)",
                SQL.identifier(model_column),
                model,
                SQL.identifier(id_column),
                tuple(ids),
            )
            for model, ids in keys["records"].items()
            if ids
        ]
        return SQL(" OR ").join(conditions) if conditions else SQL("FALSE")

    # ------------------------------------------------------------------
    # Logins and profile (last)
    # ------------------------------------------------------------------

    def _ecrm_erase_users(self, keys):
        """Portal logins: deleted, or, when Odoo keeps a reference to them,
        archived with login, password, API keys and signature removed (Odoo's
        deletion queue tries to delete them again later)."""
        users = keys["users"]
        if not users:
            return
        users.api_key_ids._remove()
        users.write({"active": False})
        # SQL: through write(), Odoo mails "your login/password has changed" to
        # the very address being forgotten. No password hash left: no login, and
        # every session of the user (its token derives from the hash) ends.
        users.flush_recordset()
        totp = SQL(", totp_secret = NULL") if "totp_secret" in users._fields else SQL()
        self.env.cr.execute(
            SQL(
                """UPDATE res_users
                      SET login = '__erased_user_' || id, password = NULL,
                          signature = NULL %s
                    WHERE id IN %s""",
                totp,
                tuple(users.ids),
            )
        )
        users.invalidate_recordset()
        for user in users:
            try:
                with self.env.cr.savepoint():
                    user.unlink()
            except (UserError, ValidationError, psycopg2.IntegrityError):
                # a kept record refers to it: archived above, deleted later
                self.env["res.users.deletion"].create({"user_id": user.id})

    def _ecrm_erase_profile(self, keys):
        """The profiles and all their contacts: no personal data, name replaced;
        numbers, duplicates and interactions' texts removed."""
        partners = keys["partners"]
        partners.ecrm_phone_ids.with_context(ecrm_phone_sync=True).unlink()
        self.env["ecrm.partner.duplicate"].search(
            [
                "|",
                ("partner_id", "in", partners.ids),
                ("duplicate_id", "in", partners.ids),
            ]
        ).unlink()
        self.env["ecrm.interaction"].search([("partner_id", "in", partners.ids)]).write(
            {"summary": _("(anonymised)"), "outcome": False, "note": False}
        )
        partners.write(
            {fname: False for fname in PERSONAL_FIELDS if fname in self._fields}
        )
        (partners & self).write(
            {
                "ecrm_consent_email": False,
                "ecrm_consent_sms": False,
                "ecrm_consent_phone": False,
                "ecrm_anonymised_date": fields.Datetime.now(),
            }
        )
        # one name per profile (its customer code): one write each
        for partner in partners:
            partner.write({"name": keys["anonymous_names"][partner.id]})
