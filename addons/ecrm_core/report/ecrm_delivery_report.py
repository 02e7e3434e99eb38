# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from ..const import PAYMENT_METHODS, SALES_CHANNELS
from ..models.ecrm_delivery_event import FAILURE_REASONS
from ..models.res_config_settings_cod import (
    DEFAULT_FAILED_COST,
    DEFAULT_PROMISED_DAYS,
)
from ..models.sale_order_delivery import DELIVERY_STATES
from ..tools import without_jit
from .ecrm_telesales_report import order_report, order_report_from


class EcrmDeliveryReport(models.Model):
    """One row per confirmed order: how long its delivery took against the
    promised window, whether it failed and what that cost. The product
    category is the order's main product's (its largest line)."""

    _name = "ecrm.delivery.report"
    _description = "Delivery Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    order_id = fields.Many2one("sale.order", "Order", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    province_id = fields.Many2one("res.country.state", "Province", readonly=True)
    categ_id = fields.Many2one("product.category", "Product Category", readonly=True)
    carrier = fields.Char(readonly=True)
    channel = fields.Selection(SALES_CHANNELS, "Sales Channel", readonly=True)
    payment_method = fields.Selection(PAYMENT_METHODS, readonly=True)
    delivery_state = fields.Selection(DELIVERY_STATES, "Outcome", readonly=True)
    delivery_reason = fields.Selection(FAILURE_REASONS, "Failure Reason", readonly=True)
    date = fields.Datetime("Ordered On", readonly=True)
    delivery_date = fields.Datetime("Outcome On", readonly=True)
    nbr = fields.Integer("# Orders", readonly=True)
    delivered_count = fields.Integer("# Delivered", readonly=True)
    failed_count = fields.Integer("# Failed", readonly=True)
    failed_rate = fields.Float(
        "Failed Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Failed or returned among the orders whose delivery ended.",
    )
    delivery_days = fields.Float(
        "Days to Deliver", readonly=True, aggregator="avg", digits=(16, 1)
    )
    promised_days = fields.Integer("Promised Days", readonly=True, aggregator="max")
    late_count = fields.Integer("# Late", readonly=True)
    late_rate = fields.Float(
        "Late Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Delivered after the promised window, among delivered orders.",
    )
    failed_cost = fields.Float("Failed Delivery Cost", readonly=True)
    amount_total = fields.Float("Total (company currency)", readonly=True)

    @property
    def _table_query(self):
        # sudo: settings of the report, read by whoever opens it.
        params = self.env["ir.config_parameter"].sudo()
        promised = int(
            params.get_param("ecrm_core.delivery_promised_days", DEFAULT_PROMISED_DAYS)
        )
        cost = float(
            params.get_param("ecrm_core.failed_delivery_cost", DEFAULT_FAILED_COST)
        )
        return SQL(
            "SELECT %s FROM %s WHERE %s",
            self._select(promised, cost),
            self._from(),
            self._where(),
        )

    def _select(self, promised, cost):
        return SQL(
            """
            so.id AS id,
            so.id AS order_id,
            so.company_id AS company_id,
            so.partner_id AS partner_id,
            COALESCE(shipping.state_id, partner.state_id) AS province_id,
            tmpl.categ_id AS categ_id,
            so.ecrm_delivery_carrier AS carrier,
            so.ecrm_sales_channel AS channel,
            so.ecrm_payment_method AS payment_method,
            so.ecrm_delivery_state AS delivery_state,
            so.ecrm_delivery_reason AS delivery_reason,
            so.date_order AS date,
            so.ecrm_delivery_date AS delivery_date,
            1 AS nbr,
            CASE WHEN so.ecrm_delivery_state = 'delivered' THEN 1 ELSE 0 END
                AS delivered_count,
            CASE WHEN so.ecrm_delivery_state IN ('failed', 'returned') THEN 1
                 ELSE 0 END AS failed_count,
            CASE WHEN so.ecrm_delivery_state IN ('failed', 'returned') THEN 100.0
                 WHEN so.ecrm_delivery_state = 'delivered' THEN 0.0
            END AS failed_rate,
            CASE WHEN so.ecrm_delivery_state = 'delivered' THEN
                EXTRACT(EPOCH FROM so.ecrm_delivery_date - so.date_order) / 86400.0
            END AS delivery_days,
            %(promised)s AS promised_days,
            CASE WHEN so.ecrm_delivery_state = 'delivered'
                      AND so.ecrm_delivery_date
                          > so.date_order + make_interval(days => %(promised)s)
                 THEN 1 ELSE 0 END AS late_count,
            CASE WHEN so.ecrm_delivery_state = 'delivered' THEN
                CASE WHEN so.ecrm_delivery_date
                          > so.date_order + make_interval(days => %(promised)s)
                     THEN 100.0 ELSE 0.0 END
            END AS late_rate,
            CASE WHEN so.ecrm_delivery_state IN ('failed', 'returned')
                 THEN %(cost)s ELSE 0 END AS failed_cost,
            so.amount_total / CASE COALESCE(so.currency_rate, 0)
                WHEN 0 THEN 1.0 ELSE so.currency_rate END AS amount_total
            """,
            promised=promised,
            cost=cost,
        )

    def _read_group(self, *args, **kwargs):
        report = order_report(self, args, kwargs)
        with without_jit(self.env.cr):
            return super(EcrmDeliveryReport, report)._read_group(*args, **kwargs)

    def _from(self):
        return order_report_from(self)

    def _where(self):
        return SQL("so.state = 'sale'")
