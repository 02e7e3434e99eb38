# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..const import SALES_CHANNELS

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

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

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
