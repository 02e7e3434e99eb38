# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

# A score at or below these opens a follow-up activity for customer service.
LOW_CSAT = 2
LOW_NPS = 6


class EcrmSatisfactionResponse(models.Model):
    """One answered satisfaction survey: CSAT (1-5), NPS (0-10) and the customer's
    words, taken from the survey answer when the customer submits it."""

    _name = "ecrm.satisfaction.response"
    _description = "Customer Satisfaction Response"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    survey_id = fields.Many2one("survey.survey", "Survey", ondelete="set null")
    user_input_id = fields.Many2one(
        "survey.user_input", "Answer", index="btree_not_null", ondelete="set null"
    )
    source = fields.Selection(
        [("campaign", "Satisfaction survey"), ("complaint", "After a complaint")],
        required=True,
        default="campaign",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    csat = fields.Integer("CSAT (1-5)", aggregator="avg")
    nps = fields.Integer("NPS score (0-10)", aggregator="avg")
    has_nps = fields.Boolean("NPS Answered")
    comment = fields.Text("Comment")
    channel = fields.Selection(
        related="partner_id.ecrm_origin_channel", store=True, string="Channel"
    )
    store_id = fields.Many2one(
        related="partner_id.ecrm_first_store_id", store=True, string="Store"
    )
    is_low = fields.Boolean("Low Score", compute="_compute_is_low", store=True)
    activity_id = fields.Many2one("mail.activity", "Follow-up", readonly=True)

    @api.depends("csat", "nps", "has_nps")
    def _compute_is_low(self):
        for response in self:
            response.is_low = bool(
                (response.csat and response.csat <= LOW_CSAT)
                or (response.has_nps and response.nps <= LOW_NPS)
            )

    @api.model_create_multi
    def create(self, vals_list):
        responses = super().create(vals_list)
        responses._ecrm_update_profiles()
        responses.filtered("is_low")._ecrm_follow_up()
        return responses

    def _ecrm_update_profiles(self):
        """The newest answer of each customer lands on the profile."""
        latest = {}
        for response in self.sorted("date"):
            latest[response.partner_id] = response
        for partner, response in latest.items():
            if (
                partner.ecrm_satisfaction_date
                and partner.ecrm_satisfaction_date > response.date
            ):
                continue
            partner.write(
                {
                    "ecrm_satisfaction_csat": response.csat,
                    "ecrm_satisfaction_nps": response.nps if response.has_nps else -1,
                    "ecrm_satisfaction_date": response.date,
                    "ecrm_satisfaction_comment": response.comment,
                }
            )

    def _ecrm_follow_up_user(self):
        """Who calls the customer back: the survey's responsible person."""
        self.ensure_one()
        return self.survey_id.user_id or self.env.ref("base.user_admin")

    def _ecrm_follow_up(self):
        activity_type = self.env.ref("mail.mail_activity_data_call")
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": response.partner_id.id,
                "activity_type_id": activity_type.id,
                "summary": _("Low satisfaction score: call the customer back"),
                "note": _(
                    "CSAT %(csat)s/5, NPS %(nps)s/10. Comment: %(comment)s",
                    csat=response.csat or "-",
                    nps=response.nps if response.has_nps else "-",
                    comment=response.comment or "-",
                ),
                "user_id": response._ecrm_follow_up_user().id,
                "date_deadline": fields.Date.context_today(self),
            }
            for response in self
        ]
        # sudo: the answer comes from the customer (public survey page); the
        # activity is for staff, on the customer this answer belongs to
        activities = self.env["mail.activity"].sudo().create(vals_list)
        for response, activity in zip(self, activities, strict=True):
            response.activity_id = activity
