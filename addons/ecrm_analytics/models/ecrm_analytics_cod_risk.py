# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Nightly check of the cash-on-delivery risk score on real outcomes.

The score is computed as it would have been at the start of the last period
(only outcomes known then), for the COD orders of that period whose outcome is
now known, and ranked against those outcomes (ROC AUC) beside the plain rule
"this customer had a failed delivery before"."""

import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.ecrm_core.models.sale_order_cod_risk import RATES_PARAM
from odoo.addons.ecrm_core.models.sale_order_delivery import FAILED_STATES

from ..lib import churn, grade

EVALUATION_DAYS = 30
MAX_EVALUATED = 20000


class EcrmAnalyticsRun(models.Model):
    _inherit = "ecrm.analytics.run"

    name = fields.Selection(
        selection_add=[("cod_risk", "Cash-on-delivery risk")],
        ondelete={"cod_risk": "cascade"},
    )

    def _grade_text(self):
        if self.name != "cod_risk":
            return super()._grade_text()
        return self.env._(
            "Cash-on-delivery risk: grade %(grade)s: ranks an order that was "
            "refused or not delivered above a delivered one %(model)s %% of the "
            'time vs %(base)s %% by the rule "failed before".',
            grade=self.grade.upper(),
            model=round(100 * (self.score_model or 0.0)),
            base=round(100 * (self.score_baseline or 0.0)),
        )


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _nightly_steps(self):
        return super()._nightly_steps() + [("cod_risk", "_step_cod_risk")]

    @api.model
    def _step_cod_risk(self, run):
        Order = self.env["sale.order"]
        days = self._param("cod_risk_evaluation_days", EVALUATION_DAYS, int)
        end = self._as_of()
        evaluated = self._cod_risk_evaluate(end - timedelta(days=days), end)
        if evaluated:
            model_auc, rule_auc, count = evaluated
            graded = grade.cod_risk(model_auc, rule_auc)
            run._grade(graded, True, score_model=model_auc, score_baseline=rule_auc)
            run.write({"rows": count, "total": count})
        # Tonight's rates, from every outcome known, for the orders to call.
        # sudo: the rates are a cache shared by every user who scores orders.
        self.env["ir.config_parameter"].sudo().set_param(
            RATES_PARAM % self.env.company.id,
            json.dumps(Order._ecrm_cod_risk_rates(as_of=end)),
        )
        if not evaluated:
            return self.env._(
                "Too few delivery outcomes in the last period to check the "
                "cash-on-delivery risk."
            )
        return None

    @api.model
    def _cod_risk_evaluate(self, as_of, end):
        """(model AUC, "failed before" AUC, orders) on the COD orders placed
        between ``as_of`` and ``end`` whose outcome was known by ``end``, or
        None without both outcomes."""
        Order = self.env["sale.order"]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT so.id, so.ecrm_delivery_state IN %s
                     FROM sale_order so
                    WHERE so.company_id = %s AND so.state = 'sale'
                      AND so.ecrm_payment_method = 'cod'
                      AND so.ecrm_delivery_state != 'pending'
                      AND so.date_order >= %s AND so.date_order < %s
                      AND so.ecrm_delivery_date < %s
                 ORDER BY so.date_order DESC LIMIT %s""",
                FAILED_STATES,
                self.env.company.id,
                as_of,
                end,
                end,
                MAX_EVALUATED,
            )
        )
        rows = self.env.cr.fetchall()
        labels = [int(failed) for _id, failed in rows]
        if len(set(labels)) < 2:
            return None
        orders = Order.browse([order_id for order_id, _failed in rows])
        rates = Order._ecrm_cod_risk_rates(as_of=as_of)
        scores = orders._ecrm_cod_risk_scores(as_of=as_of, rates=rates)
        model = [scores[order_id][0] for order_id, _failed in rows]
        # The plain rule: a failed delivery known before the period.
        rule = [
            1.0 if scores[order_id][1]["failures"] else 0.0
            for order_id, _failed in rows
        ]
        return churn.auc(labels, model), churn.auc(labels, rule), len(rows)
