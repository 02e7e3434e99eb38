# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SurveyUserInput(models.Model):
    """A finished satisfaction survey becomes an ``ecrm.satisfaction.response``."""

    _inherit = "survey.user_input"

    ecrm_company_id = fields.Many2one("res.company", "eCRM Company", readonly=True)
    ecrm_source = fields.Selection(
        [("campaign", "Satisfaction survey"), ("complaint", "After a complaint")],
        "Satisfaction Source",
        readonly=True,
    )
    ecrm_response_ids = fields.One2many(
        "ecrm.satisfaction.response",
        "user_input_id",
        "Satisfaction Answers",
        readonly=True,
    )

    def _ecrm_survey_url(self):
        """The personal link of the invitation (no login needed)."""
        self.ensure_one()
        return self.survey_id.get_base_url() + self.get_start_url()

    def _mark_done(self):
        res = super()._mark_done()
        self._ecrm_record_satisfaction()
        return res

    def _ecrm_record_satisfaction(self):
        inputs = self.filtered(
            lambda i: i.ecrm_source
            and i.partner_id
            and not i.test_entry
            and not i.ecrm_response_ids
        )
        if not inputs:
            return self.env["ecrm.satisfaction.response"]
        # sudo: the customer answers on the public survey page; the response
        # row is built only from their own answer, for their own profile
        return (
            self.env["ecrm.satisfaction.response"]
            .sudo()
            .create([i._ecrm_satisfaction_values() for i in inputs])
        )

    def _ecrm_satisfaction_values(self):
        """Values of the response; the addons that send surveys add their links."""
        self.ensure_one()
        vals = {
            "partner_id": self.partner_id.id,
            "company_id": (self.ecrm_company_id or self.env.company).id,
            "survey_id": self.survey_id.id,
            "user_input_id": self.id,
            "source": self.ecrm_source,
            "date": self.end_datetime or fields.Datetime.now(),
        }
        for line in self.user_input_line_ids.filtered(
            lambda ln: not ln.skipped and ln.question_id.ecrm_satisfaction_role
        ):
            role = line.question_id.ecrm_satisfaction_role
            if role == "csat":
                vals["csat"] = int(line.value_scale or 0)
            elif role == "nps":
                vals["nps"] = int(line.value_scale or 0)
                vals["has_nps"] = True
            elif role == "comment":
                vals["comment"] = line.value_text_box or line.value_char_box
        return vals
