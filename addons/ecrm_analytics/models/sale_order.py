# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The agent proposes a handful of products on the phone, not the whole list.
RECOMMENDATIONS_SHOWN = 5


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_recommendation_ids = fields.Many2many(
        "ecrm.recommendation",
        string="Products to Propose",
        compute="_compute_ecrm_recommendation_ids",
        # The roles that read ecrm.recommendation (security/ir.model.access.csv).
        groups="ecrm_core.group_ecrm_telesales,ecrm_core.group_ecrm_marketing",
        help="The products this customer is most likely to buy, best first, "
        "learned each night from what similar customers bought together: "
        "propose them during the confirmation call.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_ecrm_recommendation_ids(self):
        Recommendation = self.env["ecrm.recommendation"]
        partners = self.partner_id | self.partner_id.commercial_partner_id
        # One query for every order of the batch.
        recommendations = (
            Recommendation.search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "in", self.company_id.ids),
                ],
                order="rank, id",
            )
            if partners
            else Recommendation
        )
        by_key = recommendations.grouped(lambda r: (r.partner_id, r.company_id))
        for order in self:
            company = order.company_id
            mine = by_key.get(
                (order.partner_id.commercial_partner_id, company), Recommendation
            ) or by_key.get((order.partner_id, company), Recommendation)
            ordered_products = order.order_line.product_id
            order.ecrm_recommendation_ids = mine.filtered(
                lambda r, bought=ordered_products: r.product_id not in bought
            )[:RECOMMENDATIONS_SHOWN]
