# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer lifetime value: BG/NBD and Gamma-Gamma, fitted by maximum likelihood.

Notation follows Fader, Hardie & Lee (2005), "Counting your customers the easy way"
(BG/NBD) and "RFM and CLV: using iso-value curves" (Gamma-Gamma):

- ``x``: number of repeat purchases, ``t_x``: time of the last purchase and ``T``:
  age of the customer, both measured from the first purchase (here in days);
- ``m``: average value of the repeat purchases.

Parameters are optimised on their logarithm so that they stay positive.
"""

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

_OPTIONS = {"maxiter": 2000}


def bgnbd_log_likelihood(params, x, t_x, T):
    """Per-customer log-likelihood of the BG/NBD model."""
    r, alpha, a, b = params
    x = np.asarray(x, dtype=float)
    t_x = np.asarray(t_x, dtype=float)
    T = np.asarray(T, dtype=float)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(
            x > 0,
            np.log(a)
            - np.log(np.maximum(b + x - 1, 1e-12))
            - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return a1 + a2 + np.logaddexp(a3, a4)


def fit_bgnbd(x, t_x, T, weights=None):
    """Fit (r, alpha, a, b) by maximum likelihood; returns a dict."""
    x = np.asarray(x, dtype=float)
    t_x = np.asarray(t_x, dtype=float)
    T = np.asarray(T, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    if x.size == 0:
        raise ValueError("no customer to fit")
    scale = max(float(np.mean(T)), 1.0)

    def nll(log_params):
        params = np.exp(log_params)
        ll = bgnbd_log_likelihood(params, x, t_x, T)
        value = -np.sum(w * ll) / w.sum()
        return value if np.isfinite(value) else 1e10

    start = np.log([1.0, scale / 10.0, 1.0, 1.0])
    res = minimize(nll, start, method="Nelder-Mead", options=_OPTIONS)
    res = minimize(nll, res.x, method="L-BFGS-B")
    r, alpha, a, b = np.exp(res.x)
    return {"r": r, "alpha": alpha, "a": a, "b": b, "ll": -res.fun * w.sum()}


def bgnbd_p_alive(params, x, t_x, T):
    """Probability that each customer is still active at T."""
    r, alpha, a, b = params
    x = np.asarray(x, dtype=float)
    t_x = np.asarray(t_x, dtype=float)
    T = np.asarray(T, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_ratio = np.log(a) - np.log(np.maximum(b + x - 1, 1e-12))
        log_ratio += (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
        odds = np.where(x > 0, np.exp(np.minimum(log_ratio, 700)), 0.0)
    return 1.0 / (1.0 + odds)


def bgnbd_expected_purchases(params, x, t_x, T, t):
    """Expected number of purchases in (T, T + t] for each customer."""
    r, alpha, a, b = params
    x = np.asarray(x, dtype=float)
    t_x = np.asarray(t_x, dtype=float)
    T = np.asarray(T, dtype=float)
    if t <= 0:
        return np.zeros_like(x)
    z = t / (alpha + T + t)
    with np.errstate(over="ignore", invalid="ignore"):
        hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
        term = 1.0 - np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t))) * hyp
        head = (a + b + x - 1) / (a - 1) if a != 1 else np.full_like(x, np.nan)
        value = head * term * bgnbd_p_alive(params, x, t_x, T)
    # Where the hypergeometric series fails numerically, fall back to the alive
    # probability times the individual purchase rate.
    fallback = bgnbd_p_alive(params, x, t_x, T) * (r + x) / (alpha + T) * t
    value = np.where(np.isfinite(value) & (value >= 0), value, fallback)
    return value


def gamma_gamma_log_likelihood(params, x, m):
    """Per-customer log-likelihood of the Gamma-Gamma spend model (x > 0)."""
    p, q, v = params
    x = np.asarray(x, dtype=float)
    m = np.asarray(m, dtype=float)
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
    """Fit (p, q, v) on customers with at least one repeat purchase."""
    x = np.asarray(x, dtype=float)
    m = np.asarray(m, dtype=float)
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    if x.size < 2:
        raise ValueError("too few repeat customers to fit")
    # Work on a unit where the average spend is 1, then convert v back.
    unit = float(np.mean(m))
    ms = m / unit

    def nll(log_params):
        value = -np.mean(gamma_gamma_log_likelihood(np.exp(log_params), x, ms))
        return value if np.isfinite(value) else 1e10

    res = minimize(nll, np.log([2.0, 3.0, 2.0]), method="Nelder-Mead", options=_OPTIONS)
    res = minimize(nll, res.x, method="L-BFGS-B")
    p, q, v = np.exp(res.x)
    return {"p": p, "q": q, "v": v * unit}


def gamma_gamma_expected_value(params, x, m, population_mean=None):
    """Expected average order value per customer; customers without a repeat
    purchase get the population mean p*v/(q-1)."""
    p, q, v = params
    x = np.asarray(x, dtype=float)
    m = np.asarray(m, dtype=float)
    if population_mean is None:
        population_mean = p * v / (q - 1) if q > 1 else float(np.nanmean(m))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = p * (v + x * m) / (p * x + q - 1)
    return np.where((x > 0) & np.isfinite(value) & (value > 0), value, population_mean)


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
