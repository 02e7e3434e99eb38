# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..const import CAMPAIGN_CHANNELS


class EcrmCampaignReach(models.Model):
    _name = "ecrm.campaign.reach"
    _description = "Campaign Reach"
    _order = "date desc, id desc"

    campaign_id = fields.Many2one(
        "utm.campaign", required=True, index=True, ondelete="cascade"
    )
    channel = fields.Selection(CAMPAIGN_CHANNELS, required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    impressions = fields.Integer(help="Times the ad, article or email was seen.")
    clicks = fields.Integer()
    recipients = fields.Integer(help="People the email or SMS was sent to.")
    mailing_id = fields.Many2one(
        "mailing.mailing",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="Filled from the mailing statistics.",
    )

    @api.constrains("impressions", "clicks", "recipients")
    def _check_figures(self):
        for reach in self:
            if min(reach.impressions, reach.clicks, reach.recipients) < 0:
                raise ValidationError(
                    _("Reach figures cannot be negative (%s).", reach.campaign_id.name)
                )

    @api.model
    def _cron_ecrm_email_reach(self):
        """Refresh the email reach of every campaign from the mailing statistics.

        One row per mailing and day sent: recipients (sent), impressions
        (opened), clicks; the rows are rewritten in one SQL statement pair.
        Each row belongs to the company of the mailing's responsible (the
        company mass_mailing sends it for), so reach never mixes companies.
        """
        self.env.flush_all()
        self.env.execute_query(
            SQL("DELETE FROM ecrm_campaign_reach WHERE mailing_id IS NOT NULL")
        )
        self.env.execute_query(
            SQL(
                """INSERT INTO ecrm_campaign_reach
                          (campaign_id, channel, company_id, date, impressions,
                           clicks, recipients, mailing_id, create_uid, write_uid,
                           create_date, write_date)
                   SELECT m.campaign_id, 'email',
                          COALESCE(mu.company_id, cu.company_id, %(company)s),
                          t.sent_datetime::date,
                          COUNT(t.open_datetime), COUNT(t.links_click_datetime),
                          COUNT(*), m.id, %(uid)s, %(uid)s, now(), now()
                     FROM mailing_trace t
                     JOIN mailing_mailing m ON m.id = t.mass_mailing_id
                LEFT JOIN res_users mu ON mu.id = m.user_id
                LEFT JOIN res_users cu ON cu.id = m.create_uid
                    WHERE m.campaign_id IS NOT NULL
                      AND t.sent_datetime IS NOT NULL
                 GROUP BY m.campaign_id, m.id, t.sent_datetime::date,
                          mu.company_id, cu.company_id""",
                company=self.env.company.id,
                uid=self.env.uid,
            )
        )
        self.invalidate_model()
