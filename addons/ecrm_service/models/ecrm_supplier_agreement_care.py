# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class EcrmSupplierAgreement(models.Model):
    """Supplier care: the buyer who answers for the supplier, the share of
    answers on time the agreement asks, and the periodic quality survey."""

    _inherit = "ecrm.supplier.agreement"

    buyer_id = fields.Many2one(
        "res.users",
        "Responsible Buyer",
        tracking=True,
        domain=[("share", "=", False)],
        help="Warned by an activity when the supplier breaches the agreement.",
    )
    min_on_time_rate = fields.Integer(
        "Answers On Time (%)",
        default=90,
        help="Share of escalated complaints the supplier must answer in time "
        "each month.",
    )
    quality_survey_id = fields.Many2one(
        "survey.survey",
        "Quality Survey",
        domain=[("access_mode", "=", "token")],
        default=lambda self: self.env.ref(
            "ecrm_service.survey_supplier_quality", raise_if_not_found=False
        ),
    )
    quality_survey_months = fields.Integer(
        "Quality Survey Every (months)",
        default=6,
        help="0: no quality survey. Without a survey chosen, the default supplier "
        "quality survey is sent.",
    )
    quality_survey_last_date = fields.Date("Last Quality Survey", readonly=True)
    quality_survey_input_ids = fields.One2many(
        "survey.user_input",
        "ecrm_agreement_id",
        "Quality Survey Answers",
        readonly=True,
    )

    @api.constrains("min_on_time_rate", "quality_survey_months")
    def _check_care(self):
        for agreement in self:
            if not 0 <= agreement.min_on_time_rate <= 100:
                raise ValidationError(_("The share of answers on time is 0 to 100%."))
            if agreement.quality_survey_months < 0:
                raise ValidationError(
                    _("The quality survey interval cannot be negative.")
                )

    def action_send_quality_survey(self):
        self._ecrm_send_quality_survey()
        return True

    def _ecrm_send_quality_survey(self):
        """Invite each supplier (its company's email) to the quality survey."""
        default = self.env.ref(
            "ecrm_service.survey_supplier_quality", raise_if_not_found=False
        )
        agreements = self.filtered(
            lambda a: (a.quality_survey_id or default) and a.supplier_id.email
        )
        if not agreements:
            return self.env["survey.user_input"]
        # sudo: managers and the scheduler send; suppliers only answer their own
        # invitation through its token
        inputs = (
            self.env["survey.user_input"]
            .sudo()
            .create(
                [
                    {
                        "survey_id": (a.quality_survey_id or default).id,
                        "partner_id": a.supplier_id.id,
                        "email": a.supplier_id.email,
                        "ecrm_agreement_id": a.id,
                    }
                    for a in agreements
                ]
            )
        )
        template = self.env.ref("ecrm_service.mail_template_supplier_quality_survey")
        template.sudo().send_mail_batch(inputs.ids)
        agreements.write({"quality_survey_last_date": fields.Date.context_today(self)})
        return inputs

    @api.model
    def _cron_ecrm_supplier_quality_survey(self):
        today = fields.Date.context_today(self)
        due = self.search([("quality_survey_months", ">", 0)]).filtered(
            lambda a: not a.quality_survey_last_date
            or a.quality_survey_last_date
            + relativedelta(months=a.quality_survey_months)
            <= today
        )
        return due._ecrm_send_quality_survey()


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    ecrm_agreement_id = fields.Many2one(
        "ecrm.supplier.agreement",
        "Supplier Agreement",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )
