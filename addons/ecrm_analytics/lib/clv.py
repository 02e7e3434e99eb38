# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer lifetime value: BG/NBD and Gamma-Gamma, fitted by maximum likelihood.

Notation follows Fader, Hardie & Lee (2005), "Counting your customers the easy way"
(BG/NBD) and "RFM and CLV: using iso-value curves" (Gamma-Gamma):

- ``x``: number of repeat purchases (order days after the first one), ``t_x``: time
  of the last purchase and ``T``: age of the customer at the end of observation,
  both measured from the first purchase (the caller's time unit, days in eCRM);
- ``m``: average value of the repeat purchases (the first purchase excluded).

Parameters are optimised on their logarithm, within bounds, so that they stay
positive and finite. The BG/NBD fit works on a time scale where the mean ``T`` is
1 and converts ``alpha`` and the log-likelihood back, so that the result does not
depend on the time unit. Every quantity is computed in log space (``gammaln``,
``betaln``, ``logaddexp``, ``expit``), so that no step overflows or subtracts
infinities; customers may be given one by one or grouped by identical
``(x, t_x, T)`` with a count per group (``weights``).
"""

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, digamma, expit, gammaln, hyp2f1

_OPTIONS = {"maxiter": 2000}
# Bounds of the log-parameters: e^-12 .. e^12 on a unit-free scale. Past e^+-9
# the likelihood is flat (e.g. a, b -> infinity when no customer is seen to
# drop out): the data do not determine the parameter and the fit has not
# converged to an interior optimum.
_LOG_BOUND = 12.0
_LOG_EDGE = 9.0
# The holdout check groups customers by calibration purchases 0, 1, ..., 7+.
HOLDOUT_TOP_GROUP = 7
# The optimum is accepted when the gradient of the mean log-likelihood (per
# customer, on the log-parameters) is this small.
_GRADIENT_TOL = 1e-3


def _arrays(*values):
    return [np.asarray(v, dtype=float) for v in values]


def group_counts(x, t_x, T):
    """Identical ``(x, t_x, T)`` rows collapsed: returns ``x, t_x, T, weights``."""
    x, t_x, T = _arrays(x, t_x, T)
    rows, counts = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    return rows[:, 0], rows[:, 1], rows[:, 2], counts.astype(float)


def _converged(fun, log_params, iterations):
    """Whether ``log_params`` is an interior optimum of ``fun``: finite, no
    parameter on its bound and the gradient near zero."""
    if not np.all(np.isfinite(log_params)):
        return False, "non-finite parameters"
    if np.any(np.abs(log_params) >= _LOG_EDGE):
        return False, "a parameter ran to the edge of its range"
    norm = float(np.max(np.abs(fun(log_params)[1])))
    if not norm <= _GRADIENT_TOL:
        return False, f"gradient {norm:.2g} after {iterations} iterations"
    return True, f"converged in {iterations} iterations (gradient {norm:.1g})"


def _guarded(fun):
    """``fun`` with a large value and no slope where the likelihood is not
    finite (a step far outside the data), so that the line search backs off."""

    def wrapped(log_params):
        value, grad = fun(log_params)
        if not (np.isfinite(value) and np.all(np.isfinite(grad))):
            return 1e10, np.zeros_like(log_params)
        return value, grad

    return wrapped


def _optimise(fun, start):
    """Minimise ``fun`` (mean negative log-likelihood and its gradient on the
    log-parameters) by L-BFGS-B with the exact gradient; if that stops short of
    an interior optimum, start again from a Nelder-Mead search."""
    fun = _guarded(fun)
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * len(start)
    res = minimize(fun, start, jac=True, method="L-BFGS-B", bounds=bounds)
    converged, message = _converged(fun, res.x, res.nit)
    if converged:
        return res, converged, message
    first = minimize(
        lambda v: fun(v)[0],
        start,
        method="Nelder-Mead",
        bounds=bounds,
        options=_OPTIONS,
    )
    second = minimize(fun, first.x, jac=True, method="L-BFGS-B", bounds=bounds)
    if second.fun <= res.fun:
        res = second
    converged, message = _converged(fun, res.x, res.nit + first.nit + second.nit)
    return res, converged, message


# --------------------------------------------------------------------- BG/NBD
def bgnbd_log_likelihood(params, x, t_x, T):
    """Per-customer log-likelihood of the BG/NBD model (FHL 2005, eq. 6)."""
    r, alpha, a, b = params
    x, t_x, T = _arrays(x, t_x, T)
    repeat = x > 0
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    # The second term exists only for x > 0; b + x - 1 > 0 there. Customers
    # without a repeat purchase take log(0) = -inf, which logaddexp ignores.
    a4 = np.full_like(x, -np.inf)
    a4[repeat] = (
        np.log(a)
        - np.log(b + x[repeat] - 1)
        - (r + x[repeat]) * np.log(alpha + t_x[repeat])
    )
    return a1 + a2 + np.logaddexp(a3, a4)


def fit_bgnbd(x, t_x, T, weights=None):
    """Fit (r, alpha, a, b) by maximum likelihood.

    ``weights``: number of customers behind each row (grouped counts). Returns a
    dict with the parameters, the log-likelihood ``ll`` (in the caller's time
    unit), ``converged`` and ``message``."""
    x, t_x, T = _arrays(x, t_x, T)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    if x.size == 0 or w.sum() <= 0:
        raise ValueError("no customer to fit")
    # Unit-free time: the mean age is 1. alpha scales with time, and the
    # likelihood, a density of the purchase times, gains -log(scale) per repeat
    # purchase when converted back to the caller's unit.
    scale = max(float(np.average(T, weights=w)), 1e-9)
    ts_x, ts = t_x / scale, T / scale
    total = w.sum()

    def nll(log_params):
        return _bgnbd_nll_grad(np.exp(log_params), x, ts_x, ts, w)

    res, converged, message = _optimise(nll, np.log([1.0, 1.0, 1.0, 1.0]))
    r, alpha, a, b = np.exp(res.x)
    ll = -res.fun * total - np.dot(w, x) * np.log(scale)
    return {
        "r": r,
        "alpha": alpha * scale,
        "a": a,
        "b": b,
        "ll": ll,
        "converged": converged,
        "message": message,
    }


def _bgnbd_nll_grad(params, x, t_x, T, w):
    """Weighted mean negative log-likelihood of BG/NBD and its gradient on the
    log-parameters (d/d log r = r d/dr), from the same terms as
    ``bgnbd_log_likelihood``: A3 and A4 share the likelihood in proportion to
    their weights exp(A - logaddexp(A3, A4))."""
    r, alpha, a, b = params
    repeat = x > 0
    log_T = np.log(alpha + T)
    log_tx = np.log(alpha + t_x)
    a3 = -(r + x) * log_T
    a4 = np.full_like(x, -np.inf)
    a4[repeat] = (
        np.log(a) - np.log(b + x[repeat] - 1) - (r + x[repeat]) * log_tx[repeat]
    )
    mix = np.logaddexp(a3, a4)
    w3 = np.exp(a3 - mix)
    w4 = np.exp(a4 - mix)
    ll = (
        gammaln(r + x)
        - gammaln(r)
        + r * np.log(alpha)
        + betaln(a, b + x)
        - betaln(a, b)
        + mix
    )
    psi_abx = digamma(a + b + x)
    b_term = np.zeros_like(x)
    b_term[repeat] = 1.0 / (b + x[repeat] - 1)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * log_T - w4 * log_tx
    d_alpha = r / alpha - (r + x) * (w3 / (alpha + T) + w4 / (alpha + t_x))
    d_a = digamma(a + b) - psi_abx + w4 / a
    d_b = digamma(b + x) - psi_abx - digamma(b) + digamma(a + b) - w4 * b_term
    total = w.sum()
    grad = np.array([np.dot(w, d) for d in (d_r, d_alpha, d_a, d_b)]) * params
    return -np.dot(w, ll) / total, -grad / total


def bgnbd_p_alive(params, x, t_x, T):
    """Probability that each customer is still active at T (FHL 2005, eq. 11);
    1 for customers without a repeat purchase (they had no chance to drop out)."""
    r, alpha, a, b = params
    x, t_x, T = _arrays(x, t_x, T)
    repeat = x > 0
    log_odds = np.full_like(x, -np.inf)
    log_odds[repeat] = (
        np.log(a)
        - np.log(b + x[repeat] - 1)
        + (r + x[repeat]) * (np.log(alpha + T[repeat]) - np.log(alpha + t_x[repeat]))
    )
    return expit(-log_odds)


def bgnbd_expected_purchases(params, x, t_x, T, t):
    """Expected number of purchases in (T, T + t] for each customer (FHL 2005,
    eq. 10).

    The equation holds ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z).
    That Gauss series converges at z -> 1 only when a-1-r-x > 0; for the other
    customers (heavy buyers, the usual case) its terms grow without bound with x.
    Euler's transformation 2F1(A, B; C; z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z)
    turns the product into (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z), whose series
    converges there. Each customer takes the form that converges, and the product
    is taken in log space with its exponent capped below the overflow limit
    (such a value is a numerical failure, replaced below)."""
    r, alpha, a, b = params
    x, t_x, T = _arrays(x, t_x, T)
    if t <= 0:
        return np.zeros_like(x)
    if abs(a - 1.0) < 1e-9:  # the formula's limit at a = 1, reached continuously
        a = 1.0 + 1e-9
    log_one_minus_z = np.log(alpha + T) - np.log(alpha + T + t)
    z = t / (alpha + T + t)
    c = a + b + x - 1
    direct = a - 1 - r - x >= 0
    euler = ~direct
    hyp = np.empty_like(x)
    hyp[direct] = hyp2f1(r + x[direct], b + x[direct], c[direct], z[direct])
    hyp[euler] = hyp2f1(a + b - 1 - r, a - 1, c[euler], z[euler])
    log_power = np.where(direct, (r + x) * log_one_minus_z, (a - 1) * log_one_minus_z)
    usable = np.isfinite(hyp) & (hyp > 0)
    log_product = np.full_like(x, np.inf)
    log_product[usable] = log_power[usable] + np.log(hyp[usable])
    product = np.exp(np.minimum(log_product, 700.0))
    p_alive = bgnbd_p_alive(params, x, t_x, T)
    value = c / (a - 1) * (1.0 - product) * p_alive
    # A customer whose series failed numerically (not seen on real data) gets
    # the purchases of an active customer at the posterior rate, an upper bound.
    fallback = p_alive * (r + x) / (alpha + T) * t
    ok = usable & (log_product < 700.0) & np.isfinite(value) & (value >= 0)
    return np.where(ok, value, fallback)


def holdout_by_group(params, x, t_x, T, actual, t, top=None):
    """The paper's conditional-expectation check: customers grouped by their
    calibration repeat purchases (0, 1, ..., ``top`` and more), with for each
    group the number of customers and the mean actual and predicted purchases in
    the ``t`` units after the calibration end. Returns a list of dicts and the
    mean absolute error over the groups (each group counts once, as in the
    paper's chart)."""
    top = HOLDOUT_TOP_GROUP if top is None else top
    x, t_x, T, actual = _arrays(x, t_x, T, actual)
    predicted = bgnbd_expected_purchases(params, x, t_x, T, t)
    group = np.minimum(x, top).astype(int)
    lines = []
    for g in range(top + 1):
        members = group == g
        if not members.any():
            continue
        lines.append(
            {
                "group": g,
                "customers": int(members.sum()),
                "actual": float(actual[members].mean()),
                "predicted": float(predicted[members].mean()),
            }
        )
    mae = float(np.mean([abs(li["actual"] - li["predicted"]) for li in lines]))
    return lines, mae


# ---------------------------------------------------------------- Gamma-Gamma
def gamma_gamma_log_likelihood(params, x, m):
    """Per-customer log-likelihood of the Gamma-Gamma spend model (x > 0, m > 0),
    with the density of the average m (Fader & Hardie 2013, eq. 3)."""
    p, q, v = params
    x, m = _arrays(x, m)
    return (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(v + m * x)
    )


def fit_gamma_gamma(x, m):
    """Fit (p, q, v) on the customers with a repeat purchase of positive value.

    Returns a dict with the parameters, ``ll`` (in the caller's currency unit),
    ``converged``, ``message`` and ``customers`` (the number used)."""
    x, m = _arrays(x, m)
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    if x.size < 2:
        raise ValueError("too few repeat customers to fit")
    # Work on a unit where the average spend is 1, then convert v and the
    # log-likelihood back (the density of m gains -log(unit) per customer).
    unit = float(np.mean(m))
    ms = m / unit

    def nll(log_params):
        p, q, v = np.exp(log_params)
        ll = gamma_gamma_log_likelihood((p, q, v), x, ms)
        psi = digamma(p * x + q)
        log_vm = np.log(v + ms * x)
        d_p = x * (psi - digamma(p * x) + np.log(ms) + np.log(x) - log_vm)
        d_q = psi - digamma(q) + np.log(v) - log_vm
        d_v = q / v - (p * x + q) / (v + ms * x)
        grad = np.array([d_p.mean() * p, d_q.mean() * q, d_v.mean() * v])
        return -ll.mean(), -grad

    res, converged, message = _optimise(nll, np.log([2.0, 3.0, 2.0]))
    p, q, v = np.exp(res.x)
    return {
        "p": p,
        "q": q,
        "v": v * unit,
        "ll": -res.fun * x.size - x.size * np.log(unit),
        "converged": converged,
        "message": message,
        "customers": int(x.size),
    }


def gamma_gamma_expected_value(params, x, m, population_mean=None):
    """Expected average order value per customer (Fader & Hardie 2013, eq. 5);
    customers without a repeat purchase of positive value get the population
    mean p*v/(q-1)."""
    p, q, v = params
    x, m = _arrays(x, m)
    if population_mean is None:
        positive = m[m > 0]
        if q > 1:
            population_mean = p * v / (q - 1)
        else:
            population_mean = float(positive.mean()) if positive.size else 0.0
    known = (x > 0) & (m > 0)
    value = np.full_like(x, float(population_mean))
    value[known] = p * (v + x[known] * m[known]) / (p * x[known] + q - 1)
    return value


def clv(params_bgnbd, params_gg, x, t_x, T, m, horizon, annual_rate, steps=12):
    """Discounted lifetime value over ``horizon`` days: the expected purchases of
    each sub-period times the expected order value, discounted at
    ``annual_rate`` (0.1 = 10 % a year)."""
    value = gamma_gamma_expected_value(params_gg, x, m)
    total = np.zeros_like(np.asarray(x, dtype=float))
    previous = np.zeros_like(total)
    for k in range(1, steps + 1):
        t = horizon * k / steps
        cumulative = bgnbd_expected_purchases(params_bgnbd, x, t_x, T, t)
        total += (cumulative - previous) / (1.0 + annual_rate) ** (t / 365.0)
        previous = cumulative
    return total * value


def simulate_bgnbd(n, r, alpha, a, b, T, rng):
    """Draw (x, t_x, T) for ``n`` customers observed ``T`` days from their first
    purchase, from the BG/NBD generating process."""
    lam = rng.gamma(r, 1.0 / alpha, size=n)
    p = rng.beta(a, b, size=n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1.0 / lam[i])
            if t > T:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < p[i]:
                break
    return x, t_x, np.full(n, float(T))


def simulate_gamma_gamma(x, p, q, v, rng):
    """Average repeat order value for customers with ``x`` repeat purchases."""
    x = np.asarray(x, dtype=int)
    nu = rng.gamma(q, 1.0 / v, size=x.size)
    m = np.zeros(x.size)
    for i in np.nonzero(x > 0)[0]:
        m[i] = rng.gamma(p, 1.0 / nu[i], size=x[i]).mean()
    return m
