"""Nightly recomputations (figures, segments, tiers) and the whole chain."""

import json
import subprocess
import sys
import time

from odoo.tools import SQL

from ..child import CHILD_PRELUDE
from ..core import measure


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
              AND (p.ecrm_order_count->>%(company)s)::int >= 3
              AND (p.ecrm_revenue->>%(company)s)::numeric >= 2000000
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
        company=str(segment.company_id.id),
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
    History = env["ecrm.loyalty.tier.history"]
    # The first run: most customers enter a tier or move (history rows and the
    # mails queued for the scheduler).
    env.flush_all()
    t0 = time.perf_counter()
    first = Partner._ecrm_recompute_tiers_range(company, 0, max_id)
    env.flush_all()
    first_ms = (time.perf_counter() - t0) * 1000.0
    queued = History.search_count([("mail_pending", "=", True)])
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
    plain_ms = bench.timeit(plain, repeat)
    bench.record(
        "tier_recompute_first_run",
        "res.partner._ecrm_recompute_tiers_range() over all customers, first run: "
        "tiers set, history written, mails queued",
        [first_ms],
        plain_ms,
        moves=len(first),
        mails_queued=queued,
    )
    bench.record(
        "tier_recompute",
        "res.partner._ecrm_recompute_tiers_range() over all customers, steady state "
        "(no tier changes)",
        bench.timeit(
            lambda: Partner._ecrm_recompute_tiers_range(company, 0, max_id), repeat
        ),
        plain_ms,
    )
    # The scheduler's side: one batch of the queued mails, rendered and queued
    # as mail.mail (the rest is the same work again).
    if queued:
        batch = min(queued, 500)
        t0 = time.perf_counter()
        pending = History.search([("mail_pending", "=", True)], limit=batch)
        pending._ecrm_send_tier_mail()
        pending.write({"mail_pending": False})
        env.flush_all()
        ms = (time.perf_counter() - t0) * 1000.0
        bench.record(
            "tier_mails_batch",
            f"the scheduler's tier mails: one batch of {batch} rendered and queued",
            [ms],
            per_mail_ms=round(ms / batch, 2),
            queued=queued,
            estimated_all_s=round(ms / batch * queued / 1000.0, 1),
        )


@measure("peak_memory", "peak memory of the nightly chain (separate process)")
def peak_memory(bench):
    env = bench.env
    if "ecrm.analytics" not in env:
        bench.skip("nightly_chain", "ecrm_analytics is not installed")
        return
    # Single steps timed by earlier versions of the bench were logged as a
    # chain named "bench", which the chain would now resume: they are steps
    # alone, not a chain.
    bench.cr.execute(
        "UPDATE ecrm_analytics_run SET chain = NULL, state = CASE WHEN state = "
        "'running' THEN 'failed' ELSE state END WHERE chain = 'bench'"
    )
    bench.cr.commit()
    # A separate process, so that its peak memory is the chain's; each step is
    # timed by wrapping its method on the registry class of that throwaway process.
    code = (
        CHILD_PRELUDE
        + """
steps = {}
with Registry(sys.argv[1]).cursor() as cr:
    env = odoo.api.Environment(cr, 1, {})
    model = env["ecrm.analytics"]
    time_methods(type(model), model._nightly_steps(), steps)
    t = time.perf_counter()
    model.run_nightly()
    total = time.perf_counter() - t
print(json.dumps({"total": total, "steps": steps,
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
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
