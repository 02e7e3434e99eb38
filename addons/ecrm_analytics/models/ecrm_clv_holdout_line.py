# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmClvHoldoutLine(models.Model):
    """One bar of a fit's holdout check: for the customers who made the same
    number of repeat purchases before the calibration end, their mean purchases
    after it, actual, predicted from the calibration fit (Fader, Hardie & Lee
    2005, figure 4) or forecast naively."""

    _name = "ecrm.clv.holdout.line"
    _description = "Lifetime Value Holdout Check Line"
    _order = "clv_model_id desc, purchase_group, series"

    clv_model_id = fields.Many2one(
        "ecrm.clv.model", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        related="clv_model_id.company_id", store=True, index=True, readonly=True
    )
    purchase_group = fields.Integer(
        "Repeat Purchases Before",
        readonly=True,
        help="Repeat purchases in the calibration period; the last group holds "
        "this number and more.",
    )
    group_label = fields.Char("Purchases Before", readonly=True)
    customer_count = fields.Integer("Customers", readonly=True, aggregator="max")
    series = fields.Selection(
        [
            ("actual", "Actual"),
            ("predicted", "Predicted by the model"),
            ("baseline", "Same as last period"),
        ],
        required=True,
        readonly=True,
        help="Actual: what the customers bought in the holdout period. Predicted: "
        "what the calibration fit expected. Same as last period: the naive "
        "forecast, as many purchases as in the equally long period before.",
    )
    purchases = fields.Float(
        "Purchases per Customer",
        digits=(16, 3),
        readonly=True,
        aggregator="avg",
        help="Mean repeat purchases per customer in the holdout period.",
    )
