# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmCancelReason(models.Model):
    _name = "ecrm.cancel.reason"
    _description = "Order Cancel Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        help="Stable code used by integrations and reports (e.g. unreachable)."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_system = fields.Boolean(
        "System Reason",
        readonly=True,
        help="Set by the system itself (e.g. the customer could not be reached); "
        "agents do not pick it by hand.",
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a cancel reason must be unique."),
    ]
