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
    bgnbd_log_likelihood = fields.Float(
        "BG/NBD Log-Likelihood",
        digits=(16, 2),
        readonly=True,
        help="In days: the same fit measured in weeks has a log-likelihood higher "
        "by ln(7) per repeat purchase.",
    )
    bgnbd_converged = fields.Boolean("BG/NBD Converged", readonly=True)
    gg_p = fields.Float("Gamma-Gamma p", digits=(16, 6), readonly=True)
    gg_q = fields.Float("Gamma-Gamma q", digits=(16, 6), readonly=True)
    gg_v = fields.Float("Gamma-Gamma v", digits=(16, 2), readonly=True)
    gg_log_likelihood = fields.Float(
        "Gamma-Gamma Log-Likelihood", digits=(16, 2), readonly=True
    )
    gg_converged = fields.Boolean("Gamma-Gamma Converged", readonly=True)
    converged = fields.Boolean(
        compute="_compute_converged",
        help="Both fits reached a maximum of their likelihood: the optimiser "
        "succeeded, no parameter sits on its bound and the gradient is near zero.",
    )
    fit_message = fields.Text(readonly=True)
    holdout_days = fields.Integer(
        readonly=True,
        help="Length of the holdout check: the last days of history, predicted "
        "from a fit on the days before them.",
    )
    calibration_end = fields.Datetime(readonly=True)
    holdout_customer_count = fields.Integer("Customers Checked", readonly=True)
    holdout_converged = fields.Boolean("Calibration Fit Converged", readonly=True)
    holdout_mae = fields.Float(
        "Holdout MAE per Group",
        digits=(16, 3),
        readonly=True,
        help="Mean over the purchase groups of |actual - predicted| mean purchases "
        "in the holdout period, as in the chart of Fader, Hardie & Lee (2005).",
    )
    holdout_error = fields.Float(
        "Model Error per Customer",
        digits=(16, 3),
        readonly=True,
        help="Mean absolute error of the predicted purchases in the holdout period.",
    )
    baseline_error = fields.Float(
        "Naive Error per Customer",
        digits=(16, 3),
        readonly=True,
        help="The same error for the naive forecast: as many purchases as in the "
        "equally long period before.",
    )
    grade = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")],
        readonly=True,
        help="A: the model's error is at most 80 % of the naive forecast's; B: at "
        "most equal; C: the naive forecast does better and the fit is not used.",
    )
    grade_summary = fields.Char(compute="_compute_grade_summary")
    holdout_line_ids = fields.One2many(
        "ecrm.clv.holdout.line", "clv_model_id", "Holdout Check", readonly=True
    )
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

    @api.depends("bgnbd_converged", "gg_converged")
    def _compute_converged(self):
        for fit in self:
            fit.converged = fit.bgnbd_converged and fit.gg_converged

    @api.depends("grade", "holdout_error", "baseline_error", "holdout_days")
    def _compute_grade_summary(self):
        for fit in self:
            if not fit.grade:
                fit.grade_summary = self.env._(
                    "Not graded: too little history for a holdout check."
                )
                continue
            values = {
                "days": fit.holdout_days,
                "model": f"{fit.holdout_error:.2f}",
                "naive": f"{fit.baseline_error:.2f}",
            }
            if fit.grade == "a":
                text = self.env._(
                    "Grade A: over the last %(days)s days the model missed by "
                    "%(model)s purchases per customer, clearly better than "
                    '"same as last period" (%(naive)s).',
                    **values,
                )
            elif fit.grade == "b":
                text = self.env._(
                    "Grade B: over the last %(days)s days the model missed by "
                    "%(model)s purchases per customer, a little better than "
                    '"same as last period" (%(naive)s).',
                    **values,
                )
            else:
                text = self.env._(
                    "Grade C: over the last %(days)s days the model missed by "
                    '%(model)s purchases per customer, worse than "same as '
                    'last period" (%(naive)s): it is not used.',
                    **values,
                )
            fit.grade_summary = text

    @api.depends("fit_date", "grade")
    def _compute_in_use(self):
        used = self._usable()
        for fit in self:
            fit.in_use = fit == used

    @api.model
    def _newest(self):
        return self.search([("company_id", "=", self.env.company.id)], limit=1)

    @api.model
    def _usable(self):
        """The fit that values customers: the newest one that did not lose to
        the naive forecast (grade C) on its holdout check."""
        return self.search(
            [("company_id", "=", self.env.company.id), ("grade", "!=", "c")], limit=1
        )

    def action_open_holdout(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Holdout Check"),
            "res_model": "ecrm.clv.holdout.line",
            "view_mode": "graph,pivot,list",
            "domain": [("clv_model_id", "=", self.id)],
            "context": {"create": False},
        }

    def _bgnbd_params(self):
        self.ensure_one()
        return (self.bgnbd_r, self.bgnbd_alpha, self.bgnbd_a, self.bgnbd_b)

    def _gg_params(self):
        self.ensure_one()
        return (self.gg_p, self.gg_q, self.gg_v)
