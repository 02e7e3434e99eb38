# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Product recommendations from purchase history.

Two recommenders, evaluated on the same held-out purchases:
- item-to-item co-purchase (cosine over co-occurrence, Sarwar et al. 2001);
- implicit-feedback matrix factorisation, PureSVD (Cremonesi, Koren and Turrin
  2010): a truncated SVD of the customer x product incidence, customers folded in
  through the product factors, which also finds products never bought together
  with the customer's own but liked by similar customers.
"""

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds


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


def factors(matrix, rank=32, seed=0):
    """Product factors (products x rank) of the PureSVD model of ``matrix``
    (customers x products), or None when the matrix is too small to factorise."""
    rank = min(rank, min(matrix.shape) - 1)
    if rank < 1 or not matrix.nnz:
        return None
    v0 = np.random.default_rng(seed).uniform(size=min(matrix.shape))
    _u, _s, vt = svds(sparse.csr_matrix(matrix, dtype=np.float64), k=rank, v0=v0)
    return np.ascontiguousarray(vt.T, dtype=np.float32)


def recommend_factors(history, product_factors, top_n=10, batch=2000):
    """Like :func:`recommend` with the PureSVD model: a customer's scores are
    their history projected on the product factors and back. Customers are
    scored ``batch`` at a time, so memory stays batch x products."""
    history = sparse.csr_matrix(history, dtype=np.float32)
    result = []
    for start in range(0, history.shape[0], batch):
        block = history[start : start + batch]
        scores = np.asarray((block @ product_factors) @ product_factors.T)
        scores[block.nonzero()] = -np.inf  # already bought
        for row in scores:
            k = min(top_n, len(row))
            head = np.argpartition(-row, k - 1)[:k] if k else np.array([], int)
            head = head[row[head] > 1e-9]
            order = np.lexsort((head, -row[head]))
            result.append((head[order], row[head][order]))
    return result


def _evaluation_rows(train, held_out, sample, seed):
    """Customers whose last order has a product they never bought before; a
    fixed random sample of them when there are more than ``sample``."""
    keep = np.asarray((held_out - held_out.multiply(train)).sum(axis=1)).ravel() > 0
    if keep.sum() > sample:
        # Evaluate a fixed random sample of customers: enough for a rate.
        chosen = np.random.default_rng(seed).choice(
            np.nonzero(keep)[0], size=sample, replace=False
        )
        keep = np.zeros_like(keep)
        keep[chosen] = True
    return keep


def _hits(target, recommended):
    return sum(
        bool(set(target[i].indices) & set(items.tolist()))
        for i, items in enumerate(recommended)
    )


def hit_rate(train, held_out, top_n=10, neighbours=50, sample=5000, seed=0, rank=32):
    """Hit-rate@top_n of co-purchase, of matrix factorisation and of popularity
    on held-out purchases: ``{"cooccurrence", "factors", "popularity",
    "evaluated"}``.

    ``train``: customers x products bought before their last order; ``held_out``:
    the products of their last order. A customer counts when their last order has
    a product they never bought before. Both models learn from ``train`` only."""
    keep = _evaluation_rows(train, held_out, sample, seed)
    n = int(keep.sum())
    if not n:
        return {"cooccurrence": 0.0, "factors": 0.0, "popularity": 0.0, "evaluated": 0}
    target = (held_out - held_out.multiply(train))[keep]
    history = train[keep]
    similarity, counts = item_similarity(train, neighbours)
    recos = [items for items, _scores in recommend(history, similarity, top_n)]
    product_factors = factors(train, rank, seed)
    if product_factors is None:
        factor_hits = 0
    else:
        factor_hits = _hits(
            target,
            [items for items, _s in recommend_factors(history, product_factors, top_n)],
        )
    return {
        "cooccurrence": _hits(target, recos) / n,
        "factors": factor_hits / n,
        "popularity": _hits(target, popular(history, counts, top_n)) / n,
        "evaluated": n,
    }
