# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, fields, models
from odoo.exceptions import UserError


class EcrmRecommendation(models.Model):
    _name = "ecrm.recommendation"
    _description = "Product Recommended to a Customer"
    _order = "partner_id, rank"
    _rec_name = "product_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    rank = fields.Integer(required=True)
    score = fields.Float(digits=(16, 4), help="Co-purchase similarity to past buys.")
    date = fields.Datetime(readonly=True)

    def action_ecrm_add_to_order(self):
        """Upsell from the calling view: add the product to the order being called.

        The order comes from the context (``ecrm_order_id``, set by the calling
        view's button) and is changed with the agent's own rights.
        """
        self.ensure_one()
        order = (
            self.env["sale.order"]
            .browse(self.env.context.get("ecrm_order_id"))
            .exists()
        )
        if not order:
            raise UserError(_("Open the order to add the product to."))
        if order.state not in ("draft", "sent"):
            raise UserError(
                _(
                    "Order %(order)s is already confirmed or cancelled: products "
                    "cannot be added any more.",
                    order=order.name,
                )
            )
        if (
            order.partner_id.commercial_partner_id
            != self.partner_id.commercial_partner_id
        ):
            raise UserError(
                _("This product is recommended to another customer than the order's.")
            )
        order.write(
            {
                "order_line": [
                    Command.create(
                        {"product_id": self.product_id.id, "product_uom_qty": 1}
                    )
                ]
            }
        )
        return True
