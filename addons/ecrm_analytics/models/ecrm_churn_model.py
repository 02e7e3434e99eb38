# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models

from ..lib import churn


class EcrmChurnModel(models.Model):
    _name = "ecrm.churn.model"
    _description = "Churn Model Version"
    _order = "version desc, id desc"
    _rec_name = "version"

    version = fields.Integer(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    run_id = fields.Many2one("ecrm.analytics.run", readonly=True, ondelete="set null")
    fit_date = fields.Datetime(
        required=True, default=fields.Datetime.now, readonly=True
    )
    horizon_days = fields.Integer(
        "Churn Horizon (days)",
        readonly=True,
        help="A customer churns when they buy nothing within this many days.",
    )
    train_cutoff = fields.Datetime(readonly=True)
    test_cutoff = fields.Datetime(readonly=True)
    train_size = fields.Integer(readonly=True)
    test_size = fields.Integer(readonly=True)
    churn_rate = fields.Float(digits=(16, 3), readonly=True)
    features = fields.Char(readonly=True)
    roc_auc = fields.Float("ROC AUC", digits=(16, 3), readonly=True)
    precision_top_decile = fields.Float(digits=(16, 3), readonly=True)
    baseline_auc = fields.Float(
        "Baseline ROC AUC",
        digits=(16, 3),
        readonly=True,
        help="ROC AUC of 1 - P(alive) of a BG/NBD model fitted at the test cutoff.",
    )
    baseline_precision_top_decile = fields.Float(digits=(16, 3), readonly=True)
    recency_auc = fields.Float(
        "Recency ROC AUC",
        digits=(16, 3),
        readonly=True,
        help="ROC AUC of the days since the last order alone, at the test cutoff.",
    )
    grade = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")],
        readonly=True,
        help="A: ROC AUC at least 0.05 above the better of the P(alive) rule and "
        "recency alone; B: at least equal; C: a baseline does better and the "
        "model does not score customers.",
    )
    beats_baseline = fields.Boolean(compute="_compute_beats_baseline")
    model_file = fields.Binary(
        "Trained Model", attachment=True, readonly=True, groups="base.group_system"
    )

    @api.depends("roc_auc", "baseline_auc")
    def _compute_beats_baseline(self):
        for model in self:
            model.beats_baseline = model.roc_auc > model.baseline_auc

    @api.model
    def _newest(self):
        return self.search([("company_id", "=", self.env.company.id)], limit=1)

    @api.model
    def _usable(self):
        """The newest version that did not lose to a baseline (grade C)."""
        return self.search(
            [("company_id", "=", self.env.company.id), ("grade", "!=", "c")], limit=1
        )

    def _estimator(self):
        self.ensure_one()
        # sudo: the pickled model is technical data, written and read by the job.
        raw = self.sudo().with_context(bin_size=False).model_file
        return churn.loads(base64.b64decode(raw))
