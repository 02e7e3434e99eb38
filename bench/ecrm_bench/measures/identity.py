"""One customer across Vietnam's numbering history."""

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
