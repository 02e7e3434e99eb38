# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL

from ..const import SALES_CHANNELS, TELESALES_STATES
from ..tools import without_jit

# An order with its customer, its delivery address and its main product (the line
# of the highest amount): the rows the telesales and delivery reports group.
ORDER_MAIN_PRODUCT_FROM = SQL(
    """
    sale_order so
    JOIN res_partner partner ON partner.id = so.partner_id
    LEFT JOIN res_partner shipping ON shipping.id = so.partner_shipping_id
    LEFT JOIN LATERAL (
        SELECT line.product_id
          FROM sale_order_line line
         WHERE line.order_id = so.id
           AND line.product_id IS NOT NULL
           AND line.display_type IS NULL
         ORDER BY line.price_subtotal DESC, line.id
         LIMIT 1
    ) main ON TRUE
    LEFT JOIN product_product product ON product.id = main.product_id
    LEFT JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
    """
)
# The same rows without the main product, whose columns read as empty: most
# aggregates (the dashboard's tiles, a pivot per agent or carrier) group and
# filter by neither product nor category, and looking the main product up
# order by order is most of their cost.
ORDER_FROM = SQL(
    """
    sale_order so
    JOIN res_partner partner ON partner.id = so.partner_id
    LEFT JOIN res_partner shipping ON shipping.id = so.partner_shipping_id
    LEFT JOIN (SELECT NULL::int AS product_id) main ON FALSE
    LEFT JOIN (SELECT NULL::int AS categ_id) tmpl ON FALSE
    """
)
MAIN_PRODUCT_FIELDS = ("product_id", "categ_id")
WITHOUT_PRODUCT = "ecrm_report_without_product"


def order_report(report, *specs):
    """``report`` to aggregate as ``specs`` (the arguments of ``_read_group``)
    ask: without the main product when neither they nor the report's record
    rules name it (the field's name anywhere in them keeps it)."""
    rules = report.env["ir.rule"]._compute_domain(report._name, "read")
    text = repr((specs, rules))
    if any(name in text for name in MAIN_PRODUCT_FIELDS):
        return report
    return report.with_context(**{WITHOUT_PRODUCT: True})


def order_report_from(report):
    """The FROM of an order report (see ``order_report``)."""
    if report.env.context.get(WITHOUT_PRODUCT):
        return ORDER_FROM
    return ORDER_MAIN_PRODUCT_FROM


class EcrmTelesalesReport(models.Model):
    """One row per order that went through the telesales queue.

    The product of a row is the order's main product (its largest line), so
    that order counts and rates stay exact whatever the grouping.
    """

    _name = "ecrm.telesales.report"
    _description = "Telesales Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    order_id = fields.Many2one("sale.order", "Order", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    province_id = fields.Many2one("res.country.state", "Province", readonly=True)
    product_id = fields.Many2one("product.product", "Main Product", readonly=True)
    categ_id = fields.Many2one("product.category", "Product Category", readonly=True)
    user_id = fields.Many2one("res.users", "Telesales Agent", readonly=True)
    cancel_reason_id = fields.Many2one(
        "ecrm.cancel.reason", "Cancel Reason", readonly=True
    )
    channel = fields.Selection(SALES_CHANNELS, "Sales Channel", readonly=True)
    source = fields.Char("External Source", readonly=True)
    telesales_state = fields.Selection(
        TELESALES_STATES, "Telesales State", readonly=True
    )
    date = fields.Datetime("In Queue Since", readonly=True)
    nbr = fields.Integer("# Orders", readonly=True)
    confirmed_count = fields.Integer("# Confirmed", readonly=True)
    cancelled_count = fields.Integer("# Cancelled", readonly=True)
    confirmation_rate = fields.Float(
        "Confirmation Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Confirmed orders among the orders the calls settled "
        "(confirmed or cancelled).",
    )
    hours_to_first_call = fields.Float(
        "Hours to First Call", readonly=True, aggregator="avg"
    )
    hours_to_confirm = fields.Float("Hours to Confirm", readonly=True, aggregator="avg")
    call_attempts = fields.Float("Unanswered Calls", readonly=True, aggregator="avg")
    amount_total = fields.Float("Total (company currency)", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            "SELECT %s FROM %s WHERE %s",
            self._select(),
            self._from(),
            self._where(),
        )

    def _select(self):
        return SQL(
            """
            so.id AS id,
            so.id AS order_id,
            so.company_id AS company_id,
            so.partner_id AS partner_id,
            COALESCE(shipping.state_id, partner.state_id) AS province_id,
            main.product_id AS product_id,
            tmpl.categ_id AS categ_id,
            so.ecrm_telesales_user_id AS user_id,
            so.ecrm_cancel_reason_id AS cancel_reason_id,
            so.ecrm_sales_channel AS channel,
            so.ecrm_source AS source,
            so.ecrm_telesales_state AS telesales_state,
            COALESCE(so.ecrm_queue_date, so.create_date) AS date,
            1 AS nbr,
            CASE WHEN so.ecrm_telesales_state = 'confirmed' THEN 1 ELSE 0 END
                AS confirmed_count,
            CASE WHEN so.ecrm_telesales_state = 'cancelled' THEN 1 ELSE 0 END
                AS cancelled_count,
            CASE so.ecrm_telesales_state
                WHEN 'confirmed' THEN 100.0
                WHEN 'cancelled' THEN 0.0
            END AS confirmation_rate,
            EXTRACT(
                EPOCH FROM so.ecrm_first_call_date
                - COALESCE(so.ecrm_queue_date, so.create_date)
            ) / 3600.0
                AS hours_to_first_call,
            EXTRACT(
                EPOCH FROM so.ecrm_confirmed_date
                - COALESCE(so.ecrm_queue_date, so.create_date)
            ) / 3600.0
                AS hours_to_confirm,
            so.ecrm_call_attempts AS call_attempts,
            so.amount_total / CASE COALESCE(so.currency_rate, 0)
                WHEN 0 THEN 1.0 ELSE so.currency_rate END AS amount_total
            """
        )

    def _read_group(self, *args, **kwargs):
        report = order_report(self, args, kwargs)
        with without_jit(self.env.cr):
            return super(EcrmTelesalesReport, report)._read_group(*args, **kwargs)

    def _from(self):
        return order_report_from(self)

    def _where(self):
        return SQL("so.ecrm_telesales_state IS NOT NULL")
