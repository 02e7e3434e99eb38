# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Behaviour clusters: MiniBatchKMeans on scaled features, k by silhouette."""

import numpy as np
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import StandardScaler

# Columns of the feature matrix before the category shares.
BASE_FEATURES = [
    "frequency",
    "recency",
    "log_monetary",
    "log_basket",
    "online_share",
    "discount_share",
]


def fit(X, k_range=(2, 3, 4, 5, 6), random_state=0, sample_size=5000):
    """Scale ``X`` and fit MiniBatchKMeans for each k, keeping the best silhouette.

    Returns (scaler, kmeans, silhouette) or None when there are too few rows."""
    X = np.asarray(X, dtype=float)
    if len(X) < 3:
        return None
    scaler = StandardScaler().fit(X)
    Z = scaler.transform(X)
    best = None
    for k in k_range:
        if k >= len(X):
            break
        km = MiniBatchKMeans(
            n_clusters=k, random_state=random_state, n_init=3, batch_size=1024
        ).fit(Z)
        if len(set(km.labels_)) < 2:
            continue
        score = silhouette_score(
            Z,
            km.labels_,
            sample_size=min(sample_size, len(Z)),
            random_state=random_state,
        )
        if best is None or score > best[2] + 1e-9:
            best = (scaler, km, float(score))
    return best


def centres(scaler, kmeans):
    """Cluster centres in the original units of the features."""
    return scaler.inverse_transform(kmeans.cluster_centers_)


def traits(centre, mean, category_names):
    """Words describing one centre against the population mean: a dict of
    trait keys (frequency, basket, channel, discount, recency) and the main
    category name, if one category makes half of the cluster's revenue."""
    freq, recency, _log_monetary, log_basket, online, discount = centre[:6]
    m_freq, m_recency, _m_mon, m_log_basket, _m_online, m_discount = mean[:6]
    words = {}
    if freq >= 1.5 * m_freq:
        words["frequency"] = "frequent"
    elif freq <= 0.6 * m_freq:
        words["frequency"] = "occasional"
    if log_basket >= m_log_basket + np.log(1.3):
        words["basket"] = "large"
    elif log_basket <= m_log_basket - np.log(1.3):
        words["basket"] = "small"
    if online >= 0.6:
        words["channel"] = "online"
    elif online <= 0.2:
        words["channel"] = "offline"
    if discount >= max(0.3, 1.5 * m_discount):
        words["discount"] = "discount"
    if recency >= 2 * max(m_recency, 1):
        words["recency"] = "lapsed"
    shares = centre[6:]
    if len(shares) and shares.max() >= 0.5:
        words["category"] = category_names[int(shares.argmax())]
    return words


def stability(Z, kmeans, sample_size=5000, random_state=0):
    """Adjusted Rand index between the clusters of ``kmeans`` and those of a
    refit with the same k on a bootstrap sample, both read on a bounded random
    sample of the scaled rows ``Z``: 1 when the clusters come back, about 0 when
    they are noise."""
    rng = np.random.default_rng(random_state)
    if len(Z) > sample_size:
        Z = Z[rng.choice(len(Z), size=sample_size, replace=False)]
    boot = Z[rng.integers(0, len(Z), size=len(Z))]
    refit = MiniBatchKMeans(
        n_clusters=kmeans.n_clusters,
        random_state=random_state + 1,
        n_init=3,
        batch_size=1024,
    ).fit(boot)
    return float(adjusted_rand_score(kmeans.predict(Z), refit.predict(Z)))
