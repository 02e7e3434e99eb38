#!/usr/bin/env bash
# Analytics benchmark: a copy of a database with the eCRM addons, N synthetic
# customers with about L order lines each, then the whole nightly chain timed.
#   bench/analytics.sh [customers=10000] [lines per customer=10]
#   ECRM_BENCH_TEMPLATE  database to copy (default ecrm_analytics; never ecrm_t1)
#   ECRM_BENCH_DB        benchmark database (default ecrm_bench_analytics, dropped first)
source "$(dirname "$0")/../scripts/lib.sh"
CUSTOMERS=${1:-10000}
LINES=${2:-10}
TEMPLATE=${ECRM_BENCH_TEMPLATE:-ecrm_analytics}
DB=${ECRM_BENCH_DB:-ecrm_bench_analytics}
ODOO_PY=$(find_odoo_python)
APATH=$(addons_path)

db_exists "$DB" && dropdb "$DB"
rm -rf "$HOME/.local/share/Odoo/filestore/$DB"
createdb -T "$TEMPLATE" "$DB"
say "Generating $CUSTOMERS customers, ~$LINES order lines each"
psql -q -d "$DB" -v customers="$CUSTOMERS" -v lines="$LINES" -f "$ROOT/bench/analytics_data.sql"
say "Running the nightly chain"
odoo_bin shell -d "$DB" --addons-path="$APATH" --no-http --log-level=warn \
    < "$ROOT/bench/analytics_run.py"
