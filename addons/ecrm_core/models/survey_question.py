# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    ecrm_satisfaction_role = fields.Selection(
        [("csat", "CSAT (1-5)"), ("nps", "NPS (0-10)"), ("comment", "Comment")],
        "Satisfaction Measure",
        help="What the answer to this question feeds on the customer's profile "
        "and in the satisfaction report.",
    )
