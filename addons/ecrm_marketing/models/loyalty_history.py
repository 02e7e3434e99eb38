# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessError

from odoo.addons.ecrm_core.tools import in_owned_flow


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    # Indexed: tier scores and the card history read movements per card.
    card_id = fields.Many2one(index=True)
    ecrm_kind = fields.Selection(
        [
            ("earn", "Earned"),
            ("reversal", "Taken back"),
            ("restored", "Given back"),
            ("expiry", "Expired"),
        ],
        string="eCRM Movement",
        readonly=True,
        help="Movements written by eCRM; empty for the movements of the loyalty "
        "apps themselves (web cart points, rewards).",
    )
    ecrm_order_id = fields.Many2one(
        "sale.order", string="eCRM Order", readonly=True, index="btree_not_null"
    )
    ecrm_delivery_event_id = fields.Many2one(
        "ecrm.delivery.event",
        string="Delivery Event",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        help="The failed delivery that took the points back, or the delivery "
        "that gave them back.",
    )
    ecrm_move_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, index="btree_not_null"
    )
    partner_id = fields.Many2one(related="card_id.partner_id", string="Customer")
    ecrm_date = fields.Datetime("Date", related="create_date")

    def _check_access(self, operation):
        """The point history is written by the flows that move points (orders,
        cancellations, refunds, expiry), never by a user: sale_loyalty lets
        salespeople create and edit it, which would let a forged row stop a
        refund from taking its points back."""
        result = super()._check_access(operation)
        if result or operation == "read" or in_owned_flow(self.env):
            return result

        def forbidden():
            return AccessError(
                self.env._(
                    "The loyalty point history is written by orders, refunds and "
                    "expiry only; it cannot be created, edited or deleted by hand."
                )
            )

        return self, forbidden
