# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ecrm_rfm_window_days = fields.Integer(
        "RFM Window (days)",
        config_parameter="ecrm_analytics.rfm_window_days",
        default=365,
    )
    ecrm_clv_horizon_days = fields.Integer(
        "Lifetime Value Horizon (days)",
        config_parameter="ecrm_analytics.clv_horizon_days",
        default=365,
    )
    ecrm_clv_discount_rate = fields.Float(
        "Annual Discount Rate",
        config_parameter="ecrm_analytics.clv_discount_rate",
        default=0.1,
    )
    ecrm_churn_horizon_days = fields.Integer(
        "Churn Horizon (days)",
        config_parameter="ecrm_analytics.churn_horizon_days",
        default=90,
    )
    ecrm_churn_retrain_days = fields.Integer(
        "Retrain Churn Model After (days)",
        config_parameter="ecrm_analytics.churn_retrain_days",
        default=7,
    )
    ecrm_recommendation_count = fields.Integer(
        "Recommendations per Customer",
        config_parameter="ecrm_analytics.recommendation_count",
        default=10,
    )
    ecrm_alert_rhythm_factor = fields.Float(
        "Overdue Factor",
        config_parameter="ecrm_analytics.alert_rhythm_factor",
        default=3.0,
        help="Alert when a valuable customer's days since the last order exceed "
        "this many times their average gap between orders.",
    )
    ecrm_alert_value_quantile = fields.Float(
        "Valuable Customer Quantile",
        config_parameter="ecrm_analytics.alert_value_quantile",
        default=0.8,
    )
    ecrm_alert_churn_jump = fields.Float(
        "Churn Risk Jump",
        config_parameter="ecrm_analytics.alert_churn_jump",
        default=0.3,
    )
    ecrm_alert_drop_z = fields.Float(
        "Sales Drop z-score",
        config_parameter="ecrm_analytics.alert_drop_z",
        default=2.5,
    )
    ecrm_alert_trailing_weeks = fields.Integer(
        "Trailing Weeks",
        config_parameter="ecrm_analytics.alert_trailing_weeks",
        default=8,
    )
    ecrm_alert_cooldown_days = fields.Integer(
        "Alert Cooldown (days)",
        config_parameter="ecrm_analytics.alert_cooldown_days",
        default=30,
    )
