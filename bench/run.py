"""Time each eCRM hot path beside the plain SQL that does the same work.

Each measure runs ``--repeat`` times (after one warm-up); the median and the spread
(min - max) are printed with the ratio ORM path / plain SQL, and everything goes to
``bench/results/<db>-run.json``. Called by ``bench/run`` (which finds Odoo's Python).
"""

import argparse
import json
import os
import platform
import resource
import sys
import time
import traceback

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ecrm_bench import measures  # noqa: E402,F401 -- registers every measure
from ecrm_bench.core import MEASURES, RESULTS, Bench  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "ecrm_bench"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", action="append", help="run only these measures")
    parser.add_argument(
        "--queue",
        type=int,
        default=0,
        help="orders waiting in the telesales queue (default: one per customer)",
    )
    parser.add_argument(
        "--api-orders", type=int, default=300, help="orders sent by api_intake"
    )
    parser.add_argument(
        "--api-clients", type=int, default=4, help="concurrent clients of api_intake"
    )
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
    os.makedirs(RESULTS, exist_ok=True)
    with Registry(args.db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM bench_ground_truth")
        customers = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM sale_order_line")
        lines = cr.fetchone()[0]
        print(f"database {args.db}: {customers} customers, {lines} order lines\n")
        bench = Bench(env, args)
        bench.customers = customers
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
    path = os.path.join(RESULTS, f"{args.db}-run.json")
    if args.only and os.path.exists(path):
        # a partial run updates its measures in the last full report
        with open(path) as f:
            previous = json.load(f)
        names = {r["name"] for r in report["results"]}
        report["results"] = [
            r for r in previous.get("results", []) if r["name"] not in names
        ] + report["results"]
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
    print(f"\nresults written to {path}")
    if any("error" in r for r in bench.results):
        sys.exit(1)


if __name__ == "__main__":
    main()
