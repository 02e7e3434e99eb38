# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Churn classifier: training, held-out evaluation and the baseline comparison."""

import io

import joblib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score


def make_classifier(random_state=0):
    return HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.1, min_samples_leaf=10, random_state=random_state
    )


def precision_at_top(scores, y, share=0.1):
    """Share of churners among the ``share`` highest scores."""
    scores = np.asarray(scores, dtype=float)
    y = np.asarray(y)
    n = max(round(len(scores) * share), 1)
    top = np.argsort(-scores, kind="stable")[:n]
    return float(np.mean(y[top]))


def auc(y, scores):
    y = np.asarray(y)
    if y.min() == y.max():
        return 0.5
    return float(roc_auc_score(y, scores))


def train_and_evaluate(x_train, y_train, x_test, y_test, baseline_test, random_state=0):
    """Fit on the training period, evaluate on the held-out one.

    ``baseline_test`` holds the baseline's churn scores (1 - P(alive)) for the
    test customers. Returns (fitted classifier, metrics dict)."""
    model = make_classifier(random_state)
    model.fit(x_train, y_train)
    scores = model.predict_proba(x_test)[:, 1]
    metrics = {
        "roc_auc": auc(y_test, scores),
        "precision_top_decile": precision_at_top(scores, y_test),
        "baseline_auc": auc(y_test, baseline_test),
        "baseline_precision_top_decile": precision_at_top(baseline_test, y_test),
        "churn_rate": float(np.mean(y_test)),
    }
    return model, metrics


def dumps(model):
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    return buffer.getvalue()


def loads(data):
    return joblib.load(io.BytesIO(data))
