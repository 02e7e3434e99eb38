# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..const import PAYMENT_METHODS, SALES_CHANNELS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_sales_channel = fields.Selection(
        SALES_CHANNELS,
        string="Sales Channel",
        index=True,
        default="store",
        tracking=True,
        help="Where the order was placed: a store, the web shop, the phone, a "
        "marketplace, Facebook or an external storefront through the API.",
    )
    ecrm_cancel_reason_id = fields.Many2one(
        "ecrm.cancel.reason",
        string="Cancel Reason",
        index=True,
        tracking=True,
        help="Why the customer cancelled, chosen by the agent from the list "
        "configured in eCRM > Configuration > Cancel Reasons.",
    )
    ecrm_external_id = fields.Char(
        "External Reference",
        copy=False,
        index=True,
        help="The order's reference in the storefront that sent it.",
    )
    ecrm_source = fields.Char(
        "External Source",
        copy=False,
        help="The storefront that sent the order (e.g. haravan).",
    )
    ecrm_payload_hash = fields.Char(
        "Payload Hash",
        copy=False,
        readonly=True,
        help="SHA-256 of the canonical API payload, to detect a reused reference.",
    )
    ecrm_payment_method = fields.Selection(
        PAYMENT_METHODS, string="Payment Method", tracking=True
    )
    ecrm_paid = fields.Boolean("Paid", tracking=True, copy=False)
    ecrm_cancel_note = fields.Text(
        "Cancel Note", copy=False, help="What the customer said when cancelling."
    )
    ecrm_partner_phone = fields.Char(
        related="partner_id.phone", string="Customer Phone"
    )
    ecrm_partner_order_count = fields.Integer(
        related="partner_id.ecrm_order_count",
        string="Customer Orders",
        help="Orders the customer placed before, on every channel.",
    )
    ecrm_partner_cancel_count = fields.Integer(
        "Customer Cancellations",
        compute="_compute_ecrm_partner_history",
        help="Orders of this customer that were cancelled: ask why before confirming.",
    )
    ecrm_partner_history_ids = fields.Many2many(
        "sale.order",
        string="Customer's Last Orders",
        compute="_compute_ecrm_partner_history",
    )

    _sql_constraints = [
        (
            "ecrm_external_ref_unique",
            "UNIQUE(company_id, ecrm_source, ecrm_external_id)",
            "An order with this external reference already exists for this source.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_ecrm_partner_history(self):
        partners = self.partner_id.commercial_partner_id
        cancels = dict(
            self.env["sale.order"]._read_group(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("state", "=", "cancel"),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for order in self:
            commercial = order.partner_id.commercial_partner_id
            order.ecrm_partner_cancel_count = sum(
                count
                for partner, count in cancels.items()
                if partner.commercial_partner_id == commercial
            )
            if not commercial or not order.id:
                order.ecrm_partner_history_ids = False
                continue
            # One small query per order shown in a form: the computed list only
            # appears on the form of a single order.
            order.ecrm_partner_history_ids = self.search(
                [
                    ("partner_id", "child_of", commercial.id),
                    ("id", "!=", order.id),
                ],
                order="date_order desc",
                limit=5,
            )
