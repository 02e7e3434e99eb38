"""The telesales queue with many orders waiting."""

from lxml import etree

from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..core import measure


def fill_queue(cr, target):
    """Make ``target`` orders wait for a call (to_call / no_answer), as recent web
    and API orders do: copies of the headers of the latest orders, one a minute
    back from now. Idempotent: only the missing ones are added (the measure's
    transaction is rolled back afterwards)."""
    cr.execute(
        "SELECT count(*) FROM sale_order "
        "WHERE ecrm_telesales_state IN ('to_call', 'no_answer')"
    )
    waiting = cr.fetchone()[0]
    missing = target - waiting
    cr.execute("SELECT 1 FROM sale_order WHERE state = 'sale' LIMIT 1")
    if missing <= 0 or not cr.fetchone():
        return waiting
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'sale_order' AND column_name <> 'id'"
    )
    columns = [r[0] for r in cr.fetchall()]
    overrides = {
        "name": "'BQ' || g.n",
        "date_order": "now() - make_interval(mins => g.n)",
        "create_date": "now() - make_interval(mins => g.n)",
        "write_date": "now() - make_interval(mins => g.n)",
        "state": "'draft'",
        "ecrm_sales_channel": "CASE WHEN g.n %% 3 = 0 THEN 'api' ELSE 'web' END",
        "ecrm_telesales_state": (
            "CASE WHEN g.n %% 5 = 0 THEN 'no_answer' ELSE 'to_call' END"
        ),
        "ecrm_source": "'bench-queue'",
        "ecrm_external_id": "'BQ-' || txid_current() || '-' || g.n",
        "ecrm_payment_method": "'cod'",
        "ecrm_call_attempts": "CASE WHEN g.n %% 5 = 0 THEN 1 ELSE 0 END",
        "access_token": "NULL",
    }
    select = ", ".join(overrides.get(c, f"src.{c}") for c in columns)
    names = ", ".join(columns)
    cr.execute(
        f"""WITH src AS (
                SELECT *, row_number() OVER (ORDER BY id DESC) AS rn
                  FROM sale_order WHERE state = 'sale'
                 ORDER BY id DESC LIMIT %(n)s),
            cnt AS (SELECT count(*) AS c FROM src),
            g AS (SELECT generate_series(1, %(n)s) AS n)
            INSERT INTO sale_order ({names})
            SELECT {select}
              FROM g CROSS JOIN cnt
              JOIN src ON src.rn = (g.n - 1) %% cnt.c + 1""",
        {"n": missing},
    )
    cr.execute("ANALYZE sale_order")
    return target


@measure("telesales_queue_page", "the telesales queue's first page, many waiting")
def telesales_queue_page(bench):
    """web_search_read of the queue's first page as a telesales agent, with the
    action's domain, the search filter it opens with, the list's order and fields."""
    env, cr = bench.env, bench.cr
    target = bench.args.queue or bench.customers
    waiting = fill_queue(cr, target)
    action = env.ref("ecrm_core.sale_order_action_telesales")
    domain = safe_eval(action.domain or "[]")
    context = safe_eval(action.context or "{}")
    Order = env["sale.order"]
    list_view = next(v for v, mode in action.views if mode == "list")
    views = Order.get_views([(list_view, "list"), (False, "search")])
    search_arch = etree.fromstring(views["views"]["search"]["arch"])
    for key, value in context.items():
        if key.startswith("search_default_") and value:
            node = search_arch.find(f".//filter[@name='{key[15:]}']")
            if node is not None and node.get("domain"):
                domain = expression.AND([domain, safe_eval(node.get("domain"))])
    list_arch = etree.fromstring(views["views"]["list"]["arch"])
    order = list_arch.get("default_order") or Order._order
    all_fields = views["models"]["sale.order"]["fields"]
    spec = {
        name: {"fields": {"display_name": {}}}
        if all_fields[name]["type"] == "many2one"
        else {}
        for name in [n.get("name") for n in list_arch.iter("field")]
    }
    user = (
        env.ref("ecrm_core.group_ecrm_telesales").users.filtered(
            lambda u: not u.has_group("ecrm_core.group_ecrm_manager")
        )[:1]
        or env.user
    )
    queue = Order.with_user(user).with_context(context)
    result = {}

    def orm():
        page = queue.web_search_read(
            domain, spec, offset=0, limit=80, order=order, count_limit=10001
        )
        result["rows"] = len(page["records"])
        result["length"] = page["length"]

    def plain():
        cr.execute(
            """SELECT o.id, o.name, o.date_order, p.name, p.phone, p.ecrm_order_count,
                      o.ecrm_sales_channel, o.ecrm_payment_method, o.ecrm_paid,
                      o.amount_total, o.ecrm_call_attempts, o.ecrm_next_call_date,
                      o.ecrm_telesales_state, o.state
                 FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
                WHERE o.ecrm_telesales_state IN ('to_call', 'no_answer')
             ORDER BY o.date_order, o.id LIMIT 80"""
        )
        cr.fetchall()
        cr.execute(
            """SELECT count(*) FROM (SELECT 1 FROM sale_order
                WHERE ecrm_telesales_state IN ('to_call', 'no_answer') LIMIT 10001) s"""
        )
        cr.fetchone()

    bench.record(
        "telesales_queue_page",
        "web_search_read of the queue's first 80 orders (list fields, oldest "
        "first, count up to 10,001) as a telesales agent",
        bench.timeit(orm, bench.args.repeat * 4),
        bench.timeit(plain, bench.args.repeat * 4),
        waiting=waiting,
        rows=result["rows"],
        length=result["length"],
        user=user.login,
        order=order,
        list_fields=len(spec),
    )
