"""Time each eCRM hot path beside the plain SQL that does the same work.

Each measure runs ``--repeat`` times (after one warm-up); the median and the spread
(min - max) are printed with the ratio ORM path / plain SQL, and everything goes to
``bench/results/<db>-run.json``. Called by ``bench/run`` (which finds Odoo's Python).
"""

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import traceback

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

MEASURES = []


def measure(name, description):
    def decorator(func):
        MEASURES.append((name, description, func))
        return func

    return decorator


class Bench:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.rng = random.Random(args.seed)
        self.results = []

    def timeit(self, func, repeat=None):
        repeat = repeat or self.args.repeat
        func()  # warm-up: caches, plans
        times = []
        for _i in range(repeat):
            self.env.invalidate_all()
            t0 = time.perf_counter()
            func()
            times.append((time.perf_counter() - t0) * 1000.0)
        return times

    def record(self, name, description, orm_ms, sql_ms=None, unit="ms", **extra):
        row = {
            "name": name,
            "description": description,
            "unit": unit,
            "median": statistics.median(orm_ms),
            "min": min(orm_ms),
            "max": max(orm_ms),
            "runs": len(orm_ms),
        }
        if sql_ms:
            row["sql_median"] = statistics.median(sql_ms)
            row["sql_min"] = min(sql_ms)
            row["sql_max"] = max(sql_ms)
            row["ratio"] = (
                row["median"] / row["sql_median"] if row["sql_median"] else None
            )
        row.update(extra)
        self.results.append(row)
        sql = (
            f"  sql {row['sql_median']:9.2f} {unit}  ratio {row['ratio']:6.1f}x"
            if sql_ms
            else ""
        )
        more = "  " + " ".join(f"{k}={v}" for k, v in extra.items()) if extra else ""
        print(
            f"{name:32} {row['median']:9.2f} {unit} "
            f"[{row['min']:.2f}-{row['max']:.2f}]{sql}{more}",
            flush=True,
        )

    def skip(self, name, why):
        self.results.append({"name": name, "skipped": why})
        print(f"{name:32} skipped: {why}", flush=True)

    def sample_partners(self, count):
        self.cr.execute(
            "SELECT partner_id FROM bench_ground_truth ORDER BY partner_id LIMIT %s "
            "OFFSET (SELECT count(*) / 3 FROM bench_ground_truth)",
            [count],
        )
        return [r[0] for r in self.cr.fetchall()]


def rewrite(number_e164, style):
    """The number written another way than it is stored."""
    national = number_e164[3:]
    a, b, c = national[:3], national[3:6], national[6:]
    return [f"0{a} {b} {c}", f"+84 {national}", f"84{national}", f"0{a}.{b}.{c}"][
        style % 4
    ]


@measure("phone_lookup", "find a customer by a phone typed another way")
def phone_lookup(bench):
    env, cr = bench.env, bench.cr
    ids = bench.sample_partners(200)
    cr.execute("SELECT id, phone_sanitized FROM res_partner WHERE id = ANY(%s)", [ids])
    numbers = [(pid, num) for pid, num in cr.fetchall() if num]
    typed = [rewrite(num, i) for i, (_pid, num) in enumerate(numbers)]
    Partner = env["res.partner"]
    state = {"i": 0}

    def orm():
        i = state["i"] = (state["i"] + 1) % len(typed)
        found = Partner._ecrm_find_by_contact(phone=typed[i])
        assert found.id == numbers[i][0], (typed[i], found, numbers[i])

    # the same lookup in plain SQL: the table that holds every number if the
    # addon has one, else Odoo's phone_sanitized
    plain_sql = (
        "SELECT partner_id FROM ecrm_partner_phone WHERE number_e164 = %s "
        "ORDER BY partner_id LIMIT 1"
        if "ecrm.partner.phone" in env
        else "SELECT id FROM res_partner WHERE phone_sanitized = %s ORDER BY id LIMIT 1"
    )

    def plain():
        i = state["i"] = (state["i"] + 1) % len(typed)
        cr.execute(plain_sql, [numbers[i][1]])
        cr.fetchone()

    repeat = bench.args.repeat * 20
    bench.record(
        "phone_lookup",
        phone_lookup.__doc__ or "find a customer by phone",
        bench.timeit(orm, repeat),
        bench.timeit(plain, repeat),
    )


