# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class EcrmTelesalesReport(models.Model):
    """Per agent: the deliveries that failed among the orders they confirmed,
    and the cancelled orders a call-back recovered."""

    _inherit = "ecrm.telesales.report"

    failed_delivery_count = fields.Integer("# Failed Deliveries", readonly=True)
    failed_delivery_rate = fields.Float(
        "Failed Deliveries (%)",
        readonly=True,
        aggregator="avg",
        help="Failed or returned deliveries among the confirmed orders whose "
        "delivery ended.",
    )
    recovered_count = fields.Integer("# Recovered by Call-back", readonly=True)

    def _select(self):
        return SQL(
            """%s,
            CASE WHEN so.ecrm_telesales_state = 'confirmed'
                      AND so.ecrm_delivery_state IN ('failed', 'returned')
                 THEN 1 ELSE 0 END AS failed_delivery_count,
            CASE WHEN so.ecrm_telesales_state = 'confirmed'
                      AND so.ecrm_delivery_state IN ('failed', 'returned')
                 THEN 100.0
                 WHEN so.ecrm_telesales_state = 'confirmed'
                      AND so.ecrm_delivery_state = 'delivered' THEN 0.0
            END AS failed_delivery_rate,
            CASE WHEN so.ecrm_callback_outcome = 'recovered' THEN 1 ELSE 0 END
                AS recovered_count""",
            super()._select(),
        )
