# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Consent withdrawal, restriction and objection reach the mailing lists."""

from odoo import models
from odoo.osv import expression


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _ecrm_privacy_stop_marketing(self):
        """Opt every mailing contact of ``self`` out of every mailing list.

        A contact is theirs when it has their normalised email or one of their
        numbers (E.164), whoever created it: a contact shared with the same
        email or mobile is left out too.
        """
        res = super()._ecrm_privacy_stop_marketing()
        contacts = self._ecrm_mailing_contacts()
        # sudo: the caller (an eCRM manager handling a request) was checked by
        # the withdrawal or restriction; subscriptions belong to marketing
        subscriptions = contacts.subscription_ids.filtered(lambda s: not s.opt_out)
        subscriptions.write({"opt_out": True})
        return res

    def _ecrm_mailing_contacts(self):
        """The mailing contacts having an email or a number of ``self``."""
        emails = sorted({e for e in self.mapped("email_normalized") if e})
        numbers = self._ecrm_privacy_numbers()
        domains = []
        if emails:
            domains.append([("email_normalized", "in", emails)])
        if numbers:
            domains.append([("phone_sanitized", "in", numbers)])
        # sudo: searched on the customers' own addresses only (never on caller
        # input), for a manager already checked
        Contact = self.env["mailing.contact"].sudo().with_context(active_test=False)
        if not domains:
            return Contact
        return Contact.search(expression.OR(domains))

    def _mailing_get_opt_out_list(self, mailing):
        """Mass mailings sent to customers directly skip the excluded ones."""
        domain = expression.AND(
            [mailing._parse_mailing_domain(), [("ecrm_privacy_excluded", "=", True)]]
        )
        partners = self.with_context(active_test=False).search_fetch(
            domain, ["email_normalized"]
        )
        return {e for e in partners.mapped("email_normalized") if e}

    def _mailing_get_opt_out_list_sms(self, mailing):
        domain = expression.AND(
            [mailing._parse_mailing_domain(), [("ecrm_privacy_excluded", "=", True)]]
        )
        return self.with_context(active_test=False).search(domain).ids