@measure("profile_form", "open the 360 form of the customer with the most orders")
def profile_form(bench):
    env, cr = bench.env, bench.cr
    cr.execute(
        "SELECT partner_id FROM sale_order GROUP BY partner_id "
        "ORDER BY count(*) DESC LIMIT 1"
    )
    pid = cr.fetchone()[0]
    Partner = env["res.partner"]
    views = Partner.get_views([(False, "form")])
    fields_spec = {name: {} for name in views["models"]["res.partner"]["fields"]}
    queries = {}

    def orm():
        before = cr.sql_log_count
        Partner.browse(pid).web_read(fields_spec)
        queries["n"] = cr.sql_log_count - before

    def plain():
        cr.execute("SELECT * FROM res_partner WHERE id = %s", [pid])
        cr.fetchall()
        cr.execute(
            "SELECT count(*), sum(amount_total), max(date_order) FROM sale_order "
            "WHERE partner_id = %s AND state = 'sale'",
            [pid],
        )
        cr.fetchall()

    cr.execute("SELECT count(*) FROM sale_order WHERE partner_id = %s", [pid])
    orders_of_customer = cr.fetchone()[0]
    bench.record(
        "profile_form",
        "web_read of the partner form's fields",
        bench.timeit(orm),
        bench.timeit(plain),
        queries=queries["n"],
        orders_of_customer=orders_of_customer,
        form_fields=len(fields_spec),
    )


