"""Fill an eCRM database with a believable Vietnamese retailer at scale.

Customers, their phones (written every way people write them), products in
categories with suppliers, about ten order lines per customer over three years,
drawn from each customer's habits (gen/behaviour.py): behaviour types that
analytics should find (loyal, regular, lapsing, one-off, seasonal Tết/11.11/12.12
shoppers, bargain hunters), each with their own rhythm, basket and categories;
planted co-purchase pairs, complaints and interactions. The ground truth is kept
in the tables ``bench_ground_truth`` and ``bench_planted_pairs``.

Rows are loaded with COPY by cloning a template record that the ORM itself created,
so every NOT NULL column, default and foreign key is one the ORM would have written;
the stored figures that depend on them are then recomputed by the addons' own SQL
refresh methods. Called by ``bench/generate`` (which finds Odoo's Python).
"""

import argparse
import json
import logging
import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

_logger = logging.getLogger("bench.generate")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ecrm_bench.gen import Generator, table_exists  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "ecrm_bench"))
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument(
        "--lines",
        type=int,
        default=None,
        help="order lines (default: 10 per customer; with --demo, as many as the "
        "customers' habits make over the years)",
    )
    parser.add_argument(
        "--products",
        type=int,
        default=None,
        help="default: customers / 50, 200 to 3000",
    )
    parser.add_argument("--suppliers", type=int, default=40)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument(
        "--complaints",
        type=int,
        default=None,
        help="add this many complaints at volume; on a database that already holds "
        "generated data, only them",
    )
    parser.add_argument(
        "--step",
        action="append",
        choices=("delivery", "complaints_volume", "recompute", "history"),
        help="on a database that already holds generated data, run only this "
        "step (repeatable): delivery outcomes, complaints at volume (with "
        "--complaints N), the stored figures, an older history copied from "
        "the generated orders up to --lines order lines",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the demo retailer of `make run`: also today's work for every role "
        "(open complaints, calls, escalations) and one nightly analytics run",
    )
    args = parser.parse_args()
    if "history" in (args.step or ()) and not args.lines:
        parser.error("--step history needs --lines: the order lines to reach")
    # the demo draws the customers' habits as they are; the bench sizes its
    # history by lines (about ten per customer unless told)
    if not args.lines and not args.demo:
        args.lines = args.customers * 10
    args.products = args.products or max(200, min(3000, args.customers // 50))
    odoo.tools.config.parse_config(
        [
            "-d",
            args.db,
            "--addons-path",
            os.environ["ECRM_ADDONS_PATH"],
            "--log-level=warn",
        ]
    )
    t0 = time.time()
    with Registry(args.db).cursor() as cr:
        env = api.Environment(
            cr,
            SUPERUSER_ID,
            {
                "tracking_disable": True,
                "mail_create_nolog": True,
                "mail_notrack": True,
                "mail_auto_subscribe_no_notify": True,
            },
        )
        steps = Generator.STEPS
        if args.step:
            if not table_exists(cr, "bench_ground_truth"):
                sys.exit(f"{args.db} holds no generated data: --step adds to it.")
            steps = tuple(args.step)
        elif table_exists(cr, "bench_ground_truth"):
            if not args.complaints:
                sys.exit(
                    f"{args.db} already holds generated data; drop it or use "
                    "another --db (or add complaints with --complaints N)."
                )
            steps = ("complaints_volume",)
        gen = Generator(env, args)
        if args.demo:
            steps += Generator.DEMO_STEPS
        for step in steps:
            t = time.time()
            getattr(gen, step)()
            gen.stats[f"seconds_{step}"] = round(time.time() - t, 1)
            cr.commit()  # a stopped generation keeps the steps done
        if args.demo:
            t = time.time()
            gen.log("Running the nightly analytics once")
            cr.commit()
            runs = env["ecrm.analytics"].run_nightly()
            gen.stats["nightly_steps"] = {r.name: r.state for r in runs}
            gen.stats["seconds_nightly"] = round(time.time() - t, 1)
            for step in Generator.AFTER_NIGHTLY_STEPS:
                t = time.time()
                getattr(gen, step)()
                gen.stats[f"seconds_{step}"] = round(time.time() - t, 1)
        gen.stats["seconds_total"] = round(time.time() - t0, 1)
        gen.stats["ground_truth"] = "tables bench_ground_truth, bench_planted_pairs"
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{args.db}-generate.json"), "w") as f:
        json.dump(gen.stats, f, indent=2, default=str)
    print(json.dumps(gen.stats, indent=2, default=str))


if __name__ == "__main__":
    main()
