# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import timedelta

import numpy as np

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.ecrm_core.const import ONLINE_CHANNELS

from ..lib import churn, clv, grade

MIN_TRAIN = 20


class EcrmAnalytics(models.AbstractModel):
    _inherit = "ecrm.analytics"

    @api.model
    def _nightly_steps(self):
        return super()._nightly_steps() + [("churn", "_step_churn")]

    # ---------------------------------------------------------------- features
    @api.model
    def _churn_feature_names(self):
        return [
            "recency",
            "frequency",
            "monetary",
            "tenure",
            "trend",
            "cancellations",
            "online_share",
            "complaints",
            "rating",
            "tier_points",
        ]

    @api.model
    def _churn_features_sql(self, cutoff, lo=None, hi=None):
        """One row per customer with a confirmed order before ``cutoff``: the pid
        then the features of ``_churn_feature_names`` in that order."""
        window = self._param("rfm_window_days", 365, int)
        where = SQL("TRUE") if lo is None else SQL("pid > %s AND pid <= %s", lo, hi)
        # the batch's customers only: complaints of everybody were aggregated
        # for each batch (0.9 s a batch with 200,000 complaints)
        complaint_where = (
            SQL("TRUE")
            if lo is None
            else SQL(
                "rp.commercial_partner_id > %s AND rp.commercial_partner_id <= %s",
                lo,
                hi,
            )
        )
        # complaints and their satisfaction (ecrm_service), the loyalty tier
        # (ecrm_marketing): both are dependencies of this addon
        extra_joins = [
            SQL(
                """
                LEFT JOIN (
                    SELECT rp.commercial_partner_id AS pid, count(*) AS n,
                           avg(t.rating_last_value) AS rating
                      FROM helpdesk_ticket t
                      JOIN res_partner rp ON rp.id = t.partner_id
                     WHERE t.create_date < %(cutoff)s
                       AND t.create_date >= %(start)s
                       AND %(complaint_where)s
                     GROUP BY 1
                ) cp ON cp.pid = c.pid
                JOIN res_partner tp ON tp.id = c.pid
                LEFT JOIN ecrm_loyalty_tier tier
                       ON tier.id = (tp.ecrm_tier_id->>%(company_key)s)::int
                """,
                cutoff=cutoff,
                start=cutoff - timedelta(days=window),
                complaint_where=complaint_where,
                company_key=str(self.env.company.id),
            )
        ]
        extra_cols = [
            SQL("COALESCE(cp.n, 0)"),
            SQL("COALESCE(cp.rating, 0)"),
            SQL("ln(1 + COALESCE(tier.min_points, 0))"),
        ]
        cols = SQL("").join(SQL(", %s", col) for col in extra_cols)
        return SQL(
            """
            WITH o AS (%(orders)s),
            c AS (
                SELECT pid,
                   %(cut)s::date - max(date_order) FILTER (WHERE state = 'sale')::date
                       AS recency,
                   count(*) FILTER (WHERE state = 'sale' AND date_order >= %(start)s)
                       AS frequency,
                   ln(1 + COALESCE(sum(amount) FILTER (
                       WHERE state = 'sale' AND date_order >= %(start)s), 0))
                       AS monetary,
                   %(cut)s::date - min(date_order) FILTER (WHERE state = 'sale')::date
                       AS tenure,
                   count(*) FILTER (WHERE state = 'sale' AND date_order >= %(q1)s)
                   - count(*) FILTER (
                       WHERE state = 'sale' AND date_order >= %(q2)s
                         AND date_order < %(q1)s) AS trend,
                   count(*) FILTER (WHERE state = 'cancel' AND date_order >= %(start)s)
                       AS cancellations,
                   COALESCE(avg((channel IN %(online)s)::int)
                       FILTER (WHERE state = 'sale'), 0) AS online_share
                  FROM o WHERE %(where)s
                 GROUP BY pid
                HAVING count(*) FILTER (WHERE state = 'sale') > 0
            )
            SELECT c.pid, c.recency, c.frequency, c.monetary, c.tenure, c.trend,
                   c.cancellations, c.online_share %(cols)s
              FROM c %(joins)s
             ORDER BY c.pid
            """,
            orders=self._orders_sql(cutoff, states=("sale", "cancel")),
            cut=cutoff,
            start=cutoff - timedelta(days=window),
            q1=cutoff - timedelta(days=90),
            q2=cutoff - timedelta(days=180),
            online=ONLINE_CHANNELS,
            where=where,
            cols=cols,
            joins=SQL("").join(extra_joins),
        )

    @api.model
    def _churn_labels(self, pids, start, end):
        """1 where the customer bought nothing in [start, end)."""
        bought = self._fetch_array(
            SQL(
                "SELECT DISTINCT o.pid FROM (%s) o WHERE o.date_order >= %s",
                self._orders_sql(end),
                start,
            ),
            dtype=np.int64,
        ).reshape(-1)
        return (~np.isin(pids, bought)).astype(int)

    # ---------------------------------------------------------------- training
    @api.model
    def _train_churn(self, as_of, run=None):
        """Time split: learn on features at T-2N labelled by (T-2N, T-N], evaluate
        on features at T-N labelled by (T-N, T] against the BG/NBD baseline, then
        refit on both periods for scoring. Returns the new version or nothing."""
        horizon = self._param("churn_horizon_days", 90, int)
        c2 = as_of - timedelta(days=horizon)
        c1 = c2 - timedelta(days=horizon)
        train = self._fetch_array(self._churn_features_sql(c1))
        test = self._fetch_array(self._churn_features_sql(c2))
        if len(train) < MIN_TRAIN or len(test) < MIN_TRAIN:
            return self.env["ecrm.churn.model"]
        y_train = self._churn_labels(train[:, 0].astype(np.int64), c1, c2)
        y_test = self._churn_labels(test[:, 0].astype(np.int64), c2, as_of)
        if y_train.min() == y_train.max():
            return self.env["ecrm.churn.model"]
        baseline = self._churn_baseline(c2, test[:, 0].astype(np.int64))
        estimator, metrics = churn.train_and_evaluate(
            train[:, 1:], y_train, test[:, 1:], y_test, baseline
        )
        # The naive rule "longest without an order leaves first": the first
        # feature is the recency in days.
        metrics["recency_auc"] = churn.auc(y_test, test[:, 1])
        metrics["grade"] = grade.churn(
            metrics["roc_auc"], metrics["baseline_auc"], metrics["recency_auc"]
        )
        both_y = np.concatenate([y_train, y_test])
        if both_y.min() != both_y.max():
            estimator = churn.make_classifier().fit(
                np.vstack([train[:, 1:], test[:, 1:]]), both_y
            )
        Model = self.env["ecrm.churn.model"]
        return Model.create(
            {
                "version": (Model._newest().version or 0) + 1,
                "run_id": run.id if run else False,
                "horizon_days": horizon,
                "train_cutoff": c1,
                "test_cutoff": c2,
                "train_size": len(train),
                "test_size": len(test),
                "features": ", ".join(self._churn_feature_names()),
                "model_file": base64.b64encode(churn.dumps(estimator)),
                **metrics,
            }
        )

    @api.model
    def _churn_baseline(self, cutoff, pids):
        """1 - P(alive) of a BG/NBD model fitted on the history up to ``cutoff``."""
        data = self._fetch_array(self._clv_summary_sql(cutoff))
        x, t_x, T = data[:, 1], data[:, 2], data[:, 3]
        try:
            params = clv.fit_bgnbd(x, t_x, T)
        except ValueError:
            return np.full(len(pids), 0.5)
        p_alive = clv.bgnbd_p_alive(
            (params["r"], params["alpha"], params["a"], params["b"]), x, t_x, T
        )
        index = np.searchsorted(data[:, 0].astype(np.int64), pids)
        index = np.clip(index, 0, max(len(data) - 1, 0))
        return 1.0 - p_alive[index]

    # ---------------------------------------------------------------- scoring
    @api.model
    def _step_churn(self, run):
        as_of = self._as_of()
        Model = self.env["ecrm.churn.model"]
        model = Model._newest()
        max_age = self._param("churn_retrain_days", 7, int)
        stale = not model or model.fit_date < fields.Datetime.now() - timedelta(
            days=max_age
        )
        expected = ", ".join(self._churn_feature_names())
        if stale or model.features != expected:
            model = self._train_churn(as_of, run) or model
            run._commit()
        if not model or model.features != expected:
            return self.env._("Too little order history to train the churn model.")
        graded = model
        if model.grade == "c":
            model = Model._usable()
            if model.features != expected:
                model = Model
        run._grade(
            graded.grade,
            model == graded,
            score_model=graded.roc_auc,
            score_baseline=graded.baseline_auc,
            score_recency=graded.recency_auc,
        )
        if not model:
            return self.env._(
                "Churn model v%(version)s lost to its baselines and no earlier "
                "version passed its check: churn risks are left as they were.",
                version=graded.version,
            )
        estimator = model._estimator()
        ids = self._customer_ids(as_of)

        def process(lo, hi, _chunk):
            data = self._fetch_array(self._churn_features_sql(as_of, lo, hi))
            if not len(data):
                return
            risk = estimator.predict_proba(data[:, 1:])[:, 1]
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET ecrm_churn_risk_previous =
                               COALESCE(p.ecrm_churn_risk_previous, '{}'::jsonb)
                               || jsonb_build_object(
                                      %(key)s, p.ecrm_churn_risk->%(key)s),
                           ecrm_churn_risk = COALESCE(p.ecrm_churn_risk, '{}'::jsonb)
                               || jsonb_build_object(%(key)s, v.risk),
                           ecrm_value_at_risk =
                               COALESCE(p.ecrm_value_at_risk, '{}'::jsonb)
                               || jsonb_build_object(%(key)s, round(
                                   (COALESCE(%(clv)s, 0) * v.risk)::numeric, 2))
                      FROM unnest(%(ids)s::int[], %(risks)s::float8[]) AS v(id, risk)
                     WHERE p.id = v.id
                    """,
                    key=str(self.env.company.id),
                    clv=self._score_sql("ecrm_clv", "numeric"),
                    ids=data[:, 0].astype(int).tolist(),
                    risks=np.round(risk, 6).tolist(),
                )
            )

        self._run_batches(run, ids, process)
        self.env["res.partner"].invalidate_model(
            ["ecrm_churn_risk", "ecrm_churn_risk_previous", "ecrm_value_at_risk"]
        )
        message = self.env._(
            "%(count)s customers scored with churn model v%(version)s "
            "(ROC AUC %(auc).3f, baseline %(base).3f)",
            count=len(ids),
            version=model.version,
            auc=model.roc_auc,
            base=model.baseline_auc,
        )
        if model != graded:
            message += "\n" + self.env._(
                "Churn model v%(version)s lost to its baselines and was not used.",
                version=graded.version,
            )
        return message
