"""One customer across Vietnam's numbering history."""

from odoo.tools import SQL

from ..core import measure


@measure("phone_lookup_old_number", "find a customer by their pre-2018 mobile number")
def phone_lookup_old_number(bench):
    env, cr = bench.env, bench.cr
    if "ecrm.phone.renumbering" not in env:
        bench.skip("phone_lookup_old_number", "no renumbering rules in this database")
        return
    # today's prefix -> the old one, from the mobile rules (038 -> 0168)
    rules = env["ecrm.phone.renumbering"].search([("kind", "=", "mobile")])
    old_of = {f"+84{r.new_prefix}": r.old_prefix for r in rules}
    ids = bench.sample_partners(600)
    cr.execute(
        "SELECT partner_id, number_e164 FROM ecrm_partner_phone "
        "WHERE partner_id = ANY(%s) AND length(number_e164) = 12 ORDER BY id",
        [ids],
    )
    numbers = [
        (pid, e164, f"0{old_of[e164[:5]]} {e164[5:8]} {e164[8:]}")
        for pid, e164 in cr.fetchall()
        if e164[:5] in old_of
    ][:200]
    if not numbers:
        bench.skip("phone_lookup_old_number", "no renumbered mobile in the sample")
        return
    Partner = env["res.partner"]
    # every old form finds a customer holding today's form of the number
    for _pid, e164, old in numbers:
        found = Partner._ecrm_find_by_contact(phone=old)
        assert e164 in found.ecrm_phone_ids.sudo().mapped("number_e164"), (old, e164)
    state = {"i": 0}

    def orm():
        i = state["i"] = (state["i"] + 1) % len(numbers)
        assert Partner._ecrm_find_by_contact(phone=numbers[i][2])

    def plain():
        # the index lookup by today's form, the number already normalised
        i = state["i"] = (state["i"] + 1) % len(numbers)
        cr.execute(
            "SELECT partner_id FROM ecrm_partner_phone WHERE number_e164 = %s "
            "ORDER BY partner_id LIMIT 1",
            [numbers[i][1]],
        )
        cr.fetchone()

    repeat = bench.args.repeat * 20
    cr.execute("SELECT count(*) FROM res_partner")
    partners = cr.fetchone()[0]
    bench.record(
        "phone_lookup_old_number",
        "find a customer by an old 11-digit mobile (0168 123 4567)",
        bench.timeit(orm, repeat),
        bench.timeit(plain, repeat),
        partners=partners,
        numbers=len(numbers),
    )


@measure("duplicate_candidates", "the nightly job listing likely duplicate customers")
def duplicate_candidates(bench):
    """``ecrm.partner.duplicate._ecrm_refresh()`` over every customer (pairs by
    phone, including old/new numbers, by email and by near names with the same
    birthday or street), beside the plain SQL self-joins that find the same pairs
    without writing them."""
    env, cr = bench.env, bench.cr
    Duplicate = env["ecrm.partner.duplicate"]
    plain = SQL(
        """SELECT count(*) FROM (
               SELECT pa.partner_id, pb.partner_id
                 FROM ecrm_partner_phone pa
                 JOIN ecrm_partner_phone pb
                   ON pb.number_e164 = pa.number_e164
                  AND pb.partner_id > pa.partner_id
               UNION
               SELECT a.id, b.id
                 FROM res_partner a
                 JOIN res_partner b
                   ON b.email_normalized = a.email_normalized AND b.id > a.id
                WHERE a.email_normalized IS NOT NULL
               UNION
               SELECT a.id, b.id
                 FROM res_partner a
                 JOIN res_partner b
                   ON b.id > a.id AND b.state_id = a.state_id
                  AND b.ecrm_birthday = a.ecrm_birthday
                WHERE similarity(lower(a.name), lower(b.name)) >= 0.8
               UNION
               SELECT a.id, b.id
                 FROM res_partner a
                 JOIN res_partner b
                   ON b.id > a.id AND b.state_id = a.state_id
                  AND lower(b.street) = lower(a.street)
                WHERE similarity(lower(a.name), lower(b.name)) >= 0.8) pairs"""
    )
    repeat = max(1, bench.args.repeat // 2)
    orm_ms = bench.timeit(Duplicate._ecrm_refresh, repeat)
    sql_ms = bench.timeit(lambda: cr.execute(plain), repeat)
    cr.execute("SELECT reason, count(*) FROM ecrm_partner_duplicate GROUP BY 1")
    pairs = dict(cr.fetchall())
    bench.record(
        "duplicate_candidates",
        "ecrm.partner.duplicate._ecrm_refresh() over every customer",
        orm_ms,
        sql_ms,
        pairs=sum(pairs.values()),
        renumbered_pairs=pairs.get("renumbered", 0),
    )
