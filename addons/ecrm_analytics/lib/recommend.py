# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Item-to-item co-purchase recommendations (cosine over co-occurrence)."""

import numpy as np
from scipy import sparse


def incidence(rows, cols, n_rows, n_cols):
    """Binary customer x product matrix from (row, col) index pairs."""
    data = np.ones(len(rows), dtype=np.float32)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(n_rows, n_cols))
    matrix.data[:] = 1.0  # duplicates summed by the constructor
    return matrix


def item_similarity(matrix, neighbours=50):
    """Cosine similarity between products (columns), diagonal removed, keeping
    the ``neighbours`` best per product so that the matrix stays sparse."""
    co = (matrix.T @ matrix).tocsr().astype(np.float32)
    counts = np.asarray(matrix.sum(axis=0)).ravel()
    norm = np.sqrt(np.maximum(counts, 1.0))
    inv = sparse.diags(1.0 / norm)
    sim = (inv @ co @ inv).tocsr()
    sim.setdiag(0)
    sim.eliminate_zeros()
    if neighbours:
        sim = _top_per_row(sim, neighbours)
    return sim, counts


def _top_per_row(matrix, k):
    matrix = matrix.tolil()
    for i in range(matrix.shape[0]):
        row = np.array(matrix.data[i])
        if len(row) > k:
            keep = np.argsort(-row)[:k]
            matrix.rows[i] = list(np.array(matrix.rows[i])[keep])
            matrix.data[i] = list(row[keep])
    return matrix.tocsr()


def recommend(history, similarity, top_n=10):
    """For each row of ``history`` (customers x products), the column indices and
    scores of the ``top_n`` best products not bought yet (score > 0). Works on
    sparse rows: memory follows the non-zero scores, not customers x products."""
    history = sparse.csr_matrix(history)
    scores = (history @ similarity).tocsr()
    result = []
    for i in range(scores.shape[0]):
        start, end = scores.indptr[i], scores.indptr[i + 1]
        items, values = scores.indices[start:end], scores.data[start:end]
        bought = history.indices[history.indptr[i] : history.indptr[i + 1]]
        keep = (values > 0) & ~np.isin(items, bought)
        items, values = items[keep], values[keep]
        order = np.lexsort((items, -values))[:top_n]
        result.append((items[order], values[order]))
    return result


def popular(history, popularity, top_n=10):
    """The ``top_n`` most popular products each customer has not bought."""
    history = sparse.csr_matrix(history)
    ranking = np.argsort(-np.asarray(popularity), kind="stable")
    result = []
    for i in range(history.shape[0]):
        bought = history.indices[history.indptr[i] : history.indptr[i + 1]]
        head = ranking[: top_n + len(bought)]
        result.append(head[~np.isin(head, bought)][:top_n])
    return result


def hit_rate(train, held_out, top_n=10, neighbours=50, sample=5000, seed=0):
    """Hit-rate@top_n of co-purchase and of popularity on held-out purchases.

    ``train``: customers x products bought before their last order; ``held_out``:
    the products of their last order. A customer counts when their last order has
    a product they never bought before."""
    keep = np.asarray((held_out - held_out.multiply(train)).sum(axis=1)).ravel() > 0
    if not keep.any():
        return 0.0, 0.0, 0
    if keep.sum() > sample:
        # Evaluate a fixed random sample of customers: enough for a rate.
        chosen = np.random.default_rng(seed).choice(
            np.nonzero(keep)[0], size=sample, replace=False
        )
        keep = np.zeros_like(keep)
        keep[chosen] = True
    similarity, counts = item_similarity(train, neighbours)
    target = (held_out - held_out.multiply(train))[keep]
    history = train[keep]
    model_hits = base_hits = 0
    recos = recommend(history, similarity, top_n)
    pops = popular(history, counts, top_n)
    for i, ((items, _scores), pop) in enumerate(zip(recos, pops, strict=True)):
        wanted = set(target[i].indices)
        model_hits += bool(wanted & set(items.tolist()))
        base_hits += bool(wanted & set(pop.tolist()))
    n = int(keep.sum())
    return model_hits / n, base_hits / n, n
