# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.osv import expression
from odoo.tools import SQL


class ResPartner(models.Model):
    """Personal data added by marketing: mailing contacts, traces, loyalty."""

    _inherit = "res.partner"

    def _ecrm_erasure_records(self, keys):
        records = super()._ecrm_erasure_records(keys)
        records["loyalty.card"] = (
            self.env["loyalty.card"]
            .with_context(active_test=False)
            .search([("partner_id", "in", keys["partners"].ids)])
            .ids
        )
        records["mailing.contact"] = self._ecrm_erasure_mailing_contacts(keys).ids
        return records

    def _ecrm_erasure_mailing_contacts(self, keys):
        """Mailing contacts of the person: same email, or same mobile once
        sanitized (a contact shared by email or mobile is the person's)."""
        domain = []
        if keys["emails"]:
            domain.append([("email_normalized", "in", list(keys["emails"]))])
        if keys["phones"]:
            domain.append([("phone_sanitized", "in", list(keys["phones"]))])
        if keys["phone_forms"]:
            domain.append([("mobile", "in", list(keys["phone_forms"]))])
        if not domain:
            return self.env["mailing.contact"]
        Contact = self.env["mailing.contact"].with_context(active_test=False)
        return Contact.search(expression.OR(domain))

    def _ecrm_erase_personal_data(self, keys=None):
        """Mailing contacts (and their list subscriptions) deleted; mailing
        traces keep their statistics without the address or number; loyalty
        cards, points and tier history keep numbers and the link to the
        anonymised profile."""
        keys = keys or self._ecrm_erasure_keys()
        contact_ids = keys["records"].get("mailing.contact") or [0]
        conditions = [
            SQL(
                "(model = 'res.partner' AND res_id IN %s)",
                tuple(keys["partners"].ids),
            ),
            SQL("(model = 'mailing.contact' AND res_id IN %s)", tuple(contact_ids)),
        ]
        if keys["emails"]:
            conditions.append(SQL("email IN %s", tuple(keys["emails"])))
        if keys["phone_forms"]:
            conditions.append(SQL("sms_number IN %s", tuple(keys["phone_forms"])))
        self.env["mailing.trace"].flush_model()
        self.env.cr.execute(
            SQL(
                """UPDATE mailing_trace
                      SET email = NULL, sms_number = NULL, failure_reason = NULL
                    WHERE %s""",
                SQL(" OR ").join(conditions),
            )
        )
        self.env["mailing.trace"].invalidate_model()
        self.env["mailing.contact"].browse(contact_ids).exists().unlink()
        return super()._ecrm_erase_personal_data(keys)

    def _ecrm_personal_data(self):
        data = super()._ecrm_personal_data()
        # sudo: _ecrm_personal_data checked the caller is an eCRM manager
        partner = self.sudo()
        plain = self._ecrm_plain_row
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="id")
        )
        history = (
            self.env["loyalty.history"]
            .sudo()
            .search([("card_id", "in", cards.ids)], order="id")
        )
        tiers = (
            self.env["ecrm.loyalty.tier.history"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="date, id")
        )
        keys = {
            "emails": {partner.email_normalized} - {False},
            "phones": {p for p in partner.ecrm_phone_ids.mapped("number_e164")},
            "phone_forms": set(),
        }
        # list memberships written through list_ids are read from the table
        self.env.flush_all()
        contacts = self._ecrm_erasure_mailing_contacts(keys).sudo()
        data["loyalty_cards"] = [
            plain(c, ["program_id", "code", "points", "expiration_date"]) for c in cards
        ]
        data["loyalty_history"] = [
            plain(h, ["create_date", "card_id", "description", "issued", "used"])
            for h in history
        ]
        data["tier_history"] = [
            plain(t, ["date", "old_tier_id", "new_tier_id", "points"]) for t in tiers
        ]
        data["mailing_subscriptions"] = [
            {"list": s.list_id.name}
            | plain(s, ["opt_out", "opt_out_datetime"])
            | {
                "email": s.contact_id.email or None,
                "mobile": s.contact_id.mobile or None,
            }
            for s in self.env["mailing.subscription"]
            .sudo()
            .search([("contact_id", "in", contacts.ids)], order="id")
        ]
        return data

    def _ecrm_personal_data_sheets(self):
        return super()._ecrm_personal_data_sheets() + [
            ("loyalty_cards", _("Loyalty Cards")),
            ("loyalty_history", _("Points History")),
            ("tier_history", _("Tier History")),
            ("mailing_subscriptions", _("Mailing Lists")),
        ]
