# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..const import DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_HOURS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ecrm_max_call_attempts = fields.Integer(
        "Calls Before Giving Up",
        config_parameter="ecrm_core.max_call_attempts",
        default=DEFAULT_MAX_ATTEMPTS,
        help="After this many unanswered calls an online order is cancelled with "
        "the reason 'Unreachable'.",
    )
    ecrm_call_retry_hours = fields.Float(
        "Hours Between Calls",
        config_parameter="ecrm_core.call_retry_hours",
        default=DEFAULT_RETRY_HOURS,
    )
    ecrm_privacy_export_days = fields.Integer(
        "Keep Export Files (days)",
        config_parameter="ecrm_core.privacy_export_days",
        default=30,
        help="Personal data export files are deleted this many days after they "
        "were made.",
    )
    ecrm_privacy_warn_days = fields.Integer(
        "Remind Before Deadline (days)",
        config_parameter="ecrm_core.privacy_warn_days",
        default=2,
        help="The handler of a personal data request gets an activity this many "
        "days before its legal deadline (and when it is overdue).",
    )
