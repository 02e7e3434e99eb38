"""The churn and alerts steps alone, on the next night, each in its own process
that commits as the scheduler would (``run_step``), with the parts of its time.

Churn is set beside plain SQL doing its reads and writes: its features for every
customer in one statement, and the same three scores rewritten on the same
customers (rolled back); what is left is the model's predictions and the
batches. Alerts are detected in SQL and raised through the ORM (an alert, its
message, a to-do activity for each manager); their time is split between the
two.
"""

import datetime as dt
import time

from odoo.tools import SQL

from ..core import measure
from .analytics import run_step, timed_rolled_back

ALERT_DETECTORS = (
    "_detect_customer_rhythm",
    "_detect_churn_jump",
    "_detect_weekly_drop",
    "_detect_complaint_spike",
)


def _ms(seconds):
    return round(seconds * 1000.0, 1)


def next_night(bench, name):
    """Tomorrow, the night the step runs as of; None (skipped) without analytics."""
    if "ecrm.analytics" not in bench.env:
        bench.skip(name, "ecrm_analytics is not installed")
        return None
    return dt.date.today() + dt.timedelta(days=1)


def last_run(cr, step):
    """(rows, message) of the step's last run."""
    cr.execute(
        "SELECT rows, message FROM ecrm_analytics_run WHERE name = %s "
        "ORDER BY id DESC LIMIT 1",
        [step],
    )
    return cr.fetchone() or (0, None)


@measure("churn_night", "the nightly churn step alone, beside plain SQL")
def churn_night(bench):
    env, cr = bench.env, bench.cr
    day = next_night(bench, "churn_night")
    if not day:
        return
    seconds, parts, written, hot = run_step(
        bench, "churn", day, ("_fetch_array", "_train_churn")
    )
    scored, message = last_run(cr, "churn")
    if not scored:
        # the model lost to its baselines: the step left the risks as they were
        bench.record(
            "churn_night",
            f"nightly step churn alone as of {day}: no customer scored",
            [seconds * 1000.0],
            message=message,
        )
        return
    analytics = env["ecrm.analytics"].with_context(ecrm_analytics_date=day)
    as_of = analytics._as_of()
    ids = analytics._customer_ids(as_of).tolist()
    t0 = time.perf_counter()
    cr.execute(analytics._churn_features_sql(as_of))
    features = len(cr.fetchall())
    read_ms = (time.perf_counter() - t0) * 1000.0
    key = str(env.company.id)
    write_ms, rewritten = timed_rolled_back(
        cr,
        SQL(
            """
            UPDATE res_partner p
               SET ecrm_churn_risk_previous =
                       COALESCE(p.ecrm_churn_risk_previous, '{}'::jsonb)
                       || jsonb_build_object(%(key)s, p.ecrm_churn_risk->%(key)s),
                   ecrm_churn_risk = COALESCE(p.ecrm_churn_risk, '{}'::jsonb)
                       || jsonb_build_object(%(key)s, %(risk)s),
                   ecrm_value_at_risk = COALESCE(p.ecrm_value_at_risk, '{}'::jsonb)
                       || jsonb_build_object(%(key)s, round(
                           (COALESCE(%(clv)s, 0) * COALESCE(%(risk)s, 0))::numeric,
                           2))
             WHERE p.id = ANY(%(ids)s)
            """,
            key=key,
            risk=analytics._score_sql("ecrm_churn_risk", "float8"),
            clv=analytics._score_sql("ecrm_clv", "numeric"),
            ids=ids,
        ),
    )
    features_ms = _ms(parts.get("_fetch_array", 0.0))
    bench.record(
        "churn_night",
        f"nightly step churn alone as of {day}, committed batches: every "
        "customer's features, risk, previous risk and value at risk",
        [seconds * 1000.0],
        [read_ms + write_ms],
        customers=len(ids),
        scored=scored,
        partners_written=written,
        hot_updates=hot,
        features_ms=features_ms,
        retrain_ms=_ms(parts.get("_train_churn", 0.0)),
        plain_sql="the features of every customer in one statement, then the "
        "same three scores rewritten on the same customers, rolled back",
        plain_read_ms=round(read_ms, 1),
        plain_write_ms=round(write_ms, 1),
        plain_rows=[features, rewritten],
    )


@measure("alerts_night", "the nightly alerts step alone: detection and raising")
def alerts_night(bench):
    cr = bench.cr
    day = next_night(bench, "alerts_night")
    if not day:
        return
    cr.execute("SELECT count(*) FROM ecrm_alert")
    before = cr.fetchone()[0]
    cr.rollback()
    seconds, parts, _written, _hot = run_step(bench, "alerts", day, ALERT_DETECTORS)
    cr.execute("SELECT count(*) FROM ecrm_alert")
    raised = cr.fetchone()[0] - before
    detect = sum(parts.get(name, 0.0) for name in ALERT_DETECTORS)
    bench.record(
        "alerts_night",
        f"nightly step alerts alone as of {day}: the detectors' SQL, then the "
        "new alerts raised with their managers' activities and digest",
        [seconds * 1000.0],
        new_alerts=raised,
        detect_ms=_ms(detect),
        raise_ms=_ms(seconds - detect),
        **{
            name.removeprefix("_detect_") + "_ms": _ms(parts.get(name, 0.0))
            for name in ALERT_DETECTORS
        },
    )
