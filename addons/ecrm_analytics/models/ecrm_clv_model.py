# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EcrmClvModel(models.Model):
    _name = "ecrm.clv.model"
    _description = "Customer Lifetime Value Model Fit"
    _order = "fit_date desc, id desc"

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    run_id = fields.Many2one("ecrm.analytics.run", readonly=True, ondelete="set null")
    fit_date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True
    )
    observation_end = fields.Datetime(required=True, readonly=True)
    time_unit = fields.Selection(
        [("days", "Days")],
        default="days",
        required=True,
        readonly=True,
        help="Unit of the BG/NBD time scale alpha and of the horizon.",
    )
    customer_count = fields.Integer(readonly=True)
    repeat_customer_count = fields.Integer(
        readonly=True, help="Customers with a repeat purchase, used by Gamma-Gamma."
    )
    bgnbd_r = fields.Float("BG/NBD r", digits=(16, 6), readonly=True)
    bgnbd_alpha = fields.Float("BG/NBD alpha", digits=(16, 6), readonly=True)
    bgnbd_a = fields.Float("BG/NBD a", digits=(16, 6), readonly=True)
    bgnbd_b = fields.Float("BG/NBD b", digits=(16, 6), readonly=True)
    bgnbd_log_likelihood = fields.Float(digits=(16, 2), readonly=True)
    gg_p = fields.Float("Gamma-Gamma p", digits=(16, 6), readonly=True)
    gg_q = fields.Float("Gamma-Gamma q", digits=(16, 6), readonly=True)
    gg_v = fields.Float("Gamma-Gamma v", digits=(16, 2), readonly=True)
    horizon_days = fields.Integer(readonly=True)
    discount_rate = fields.Float("Annual Discount Rate", readonly=True)
    in_use = fields.Boolean(compute="_compute_in_use")

    @api.depends("fit_date", "customer_count")
    def _compute_name(self):
        for fit in self:
            fit.name = self.env._(
                "Fit of %(date)s (%(count)s customers)",
                date=fit.fit_date,
                count=fit.customer_count,
            )

    @api.depends("fit_date")
    def _compute_in_use(self):
        newest = self._newest()
        for fit in self:
            fit.in_use = fit == newest

    @api.model
    def _newest(self):
        return self.search([("company_id", "=", self.env.company.id)], limit=1)

    def _bgnbd_params(self):
        self.ensure_one()
        return (self.bgnbd_r, self.bgnbd_alpha, self.bgnbd_a, self.bgnbd_b)

    def _gg_params(self):
        self.ensure_one()
        return (self.gg_p, self.gg_q, self.gg_v)
