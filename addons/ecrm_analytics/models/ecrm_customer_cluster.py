# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EcrmCustomerCluster(models.Model):
    _name = "ecrm.customer.cluster"
    _description = "Customer Behaviour Cluster"
    _order = "active desc, size desc, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    run_id = fields.Many2one("ecrm.analytics.run", readonly=True, ondelete="set null")
    sequence = fields.Integer(readonly=True, help="Label of the cluster in its fit.")
    size = fields.Integer("Customers", readonly=True)
    frequency = fields.Float("Orders a Year", digits=(16, 2), readonly=True)
    recency_days = fields.Float("Days Since Last Order", digits=(16, 0), readonly=True)
    monetary = fields.Float("Revenue a Year", digits=(16, 0), readonly=True)
    basket = fields.Float("Average Basket", digits=(16, 0), readonly=True)
    online_share = fields.Float("Online Share", digits=(16, 2), readonly=True)
    discount_share = fields.Float(
        "Discounted Lines Share", digits=(16, 2), readonly=True
    )
    main_category_id = fields.Many2one("product.category", readonly=True)
    main_category_share = fields.Float(digits=(16, 2), readonly=True)
    silhouette = fields.Float(digits=(16, 3), readonly=True)
