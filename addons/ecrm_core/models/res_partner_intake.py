# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models, tools

from .ecrm_api import EcrmFieldError

GENDERS = ("male", "female", "other")


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _ecrm_find_or_create_customer(self, customer, channel):
        """The profile of the customer described by ``customer``, created if unknown.

        Used by every intake (storefront API, complaints API, bridges): the
        customer is matched by any known phone or email; a profile is created
        only when nothing matches. ``customer`` is a dict with ``name``,
        ``phone``, ``email`` and optionally ``gender``, ``street``, ``city``,
        ``country_code``. Raises EcrmFieldError (a ValidationError) naming the
        field at fault.
        """
        phone = (customer.get("phone") or "").strip()
        email = (customer.get("email") or "").strip()
        if not phone and not email:
            raise EcrmFieldError(
                _("A customer needs a phone number or an email address."), "phone"
            )
        e164 = False
        if phone:
            e164 = self._ecrm_normalize_phone(phone)
            if not e164:
                raise EcrmFieldError(
                    _("The phone number %(phone)s is not valid.", phone=phone),
                    "phone",
                )
        email_normalized = False
        if email:
            email_normalized = tools.email_normalize(email)
            if not email_normalized:
                raise EcrmFieldError(
                    _("The email address %(email)s is not valid.", email=email),
                    "email",
                )
        partner = self._ecrm_find_by_contact(e164, email_normalized)
        if partner:
            return partner
        name = (customer.get("name") or "").strip()
        if not name:
            raise EcrmFieldError(_("The customer's name is required."), "name")
        country = self.env["res.country"]
        if customer.get("country_code"):
            country = country.search(
                [("code", "=", customer["country_code"].upper())], limit=1
            )
            if not country:
                raise EcrmFieldError(
                    _(
                        "Unknown country code %(code)s.",
                        code=customer["country_code"],
                    ),
                    "country_code",
                )
        gender = customer.get("gender")
        if gender and gender not in GENDERS:
            raise EcrmFieldError(
                _("The gender must be one of male, female, other."), "gender"
            )
        # No "contact created" note: the customer's origin channel says it.
        return self.with_context(mail_create_nolog=True).create(
            {
                "name": name,
                "phone": e164 or False,
                "email": email or False,
                "street": customer.get("street") or False,
                "city": customer.get("city") or False,
                "country_id": (country or self._ecrm_phone_country()).id,
                "ecrm_gender": gender or False,
                "ecrm_origin_channel": channel,
                "customer_rank": 1,
            }
        )
