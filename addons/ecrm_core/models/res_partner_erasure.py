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

import json
import logging
import os
import re

import phonenumbers

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from .res_partner_privacy import ANONYMOUS_NAME, PERSONAL_FIELDS

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
        self._ecrm_erase_files(keys)
        self._ecrm_erase_intake(keys)
        self._ecrm_erase_orders(keys)
        self._ecrm_erase_users(keys)
        self._ecrm_erase_web(keys)
        self._ecrm_erase_mail(keys)
        self._ecrm_erase_sms(keys)
        self._ecrm_erase_payments(keys)
        self._ecrm_erase_profile(keys)
        self.env.flush_all()
        self._ecrm_restore_issued_invoices(keys)
        self.env.invalidate_all()
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
        names = {p.name.strip() for p in partners if p.name}
        emails = set()
        for value in partners.mapped("email") + users.mapped("login"):
            for address in tools.email_split(value or ""):
                emails.add(address.strip().lower())
                if tools.email_normalize(address):
                    emails.add(tools.email_normalize(address))
        phones = set(partners.ecrm_phone_ids.mapped("number_e164"))
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
            parts.append(
                f"(\\+?{parsed.country_code}|0){PHONE_SEPARATORS}{digits}"
            )
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
    # Platform traces
    # ------------------------------------------------------------------

    def _ecrm_erase_files(self, keys):
        """Attachments of the person's records (personal-data exports included),
        but not those of issued invoices; their files leave the filestore as
        soon as the erasure is committed."""
        kept_moves = (
            self.env["account.move"]
            .browse(keys["records"].get("account.move", []))
            .filtered(lambda m: m.state != "draft")
        )
        records = dict(keys["records"])
        records["account.move"] = list(
            set(records.get("account.move", [])) - set(kept_moves.ids)
        )
        where = self._ecrm_records_sql({"records": records})
        exports = SQL(
            "(res_model = 'res.partner' AND res_id IN %s AND name LIKE %s)",
            tuple(keys["partners"].ids),
            "personal-data-%",
        )
        if "ecrm.privacy.request" in self.env:
            requests = self.env["ecrm.privacy.request"].search(
                [("partner_id", "in", keys["partners"].ids)]
            )
            if requests:
                exports = SQL(
                    "%s OR (res_model = 'ecrm.privacy.request' AND res_id IN %s "
                    "AND name LIKE %s)",
                    exports,
                    tuple(requests.ids),
                    "personal-data-%",
                )
        self.env.cr.execute(
            SQL("SELECT id FROM ir_attachment WHERE (%s) OR %s", where, exports)
        )
        attachments = self.env["ir.attachment"].browse(
            [row[0] for row in self.env.cr.fetchall()]
        )
        self._ecrm_unlink_files(attachments)

    @api.model
    def _ecrm_unlink_files(self, attachments):
        """Unlink ``attachments`` and remove their files once committed.

        Odoo only marks an unlinked attachment's file for its daily garbage
        collection (``ir.attachment._gc_file_store``); an erased file should not
        wait a day. After the commit, the files of these attachments that no
        other attachment uses are removed, under the lock Odoo's collector takes
        (an attachment being created with the same content is waited for).
        """
        fnames = {a.store_fname for a in attachments if a.store_fname}
        attachments.unlink()
        if not fnames:
            return
        dbname = self.env.cr.dbname

        registry = self.env.registry

        @self.env.cr.postcommit.add
        def remove_files():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["res.partner"]._ecrm_remove_unused_files(fnames)
            except Exception:  # noqa: BLE001 - Odoo's daily collector retries
                _logger.warning(
                    "Erasure: files of %s left to the garbage collector",
                    dbname,
                    exc_info=True,
                )

    @api.model
    def _ecrm_remove_unused_files(self, fnames):
        """Remove the files ``fnames`` of the filestore that no attachment uses."""
        Attachment = self.env["ir.attachment"]
        if Attachment._storage() != "file" or not fnames:
            return
        cr = self.env.cr
        cr.execute("SET LOCAL lock_timeout TO '10s'")
        cr.execute("LOCK ir_attachment IN SHARE MODE")
        cr.execute(
            SQL(
                "SELECT store_fname FROM ir_attachment WHERE store_fname IN %s",
                tuple(fnames),
            )
        )
        used = {row[0] for row in cr.fetchall()}
        for fname in fnames - used:
            path = Attachment._full_path(fname)
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError:
                _logger.warning("Erasure: could not remove %s", path, exc_info=True)
        cr.commit()

    def _ecrm_erase_intake(self, keys):
        """Queued storefront orders: the customer block of the stored payload.

        A payload still waiting to become an order is rejected (the storefront
        may send it again); a processed one keeps its lines and hash.
        """
        orders = keys["records"].get("sale.order") or [0]
        conditions = [SQL("order_id IN %s", tuple(orders))]
        if keys["contact_pattern"]:
            conditions.append(
                SQL("(order_id IS NULL AND payload ~* %s)", keys["contact_pattern"])
            )
        self.env["ecrm.order.intake"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT id, payload, state FROM ecrm_order_intake WHERE %s",
                SQL(" OR ").join(conditions),
            )
        )
        anonymous = next(iter(keys["anonymous_names"].values()), "")
        for row_id, payload, state in self.env.cr.fetchall():
            try:
                data = json.loads(payload)
            except ValueError:
                data = {}
            if isinstance(data, dict) and "customer" in data:
                data["customer"] = {"name": anonymous}
            text = self._ecrm_scrub_text(json.dumps(data, ensure_ascii=False), keys)
            values = {"payload": text}
            if state == "queued":
                values.update(
                    state="rejected",
                    error_code="erased",
                    error_field="customer",
                    error_message=_("The customer asked to be forgotten."),
                    date_done=fields.Datetime.now(),
                )
            self.env.cr.execute(
                SQL(
                    "UPDATE ecrm_order_intake SET %s WHERE id = %s",
                    SQL(", ").join(
                        SQL("%s = %s", SQL.identifier(k), v) for k, v in values.items()
                    ),
                    row_id,
                )
            )
        self.env["ecrm.order.intake"].invalidate_model()

    def _ecrm_erase_orders(self, keys):
        """Orders keep lines and totals; the notes, references and signatures
        written with them go. Draft invoices go; issued ones are kept."""
        order_ids = tuple(keys["records"].get("sale.order") or [0])
        self.env.cr.execute(
            SQL(
                """UPDATE sale_order
                      SET note = NULL, client_order_ref = NULL, signed_by = NULL,
                          delivery_message = NULL, pickup_location_data = NULL,
                          ecrm_cancel_note = NULL, ecrm_callback_note = NULL
                    WHERE id IN %s""",
                order_ids,
            )
        )
        self._ecrm_scrub_sql("sale_order", ["origin"], SQL("id IN %s", order_ids), keys)
        picking_ids = tuple(keys["records"].get("stock.picking") or [0])
        self.env.cr.execute(
            SQL("UPDATE stock_picking SET note = NULL WHERE id IN %s", picking_ids)
        )
        # Wizards still open on these orders (cancel and call-back notes).
        for model in ("ecrm.order.cancel.wizard", "ecrm.order.callback.wizard"):
            self.env[model].search([("order_ids", "in", order_ids)]).unlink()
        moves = self.env["account.move"].browse(keys["records"].get("account.move"))
        drafts = moves.filtered(lambda m: m.state == "draft")
        drafts.with_context(force_delete=True).unlink()
        issued = moves - drafts
        keys["records"]["account.move"] = issued.ids
        # the buyer as written on each issued invoice, restored after the profile
        # is renamed (Odoo recomputes it from the partner)
        keys["issued_invoices"] = {
            move.id: move.invoice_partner_display_name for move in issued
        }
        self.env["sale.order"].invalidate_model()

    def _ecrm_restore_issued_invoices(self, keys):
        """Issued invoices are accounting documents kept unchanged (Law on
        Accounting 88/2015/QH13 art. 41, Decree 123/2020/ND-CP art. 6): they
        keep the buyer's name they were issued with."""
        names = {k: v for k, v in keys.get("issued_invoices", {}).items() if v}
        if not names:
            return
        self.env.cr.execute(
            SQL(
                """UPDATE account_move m SET invoice_partner_display_name = v.name
                     FROM (VALUES %s) AS v(id, name) WHERE m.id = v.id""",
                SQL(", ").join(SQL("(%s, %s)", k, v) for k, v in names.items()),
            )
        )

    def _ecrm_erase_mail(self, keys):
        """Chatter, tracking values, activities, mails, notifications and
        followers: on the person's records, or written by or to the person."""
        env = self.env
        partner_ids = tuple(keys["partners"].ids)
        env.flush_all()
        records = self._ecrm_records_sql(keys, "model", "res_id")
        # Everything the person wrote, anywhere, and the chatter of the profiles.
        env.cr.execute(
            SQL(
                """SELECT id FROM mail_message
                    WHERE author_id IN %s
                       OR (model = 'res.partner' AND res_id IN %s)""",
                partner_ids,
                partner_ids,
            )
        )
        env["mail.message"].browse([r[0] for r in env.cr.fetchall()]).unlink()
        # Messages of staff on the person's records: kept, the person scrubbed.
        self._ecrm_scrub_sql(
            "mail_message",
            ["body", "subject", "record_name", "email_from", "reply_to"],
            records,
            keys,
        )
        if keys["emails"]:
            # Any other message sent from one of the person's addresses.
            env.cr.execute(
                SQL(
                    """UPDATE mail_message SET email_from = NULL, reply_to = NULL
                        WHERE email_from ~* %s OR reply_to ~* %s""",
                    keys["contact_pattern"],
                    keys["contact_pattern"],
                )
            )
        # Tracking values: on the person's records, and wherever a partner field
        # pointed to the person (the old or new value is their name).
        self._ecrm_scrub_sql(
            "mail_tracking_value",
            ["old_value_char", "new_value_char", "old_value_text", "new_value_text"],
            SQL(
                "mail_message_id IN (SELECT id FROM mail_message WHERE %s)", records
            ),
            keys,
        )
        anonymous = keys["anonymous_names"]
        for column, int_column in (
            ("old_value_char", "old_value_integer"),
            ("new_value_char", "new_value_integer"),
        ):
            env.cr.execute(
                SQL(
                    """UPDATE mail_tracking_value t
                          SET %s = names.name
                         FROM (VALUES %s) AS names(id, name), ir_model_fields f
                        WHERE f.id = t.field_id AND f.relation = 'res.partner'
                          AND t.%s = names.id""",
                    SQL.identifier(column),
                    SQL(", ").join(
                        SQL("(%s, %s)", pid, name) for pid, name in anonymous.items()
                    ),
                    SQL.identifier(int_column),
                )
            )
        # Activities about the person (summaries, notes, stored record names).
        env.cr.execute(
            SQL("SELECT id FROM mail_activity WHERE %s", self._ecrm_records_sql(keys))
        )
        env["mail.activity"].browse([r[0] for r in env.cr.fetchall()]).unlink()
        # Outgoing mails to the person or about their records.
        conditions = [
            SQL(
                "id IN (SELECT mail_mail_id FROM mail_mail_res_partner_rel "
                "WHERE res_partner_id IN %s)",
                partner_ids,
            ),
            SQL(
                "mail_message_id IN (SELECT id FROM mail_message WHERE %s)", records
            ),
        ]
        if keys["contact_pattern"]:
            conditions.append(
                SQL(
                    "email_to ~* %s OR email_cc ~* %s",
                    keys["contact_pattern"],
                    keys["contact_pattern"],
                )
            )
        env.cr.execute(
            SQL("SELECT id FROM mail_mail WHERE %s", SQL(" OR ").join(conditions))
        )
        env["mail.mail"].browse([r[0] for r in env.cr.fetchall()]).unlink()
        env.cr.execute(
            SQL("DELETE FROM mail_notification WHERE res_partner_id IN %s", partner_ids)
        )
        env.cr.execute(
            SQL("DELETE FROM mail_followers WHERE partner_id IN %s", partner_ids)
        )
        env.cr.execute(
            SQL(
                "DELETE FROM mail_message_reaction WHERE partner_id IN %s", partner_ids
            )
        )
        # Opt-out lists hold the address itself: forgetting the person removes it.
        if keys["emails"]:
            env["mail.blacklist"].search(
                [("email", "in", list(keys["emails"]))]
            ).unlink()
        if keys["phones"]:
            env["phone.blacklist"].search(
                [("number", "in", list(keys["phones"]))]
            ).unlink()
        if keys["pattern"]:
            # Notifications of the web client not yet collected (a few minutes).
            env.cr.execute(
                SQL("DELETE FROM bus_bus WHERE message ~* %s", keys["pattern"])
            )
        env.invalidate_all()

    def _ecrm_erase_sms(self, keys):
        """SMS to the person (the number and the text) and SMS notifications."""
        conditions = [SQL("partner_id IN %s", tuple(keys["partners"].ids))]
        if keys["phone_forms"]:
            conditions.append(SQL("number IN %s", tuple(keys["phone_forms"])))
        self.env.cr.execute(
            SQL("SELECT id FROM sms_sms WHERE %s", SQL(" OR ").join(conditions))
        )
        self.env["sms.sms"].browse([r[0] for r in self.env.cr.fetchall()]).unlink()
        if keys["phone_forms"]:
            self.env.cr.execute(
                SQL(
                    """UPDATE mail_notification SET sms_number = NULL,
                              failure_reason = NULL
                        WHERE sms_number IN %s""",
                    tuple(keys["phone_forms"]),
                )
            )

    def _ecrm_erase_payments(self, keys):
        """Payment transactions keep amount, state and reference, not the payer;
        saved payment methods are archived without their details; bank accounts
        go (or lose their holder's name when an issued document uses them)."""
        partner_ids = tuple(keys["partners"].ids)
        for pid, name in keys["anonymous_names"].items():
            self.env.cr.execute(
                SQL(
                    """UPDATE payment_transaction
                          SET partner_name = %s, partner_email = NULL,
                              partner_phone = NULL, partner_address = NULL,
                              partner_zip = NULL, partner_city = NULL,
                              partner_state_id = NULL, state_message = NULL
                        WHERE partner_id = %s""",
                    name,
                    pid,
                )
            )
        self.env.cr.execute(
            SQL(
                """UPDATE payment_token SET payment_details = NULL, active = FALSE
                    WHERE partner_id IN %s""",
                partner_ids,
            )
        )
        banks = (
            self.env["res.partner.bank"]
            .with_context(active_test=False)
            .search([("partner_id", "in", partner_ids)])
        )
        for bank in banks:
            try:
                with self.env.cr.savepoint():
                    bank.unlink()
            except Exception:  # noqa: BLE001 - kept by an issued document
                bank.write({"acc_holder_name": False, "active": False})
        self.env["payment.transaction"].invalidate_model()

    def _ecrm_erase_web(self, keys):
        """Website visitors (and their page views) and login device logs."""
        self.env["website.visitor"].with_context(active_test=False).search(
            [("partner_id", "in", keys["partners"].ids)]
        ).unlink()
        if keys["users"]:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM res_device_log WHERE user_id IN %s",
                    tuple(keys["users"].ids),
                )
            )

    def _ecrm_erase_users(self, keys):
        """Portal logins: deleted, or, when Odoo keeps a reference to them,
        archived with login, password, API keys and signature removed (Odoo's
        deletion queue tries to delete them again later)."""
        users = keys["users"]
        internal = users.filtered(lambda u: not u.share)
        if internal:
            raise UserError(
                _(
                    "%(names)s works in this company: remove the user's internal "
                    "access before forgetting them as a customer.",
                    names=", ".join(internal.mapped("name")),
                )
            )
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
            except Exception:  # noqa: BLE001 - referenced by a kept record
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
        self.env["ecrm.interaction"].search(
            [("partner_id", "in", partners.ids)]
        ).write({"summary": _("(anonymised)"), "outcome": False, "note": False})
        partners.write({fname: False for fname in PERSONAL_FIELDS if fname in self._fields})
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
