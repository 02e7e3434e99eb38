"""Merging duplicate customer profiles."""

from odoo.tools import SQL, mute_logger

from ..core import measure

PAIRS = 1000


def _pairs(bench, count):
    """``count`` pairs of mergeable customers (same company, no login)."""
    bench.cr.execute(
        """
        SELECT p.id, COALESCE(p.company_id, 0) FROM res_partner p
         WHERE p.active AND p.customer_rank > 0 AND p.parent_id IS NULL
           AND NOT p.is_company AND p.ecrm_anonymised_date IS NULL
           AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
      ORDER BY COALESCE(p.company_id, 0), p.id
         LIMIT %s
        """,
        [count * 2 + 10],
    )
    rows = bench.cr.fetchall()
    pairs = []
    i = 0
    while i + 1 < len(rows) and len(pairs) < count:
        (a, ca), (b, cb) = rows[i], rows[i + 1]
        if ca == cb:
            pairs.append((a, b))
            i += 2
        else:
            i += 1
    return pairs


def _undone(bench, func):
    """Run ``func`` and roll back what it did, so that every run starts alike."""

    def run():
        bench.cr.execute("SAVEPOINT bench_merge")
        try:
            func()
            bench.env.flush_all()
        finally:
            bench.cr.execute("ROLLBACK TO SAVEPOINT bench_merge")
            bench.env.invalidate_all()

    return run


@measure("merge_pairs", "merge 1,000 duplicate pairs (logged, undoable)")
def merge_pairs(bench):
    env, cr = bench.env, bench.cr
    if "ecrm.merge" not in env:
        bench.skip("merge_pairs", "ecrm.merge is not installed")
        return
    # a fifth of the customers at most (100 pairs in the CI smoke test)
    pairs = _pairs(bench, min(PAIRS, bench.customers // 10))
    if not pairs:
        bench.skip("merge_pairs", "no mergeable customers")
        return
    Partner = env["res.partner"]
    groups = [(Partner.browse(a), Partner.browse(b)) for a, b in pairs]
    survivors = [a for a, _b in pairs]
    sources = [b for _a, b in pairs]
    counts = {}

    def orm():
        merges = env["ecrm.merge"]._ecrm_merge_groups(groups)
        counts["merges"] = len(merges)
        counts["rows_moved"] = sum(
            merges.line_ids.filtered(lambda line: line.kind == "move").mapped(
                "record_count"
            )
        )

    # The same rows moved by hand: one UPDATE per foreign key to res_partner
    # (a clashing unique row is left where it is), then the profiles archived;
    # nothing recorded, nothing refreshed.
    fks = env["base.partner.merge.automatic.wizard"]._get_fk_on("res_partner")
    fks = [
        (t, c)
        for t, c in fks
        if not t.startswith(("ecrm_merge", "base_partner_merge", "ecrm_partner_dup"))
        and (t, c) != ("res_partner", "commercial_partner_id")
    ]

    @mute_logger("odoo.sql_db")
    def plain():
        for table, column in fks:
            cr.execute("SAVEPOINT bench_fk")
            try:
                cr.execute(
                    SQL(
                        "UPDATE %(t)s t SET %(c)s = m.dst "
                        "FROM unnest(%(src)s::int[], %(dst)s::int[]) AS m(src, dst) "
                        "WHERE t.%(c)s = m.src",
                        t=SQL.identifier(table),
                        c=SQL.identifier(column),
                        src=sources,
                        dst=survivors,
                    )
                )
                cr.execute("RELEASE SAVEPOINT bench_fk")
            except Exception:  # noqa: BLE001 -- a clash: the rows stay
                cr.execute("ROLLBACK TO SAVEPOINT bench_fk")
        cr.execute(
            "UPDATE res_partner SET active = false WHERE id = ANY(%s)", [sources]
        )

    repeat = max(1, bench.args.repeat // 2)
    orm_ms = bench.timeit(_undone(bench, orm), repeat)
    sql_ms = bench.timeit(_undone(bench, plain), repeat)
    bench.record(
        "merge_pairs",
        f"ecrm.merge of {len(pairs)} pairs in one call, beside one plain UPDATE "
        "per foreign key",
        orm_ms,
        sql_ms,
        pairs=len(pairs),
        fk_columns=len(fks),
        **counts,
    )
