# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .sale_order_cod_risk import (
    DEFAULT_DEPOSIT_PERCENT,
    DEFAULT_FLAG_FAILURES,
    DEFAULT_THRESHOLD,
    RISK_RULES,
)

DEFAULT_PROMISED_DAYS = 5
DEFAULT_FAILED_COST = 60000.0


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ecrm_cod_risk_rule = fields.Selection(
        RISK_RULES,
        "Risky COD Orders",
        config_parameter="ecrm_core.cod_risk_rule",
        default="approval",
        help="What a risky cash-on-delivery order needs before it can be confirmed.",
    )
    ecrm_cod_risk_threshold = fields.Float(
        "Risk Threshold",
        config_parameter="ecrm_core.cod_risk_threshold",
        default=DEFAULT_THRESHOLD,
        help="A cash-on-delivery order at or above this risk (0-1) is risky.",
    )
    ecrm_cod_deposit_percent = fields.Float(
        "Deposit (%)",
        config_parameter="ecrm_core.cod_deposit_percent",
        default=DEFAULT_DEPOSIT_PERCENT,
    )
    ecrm_cod_flag_failures = fields.Integer(
        "Flag After Failed Deliveries",
        config_parameter="ecrm_core.cod_flag_failures",
        default=DEFAULT_FLAG_FAILURES,
        help="A customer with this many failed cash-on-delivery orders is "
        "flagged on the profile.",
    )
    ecrm_delivery_promised_days = fields.Integer(
        "Promised Delivery (days)",
        config_parameter="ecrm_core.delivery_promised_days",
        default=DEFAULT_PROMISED_DAYS,
    )
    ecrm_failed_delivery_cost = fields.Float(
        "Cost of a Failed Delivery",
        config_parameter="ecrm_core.failed_delivery_cost",
        default=DEFAULT_FAILED_COST,
        help="Both shipping legs of a delivery that came back, in the company "
        "currency.",
    )
