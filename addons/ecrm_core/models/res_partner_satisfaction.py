# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Satisfaction on the profile, and its personal data (export, erasure)."""

from odoo import _, fields, models
from odoo.osv import expression
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    ecrm_satisfaction_csat = fields.Integer(
        "Last CSAT", readonly=True, help="Last satisfaction score given (1-5)."
    )
    ecrm_satisfaction_nps = fields.Integer(
        "Last NPS Score",
        readonly=True,
        default=-1,
        help="Last likelihood to recommend given (0-10); -1 when never answered.",
    )
    ecrm_satisfaction_date = fields.Datetime("Last Survey Answer", readonly=True)
    ecrm_satisfaction_comment = fields.Text("Last Survey Comment", readonly=True)
    ecrm_satisfaction_response_ids = fields.One2many(
        "ecrm.satisfaction.response", "partner_id", "Satisfaction Answers"
    )

    def _ecrm_survey_inputs(self, keys):
        """Survey answers of the person: linked to a profile or sent with one of
        their emails."""
        domains = [[("partner_id", "in", keys["partners"].ids)]]
        if keys["emails"]:
            domains.append([("email", "in", list(keys["emails"]))])
        return (
            self.env["survey.user_input"]
            .with_context(active_test=False)
            .search(expression.OR(domains))
        )

    def _ecrm_erasure_records(self, keys):
        records = super()._ecrm_erasure_records(keys)
        records["survey.user_input"] = self._ecrm_survey_inputs(keys).ids
        return records

    def _ecrm_erase_personal_data(self, keys=None):
        """Survey answers (and their lines) are deleted; satisfaction responses
        keep their scores and dates for the trend, without the free text; the
        profile's last comment is wiped."""
        keys = keys or self._ecrm_erasure_keys()
        input_ids = keys["records"].get("survey.user_input") or []
        Response = self.env["ecrm.satisfaction.response"]
        Response.flush_model()
        self.env.cr.execute(
            SQL(
                """UPDATE ecrm_satisfaction_response
                      SET comment = NULL, user_input_id = NULL
                    WHERE partner_id IN %s OR user_input_id IN %s""",
                tuple(keys["partners"].ids),
                tuple(input_ids) or (0,),
            )
        )
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner SET ecrm_satisfaction_comment = NULL
                    WHERE id IN %s""",
                tuple(keys["partners"].ids),
            )
        )
        Response.invalidate_model()
        self.env["res.partner"].invalidate_model(["ecrm_satisfaction_comment"])
        self.env["survey.user_input"].browse(input_ids).exists().unlink()
        return super()._ecrm_erase_personal_data(keys)

    def _ecrm_personal_data(self):
        data = super()._ecrm_personal_data()
        # sudo: _ecrm_personal_data checked the caller is an eCRM manager
        partner = self.sudo()
        responses = (
            self.env["ecrm.satisfaction.response"]
            .sudo()
            .search(
                [("partner_id", "child_of", partner.commercial_partner_id.id)],
                order="date, id",
            )
        )
        data["satisfaction"] = [
            self._ecrm_plain_row(r, ["date", "source", "survey_id", "csat", "comment"])
            | {"nps": r.nps if r.has_nps else None}
            for r in responses
        ]
        inputs = (
            self.env["survey.user_input"]
            .sudo()
            .search(
                [("partner_id", "child_of", partner.commercial_partner_id.id)],
                order="create_date, id",
            )
        )
        data["survey_answers"] = [
            {
                "survey": line.survey_id.display_name,
                "date": fields.Datetime.to_string(line.create_date),
                "question": line.question_id.title,
                "answer": line.value_text_box or str(line.display_name or ""),
            }
            for line in inputs.user_input_line_ids
        ]
        return data

    def _ecrm_personal_data_sheets(self):
        return super()._ecrm_personal_data_sheets() + [
            ("satisfaction", _("Satisfaction")),
            ("survey_answers", _("Survey Answers")),
        ]
