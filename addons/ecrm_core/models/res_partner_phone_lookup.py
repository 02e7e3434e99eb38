# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

import phonenumbers

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

# What someone types when they search by phone: digits and separators only.
PHONE_LIKE = re.compile(r"^[\d\s+().\-/]+$")
PHONE_MIN_DIGITS = 8


class ResPartner(models.Model):
    """Finding customers by phone or email, and the numbers that let us.

    Numbers read into E.164, the lookup by phone or email that every intake
    uses, the search by any phone in any format or any email in any case
    (``ecrm_phone_search`` and ``ecrm_contact_search`` are defined here, beside
    their search methods), the check of phone and mobile, and the
    ``ecrm.partner.phone`` rows that mirror every number of a customer, with
    the catch-up run at install (which also gives the missing customer codes
    and the first figures and duplicates).
    """

    _inherit = "res.partner"

    ecrm_phone_search = fields.Char(
        "Any Phone",
        store=False,
        search="_search_ecrm_phone_search",
        help="Finds a customer by any of their numbers written in any way.",
    )
    ecrm_contact_search = fields.Char(
        "Name, Code, Phone or Email",
        store=False,
        search="_search_ecrm_contact_search",
    )

    @api.model
    def _ecrm_phone_country(self):
        """Country used to read numbers written without a country code."""
        # The company's own address (what res.company.country_id computes), read
        # in one small query: every intake request asks, with an empty cache.
        self.env["res.partner"].flush_model(["country_id"])
        self.env.cr.execute(
            SQL(
                """SELECT p.country_id FROM res_company c
                     JOIN res_partner p ON p.id = c.partner_id WHERE c.id = %s""",
                self.env.company.id,
            )
        )
        row = self.env.cr.fetchone()
        if row and row[0]:
            return self.env["res.country"].browse(row[0])
        return self.env.ref("base.vn")

    @api.model
    def _ecrm_normalize_phone(self, number, raise_exception=False, country=None):
        """E.164 form of ``number`` (any way people write it), or False.

        Numbers without a country code are read in ``country`` (the customer's
        or the one an intake gives), else in the company's country, else
        Vietnam. A number written before a renumbering (0168 123 4567) gives
        its current form (+84381234567). A number that is not valid is refused
        (False, or a ValidationError with ``raise_exception``), never guessed.
        """
        parsed = self._ecrm_parse_phone(number, country)[0]
        if parsed:
            return phonenumbers.format_number(
                parsed, phonenumbers.PhoneNumberFormat.E164
            )
        if number and raise_exception:
            country = country or self._ecrm_phone_country()
            raise ValidationError(
                _(
                    "%(number)s is not a valid phone number in %(country)s. Write "
                    "it with its country code (+84...) if it is from another "
                    "country.",
                    number=number,
                    country=country.name,
                )
            )
        return False

    @api.model
    def _ecrm_find_by_contact(self, phone=None, email=None):
        """The customer known by ``phone`` (any format) or ``email`` (any case).

        The contract used by the storefront API, the web shop, complaints and every
        intake: returns at most one partner, the phone taking precedence over the
        email, the oldest profile first when several match.
        """
        Partner = self.with_context(active_test=True)
        e164 = self._ecrm_normalize_phone(phone)
        if e164:
            partner = Partner.search(self._ecrm_phone_domain(e164), order="id", limit=1)
            if partner:
                return partner
        normalized = tools.email_normalize(email) if email else False
        if normalized:
            return Partner.search(
                [("email_normalized", "=", normalized)], order="id", limit=1
            )
        return self.browse()

    @api.model
    def _ecrm_phone_domain(self, e164):
        """Domain of the partners having the normalised number ``e164``.

        Any of their numbers: phone, mobile and other numbers all have a row in
        ``ecrm.partner.phone``, so this is one index scan on ``number_e164``.
        """
        # sudo: the numbers are an index of the partners' own fields, searched for
        # anyone who may search partners (web shop visitors included); the partner
        # rules still apply to the outer search
        phones = (
            self.env["ecrm.partner.phone"].sudo()._search([("number_e164", "=", e164)])
        )
        return [("id", "in", phones.subselect("partner_id"))]

    # ------------------------------------------------------------------
    # Search: any phone in any format, any email in any case
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_contact_domain(self, value):
        """Domain for ``value`` if it is a whole phone number or email, else None.

        Phones use the index on ``ecrm_partner_phone.number_e164``, emails the
        index on ``email_normalized``: neither scans every partner.
        """
        if not isinstance(value, str):
            return None
        value = value.strip()
        if PHONE_LIKE.match(value) and (
            sum(c.isdigit() for c in value) >= PHONE_MIN_DIGITS
        ):
            e164 = self._ecrm_normalize_phone(value)
            if e164:
                return self._ecrm_phone_domain(e164)
        elif "@" in value:
            normalized = tools.email_normalize(value)
            if normalized:
                return [("email_normalized", "=", normalized)]
        return None

    def _search_ecrm_phone_search(self, operator, value):
        e164 = self._ecrm_normalize_phone(value) if isinstance(value, str) else False
        if operator not in ("=", "ilike", "like", "=ilike") or not e164:
            return [("phone_mobile_search", operator, value)]
        return self._ecrm_phone_domain(e164)

    def _search_ecrm_contact_search(self, operator, value):
        domain = None
        if operator in ("=", "ilike", "like", "=ilike"):
            domain = self._ecrm_contact_domain(value)
        if domain is None:
            # what the standard search box field looks at, plus the customer code
            domain = expression.OR(
                [(fname, operator, value)]
                for fname in (
                    "complete_name",
                    "ref",
                    "email",
                    "vat",
                    "company_registry",
                    "ecrm_code",
                )
            )
        return domain

    def _search_display_name(self, operator, value):
        # name_search and every many2one to a partner find customers by phone/email
        if operator in ("=", "ilike", "like", "=ilike"):
            domain = self._ecrm_contact_domain(value)
            if domain is not None:
                return domain
        return super()._search_display_name(operator, value)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("phone", "mobile")
    def _check_ecrm_phone_numbers(self):
        for partner in self:
            for fname in ("phone", "mobile"):
                if partner[fname] and not partner._ecrm_normalize_phone(
                    partner[fname], country=partner.country_id
                ):
                    country = partner.country_id or self._ecrm_phone_country()
                    raise ValidationError(
                        _(
                            "%(field)s: %(number)s is not a valid phone number in "
                            "%(country)s. Write it with its country code (+84...) "
                            "if it is from another country.",
                            field=self._fields[fname].get_description(self.env)[
                                "string"
                            ],
                            number=partner[fname],
                            country=country.name,
                        )
                    )

    # ------------------------------------------------------------------
    # Phone rows
    # ------------------------------------------------------------------

    def _ecrm_sync_phone_rows(self, old_forms=None):
        """Mirror phone and mobile into ``ecrm.partner.phone`` (one row per number).

        The rows are bookkeeping of the partner's own fields, so they are written
        as superuser for whoever may change the partner. Phone and mobile not yet
        in their shown form are put in it. ``old_forms`` gives, per partner id,
        ``{field: old E.164}`` of the numbers written before a renumbering, kept
        on their row.
        """
        if not self:
            return
        old_forms = old_forms or {}
        to_format = {}
        Phone = self.env["ecrm.partner.phone"].sudo().with_context(ecrm_phone_sync=True)
        existing = Phone.search([("partner_id", "in", self.ids)])
        by_partner = {}
        for row in existing:
            by_partner.setdefault(row.partner_id.id, Phone)
            by_partner[row.partner_id.id] |= row
        to_unlink = Phone
        to_create = []
        for partner in self:
            rows = by_partner.get(partner.id, Phone)
            wanted = {}
            for kind in ("mobile", "phone"):
                parsed, old = partner._ecrm_parse_phone(
                    partner[kind], partner.country_id
                )
                if not parsed:
                    continue
                e164 = phonenumbers.format_number(
                    parsed, phonenumbers.PhoneNumberFormat.E164
                )
                shown = partner._ecrm_format_phone(partner[kind], partner.country_id)
                if shown != partner[kind]:
                    to_format.setdefault((kind, shown), []).append(partner.id)
                old = old or old_forms.get(partner.id, {}).get(kind, False)
                if e164 not in wanted:
                    wanted[e164] = (kind, shown, old)
            extras = set(
                rows.filtered(lambda r: r.kind == "extra").mapped("number_e164")
            )
            for row in rows.filtered(lambda r: r.kind != "extra"):
                kind_number = wanted.get(row.number_e164)
                if kind_number and kind_number[0] == row.kind:
                    del wanted[row.number_e164]
                else:
                    to_unlink |= row
            for e164, (kind, number, old) in wanted.items():
                if e164 not in extras:
                    to_create.append(
                        {
                            "partner_id": partner.id,
                            "kind": kind,
                            "number": number,
                            "number_old_e164": old,
                            "sequence": 1 if kind == "mobile" else 2,
                        }
                    )
        to_unlink.unlink()
        Phone.create(to_create)
        # one write per shown form (usually none: create and write put them in
        # form already); the numbers stay the same, so the rows stay as they are
        for (kind, shown), ids in to_format.items():
            self.browse(ids).with_context(ecrm_phone_formatted=True).write(
                {kind: shown}
            )

    @api.model
    def _ecrm_sync_missing_phone_rows(self, batch=5000):
        """Create the phone rows of partners that have none yet (install, imports)."""
        self.env.cr.execute(
            """
            SELECT p.id FROM res_partner p
             WHERE (COALESCE(p.phone, '') <> '' AND NOT EXISTS (
                       SELECT 1 FROM ecrm_partner_phone ph
                        WHERE ph.partner_id = p.id AND ph.kind = 'phone'))
                OR (COALESCE(p.mobile, '') <> '' AND NOT EXISTS (
                       SELECT 1 FROM ecrm_partner_phone ph
                        WHERE ph.partner_id = p.id AND ph.kind = 'mobile'))
             ORDER BY p.id
            """
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        for start in range(0, len(ids), batch):
            partners = self.with_context(active_test=False).browse(
                ids[start : start + batch]
            )
            partners._ecrm_sync_phone_rows()
            partners.invalidate_recordset()
        self.env.cr.execute(
            """
            SELECT id FROM res_partner
             WHERE customer_rank > 0 AND ecrm_code IS NULL AND NOT is_company
             ORDER BY id
            """
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.browse(ids)._ecrm_assign_code()
        self._ecrm_init_figures_and_duplicates()
        return True

    @api.model
    def _ecrm_init_figures_and_duplicates(self):
        """First fill of the figures and duplicates on a database that has orders
        but never ran the nightly jobs (install on an existing database)."""
        cr = self.env.cr
        cr.execute("SELECT 1 FROM sale_order WHERE state = 'sale' LIMIT 1")
        has_orders = bool(cr.fetchone())
        cr.execute(
            "SELECT 1 FROM res_partner WHERE ecrm_order_count IS NOT NULL LIMIT 1"
        )
        if has_orders and not cr.fetchone():
            self._ecrm_refresh_figures()
        cr.execute("SELECT 1 FROM ecrm_partner_duplicate LIMIT 1")
        if not cr.fetchone():
            self.env["ecrm.partner.duplicate"]._ecrm_refresh()
