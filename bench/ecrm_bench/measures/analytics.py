"""Nightly analytics steps one by one, beside plain SQL doing the same work.

The chain as a whole is timed by ``peak_memory`` (nightly.py); here a step runs
on its own, in a separate process that commits its batches as the scheduler
would, on two nights in a row (the step's date moved one day, then another):
what a night costs once every customer has scores. The plain SQL beside it
computes the same scores and writes the same rows, in the bench's transaction,
rolled back.
"""

import datetime as dt
import json
import subprocess
import sys
import time

from odoo.tools import SQL

from ..child import CHILD_PRELUDE
from ..core import measure

STEP_CODE = (
    CHILD_PRELUDE
    + """
with Registry(sys.argv[1]).cursor() as cr:
    env = odoo.api.Environment(cr, 1, {"ecrm_analytics_date": sys.argv[3]})
    model = env["ecrm.analytics"]
    parts = {}
    # the parts of a step worth telling apart, where the step has them
    time_methods(type(model), [(name, name) for name in sys.argv[4:]], parts)
    # a step alone: no chain, which the next nightly chain would resume
    run = env["ecrm.analytics.run"].create({"name": sys.argv[2]})
    cr.commit()
    t = time.perf_counter()
    method = dict(model._nightly_steps())[sys.argv[2]]
    message = getattr(model, method)(run)
    seconds = time.perf_counter() - t
    run.write({"state": "done", "message": message or False})
    cr.commit()
print(json.dumps({"seconds": seconds, "parts": parts}))
"""
)


def partner_writes(cr):
    """(rows updated, of which HOT) in res_partner since the statistics' reset."""
    cr.execute("SELECT pg_stat_clear_snapshot()")
    cr.execute(
        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
        "WHERE relname = 'res_partner'"
    )
    return cr.fetchone()


def run_step(bench, step, day, parts=()):
    """Run one nightly step in its own process as of ``day``, timing the methods
    named in ``parts`` too; return (seconds, {part: seconds}, res_partner rows
    written, of which HOT updates)."""
    cr = bench.cr
    before = partner_writes(cr)
    cr.rollback()  # the step's process must not wait on this transaction
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            STEP_CODE,
            bench.args.db,
            step,
            day.isoformat(),
            *parts,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(f"step {step} failed: {out.stderr[-500:]}")
    time.sleep(1.0)  # the step's process has exited: its statistics are flushed
    after = partner_writes(cr)
    cr.rollback()  # a new snapshot: what the step committed is seen
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return (
        result["seconds"],
        result["parts"],
        after[0] - before[0],
        after[1] - before[1],
    )


def timed_rolled_back(cr, query):
    """Milliseconds of ``query`` run once inside a savepoint that is rolled back."""
    cr.execute("SAVEPOINT bench_plain")
    t0 = time.perf_counter()
    cr.execute(query)
    ms = (time.perf_counter() - t0) * 1000.0
    rows = cr.rowcount
    cr.execute("ROLLBACK TO SAVEPOINT bench_plain")
    return ms, rows


