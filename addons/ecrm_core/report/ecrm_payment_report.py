# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from ..const import PAYMENT_METHODS

TRANSACTION_STATES = [
    ("draft", "Draft"),
    ("pending", "Pending"),
    ("authorized", "Authorized"),
    ("done", "Confirmed"),
    ("cancel", "Canceled"),
    ("error", "Error"),
]


class EcrmPaymentReport(models.Model):
    """One row per online payment attempt (``payment.transaction``): which
    payment methods fail, and what the orders behind them became."""

    _name = "ecrm.payment.report"
    _description = "Payment Errors Analysis"
    _auto = False
    _rec_name = "transaction_id"
    _order = "date desc"

    transaction_id = fields.Many2one("payment.transaction", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    provider_id = fields.Many2one("payment.provider", readonly=True)
    payment_method_id = fields.Many2one("payment.method", readonly=True)
    method = fields.Selection(
        PAYMENT_METHODS,
        "eCRM Payment Method",
        readonly=True,
        help="The payment method of the order paid by this transaction.",
    )
    order_id = fields.Many2one("sale.order", "Order", readonly=True)
    cancel_reason_id = fields.Many2one(
        "ecrm.cancel.reason", "Order Cancel Reason", readonly=True
    )
    state = fields.Selection(TRANSACTION_STATES, readonly=True)
    date = fields.Datetime(readonly=True)
    nbr = fields.Integer("# Transactions", readonly=True)
    error_count = fields.Integer("# Errors", readonly=True)
    error_rate = fields.Float("Error Rate (%)", readonly=True, aggregator="avg")
    order_cancelled_count = fields.Integer("# Orders Cancelled", readonly=True)
    amount = fields.Float(readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT tx.id AS id,
                   tx.id AS transaction_id,
                   tx.company_id AS company_id,
                   tx.provider_id AS provider_id,
                   tx.payment_method_id AS payment_method_id,
                   so.ecrm_payment_method AS method,
                   so.id AS order_id,
                   so.ecrm_cancel_reason_id AS cancel_reason_id,
                   tx.state AS state,
                   tx.create_date AS date,
                   1 AS nbr,
                   CASE WHEN tx.state = 'error' THEN 1 ELSE 0 END AS error_count,
                   CASE WHEN tx.state = 'error' THEN 100.0 ELSE 0.0 END AS error_rate,
                   CASE WHEN so.state = 'cancel' THEN 1 ELSE 0 END
                       AS order_cancelled_count,
                   tx.amount AS amount
              FROM payment_transaction tx
         LEFT JOIN LATERAL (
                   SELECT rel.sale_order_id FROM sale_order_transaction_rel rel
                    WHERE rel.transaction_id = tx.id
                 ORDER BY rel.sale_order_id LIMIT 1
                   ) link ON TRUE
         LEFT JOIN sale_order so ON so.id = link.sale_order_id
            """
        )
