# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One delivery event of an order: a carrier's attempt, a delivery, a return."""

from odoo import api, fields, models

DELIVERY_STATUSES = [
    ("delivered", "Delivered"),
    ("failed", "Failed"),
    ("returned", "Returned"),
]
FAILURE_REASONS = [
    ("refused", "Refused by the customer"),
    ("unreachable", "Customer unreachable"),
    ("wrong_address", "Wrong address"),
    ("returned", "Returned to the sender"),
    ("other", "Other"),
]
EVENT_ORIGINS = [
    ("picking", "Warehouse delivery"),
    ("api", "Carrier or storefront (API)"),
    ("manual", "Entered by hand"),
]


class EcrmDeliveryEvent(models.Model):
    """What happened at the customer's door. Events hold no personal data (no
    address, no note): the customer is known through the order."""

    _name = "ecrm.delivery.event"
    _description = "Delivery Event"
    _order = "date desc, id desc"
    _rec_name = "event_id"

    order_id = fields.Many2one(
        "sale.order", "Order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    picking_id = fields.Many2one(
        "stock.picking", "Transfer", ondelete="set null", index="btree_not_null"
    )
    origin = fields.Selection(EVENT_ORIGINS, required=True, default="manual")
    source = fields.Char(
        help="The storefront or carrier that sent the event (API), empty otherwise."
    )
    event_id = fields.Char(
        "Event ID",
        required=True,
        help="The sender's identifier of the event; an event sent again with "
        "the same identifier is recorded once.",
    )
    status = fields.Selection(DELIVERY_STATUSES, required=True)
    reason = fields.Selection(FAILURE_REASONS, help="Why the delivery failed.")
    carrier = fields.Char()
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    attempt = fields.Integer(default=1)
    payload_hash = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        (
            "attempt_positive",
            "CHECK(attempt >= 0)",
            "The attempt number cannot be negative.",
        ),
    ]

    def init(self):
        super().init()
        # One event per sender's identifier; events without a source (the
        # warehouse, by hand) share the empty one.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS ecrm_delivery_event_event_unique
                   ON ecrm_delivery_event
                      (company_id, COALESCE(source, ''), event_id)"""
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Every path (warehouse, API, by hand) follows the orders' outcomes.
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        before = {order.id: order.ecrm_delivery_state for order in orders}
        events = super().create(vals_list)
        orders._ecrm_delivery_followup(before)
        return events
