# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmPrivacyRequestLog(models.Model):
    """One step of a data-subject request: who did what, when. Append only."""

    _name = "ecrm.privacy.request.log"
    _description = "Personal Data Request Log"
    _order = "date desc, id desc"

    request_id = fields.Many2one(
        "ecrm.privacy.request", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    user_id = fields.Many2one(
        "res.users", "Done By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    action = fields.Selection(
        [
            ("received", "Received"),
            ("started", "Started"),
            ("exported", "Data exported"),
            ("erased", "Data erased"),
            ("consent_withdrawn", "Consent withdrawn"),
            ("restricted", "Processing restricted"),
            ("corrected", "Corrected"),
            ("refused", "Refused"),
            ("export_expired", "Export file deleted"),
        ],
        required=True,
    )
    note = fields.Text()
