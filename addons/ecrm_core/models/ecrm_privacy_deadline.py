# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The kinds of data-subject request of Law 91/2025/QH15 (Article 4) that the
# register handles; Decree 356/2025 sets how fast each is answered.
REQUEST_TYPES = [
    ("access", "Access (copy of the data)"),
    ("correction", "Correction"),
    ("erasure", "Erasure"),
    ("consent_withdrawal", "Consent withdrawal"),
    ("restriction", "Restriction of processing"),
    ("objection", "Objection to processing"),
]


class EcrmPrivacyDeadline(models.Model):
    """How many working days the company has to answer each kind of request.

    One row per request type. The defaults (data, noupdate) follow Decree
    356/2025 where the figure is known, a shorter conservative figure where it
    is not; docs/security.md cites the source of each.
    """

    _name = "ecrm.privacy.deadline"
    _description = "Personal Data Request Deadline"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    request_type = fields.Selection(REQUEST_TYPES, "Request Type", required=True)
    response_days = fields.Integer(
        "Acknowledge Within (working days)",
        required=True,
        default=2,
        help="Working days to tell the customer the request was received and how "
        "it will be handled.",
    )
    days = fields.Integer(
        "Carry Out Within (working days)",
        required=True,
        help="Working days, after the day the request was received, to carry it "
        "out. Weekends and the company's public holidays are not counted.",
    )
    legal_basis = fields.Char(
        "Legal Basis", translate=True, help="Where the law sets this limit."
    )

    _sql_constraints = [
        (
            "request_type_unique",
            "unique(request_type)",
            "Each request type has one deadline.",
        ),
    ]

    @api.constrains("days", "response_days")
    def _check_days(self):
        for deadline in self:
            if deadline.days <= 0 or deadline.response_days <= 0:
                raise ValidationError(_("A deadline is at least one working day."))
            if deadline.response_days > deadline.days:
                raise ValidationError(
                    _(
                        "The acknowledgement cannot come after the request is "
                        "carried out."
                    )
                )

    @api.model
    def _ecrm_days(self, request_type):
        """(response_days, days) for ``request_type``; conservative if unset."""
        # sudo: the limits are public figures of the law, read for any request
        deadline = self.sudo().search([("request_type", "=", request_type)], limit=1)
        if not deadline:
            return 2, 2
        return deadline.response_days, deadline.days
