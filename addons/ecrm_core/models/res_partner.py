# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

import phonenumbers

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..const import SALES_CHANNELS

# What someone types when they search by phone: digits and separators only.
PHONE_LIKE = re.compile(r"^[\d\s+().\-/]+$")
PHONE_MIN_DIGITS = 8
# One address: something, one @, a domain with a dot, no spaces.
EMAIL_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
CONSENT_SOURCES = SALES_CHANNELS + [
    ("paper", "Paper form"),
    ("import", "Import"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "ecrm_code",
    ]

    ecrm_code = fields.Char(
        "Customer Code",
        copy=False,
        readonly=True,
        index=True,
        help="Given once to every customer, e.g. KH000123.",
    )
    ecrm_first_store_id = fields.Many2one(
        "crm.team",
        "First Store",
        index=True,
        help="The store or sales team where we first met the customer.",
    )
    ecrm_phone_ids = fields.One2many(
        "ecrm.partner.phone",
        "partner_id",
        "Phone Numbers",
        help="Every number of the customer: phone, mobile and other numbers.",
        groups="ecrm_core.group_ecrm_telesales,ecrm_core.group_ecrm_customer_service,"
        "ecrm_core.group_ecrm_department,ecrm_core.group_ecrm_marketing",
    )
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
    # The platform computes it without an index; lookups by email need one.
    email_normalized = fields.Char(index=True)

    ecrm_origin_channel = fields.Selection(
        SALES_CHANNELS,
        string="Origin Channel",
        index=True,
        help="The channel through which the customer first came to us.",
    )
    ecrm_gender = fields.Selection(
        [("male", "Male"), ("female", "Female"), ("other", "Other")],
        string="Gender",
    )
    ecrm_birthday = fields.Date("Birthday")
    ecrm_consent_email = fields.Boolean(
        "Email Consent", help="The customer agreed to receive marketing emails."
    )
    ecrm_consent_sms = fields.Boolean(
        "SMS Consent", help="The customer agreed to receive marketing SMS."
    )
    ecrm_consent_phone = fields.Boolean(
        "Phone Consent", help="The customer agreed to receive marketing calls."
    )
    ecrm_consent_email_date = fields.Datetime("Email Consent Date")
    ecrm_consent_email_source = fields.Selection(
        CONSENT_SOURCES, "Email Consent Source"
    )
    ecrm_consent_sms_date = fields.Datetime("SMS Consent Date")
    ecrm_consent_sms_source = fields.Selection(CONSENT_SOURCES, "SMS Consent Source")
    ecrm_consent_phone_date = fields.Datetime("Phone Consent Date")
    ecrm_consent_phone_source = fields.Selection(
        CONSENT_SOURCES, "Phone Consent Source"
    )

    # Customer 360 figures: stored per company (a customer may buy from several
    # companies of the database; each sees the orders placed with it), refreshed
    # in SQL when orders change and nightly. Amounts are in company currency.
    ecrm_first_order_date = fields.Datetime(
        "First Order", company_dependent=True, readonly=True
    )
    ecrm_last_order_date = fields.Datetime(
        "Last Order", company_dependent=True, readonly=True
    )
    ecrm_order_count = fields.Integer("Orders", company_dependent=True, readonly=True)
    ecrm_revenue = fields.Float("Revenue", company_dependent=True, readonly=True)
    ecrm_currency_id = fields.Many2one(
        "res.currency", compute="_compute_ecrm_currency_id", string="eCRM Currency"
    )

    @api.depends_context("company")
    def _compute_ecrm_currency_id(self):
        # The figures shown are the current company's, in its currency.
        self.ecrm_currency_id = self.env.company.currency_id

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

    @api.constrains("email")
    def _check_ecrm_email(self):
        for partner in self:
            addresses = tools.email_split(partner.email) if partner.email else []
            if partner.email and (
                not addresses
                or not all(EMAIL_ADDRESS.match(a) for a in addresses)
                or partner.email.count("@") != len(addresses)
            ):
                raise ValidationError(
                    _(
                        "Email: %(email)s is not a valid email address.",
                        email=partner.email,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        old_forms = []
        for vals in vals_list:
            self._ecrm_stamp_consent(vals, now, given_only=True)
            old_forms.append(self._ecrm_format_phone_vals(vals, self.browse()))
        partners = super().create(vals_list)
        partners._ecrm_sync_phone_rows(
            {p.id: old for p, old in zip(partners, old_forms, strict=True) if old}
        )
        is_customer_context = (
            self.env.context.get("res_partner_search_mode") == "customer"
        )
        partners.filtered(
            lambda p: (
                not p.ecrm_code
                and not p.is_company
                and not p.parent_id
                and (p.customer_rank > 0 or is_customer_context)
            )
        )._ecrm_assign_code()
        return partners

    def write(self, vals):
        self._ecrm_stamp_consent(vals, fields.Datetime.now())
        old = {}
        if {"phone", "mobile"} & set(vals) and not self.env.context.get(
            "ecrm_phone_formatted"
        ):
            vals = dict(vals)
            old = self._ecrm_format_phone_vals(vals, self)
        res = super().write(vals)
        if {"phone", "mobile", "country_id"} & set(vals):
            self._ecrm_sync_phone_rows(dict.fromkeys(self.ids, old) if old else None)
        if vals.get("customer_rank"):
            self.filtered(lambda p: not p.ecrm_code)._ecrm_assign_code()
        return res

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_stamp_consent(self, vals, now, given_only=False):
        """Date a consent given or withdrawn, unless the caller dated it.

        On creation only a consent actually given is dated.
        """
        for channel in ("email", "sms", "phone"):
            fname = f"ecrm_consent_{channel}"
            if given_only and not vals.get(fname):
                continue
            if fname in vals and f"{fname}_date" not in vals:
                vals[f"{fname}_date"] = now

    def _ecrm_assign_code(self):
        """Give the next customer code to every partner of ``self``."""
        # sudo: the code is bookkeeping given by the system, e.g. when a telesales
        # agent confirms a first order, not an edit of the profile by the agent
        partners = self.sudo()
        if not partners:
            return
        sequence = self.env.ref(
            "ecrm_core.seq_ecrm_customer_code", raise_if_not_found=False
        )
        if (
            not sequence
            or sequence.implementation != "standard"
            or sequence.use_date_range
        ):
            # a sequence changed to "no gap" or per-date ranges: Odoo's own path
            Sequence = self.env["ir.sequence"].sudo()
            for partner in partners:
                code = Sequence.next_by_code("ecrm.customer.code")
                super(ResPartner, partner).write({"ecrm_code": code})
            return
        # the standard sequence is a PostgreSQL sequence: draw every number in
        # one query and write every code in one UPDATE (a big import or the
        # nightly catch-up gives thousands of codes at once)
        numbers = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                len(partners),
            )
        )
        prefix, suffix = sequence._get_prefix_suffix()
        codes = [f"{prefix}{row[0]:0{sequence.padding}d}{suffix}" for row in numbers]
        partners.flush_recordset(["ecrm_code"])
        self.env.execute_query(
            SQL(
                """UPDATE res_partner p SET ecrm_code = v.code
                     FROM unnest(%s::int[], %s::varchar[]) AS v(id, code)
                    WHERE p.id = v.id""",
                partners.ids,
                codes,
            )
        )
        partners.invalidate_recordset(["ecrm_code"])

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

    @api.model
    def _ecrm_consent_domain(self, channel):
        """Domain of the customers who may receive marketing on ``channel``.

        ``channel`` is "email", "sms" or "phone"; forgotten customers never do.
        For every sender (mailings, SMS campaigns, call lists).
        """
        if channel not in ("email", "sms", "phone"):
            raise ValueError(channel)
        return [
            (f"ecrm_consent_{channel}", "=", True),
            ("ecrm_anonymised_date", "=", False),
        ]
