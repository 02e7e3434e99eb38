# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction survey after a resolved complaint: the same survey, answers
and follow-up as the yearly survey (ecrm_core), linked to the complaint."""

from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    ecrm_survey_id = fields.Many2one(
        "survey.survey",
        "Survey After Resolution",
        domain=[("access_mode", "=", "token")],
        help="Sent to the customer when a complaint of this department is "
        "resolved, instead of the one-click rating; its CSAT becomes the "
        "complaint's rating.",
    )


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    ecrm_survey_input_id = fields.Many2one(
        "survey.user_input", "Satisfaction Survey", readonly=True, copy=False
    )

    def _ecrm_send_closing_notification(self):
        surveyed = self.filtered(
            lambda t: t.team_id.ecrm_survey_id
            and t.partner_id
            and not t.partner_id.ecrm_privacy_excluded
        )
        super(HelpdeskTicket, self - surveyed)._ecrm_send_closing_notification()
        if surveyed:
            surveyed._ecrm_send_survey()

    def _ecrm_send_survey(self):
        # sudo: the ticket was just closed by staff allowed to close it; the
        # invitation belongs to the complaint's own customer
        inputs = (
            self.env["survey.user_input"]
            .sudo()
            .create(
                [
                    {
                        "survey_id": ticket.team_id.ecrm_survey_id.id,
                        "partner_id": ticket.partner_id.id,
                        "email": ticket.partner_id.email,
                        "ecrm_company_id": ticket.company_id.id,
                        "ecrm_source": "complaint",
                        "ecrm_ticket_id": ticket.id,
                    }
                    for ticket in self
                ]
            )
        )
        for ticket, user_input in zip(self, inputs, strict=True):
            ticket.sudo().ecrm_survey_input_id = user_input
        template = self.env.ref("ecrm_service.mail_template_complaint_closed_survey")
        for ticket in self:
            # sudo: the email renders the invitation's link, which department
            # staff closing the complaint may not read
            ticket.sudo().rating_send_request(template, force_send=False)


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    ecrm_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        "Complaint",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )

    def _ecrm_satisfaction_values(self):
        vals = super()._ecrm_satisfaction_values()
        if self.ecrm_ticket_id:
            vals["ticket_id"] = self.ecrm_ticket_id.id
            vals["category_id"] = self.ecrm_ticket_id.category_id.id
        return vals

    def _ecrm_record_satisfaction(self):
        """The CSAT of a complaint's survey is also its rating (portal, API,
        supplier scorecard read the rating)."""
        responses = super()._ecrm_record_satisfaction()
        for response in responses.filtered(lambda r: r.ticket_id and r.csat):
            ticket = response.ticket_id.sudo()
            token = ticket._rating_get_access_token(response.partner_id)
            ticket.rating_apply(response.csat, token=token, feedback=response.comment)
        return responses


class EcrmSatisfactionResponse(models.Model):
    _inherit = "ecrm.satisfaction.response"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", "Complaint", index="btree_not_null", ondelete="set null"
    )
    category_id = fields.Many2one(
        "helpdesk.ticket.category", "Complaint Category", ondelete="set null"
    )

    def _ecrm_follow_up_user(self):
        """A low score after a complaint goes back to whoever handled it."""
        if self.ticket_id.user_id:
            return self.ticket_id.user_id
        return self.ticket_id.team_id.user_id or super()._ecrm_follow_up_user()
