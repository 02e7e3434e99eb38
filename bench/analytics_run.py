# Run inside `odoo shell` (bench/analytics.sh): times the nightly chain step by step,
# then the plain SQL aggregation each SQL step is built on, and the peak memory.
import resource
import time

from odoo.tools import SQL

analytics = env["ecrm.analytics"]  # noqa: F821 (odoo shell)
start = time.perf_counter()
runs = analytics.run_nightly()
total = time.perf_counter() - start
env.cr.commit()  # noqa: F821
print("\nstep            rows   seconds  message")
for run in runs:
    print(f"{run.name:<14} {run.rows:>7} {run.duration:>8.1f}  {run.message or ''}")
print(f"chain total: {total:.1f} s")

as_of = analytics._as_of()
plain = {
    "rfm (aggregation only)": SQL(
        "SELECT pid, max(date_order), count(*), sum(amount) FROM (%s) o GROUP BY pid",
        analytics._orders_sql(as_of),
    ),
    "clv summary": analytics._clv_summary_sql(as_of),
    "churn features": analytics._churn_features_sql(as_of),
}
for name, query in plain.items():
    t = time.perf_counter()
    env.cr.execute(query)  # noqa: F821
    rows = len(env.cr.fetchall())  # noqa: F821
    print(f"plain SQL {name:<24} {rows:>7} rows {time.perf_counter() - t:>6.1f} s")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"peak memory of the Odoo process: {peak:.0f} MB")
