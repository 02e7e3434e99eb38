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


@measure("peak_memory", "peak memory of the nightly chain (separate process)")
def peak_memory(bench):
    env = bench.env
    if "ecrm.analytics" not in env:
        bench.skip("nightly_chain", "ecrm_analytics is not installed")
        return
    code = (
        "import odoo, os, sys, time, resource\n"
        "from odoo.modules.registry import Registry\n"
        "odoo.tools.config.parse_config(['-d', sys.argv[1], '--addons-path', "
        "os.environ['ECRM_ADDONS_PATH'], '--log-level=warn'])\n"
        "t = time.time()\n"
        "with Registry(sys.argv[1]).cursor() as cr:\n"
        "    env = odoo.api.Environment(cr, 1, {})\n"
        "    env['ecrm.analytics'].run_nightly()\n"
        "print(time.time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, bench.args.db],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        bench.skip("nightly_chain", "run_nightly failed: " + out.stderr[-500:])
        return
    seconds, rss_kb = out.stdout.strip().splitlines()[-1].split()
    bench.record(
        "nightly_chain",
        "ecrm.analytics.run_nightly(), whole chain",
        [float(seconds) * 1000.0],
        unit="ms",
        peak_memory_mb=round(int(rss_kb) / 1024.0, 1),
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
