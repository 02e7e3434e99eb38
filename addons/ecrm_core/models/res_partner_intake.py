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
        return self._ecrm_find_or_create_customers(
            [self._ecrm_customer_values(customer, channel)]
        )

    @api.model
    def _ecrm_customer_values(
        self, customer, channel, countries=None, default_country=None
    ):
        """Check and normalise an intake's ``customer`` dict, without any write.

        Returns ``{"phone": e164, "email": normalised email, "vals": values of
        the profile to create if nothing matches}``. Raises EcrmFieldError naming
        the field at fault. ``countries`` maps upper-case country codes to ids
        (read once for a batch); missing, the code is looked up.
        ``default_country`` is the company's phone country
        (``_ecrm_phone_country``), read once for a batch.
        """
        default_country = default_country or self._ecrm_phone_country()
        phone = (customer.get("phone") or "").strip()
        email = (customer.get("email") or "").strip()
        if not phone and not email:
            raise EcrmFieldError(
                _("A customer needs a phone number or an email address."), "phone"
            )
        country_id = False
        code = (customer.get("country_code") or "").upper()
        if code:
            if countries is None:
                countries = self._ecrm_country_ids([code])
            country_id = countries.get(code)
            if not country_id:
                raise EcrmFieldError(
                    _("Unknown country code %(code)s.", code=customer["country_code"]),
                    "country_code",
                )
        # a local number is read in the payload's country, else the company's
        country = self.env["res.country"].browse(country_id) or default_country
        e164 = False
        if phone:
            e164 = self._ecrm_normalize_phone(phone, country=country)
            if not e164:
                raise EcrmFieldError(
                    _(
                        "The phone number %(phone)s is not valid in %(country)s.",
                        phone=phone,
                        country=country.name,
                    ),
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
        gender = customer.get("gender")
        if gender and gender not in GENDERS:
            raise EcrmFieldError(
                _("The gender must be one of male, female, other."), "gender"
            )
        return {
            "phone": e164,
            "email": email_normalized,
            "vals": {
                "name": (customer.get("name") or "").strip(),
                # as written: create stores it in its current, shown form and
                # keeps an old form (before a renumbering) on the phone row
                "phone": phone or False,
                "email": email or False,
                "street": customer.get("street") or False,
                "city": customer.get("city") or False,
                "country_id": country.id,
                "ecrm_gender": gender or False,
                "ecrm_origin_channel": channel,
                "customer_rank": 1,
            },
        }

    @api.model
    def _ecrm_country_ids(self, codes):
        """{upper-case code: country id} of the known ``codes``, in one query."""
        countries = self.env["res.country"].search_fetch(
            [("code", "in", [code.upper() for code in codes])], ["code"]
        )
        return {country.code.upper(): country.id for country in countries}

    @api.model
    def _ecrm_find_or_create_customers(self, customers):
        """The profiles of a batch of intakes, in the same order.

        ``customers`` are results of ``_ecrm_customer_values``. Each is matched
        by its phone first, then by its email (the oldest profile when several
        match), in one query per kind for the whole batch; the unknown ones are
        created in one ``create``, once per person even when the batch holds
        several of their orders. Raises EcrmFieldError if a profile to create
        has no name.
        """
        by_phone = self._ecrm_match_phones({c["phone"] for c in customers} - {False})
        by_email = self._ecrm_match_emails(
            {c["email"] for c in customers if not by_phone.get(c["phone"])} - {False}
        )
        partner_ids, to_create, new_keys = [], [], {}
        for customer in customers:
            found = by_phone.get(customer["phone"]) or by_email.get(customer["email"])
            if not found:
                # the same new person twice in a batch: one profile
                key = customer["phone"] or customer["email"]
                if key not in new_keys:
                    if not customer["vals"]["name"]:
                        raise EcrmFieldError(
                            _("The customer's name is required."), "name"
                        )
                    new_keys[key] = len(to_create)
                    to_create.append(customer["vals"])
                found = ("new", new_keys[key])
            partner_ids.append(found)
        # No "contact created" note: the customer's origin channel says it. The
        # intake's user (a storefront's technical user) never follows them.
        created = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(to_create)
        return self.browse(
            created[found[1]].id if isinstance(found, tuple) else found
            for found in partner_ids
        )

    @api.model
    def _ecrm_match_phones(self, numbers):
        """{E.164 number: id of the oldest active profile with that number}."""
        if not numbers:
            return {}
        # sudo: the numbers are an index of the partners' own fields; which
        # partners the user may see is checked by the search below
        rows = (
            self.env["ecrm.partner.phone"]
            .sudo()
            .search_fetch(
                [("number_e164", "in", list(numbers))],
                ["number_e164", "partner_id"],
                order="partner_id",
            )
        )
        visible = set(
            self.with_context(active_test=True)
            .search([("id", "in", rows.partner_id.ids)])
            .ids
        )
        found = {}
        for row in rows:
            if row.partner_id.id in visible:
                found.setdefault(row.number_e164, row.partner_id.id)
        return found

    @api.model
    def _ecrm_match_emails(self, emails):
        """{normalised email: id of the oldest active profile with that email}."""
        if not emails:
            return {}
        partners = self.with_context(active_test=True).search_fetch(
            [("email_normalized", "in", list(emails))],
            ["email_normalized"],
            order="id",
        )
        found = {}
        for partner in partners:
            found.setdefault(partner.email_normalized, partner.id)
        return found
