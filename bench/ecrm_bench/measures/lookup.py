"""Finding a customer and opening the 360 profile."""

from ..core import measure, rewrite


@measure("phone_lookup", "find a customer by a phone typed another way")
def phone_lookup(bench):
    env, cr = bench.env, bench.cr
    ids = bench.sample_partners(200)
    cr.execute("SELECT id, phone_sanitized FROM res_partner WHERE id = ANY(%s)", [ids])
    numbers = [(pid, num) for pid, num in cr.fetchall() if num]
    typed = [rewrite(num, i) for i, (_pid, num) in enumerate(numbers)]
    Partner = env["res.partner"]
    state = {"i": 0}

    def orm():
        i = state["i"] = (state["i"] + 1) % len(typed)
        found = Partner._ecrm_find_by_contact(phone=typed[i])
        assert found.id == numbers[i][0], (typed[i], found, numbers[i])

    # the same lookup in plain SQL: the table that holds every number if the
    # addon has one, else Odoo's phone_sanitized
    plain_sql = (
        "SELECT partner_id FROM ecrm_partner_phone WHERE number_e164 = %s "
        "ORDER BY partner_id LIMIT 1"
        if "ecrm.partner.phone" in env
        else "SELECT id FROM res_partner WHERE phone_sanitized = %s ORDER BY id LIMIT 1"
    )

    def plain():
        i = state["i"] = (state["i"] + 1) % len(typed)
        cr.execute(plain_sql, [numbers[i][1]])
        cr.fetchone()

    repeat = bench.args.repeat * 20
    bench.record(
        "phone_lookup",
        phone_lookup.__doc__ or "find a customer by phone",
        bench.timeit(orm, repeat),
        bench.timeit(plain, repeat),
    )


@measure("profile_form", "open the 360 form of the customer with the most orders")
def profile_form(bench):
    env, cr = bench.env, bench.cr
    cr.execute(
        "SELECT partner_id FROM sale_order GROUP BY partner_id "
        "ORDER BY count(*) DESC LIMIT 1"
    )
    pid = cr.fetchone()[0]
    Partner = env["res.partner"]
    views = Partner.get_views([(False, "form")])
    fields_spec = {name: {} for name in views["models"]["res.partner"]["fields"]}
    queries = {}

    def orm():
        before = cr.sql_log_count
        Partner.browse(pid).web_read(fields_spec)
        queries["n"] = cr.sql_log_count - before

    def plain():
        cr.execute("SELECT * FROM res_partner WHERE id = %s", [pid])
        cr.fetchall()
        cr.execute(
            "SELECT count(*), sum(amount_total), max(date_order) FROM sale_order "
            "WHERE partner_id = %s AND state = 'sale'",
            [pid],
        )
        cr.fetchall()

    cr.execute("SELECT count(*) FROM sale_order WHERE partner_id = %s", [pid])
    orders_of_customer = cr.fetchone()[0]
    bench.record(
        "profile_form",
        "web_read of the partner form's fields",
        bench.timeit(orm),
        bench.timeit(plain),
        queries=queries["n"],
        orders_of_customer=orders_of_customer,
        form_fields=len(fields_spec),
    )
