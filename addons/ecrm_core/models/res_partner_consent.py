# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..const import CONSENT_CHANNELS
from ..tools import in_owned_flow
from .res_partner import CONSENT_SOURCES

CONSENT_GROUPS = (
    "ecrm_core.group_ecrm_telesales",
    "ecrm_core.group_ecrm_customer_service",
    "ecrm_core.group_ecrm_marketing",
)


class ResPartner(models.Model):
    """Consent and the anonymisation date change only through their flows."""

    _inherit = "res.partner"

    @api.model
    def _ecrm_owned_fields(self):
        """Fields written only by the flow that owns them (see
        ``ecrm_core.tools.owned_flow``): consent through ``_ecrm_set_consent``,
        the anonymisation date through the anonymisation. Other addons add
        theirs (the loyalty tier)."""
        owned = {"ecrm_anonymised_date"}
        for channel in CONSENT_CHANNELS:
            owned |= {
                f"ecrm_consent_{channel}",
                f"ecrm_consent_{channel}_date",
                f"ecrm_consent_{channel}_source",
            }
        return owned

    def _ecrm_check_owned_fields(self, fnames):
        if in_owned_flow(self.env):
            return
        forbidden = sorted(set(fnames) & self._ecrm_owned_fields())
        if forbidden:
            raise AccessError(
                _(
                    "%(fields)s cannot be edited directly: consent is changed "
                    "with “Change consent” (channel, source and date), loyalty "
                    "tiers by the nightly job and orders, the anonymisation "
                    "date by the anonymisation.",
                    fields=", ".join(
                        self._fields[f].get_description(self.env)["string"]
                        for f in forbidden
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # A new profile starts without consent; only a consent given is owned.
            given = {
                fname
                for fname, value in vals.items()
                if value and fname in self._ecrm_owned_fields()
            }
            self._ecrm_check_owned_fields(given)
        return super().create(vals_list)

    def write(self, vals):
        self._ecrm_check_owned_fields(vals)
        return super().write(vals)

    def _ecrm_set_consent(self, channel, value, source, date=None):
        """Record that these customers gave (``value`` True) or withdrew their
        consent to marketing on ``channel`` ('email', 'sms', 'phone'), through
        ``source`` (a consent source), on ``date`` (default now).

        The only way consent changes: the caller must read these customers and
        be one of the roles that talk to them (telesales, customer service,
        marketing, managers); the change is logged in their chatter. Extended
        by what a withdrawal must also stop (mailing lists, blacklist).
        """
        if channel not in CONSENT_CHANNELS:
            raise ValidationError(_("Unknown consent channel: %s", channel))
        if source not in dict(CONSENT_SOURCES):
            raise ValidationError(_("A consent needs its source."))
        date = fields.Datetime.to_datetime(date) or fields.Datetime.now()
        if date > fields.Datetime.now():
            raise ValidationError(_("A consent cannot be dated in the future."))
        # Who talks to customers records what they decide, even without the
        # right to edit the rest of the profile (telesales, customer service).
        self.check_access("read")
        if not self.env.su and not any(
            self.env.user.has_group(group) for group in CONSENT_GROUPS
        ):
            raise AccessError(
                _(
                    "Only telesales, customer service, marketing and managers "
                    "record a customer's consent."
                )
            )
        # sudo: the caller was checked above (reads these customers, records
        # consent); only the three consent fields of one channel are written.
        self.sudo().write(
            {
                f"ecrm_consent_{channel}": bool(value),
                f"ecrm_consent_{channel}_date": date,
                f"ecrm_consent_{channel}_source": source,
            }
        )
        sources = dict(
            self._fields["ecrm_consent_email_source"]._description_selection(self.env)
        )
        channels = {"email": _("email"), "sms": _("SMS"), "phone": _("phone calls")}
        values = {
            "channel": channels[channel],
            "how": sources[source],
            "date": fields.Datetime.to_string(date),
        }
        if value:
            body = _(
                "Consent to marketing by %(channel)s given (%(how)s, %(date)s).",
                **values,
            )
        else:
            body = _(
                "Consent to marketing by %(channel)s withdrawn (%(how)s, %(date)s).",
                **values,
            )
        # sudo: the note is the log of the change just made, posted by the
        # system as the caller may not post on profiles it cannot edit.
        for partner in self.sudo():
            partner.message_post(body=body, author_id=self.env.user.partner_id.id)
        return True
