"""Lifetime value fit on 1,000,000 synthetic customers: grouped (x, t_x, T)
counts with weights beside one row per customer.

Customers are drawn from the BG/NBD process with CDNOW-like parameters (per day),
acquired over a year, observed in whole days as the nightly summary counts them.
Prints the time of each fit, the ratio, the number of groups and the recovered
parameters. Needs only numpy and scipy (no database):

    /opt/odoo-venv/bin/python bench/clv_fit.py [--customers 1000000] [--seed 1]
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(
    0,
    os.path.join(
        os.path.dirname(os.path.abspath(__file__)),
        "..",
        "addons",
        "ecrm_analytics",
        "lib",
    ),
)
import clv

TRUE = {"r": 0.24, "alpha": 30.9, "a": 0.79, "b": 2.43}


def simulate(n, rng, r, alpha, a, b, horizon=365):
    """x, t_x, T in whole days for ``n`` customers, vectorised over the
    purchase index (each pass handles every customer still buying)."""
    T = rng.integers(0, horizon, size=n).astype(float)
    lam = rng.gamma(r, 1.0 / alpha, size=n)
    p = rng.beta(a, b, size=n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    t = np.zeros(n)
    active = np.arange(n)
    while active.size:
        t[active] += rng.exponential(1.0 / lam[active])
        inside = t[active] <= T[active]
        active = active[inside]
        x[active] += 1
        t_x[active] = np.floor(t[active])
        stays = rng.random(active.size) >= p[active]
        active = active[stays]
    return x, t_x, T


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    x, t_x, T = simulate(args.customers, rng, **TRUE)
    print(
        f"simulated {args.customers:,} customers in {time.perf_counter() - start:.1f} s"
    )

    start = time.perf_counter()
    gx, gt_x, gT, weights = clv.group_counts(x, t_x, T)
    grouping = time.perf_counter() - start
    start = time.perf_counter()
    grouped_fit = clv.fit_bgnbd(gx, gt_x, gT, weights)
    grouped = time.perf_counter() - start
    start = time.perf_counter()
    single_fit = clv.fit_bgnbd(x, t_x, T)
    single = time.perf_counter() - start

    print(f"groups: {len(gx):,} ({len(gx) / len(x):.1%} of the customers)")
    print(f"grouping (numpy; the nightly fit groups in SQL): {grouping:.1f} s")
    print(f"grouped fit:          {grouped:.1f} s, {grouped_fit['message']}")
    print(f"one row per customer: {single:.1f} s, {single_fit['message']}")
    print(f"ratio one row per customer / grouped: {single / grouped:.1f}")
    for name, value in TRUE.items():
        print(
            f"  {name:5s} true {value:8.4f}  grouped {grouped_fit[name]:8.4f}"
            f"  per customer {single_fit[name]:8.4f}"
        )
    print(
        f"  log-likelihood grouped {grouped_fit['ll']:.1f},"
        f" per customer {single_fit['ll']:.1f}"
    )


if __name__ == "__main__":
    main()
