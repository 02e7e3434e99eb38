# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class EcrmSatisfactionCampaign(models.Model):
    """A satisfaction survey sent, at least yearly, to the members of a segment
    who agreed to be contacted on the campaign's channel."""

    _name = "ecrm.satisfaction.campaign"
    _description = "Customer Satisfaction Survey Campaign"
    _inherit = ["mail.thread"]
    _order = "next_date, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    segment_id = fields.Many2one(
        "ecrm.segment",
        "Segment",
        required=True,
        tracking=True,
        help="Active customers of this segment are surveyed.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        "Survey",
        required=True,
        default=lambda self: self.env.ref(
            "ecrm_core.survey_customer_satisfaction", raise_if_not_found=False
        ),
    )
    channel = fields.Selection(
        [("email", "Email"), ("sms", "SMS")],
        required=True,
        default="email",
        tracking=True,
        help="Only customers with consent for this channel receive the survey.",
    )
    interval_months = fields.Integer(
        "Every (months)",
        default=12,
        required=True,
        help="A customer is surveyed again by this campaign after this many months.",
    )
    next_date = fields.Date(
        "Next Sending", default=fields.Date.context_today, required=True, tracking=True
    )
    last_sent = fields.Datetime("Last Sent", readonly=True, copy=False)
    last_sent_count = fields.Integer("Sent Last Time", readonly=True, copy=False)
    invitation_count = fields.Integer(compute="_compute_counts", string="Invitations")
    response_count = fields.Integer(compute="_compute_counts", string="Answers")

    @api.constrains("interval_months")
    def _check_interval_months(self):
        if self.filtered(lambda c: not 1 <= c.interval_months <= 12):
            raise ValidationError(
                _(
                    "A satisfaction survey is sent at least once a year "
                    "(1 to 12 months)."
                )
            )

    def _compute_counts(self):
        Input = self.env["survey.user_input"].sudo()
        invited = dict(
            Input._read_group(
                [("ecrm_campaign_id", "in", self.ids)],
                ["ecrm_campaign_id"],
                ["__count"],
            )
        )
        answered = dict(
            Input._read_group(
                [("ecrm_campaign_id", "in", self.ids), ("state", "=", "done")],
                ["ecrm_campaign_id"],
                ["__count"],
            )
        )
        for campaign in self:
            campaign.invitation_count = invited.get(campaign, 0)
            campaign.response_count = answered.get(campaign, 0)

    def action_send(self):
        """Invite now the members who may be reached and were not surveyed by
        this campaign within its interval."""
        for campaign in self:
            campaign._ecrm_send()
        return True

    def _ecrm_recipients(self):
        """(partner id, email, mobile) of the segment's active members who gave
        consent for the channel, are not excluded from marketing, not blacklisted
        and not invited by this campaign within its interval."""
        self.ensure_one()
        self.env.flush_all()
        since = fields.Datetime.now() - relativedelta(months=self.interval_months)
        if self.channel == "email":
            reach = SQL(
                """p.ecrm_consent_email AND p.email_normalized IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM mail_blacklist b
                                    WHERE b.active AND b.email = p.email_normalized)"""
            )
        else:
            reach = SQL(
                """p.ecrm_consent_sms AND m.mobile IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM phone_blacklist b
                                    WHERE b.active AND b.number = m.mobile)"""
            )
        return self.env.execute_query(
            SQL(
                """SELECT p.id, p.email_normalized, m.mobile
                     FROM ecrm_segment_member_rel r
                     JOIN res_partner p ON p.id = r.partner_id
              LEFT JOIN LATERAL (
                          SELECT ph.number_e164 AS mobile FROM ecrm_partner_phone ph
                           WHERE ph.partner_id = p.id AND ph.number_e164 IS NOT NULL
                        ORDER BY ph.kind = 'mobile' DESC, ph.sequence, ph.id
                           LIMIT 1) m ON TRUE
                    WHERE r.segment_id = %(segment)s
                      AND p.active
                      AND (p.company_id IS NULL OR p.company_id = %(company)s)
                      AND p.ecrm_consent_withdrawn_date IS NULL
                      AND NOT COALESCE(p.ecrm_processing_restricted, FALSE)
                      AND p.ecrm_anonymised_date IS NULL
                      AND %(reach)s
                      AND NOT EXISTS (
                          SELECT 1 FROM survey_user_input ui
                           WHERE ui.ecrm_campaign_id = %(campaign)s
                             AND ui.partner_id = p.id
                             AND ui.create_date > %(since)s)
                 ORDER BY p.id""",
                segment=self.segment_id.id,
                company=self.company_id.id,
                reach=reach,
                campaign=self.id,
                since=since,
            )
        )

    def _ecrm_send(self):
        self.ensure_one()
        self.check_access("write")
        # sudo: whoever may run the campaign may send its survey, even without
        # the Surveys app rights
        survey = self.survey_id.sudo()
        if not survey.active or survey.access_mode != "token":
            raise UserError(
                _(
                    "The survey %s must be active and open to invited people only.",
                    survey.display_name,
                )
            )
        rows = self._ecrm_recipients()
        if rows:
            # sudo: marketing staff manage campaigns, not surveys; recipients were
            # chosen above by segment and consent
            inputs = (
                self.env["survey.user_input"]
                .sudo()
                .create(
                    [
                        {
                            "survey_id": survey.id,
                            "partner_id": partner_id,
                            "email": email,
                            "ecrm_campaign_id": self.id,
                            "ecrm_company_id": self.company_id.id,
                            "ecrm_source": "campaign",
                        }
                        for partner_id, email, _mobile in rows
                    ]
                )
            )
            if self.channel == "email":
                template = self.env.ref(
                    "ecrm_marketing.mail_template_satisfaction_survey"
                )
                template.sudo().send_mail_batch(inputs.ids)
            else:
                mobiles = {partner_id: mobile for partner_id, _email, mobile in rows}
                self.env["sms.sms"].sudo().create(
                    [
                        {
                            "partner_id": ui.partner_id.id,
                            "number": mobiles[ui.partner_id.id],
                            "body": ui.with_context(
                                lang=ui.partner_id.lang or "vi_VN"
                            )._ecrm_survey_sms_body(),
                            "state": "outgoing",
                        }
                        for ui in inputs
                    ]
                )
        self.write({"last_sent": fields.Datetime.now(), "last_sent_count": len(rows)})
        self.message_post(
            body=_("Satisfaction survey sent to %s customers.", len(rows))
        )
        return len(rows)

    def action_view_responses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ecrm_core.ecrm_satisfaction_response_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        return action

    @api.model
    def _cron_ecrm_send_due(self):
        today = fields.Date.context_today(self)
        for campaign in self.search([("next_date", "<=", today)]):
            campaign._ecrm_send()
            campaign.next_date = today + relativedelta(months=campaign.interval_months)
