# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Grades of the nightly models against their naive baselines.

A: clearly better than the baseline; B: at least as good; C: the baseline does
better (or the model finds no structure) and the model is not used that night."""

# Churn: ROC AUC points above the better of the two baselines for an A.
CHURN_A_MARGIN = 0.05
# Recommendations: hit-rate at least this multiple of popularity's for an A.
RECOMMEND_A_RATIO = 1.25
# Clusters: (silhouette, stability) at least these for an A, then for a B.
CLUSTER_A = (0.5, 0.8)
CLUSTER_B = (0.25, 0.6)


def churn(model_auc, p_alive_auc, recency_auc):
    best = max(p_alive_auc, recency_auc)
    if model_auc >= best + CHURN_A_MARGIN:
        return "a"
    return "b" if model_auc >= best else "c"


def recommendations(hit_rate, popularity):
    if hit_rate <= 0 or hit_rate < popularity:
        return "c"
    return "a" if hit_rate >= RECOMMEND_A_RATIO * popularity else "b"


def clusters(silhouette, stability):
    for grade, (min_silhouette, min_stability) in (("a", CLUSTER_A), ("b", CLUSTER_B)):
        if silhouette >= min_silhouette and stability >= min_stability:
            return grade
    return "c"


# COD risk: ROC AUC points above the "failed before" rule for an A.
COD_RISK_A_MARGIN = 0.03


def cod_risk(model_auc, failed_before_auc):
    if model_auc >= failed_before_auc + COD_RISK_A_MARGIN:
        return "a"
    return "b" if model_auc >= failed_before_auc else "c"
