# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    ecrm_campaign_id = fields.Many2one(
        "ecrm.satisfaction.campaign",
        "Satisfaction Campaign",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )

    def _ecrm_survey_sms_body(self):
        self.ensure_one()
        company = self.ecrm_campaign_id.company_id or self.env.company
        return _(
            "%(company)s: thank you for shopping with us. One minute to tell us "
            "how we did? %(url)s",
            company=company.name,
            url=self._ecrm_survey_url(),
        )

    def _ecrm_satisfaction_values(self):
        vals = super()._ecrm_satisfaction_values()
        vals["campaign_id"] = self.ecrm_campaign_id.id
        return vals


class EcrmSatisfactionResponse(models.Model):
    _inherit = "ecrm.satisfaction.response"

    campaign_id = fields.Many2one(
        "ecrm.satisfaction.campaign",
        "Campaign",
        index="btree_not_null",
        ondelete="set null",
    )
