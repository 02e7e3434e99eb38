# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class EcrmAnalyticsRun(models.Model):
    """The grade of a step's model against its naive baseline, kept with the run
    and told in words on the run's form and on the managers' dashboard."""

    _inherit = "ecrm.analytics.run"

    grade = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")],
        readonly=True,
        index=True,
        help="A: the model clearly beats its naive baseline on the company's own "
        "history; B: it does at least as well; C: the baseline does better and "
        "the model is not used that night.",
    )
    model_used = fields.Boolean(
        "Model Used",
        readonly=True,
        help="The model graded by this run scored the customers that night; when "
        "not, the last usable result stays.",
    )
    score_recency = fields.Float(
        "Recency Baseline Score",
        digits=(16, 4),
        readonly=True,
        help="Churn risk: ROC AUC of the days since the last order alone.",
    )
    stability = fields.Float(
        digits=(16, 4),
        readonly=True,
        help="Behaviour clusters: adjusted Rand index between tonight's clusters "
        "and a refit on a bootstrap sample (1: the same clusters come back).",
    )
    grade_summary = fields.Char(compute="_compute_grade_summary")

    def _grade(self, grade, used, **scores):
        """Record the grade of the step's model, whether it was used and the
        numbers behind it (``score_model``, ``score_baseline``, ...)."""
        self.write({"grade": grade or False, "model_used": used, **scores})

    @api.depends(
        "name",
        "grade",
        "model_used",
        "score_model",
        "score_baseline",
        "score_recency",
        "stability",
    )
    def _compute_grade_summary(self):
        for run in self:
            text = run._grade_text() if run.grade else ""
            if text and not run.model_used:
                text = self.env._(
                    "%(text)s It lost to its baseline and was not used tonight: "
                    "the last usable result stays.",
                    text=text,
                )
            run.grade_summary = text

    def _grade_text(self):
        self.ensure_one()
        _ = self.env._
        grade = self.grade.upper()
        if self.name == "clv":
            return _(
                "Lifetime value: grade %(grade)s: missed by %(model).2f purchases "
                'per customer on the last weeks of history vs %(base).2f for "same '
                'as last period".',
                grade=grade,
                model=self.score_model,
                base=self.score_baseline,
            )
        if self.name == "churn":
            return _(
                "Churn risk: grade %(grade)s: ranks a customer who left above one "
                "who stayed %(model)s %% of the time vs %(recency)s %% by days "
                "since the last order alone and %(base)s %% by the P(alive) rule.",
                grade=grade,
                model=_pct(self.score_model),
                recency=_pct(self.score_recency),
                base=_pct(self.score_baseline),
            )
        if self.name == "recommendations":
            return _(
                "Recommendations: grade %(grade)s: the next order held one of the "
                "10 suggestions for %(model)s %% of customers vs %(base)s %% with "
                "the best sellers.",
                grade=grade,
                model=_pct(self.score_model),
                base=_pct(self.score_baseline),
            )
        if self.name == "clusters":
            return _(
                "Behaviour clusters: grade %(grade)s: separation (silhouette) "
                "%(silhouette).2f, and %(stability)s %% agreement when refitted "
                "on a resample.",
                grade=grade,
                silhouette=self.score_model,
                stability=_pct(self.stability),
            )
        return ""


def _pct(value):
    return round(100 * (value or 0.0))