def run_method_measure(bench, name, description, model, method, plain_sql, **kw):
    """Time ``model.method(**kw)`` against ``plain_sql`` (an SQL object)."""
    env, cr = bench.env, bench.cr
    if model not in env or not hasattr(env[model], method):
        bench.skip(name, f"{model}.{method} is not installed")
        return
    target = env[model]

    def orm():
        getattr(target, method)(**kw)

    def plain():
        cr.execute(plain_sql)

    repeat = max(1, bench.args.repeat // 2)
    bench.record(
        name, description, bench.timeit(orm, repeat), bench.timeit(plain, repeat)
    )


@measure("figures_refresh", "refresh every customer's 360 figures (nightly)")
def figures_refresh(bench):
    run_method_measure(
        bench,
        "figures_refresh",
        "res.partner._ecrm_refresh_figures() over all customers",
        "res.partner",
        "_ecrm_refresh_figures",
        SQL(
            "SELECT partner_id, count(*), sum(amount_total), min(date_order), "
            "max(date_order) FROM sale_order WHERE state = 'sale' GROUP BY partner_id"
        ),
    )


@measure("segment_recompute", "recompute a multi-criteria segment's members")
def segment_recompute(bench):
    env, cr = bench.env, bench.cr
    if "ecrm.segment" not in env:
        bench.skip("segment_recompute", "ecrm_marketing is not installed")
        return
    states = [env.ref("base.state_vn_VN-HN").id, env.ref("base.state_vn_VN-SG").id]
    cr.execute(
        "SELECT c.id FROM product_category c JOIN product_category parent "
        "ON parent.id = c.parent_id WHERE parent.name = %s",
        ["Mỹ phẩm"],
    )
    categs = [r[0] for r in cr.fetchall()]
    segment = env["ecrm.segment"].create(
        {
            "name": "bench: big spenders in Hà Nội and TP.HCM buying cosmetics",
            "state_ids": [(6, 0, states)],
            "order_count_min": 3,
            "revenue_min": 2_000_000,
            "product_categ_ids": [(6, 0, categs)],
            "bought_within_days": 365,
        }
    )
    plain_sql = SQL(
        """SELECT count(*) FROM res_partner p
            WHERE p.active AND p.state_id = ANY(%(states)s)
              AND p.ecrm_order_count >= 3 AND p.ecrm_revenue >= 2000000
              AND EXISTS (
                  SELECT 1 FROM sale_order o
                    JOIN sale_order_line l ON l.order_id = o.id
                    JOIN product_product pp ON pp.id = l.product_id
                    JOIN product_template pt ON pt.id = pp.product_tmpl_id
                   WHERE o.partner_id = p.id AND o.state = 'sale'
                     AND o.date_order >= now() - interval '365 days'
                     AND pt.categ_id = ANY(%(categs)s))""",
        states=states,
        categs=categs,
    )
    result = {}

    def plain():
        cr.execute(plain_sql)
        result["sql_rows"] = cr.fetchone()[0]

    repeat = max(2, bench.args.repeat // 2)
    bench.record(
        "segment_recompute",
        "ecrm.segment._ecrm_recompute_members(): 2 provinces, orders, revenue, "
        "category bought in 365 days",
        bench.timeit(segment._ecrm_recompute_members, repeat),
        bench.timeit(plain, repeat),
        members=segment.member_count,
        sql_rows=result["sql_rows"],
    )


@measure("tier_recompute", "recompute every customer's loyalty tier (nightly)")
def tier_recompute(bench):
    env, cr = bench.env, bench.cr
    Partner = env["res.partner"]
    if not hasattr(Partner, "_ecrm_recompute_tiers_range"):
        bench.skip("tier_recompute", "ecrm_marketing is not installed")
        return
    company = env.company
    program = company.ecrm_loyalty_program_id or env["loyalty.program"].search(
        [("program_type", "=", "loyalty")], limit=1
    )
    # the generated history has no loyalty cards: tiers by spend over 12 months
    company.write({"ecrm_loyalty_program_id": program.id, "ecrm_tier_basis": "spend"})
    tiers = env["ecrm.loyalty.tier"].search([("company_id", "=", company.id)])
    # thresholds in VND, written from the top so the ladder never overlaps
    thresholds = [0, 2e6, 8e6, 20e6, 50e6, 1e8][: len(tiers)]
    for tier, threshold in reversed(
        list(zip(tiers.sorted("min_points"), thresholds, strict=True))
    ):
        tier.min_points = threshold
    cr.execute("SELECT max(id) FROM res_partner")
    max_id = cr.fetchone()[0]
    t0 = time.perf_counter()
    first = Partner._ecrm_recompute_tiers_range(company, 0, max_id)
    first_ms = (time.perf_counter() - t0) * 1000.0
    plain_sql = SQL(
        """SELECT o.partner_id,
                  (SELECT t.id FROM ecrm_loyalty_tier t
                    WHERE t.company_id = %(company)s AND t.active
                      AND t.min_points <= sum(o.amount_total)
                 ORDER BY t.min_points DESC LIMIT 1)
             FROM sale_order o
            WHERE o.state = 'sale' AND o.date_order >= now() - interval '12 months'
         GROUP BY o.partner_id""",
        company=company.id,
    )

    def plain():
        cr.execute(plain_sql)
        cr.fetchall()

    repeat = max(2, bench.args.repeat // 2)
    bench.record(
        "tier_recompute",
        "res.partner._ecrm_recompute_tiers_range() over all customers, steady state "
        "(no tier changes)",
        bench.timeit(
            lambda: Partner._ecrm_recompute_tiers_range(company, 0, max_id), repeat
        ),
        bench.timeit(plain, repeat),
        first_run_ms=round(first_ms),
        first_run_moves=len(first),
    )


@measure("peak_memory", "peak memory of the nightly chain (separate process)")
def peak_memory(bench):
    env = bench.env
    if "ecrm.analytics" not in env:
        bench.skip("nightly_chain", "ecrm_analytics is not installed")
        return
    # A separate process, so that its peak memory is the chain's; each step is
    # timed by wrapping its method on the registry class of that throwaway process.
    code = """
import json, os, resource, sys, time
import odoo
from odoo.modules.registry import Registry
odoo.tools.config.parse_config(["-d", sys.argv[1], "--addons-path",
                                os.environ["ECRM_ADDONS_PATH"], "--log-level=warn"])
steps = {}
with Registry(sys.argv[1]).cursor() as cr:
    env = odoo.api.Environment(cr, 1, {})
    model = env["ecrm.analytics"]
    cls = type(model)
    def timed(name, func):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                steps[name] = steps.get(name, 0.0) + time.perf_counter() - t0
        return wrapper
    for name, method in model._nightly_steps():
        setattr(cls, method, timed(name, getattr(cls, method)))
    t = time.perf_counter()
    model.run_nightly()
    total = time.perf_counter() - t
print(json.dumps({"total": total, "steps": steps,
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code, bench.args.db],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        bench.skip("nightly_chain", "run_nightly failed: " + out.stderr[-500:])
        return
    chain = json.loads(out.stdout.strip().splitlines()[-1])
    seconds, rss_kb = chain["total"], chain["rss_kb"]
    bench.record(
        "nightly_chain",
        "ecrm.analytics.run_nightly(), whole chain",
        [seconds * 1000.0],
        unit="ms",
        peak_memory_mb=round(int(rss_kb) / 1024.0, 1),
    )
    # each step, beside plain SQL where a step is plain SQL work (RFM)
    rfm_sql = SQL(
        """SELECT partner_id,
                  ntile(5) OVER (ORDER BY max(date_order)),
                  ntile(5) OVER (ORDER BY count(*)),
                  ntile(5) OVER (ORDER BY sum(amount_total))
             FROM sale_order
            WHERE state = 'sale' AND date_order >= now() - interval '365 days'
         GROUP BY partner_id"""
    )
    bench.cr.execute(
        """SELECT name, rows FROM ecrm_analytics_run
            WHERE chain = (SELECT chain FROM ecrm_analytics_run
                            ORDER BY id DESC LIMIT 1)"""
    )
    rows_by_step = dict(bench.cr.fetchall())
    for name, step_seconds in chain["steps"].items():
        rows = rows_by_step.get(name)
        sql_ms = None
        if name == "rfm":
            sql_ms = bench.timeit(lambda: bench.cr.execute(rfm_sql), 3)
        bench.record(
            f"nightly_step_{name}",
            f"nightly step {name} as logged by the chain",
            [step_seconds * 1000.0],
            sql_ms,
            rows=rows,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "ecrm_bench"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", action="append", help="run only these measures")
    parser.add_argument("--traceback", action="store_true")
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        [
            "-d",
            args.db,
            "--addons-path",
            os.environ["ECRM_ADDONS_PATH"],
            "--log-level=warn",
        ]
    )
    with Registry(args.db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM bench_ground_truth")
        customers = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM sale_order_line")
        lines = cr.fetchone()[0]
        print(f"database {args.db}: {customers} customers, {lines} order lines\n")
        bench = Bench(env, args)
        for name, _description, func in MEASURES:
            if args.only and name not in args.only:
                continue
            try:
                func(bench)
                # each measure leaves nothing behind, and holds no lock that the
                # next one (the nightly chain runs in another process) would wait on
                cr.rollback()
            except Exception as exc:  # noqa: BLE001 -- reported, not hidden
                bench.results.append({"name": name, "error": repr(exc)})
                print(f"{name:32} ERROR {exc!r}", flush=True)
                if args.traceback:
                    traceback.print_exc()
                cr.rollback()
        cr.rollback()  # the benchmark changes nothing
    report = {
        "database": args.db,
        "customers": customers,
        "order_lines": lines,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "peak_memory_mb_of_this_process": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1
        ),
        "results": bench.results,
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, f"{args.db}-run.json")
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
    print(f"\nresults written to {path}")
    if any("error" in r for r in bench.results):
        sys.exit(1)


if __name__ == "__main__":
    main()
