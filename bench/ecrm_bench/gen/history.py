"""Older history: the generated orders copied some years earlier.

``bench/generate --db DB --step history --lines N`` sizes a generated database
to about N order lines without drawing new orders one by one in Python (about
110,000 lines a minute at 1,000,000 customers). Each round copies the generated
confirmed and cancelled orders, with their lines, ``--years`` further back than
the round before (3, 6, 9 years earlier); the last round copies the share of
orders that reaches N. A copy repeats its customer's habits one period earlier
(products, basket, discounts, channel), so every customer keeps their own
pattern and buys more over a longer life. Copies are marked by their origin
(``bench -3y``, ``bench -6y``...): a round already done is skipped, so the
step can be run again after it was stopped.
"""

from odoo.tools import SQL

# columns a copy must not repeat: its own keys and names, unique references,
# links to other orders and lines
ORDER_COLUMNS = {
    "id": SQL("m.new_id"),
    "name": SQL("'B' || lpad(m.new_id::text, 8, '0')"),
    "access_token": SQL("NULL"),
    "ecrm_external_id": SQL("NULL"),
    "ecrm_payload_hash": SQL("NULL"),
    "ecrm_recovered_order_id": SQL("NULL"),
    "procurement_group_id": SQL("NULL"),
}
LINE_COLUMNS = {
    "id": SQL("nextval('sale_order_line_id_seq')"),
    "order_id": SQL("m.new_id"),
    "linked_line_id": SQL("NULL"),
}
MAX_ROUNDS = 6


class HistoryMixin:
    def history(self):
        cr, years, target = self.cr, self.args.years, self.args.lines
        cr.execute(
            """SELECT count(*) FROM sale_order_line l
                 JOIN sale_order o ON o.id = l.order_id
                WHERE o.origin = 'bench' AND o.state IN ('sale', 'cancel')"""
        )
        original = cr.fetchone()[0]
        if not original:
            self.log("No generated orders to copy")
            return
        for round_ in range(1, MAX_ROUNDS + 1):
            cr.execute("SELECT count(*) FROM sale_order_line")
            lines = cr.fetchone()[0]
            if lines >= target * 0.99:
                break
            origin = f"bench -{round_ * years}y"
            cr.execute("SELECT 1 FROM sale_order WHERE origin = %s LIMIT 1", [origin])
            if cr.fetchone():
                continue  # copied by an earlier run of the step
            share = min(1.0, (target - lines) / original)
            self.log(
                f"Copying {share:.0%} of the generated orders "
                f"{round_ * years} years earlier ({lines} lines so far)"
            )
            self._copy_orders(origin, round_ * years, share)
            cr.commit()
        cr.execute("SELECT count(*) FROM sale_order")
        orders = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM sale_order_line")
        self.stats.update(orders=orders, order_lines=cr.fetchone()[0])
        self.log("Analysing the orders and their lines")
        cr.execute("ANALYZE sale_order")
        cr.execute("ANALYZE sale_order_line")

    def _copy_orders(self, origin, years, share):
        cr = self.cr
        shift = SQL("make_interval(years => %s)", years)
        # a share of orders drawn by a hash of their id: the same on every run
        cr.execute(
            SQL(
                """CREATE TEMP TABLE bench_history_map ON COMMIT DROP AS
                   SELECT o.id AS old_id, nextval('sale_order_id_seq') AS new_id
                     FROM sale_order o
                    WHERE o.origin = 'bench' AND o.state IN ('sale', 'cancel')
                      AND mod(o.id::bigint * 2654435761, 1000) < %s
                 ORDER BY o.id""",
                round(share * 1000),
            )
        )
        cr.execute("CREATE INDEX ON bench_history_map (old_id)")
        cr.execute("ANALYZE bench_history_map")
        orders = {**ORDER_COLUMNS, "origin": SQL("%s", origin)}
        self._copy_rows("sale_order", "o", SQL("m.old_id = o.id"), orders, shift)
        self._copy_rows(
            "sale_order_line", "l", SQL("m.old_id = l.order_id"), LINE_COLUMNS, shift
        )

    def _copy_rows(self, table, alias, join, overrides, shift):
        """INSERT INTO ``table`` a copy of its rows joined to the map, every date
        moved back by ``shift``, ``overrides`` (column: SQL) replacing the rest."""
        cr = self.cr
        cr.execute(
            """SELECT column_name, data_type FROM information_schema.columns
                WHERE table_name = %s ORDER BY ordinal_position""",
            [table],
        )
        columns, values = [], []
        for name, data_type in cr.fetchall():
            columns.append(SQL.identifier(name))
            column = SQL.identifier(alias, name)
            if name in overrides:
                values.append(overrides[name])
            elif data_type.startswith("timestamp"):
                values.append(SQL("%s - %s", column, shift))
            elif data_type == "date":
                values.append(SQL("(%s - %s)::date", column, shift))
            else:
                values.append(column)
        cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM %s %s "
                "JOIN bench_history_map m ON %s",
                SQL.identifier(table),
                SQL(", ").join(columns),
                SQL(", ").join(values),
                SQL.identifier(table),
                SQL.identifier(alias),
                join,
            )
        )
        self.log(f"  {cr.rowcount} rows copied into {table}")
