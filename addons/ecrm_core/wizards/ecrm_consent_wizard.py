# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.res_partner import CONSENT_SOURCES


class EcrmConsentWizard(models.TransientModel):
    _name = "ecrm.consent.wizard"
    _description = "Change a Customer's Marketing Consent"

    partner_id = fields.Many2one("res.partner", "Customer", required=True)
    channel = fields.Selection(
        [("email", "Email"), ("sms", "SMS"), ("phone", "Phone calls")],
        required=True,
        default="email",
    )
    decision = fields.Selection(
        [("given", "Given"), ("withdrawn", "Withdrawn")],
        required=True,
        default="given",
    )
    source = fields.Selection(
        CONSENT_SOURCES,
        required=True,
        help="How the customer expressed this decision.",
    )
    date = fields.Datetime(
        required=True,
        default=fields.Datetime.now,
        help="When the customer expressed this decision.",
    )

    def action_apply(self):
        self.ensure_one()
        self.partner_id._ecrm_set_consent(
            self.channel, self.decision == "given", self.source, self.date
        )
        return {"type": "ir.actions.act_window_close"}
