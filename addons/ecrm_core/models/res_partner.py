# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools

from .ecrm_channel import CHANNELS


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecrm_origin_channel = fields.Selection(
        CHANNELS,
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

    # Customer 360 figures: stored, refreshed in SQL when orders change and nightly.
    ecrm_first_order_date = fields.Datetime("First Order", readonly=True)
    ecrm_last_order_date = fields.Datetime("Last Order", readonly=True, index=True)
    ecrm_order_count = fields.Integer("Orders", readonly=True, index=True)
    ecrm_revenue = fields.Monetary(
        "Revenue", readonly=True, currency_field="ecrm_currency_id"
    )
    ecrm_currency_id = fields.Many2one(
        "res.currency", compute="_compute_ecrm_currency_id", string="eCRM Currency"
    )

    def _compute_ecrm_currency_id(self):
        for partner in self:
            partner.ecrm_currency_id = (
                partner.company_id.currency_id or self.env.company.currency_id
            )

    @api.model
    def _ecrm_phone_country(self):
        """Country used to read numbers written without a country code."""
        return self.env.company.country_id or self.env.ref("base.vn")

    @api.model
    def _ecrm_normalize_phone(self, number, raise_exception=False):
        """E.164 form of ``number`` (any way people write it), or False."""
        if not number:
            return False
        return self._phone_format(
            number=number,
            country=self._ecrm_phone_country(),
            force_format="E164",
            raise_exception=raise_exception,
        )

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
        """Domain of the partners having the normalised number ``e164``."""
        return [("phone_sanitized", "=", e164)]
