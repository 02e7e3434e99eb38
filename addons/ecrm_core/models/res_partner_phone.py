# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

import phonenumbers

from odoo import api, models
from odoo.tools import SQL

from ..tools import batch as batch_tools
from .res_partner_phone_lookup import PHONE_LIKE


class ResPartner(models.Model):
    """Reading, renumbering and showing the phone numbers of customers."""

    _inherit = "res.partner"

    @api.model
    def _ecrm_parse_phone(self, number, country=None):
        """``(current number, old E.164)`` of ``number`` as phonenumbers objects.

        ``current`` is None when the number is not valid; ``old`` is the E.164
        of the form written when it was renumbered, else False.
        """
        if not number or not isinstance(number, str) or not PHONE_LIKE.match(number):
            return None, False
        country = country or self._ecrm_phone_country()
        number = number.strip()
        candidates = [number]
        digits = re.sub(r"\D", "", number)
        if not number.startswith("+"):
            # 84912345678 or 0084912345678: a country code without the plus
            bare = digits.removeprefix("00")
            if bare != digits or (
                country.phone_code and bare.startswith(str(country.phone_code))
            ):
                candidates.append("+" + bare)
        Renumbering = self.env["ecrm.phone.renumbering"]
        for candidate in candidates:
            try:
                parsed = phonenumbers.parse(candidate, country.code or None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return parsed, False
            current = Renumbering._ecrm_current_number(parsed)
            if current:
                old = phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.E164
                )
                return current, old
        return None, False

    @api.model
    def _ecrm_format_phone(self, number, country=None):
        """How ``number`` is shown: ``0912 345 678`` when it is of ``country``
        (read as in ``_ecrm_normalize_phone``), ``+33 1 23 45 67 89`` when it
        is foreign; a number that is not valid is returned as it is."""
        country = country or self._ecrm_phone_country()
        parsed = self._ecrm_parse_phone(number, country)[0]
        if not parsed:
            return number
        national = parsed.country_code == country.phone_code
        return phonenumbers.format_number(
            parsed,
            phonenumbers.PhoneNumberFormat.NATIONAL
            if national
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        )

    @api.onchange("phone", "country_id", "company_id")
    def _onchange_phone_validation(self):
        # shown as it will be saved: 0912 345 678, or +33 1 23 45 67 89
        if self.phone:
            self.phone = self._ecrm_format_phone(self.phone, self.country_id)

    @api.onchange("mobile", "country_id", "company_id")
    def _onchange_mobile_validation(self):
        if self.mobile:
            self.mobile = self._ecrm_format_phone(self.mobile, self.country_id)

    @api.model
    def _ecrm_format_phone_vals(self, vals, partners):
        """Put the phone and mobile of ``vals`` in the form they are shown and
        stored in (current numbering, national or international format).

        Done here only when the country that reads the numbers is known: the
        one of ``vals``, else the one that ``partners`` (those being written)
        all share, else the company's for a new contact without a parent. The
        others are put in form by ``_ecrm_sync_phone_rows`` after the write.
        Returns ``{field: old E.164}`` of the numbers written in an old form.
        """
        if vals.get("country_id"):
            country = self.env["res.country"].browse(vals["country_id"])
        elif "country_id" in vals or (not partners and not vals.get("parent_id")):
            country = self.env["res.country"]
        elif partners and len(set(partners.mapped(lambda p: p.country_id.id))) == 1:
            country = partners[:1].country_id
        else:
            return {}
        old_forms = {}
        for fname in ("phone", "mobile"):
            if not isinstance(vals.get(fname), str):
                continue
            parsed, old = self._ecrm_parse_phone(vals[fname], country)
            if parsed:
                vals[fname] = self._ecrm_format_phone(vals[fname], country)
            if old:
                old_forms[fname] = old
        return old_forms

    @api.model
    def _ecrm_renumber_stored_phones(self, batch=5000):
        """Put every stored number in its current, shown form (upgrade).

        Numbers saved before the renumbering rules existed may be in their old
        form (+841681234567) and phone and mobile as each was typed. Read in
        batches in SQL, rewritten with one ``UPDATE ... FROM (VALUES ...)`` per
        batch; a number row whose current form the customer already has is
        dropped, the current one being the same number. Returns the number of
        rows and contacts changed.
        """
        cr = self.env.cr
        self.env.flush_all()
        countries = {c.id: c for c in self.env["res.country"].search([])}
        default = self._ecrm_phone_country()
        # 1. the lookup rows still in an old form
        prefixes = [
            f"+{code}{old}"
            for code, rules in self.env["ecrm.phone.renumbering"]._ecrm_rules().items()
            for old, _new, _length in rules
        ]
        rows_changed = 0
        pages = batch_tools.keyset_pages(
            cr,
            lambda last_id: SQL(
                """SELECT ph.id, ph.partner_id, ph.number_e164, p.country_id
                     FROM ecrm_partner_phone ph
                     JOIN res_partner p ON p.id = ph.partner_id
                    WHERE ph.id > %s AND ph.number_e164 LIKE ANY(%s)
                 ORDER BY ph.id LIMIT %s""",
                last_id,
                [prefix + "%" for prefix in prefixes],
                batch,
            ),
        )
        for rows in pages if prefixes else ():
            values = []
            for row_id, _partner_id, e164, country_id in rows:
                current, old = self._ecrm_parse_phone(
                    e164, countries.get(country_id, default)
                )
                if current and old:
                    values.append(
                        (
                            row_id,
                            phonenumbers.format_number(
                                current, phonenumbers.PhoneNumberFormat.E164
                            ),
                            old,
                        )
                    )
            if not values:
                continue
            table = SQL(
                "(VALUES %s) AS v(id, e164, old)",
                SQL(", ").join(SQL("(%s, %s, %s)", *value) for value in values),
            )
            # the customer already has the current form: the old row goes
            cr.execute(
                SQL(
                    """DELETE FROM ecrm_partner_phone ph USING %s, ecrm_partner_phone o
                        WHERE ph.id = v.id AND o.partner_id = ph.partner_id
                          AND o.number_e164 = v.e164""",
                    table,
                )
            )
            rows_changed += cr.rowcount
            # a hand-added number held by another customer in its current form
            # stays as it is (the duplicate list shows the pair)
            cr.execute(
                SQL(
                    """UPDATE ecrm_partner_phone ph
                          SET number_e164 = v.e164, number_old_e164 = v.old
                         FROM %s
                        WHERE ph.id = v.id AND NOT (ph.kind = 'extra' AND EXISTS (
                              SELECT 1 FROM ecrm_partner_phone o
                               WHERE o.kind = 'extra' AND o.number_e164 = v.e164
                                 AND COALESCE(o.company_id, 0)
                                     = COALESCE(ph.company_id, 0)))""",
                    table,
                )
            )
            rows_changed += cr.rowcount
        # 2. phone and mobile of the contacts, in their shown form
        partners_changed = 0
        pages = batch_tools.keyset_pages(
            cr,
            lambda last_id: SQL(
                """SELECT id, phone, mobile, country_id, phone_sanitized
                     FROM res_partner
                    WHERE id > %s AND (phone IS NOT NULL OR mobile IS NOT NULL)
                 ORDER BY id LIMIT %s""",
                last_id,
                batch,
            ),
        )
        for rows in pages:
            values = []
            for partner_id, phone, mobile, country_id, sanitized in rows:
                country = countries.get(country_id, default)
                new_phone = phone and self._ecrm_format_phone(phone, country)
                new_mobile = mobile and self._ecrm_format_phone(mobile, country)
                new_sanitized = (
                    self._ecrm_normalize_phone(mobile, country=country)
                    or self._ecrm_normalize_phone(phone, country=country)
                    or sanitized
                )
                if (new_phone, new_mobile, new_sanitized) != (phone, mobile, sanitized):
                    values.append((partner_id, new_phone, new_mobile, new_sanitized))
            if not values:
                continue
            cr.execute(
                SQL(
                    """UPDATE res_partner p
                          SET phone = v.phone, mobile = v.mobile,
                              phone_sanitized = v.sanitized
                         FROM (VALUES %s) AS v(id, phone, mobile, sanitized)
                        WHERE p.id = v.id""",
                    SQL(", ").join(
                        SQL("(%s, %s::varchar, %s::varchar, %s::varchar)", *value)
                        for value in values
                    ),
                )
            )
            partners_changed += cr.rowcount
        # 3. the rows that mirror phone and mobile show the same text
        cr.execute(
            """UPDATE ecrm_partner_phone ph
                  SET number = CASE ph.kind WHEN 'phone' THEN p.phone ELSE p.mobile END
                 FROM res_partner p
                WHERE p.id = ph.partner_id AND ph.kind IN ('phone', 'mobile')
                  AND ph.number IS DISTINCT FROM
                      (CASE ph.kind WHEN 'phone' THEN p.phone ELSE p.mobile END)
                  AND (CASE ph.kind WHEN 'phone' THEN p.phone ELSE p.mobile END)
                      IS NOT NULL"""
        )
        self.env.invalidate_all()
        return rows_changed, partners_changed