def rfm_plain_sql(env, as_of, write):
    """The RFM of the nightly step written by hand: this month's snapshot
    replaced, then every customer's code and segment written (``write='all'``)
    or only those that differ (``'changed'``); ``write=None`` only reads the
    quintiles."""
    from odoo.addons.ecrm_analytics.models.ecrm_analytics_rfm import SEGMENT_CASE

    company = env.company.id
    quintiles = SQL(
        """
        WITH c AS (
            SELECT rp.commercial_partner_id AS pid,
                   max(so.date_order) AS last_order,
                   count(*) FILTER (WHERE so.date_order >= %(start)s) AS frequency,
                   COALESCE(sum(so.amount_untaxed
                                / COALESCE(NULLIF(so.currency_rate, 0), 1))
                            FILTER (WHERE so.date_order >= %(start)s), 0) AS monetary
              FROM sale_order so JOIN res_partner rp ON rp.id = so.partner_id
             WHERE so.company_id = %(company)s AND so.state = 'sale'
               AND so.date_order < %(as_of)s
          GROUP BY 1
        )
        SELECT c.*,
               ntile(5) OVER (ORDER BY last_order, pid) AS r,
               ntile(5) OVER (ORDER BY frequency, monetary, pid) AS f,
               ntile(5) OVER (ORDER BY monetary, frequency, pid) AS m
          FROM c
        """,
        start=as_of - dt.timedelta(days=365),
        company=company,
        as_of=as_of,
    )
    if write is None:
        return quintiles
    month = as_of.date().replace(day=1)
    changed = SQL(
        """AND (p.ecrm_rfm_code ->> %(key)s IS DISTINCT FROM s.rfm_code
                OR p.ecrm_rfm_segment ->> %(key)s IS DISTINCT FROM s.segment)""",
        key=str(company),
    )
    return SQL(
        """
        DELETE FROM ecrm_rfm_snapshot WHERE company_id = %(company)s
           AND month = %(month)s;
        INSERT INTO ecrm_rfm_snapshot (partner_id, company_id, month, recency_days,
               frequency, monetary, r_score, f_score, m_score, rfm_code, segment)
        SELECT pid, %(company)s, %(month)s, %(as_of)s::date - last_order::date,
               frequency, monetary, r, f, m, concat(r, f, m), %(segment)s
          FROM (%(quintiles)s) q;
        UPDATE res_partner p
           SET ecrm_rfm_code = COALESCE(p.ecrm_rfm_code, '{}'::jsonb)
                   || jsonb_build_object(%(key)s, s.rfm_code),
               ecrm_rfm_segment = COALESCE(p.ecrm_rfm_segment, '{}'::jsonb)
                   || jsonb_build_object(%(key)s, s.segment)
          FROM ecrm_rfm_snapshot s
         WHERE s.partner_id = p.id AND s.company_id = %(company)s
           AND s.month = %(month)s %(changed)s
        """,
        company=company,
        month=month,
        as_of=as_of,
        segment=SEGMENT_CASE,
        quintiles=quintiles,
        key=str(company),
        changed=changed if write == "changed" else SQL(),
    )


@measure("rfm_nights", "the nightly RFM step on two nights in a row, beside plain SQL")
def rfm_nights(bench):
    env, cr = bench.env, bench.cr
    if "ecrm.analytics" not in env:
        bench.skip("rfm_nights", "ecrm_analytics is not installed")
        return
    today = dt.date.today()
    nights = []
    for offset in (1, 2):
        day = today + dt.timedelta(days=offset)
        seconds, parts, written, hot = run_step(bench, "rfm", day, ("_rfm_snapshot",))
        nights.append(day)
        bench.record(
            f"rfm_night_{offset}",
            f"nightly step rfm alone as of {day}, committed batches: the month's "
            "snapshot replaced, the customers whose code or segment changed "
            "rewritten",
            [seconds * 1000.0],
            partners_written=written,
            hot_updates=hot,
            snapshot_ms=round(parts.get("_rfm_snapshot", 0.0) * 1000.0, 1),
        )
    env.flush_all()
    as_of = dt.datetime.combine(nights[-1], dt.time.min)
    read_ms = bench.timeit(lambda: cr.execute(rfm_plain_sql(env, as_of, None)), 1)
    all_ms, partners = timed_rolled_back(cr, rfm_plain_sql(env, as_of, "all"))
    bench.record(
        "rfm_plain_write_all",
        "plain SQL: the quintiles, the month's snapshot replaced and every "
        "customer's code and segment written (a first night), rolled back",
        [all_ms],
        read_ms,
        partners_written=partners,
        plain_sql="the quintiles only, read",
    )
    # the scores stand as of the second night: the plain SQL writes what one
    # day changes, back to the first night's
    day_before = dt.datetime.combine(nights[0], dt.time.min)
    changed_ms, changed_rows = timed_rolled_back(
        cr, rfm_plain_sql(env, day_before, "changed")
    )
    bench.record(
        "rfm_plain_write_changed",
        "plain SQL: the quintiles, the month's snapshot replaced and the customers "
        "whose code or segment changed in a day written, rolled back",
        [changed_ms],
        read_ms,
        partners_written=changed_rows,
        plain_sql="the quintiles only, read",
    )
    # each night beside the plain SQL that writes what a day changes
    for row in bench.results:
        if row.get("name") in ("rfm_night_1", "rfm_night_2"):
            row.update(
                sql_median=changed_ms,
                sql_min=changed_ms,
                sql_max=changed_ms,
                ratio=row["median"] / changed_ms if changed_ms else None,
                plain_sql="rfm_plain_write_changed",
            )
