"""Time each eCRM hot path beside the plain SQL that does the same work.

Each measure runs ``--repeat`` times (after one warm-up); the median and the spread
(min - max) are printed with the ratio ORM path / plain SQL, and everything goes to
``bench/results/<db>-run.json``. Called by ``bench/run`` (which finds Odoo's Python).
"""

import argparse
import datetime
import json
import os
import platform
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import time
import traceback

import requests
from lxml import etree

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

MEASURES = []
RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def measure(name, description):
    def decorator(func):
        MEASURES.append((name, description, func))
        return func

    return decorator


class Bench:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.rng = random.Random(args.seed)
        self.results = []

    def timeit(self, func, repeat=None):
        repeat = repeat or self.args.repeat
        func()  # warm-up: caches, plans
        times = []
        for _i in range(repeat):
            self.env.invalidate_all()
            t0 = time.perf_counter()
            func()
            times.append((time.perf_counter() - t0) * 1000.0)
        return times

    def record(self, name, description, orm_ms, sql_ms=None, unit="ms", **extra):
        row = {
            "name": name,
            "description": description,
            "unit": unit,
            "median": statistics.median(orm_ms),
            "min": min(orm_ms),
            "max": max(orm_ms),
            "runs": len(orm_ms),
        }
        if sql_ms:
            row["sql_median"] = statistics.median(sql_ms)
            row["sql_min"] = min(sql_ms)
            row["sql_max"] = max(sql_ms)
            row["ratio"] = (
                row["median"] / row["sql_median"] if row["sql_median"] else None
            )
        row.update(extra)
        row["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
        row["load_average"] = [round(x, 2) for x in os.getloadavg()]
        self.results.append(row)
        sql = (
            f"  sql {row['sql_median']:9.2f} {unit}  ratio {row['ratio']:6.1f}x"
            if sql_ms
            else ""
        )
        more = "  " + " ".join(f"{k}={v}" for k, v in extra.items()) if extra else ""
        print(
            f"{name:32} {row['median']:9.2f} {unit} "
            f"[{row['min']:.2f}-{row['max']:.2f}]{sql}{more}",
            flush=True,
        )

    def skip(self, name, why):
        self.results.append({"name": name, "skipped": why})
        print(f"{name:32} skipped: {why}", flush=True)

    def sample_partners(self, count):
        self.cr.execute(
            "SELECT partner_id FROM bench_ground_truth ORDER BY partner_id LIMIT %s "
            "OFFSET (SELECT count(*) / 3 FROM bench_ground_truth)",
            [count],
        )
        return [r[0] for r in self.cr.fetchall()]


def rewrite(number_e164, style):
    """The number written another way than it is stored."""
    national = number_e164[3:]
    a, b, c = national[:3], national[3:6], national[6:]
    return [f"0{a} {b} {c}", f"+84 {national}", f"84{national}", f"0{a}.{b}.{c}"][
        style % 4
    ]


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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db, log_path, workers=2, cron_threads=0):
    """An Odoo server on the bench database, on free loopback ports, in its own
    process group (so that stop_server ends it and its workers, nothing else)."""
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "import sys, odoo.cli; sys.argv[0] = 'odoo'; odoo.cli.main()",
        "-d",
        db,
        f"--db-filter=^{db}$",
        "--addons-path",
        os.environ["ECRM_ADDONS_PATH"],
        f"--workers={workers}",
        f"--max-cron-threads={cron_threads}",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port()}",
        "--log-level=warn",
        f"--logfile={log_path}",
    ]
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Odoo server stopped at start, see {log_path}")
        try:
            if requests.get(f"{url}/web/health", timeout=2).status_code == 200:
                return proc, url
        except requests.RequestException:
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise RuntimeError(f"the Odoo server did not answer in 120 s, see {log_path}")


def stop_server(proc):
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    except ProcessLookupError:
        pass


def api_load_setup(bench, name):
    """The storefront user, its SKUs, a fresh API key (committed, so that the
    server sees it) and the highest order and partner ids before the load; None
    (the measure skipped) when the demo storefront data is missing."""
    import api_orders

    env = bench.env
    user = env.ref("ecrm_core.user_storefront_haravan", raise_if_not_found=False)
    if not user:
        bench.skip(name, "the demo storefront user api_haravan is missing")
        return None
    env.cr.execute(
        "SELECT pt.default_code FROM product_product pp "
        "JOIN product_template pt ON pt.id = pp.product_tmpl_id "
        "WHERE pt.default_code = ANY(%s) AND pt.sale_ok AND pt.active AND pp.active",
        [api_orders.SKUS],
    )
    skus = sorted(r[0] for r in env.cr.fetchall())
    if len(skus) < 3:
        bench.skip(name, "the demo SKUs of bench/api_orders.py are missing")
        return None
    # Everything the load creates is removed at the end (remove_load).
    with env.registry.cursor() as cr:
        uenv = api.Environment(cr, user.id, {})
        # sudo: the key is the storefront user's own (sudo keeps the uid), valid
        # one day
        key = (
            uenv["res.users.apikeys"]
            .sudo()
            ._generate(
                None,
                "bench api_intake",
                datetime.datetime.now() + datetime.timedelta(days=1),
            )
        )
        cr.execute("SELECT COALESCE(max(id), 0) FROM sale_order")
        order_floor = cr.fetchone()[0]
        cr.execute("SELECT COALESCE(max(id), 0) FROM res_partner")
        partner_floor = cr.fetchone()[0]
    return user, skus, key, order_floor, partner_floor


def remove_load(env, user, order_floor, partner_floor):
    """Remove the API key, the orders and the customers that the load created."""
    try:
        with env.registry.cursor() as cr:
            cr.execute(
                "DELETE FROM res_users_apikeys WHERE user_id = %s AND name = %s",
                [user.id, "bench api_intake"],
            )
            su = api.Environment(cr, SUPERUSER_ID, {})
            su["ecrm.order.intake"].search([("create_uid", "=", user.id)]).unlink()
            su["sale.order"].search([("id", ">", order_floor)]).unlink()
            su["res.partner"].search([("id", ">", partner_floor)]).unlink()
    except Exception as exc:  # noqa: BLE001 -- reported, the result stands
        print(f"api_intake: could not remove the load's records: {exc!r}")


RPC_LOGIN = "bench_jsonrpc"


def rpc_user_key(env):
    """An internal salesperson's login and API key for the JSON-RPC comparison:
    the path an integrator takes without the eCRM API (the storefront's own key
    is refused on XML-RPC and JSON-RPC). Created once, the key valid one day."""
    with env.registry.cursor() as cr:
        su = api.Environment(cr, SUPERUSER_ID, {})
        user = (
            su["res.users"]
            .with_context(active_test=False)
            .search([("login", "=", RPC_LOGIN)])
        )
        if not user:
            user = su["res.users"].create(
                {
                    "name": "Bench JSON-RPC",
                    "login": RPC_LOGIN,
                    "groups_id": [
                        (
                            6,
                            0,
                            [
                                su.ref("sales_team.group_sale_salesman_all_leads").id,
                                su.ref("base.group_partner_manager").id,
                            ],
                        )
                    ],
                }
            )
        cr.execute(
            "DELETE FROM res_users_apikeys WHERE user_id = %s AND name = %s",
            [user.id, "bench jsonrpc"],
        )
        # sudo: the key is the bench user's own (the uid is kept), valid one day
        key = (
            api.Environment(cr, user.id, {})["res.users.apikeys"]
            .sudo()
            ._generate(
                None,
                "bench jsonrpc",
                datetime.datetime.now() + datetime.timedelta(days=1),
            )
        )
    return RPC_LOGIN, key


@measure("api_intake", "storefront API intake under concurrent load, vs JSON-RPC")
def api_intake(bench):
    """N three-line orders from C concurrent clients through POST
    /ecrm/api/v1/orders on a --workers=2 server, then the same orders through
    JSON-RPC (partner looked up by phone, created if new, then sale.order.create)."""
    import api_orders

    env, args = bench.env, bench.args
    # created before the load's floors are read, so remove_load keeps it
    rpc_login, rpc_key = rpc_user_key(env)
    setup = api_load_setup(bench, "api_intake")
    if not setup:
        return
    user, skus, key, order_floor, partner_floor = setup
    log_path = os.path.join(RESULTS, f"{args.db}-api-server.log")
    rng = random.Random(args.seed)
    run = f"{os.getpid()}{int(time.time())}"
    load_before = os.getloadavg()
    proc = None
    try:
        proc, url = start_server(args.db, log_path)
        headers = {"Authorization": f"Bearer {key}"}
        failures = []

        def send_api(session, index):
            response = session.post(
                f"{url}/ecrm/api/v1/orders",
                json=api_orders._order(run, index, skus, rng),
                headers=headers,
                timeout=60,
            )
            if response.status_code != 201 and len(failures) < 5:
                failures.append(f"{response.status_code} {response.text[:300]}")
            return response.status_code == 201

        rpc = requests.Session()
        uid = api_orders._jsonrpc(
            rpc, url, "common", "login", args.db, rpc_login, rpc_key
        )

        def call(session, model, method, *margs, **kwargs):
            return api_orders._jsonrpc(
                session,
                url,
                "object",
                "execute_kw",
                args.db,
                uid,
                rpc_key,
                model,
                method,
                list(margs),
                kwargs,
            )

        products = call(
            rpc,
            "product.product",
            "search_read",
            [["default_code", "in", skus]],
            ["id"],
        )
        product_ids = [p["id"] for p in products]

        def send_rpc(session, index):
            order = api_orders._order(f"rpc{run}", index, skus, rng)
            phone = order["customer"]["phone"]
            e164 = "+84" + phone[1:]
            found = call(
                session,
                "res.partner",
                "search",
                [["phone", "in", [phone, e164]]],
                limit=1,
            )
            partner_id = (
                found[0]
                if found
                else call(
                    session,
                    "res.partner",
                    "create",
                    {
                        "name": order["customer"]["name"],
                        "phone": e164,
                        "customer_rank": 1,
                    },
                )
            )
            call(
                session,
                "sale.order",
                "create",
                {
                    "partner_id": partner_id,
                    "ecrm_sales_channel": "api",
                    "ecrm_telesales_state": "to_call",
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": pid,
                                "product_uom_qty": line["qty"],
                                "price_unit": line["price_unit"],
                            },
                        )
                        for pid, line in zip(
                            rng.sample(product_ids, 3), order["lines"], strict=True
                        )
                    ],
                },
            )
            return True

        # warm-up: both workers load their registry and caches
        warm = 4 * args.api_clients
        api_orders._run(lambda s, i: send_api(s, 10**6 + i), warm, args.api_clients)
        api_orders._run(lambda s, i: send_rpc(s, 10**6 + i), warm, args.api_clients)
        load_start = os.getloadavg()
        api_result = api_orders._run(send_api, args.api_orders, args.api_clients)
        rpc_result = api_orders._run(send_rpc, args.api_orders, args.api_clients)
        load_after = os.getloadavg()
    finally:
        if proc:
            stop_server(proc)
        remove_load(env, user, order_floor, partner_floor)
    round2 = {
        k: round(v, 1) if isinstance(v, float) else v for k, v in api_result.items()
    }
    rpc2 = {
        k: round(v, 1) if isinstance(v, float) else v for k, v in rpc_result.items()
    }
    for name, result in (("api_intake", round2), ("api_intake_jsonrpc", rpc2)):
        if result["errors"]:
            raise RuntimeError(
                f"{name}: {result['errors']} failed requests, see {log_path}: "
                f"{failures}"
            )
    bench.record(
        "api_intake",
        f"POST /ecrm/api/v1/orders, {args.api_orders} three-line orders from new "
        f"customers, {args.api_clients} clients, Odoo --workers=2 on loopback",
        [api_result["p50_ms"]],
        [rpc_result["p50_ms"]],
        orders_per_second=round2["per_second"],
        p50_ms=round2["p50_ms"],
        p95_ms=round2["p95_ms"],
        jsonrpc=rpc2,
        api=round2,
        target="100 orders/s, p95 < 150 ms",
        load_average_before=[round(x, 2) for x in load_before],
        load_average_at_start=[round(x, 2) for x in load_start],
        load_average_after=[round(x, 2) for x in load_after],
    )


@measure(
    "api_intake_async",
    "storefront API with Prefer: respond-async: accepted at once, created in batches",
)
def api_intake_async(bench):
    """N three-line orders from C concurrent clients with ``Prefer:
    respond-async`` on a --workers=2 server with one cron worker: how fast they
    are accepted (202), and how long until every one is an order (created in
    batches by the scheduled action, woken by the first one)."""
    import api_orders

    env, args = bench.env, bench.args
    setup = api_load_setup(bench, "api_intake_async")
    if not setup:
        return
    user, skus, key, order_floor, partner_floor = setup
    cron = env.ref("ecrm_core.ir_cron_ecrm_order_intake")
    # Only the intake's scheduled action may run on the cron worker meanwhile:
    # the others (the nightly chain...) are paused, and active again after.
    with env.registry.cursor() as cr:
        cr.execute(
            "UPDATE ir_cron SET active = false WHERE active AND id != %s RETURNING id",
            [cron.id],
        )
        paused = [row[0] for row in cr.fetchall()]
    log_path = os.path.join(RESULTS, f"{args.db}-api-async-server.log")
    rng = random.Random(args.seed)
    run = f"a{os.getpid()}{int(time.time())}"
    failures = []

    def left():
        with env.registry.cursor() as cr:
            cr.execute(
                "SELECT state, count(*) FROM ecrm_order_intake "
                "WHERE create_uid = %s GROUP BY state",
                [user.id],
            )
            return dict(cr.fetchall())

    def wait_created(timeout=600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            states = left()
            if not states.get("queued"):
                return states
            time.sleep(0.1)
        raise RuntimeError(f"orders still queued after {timeout} s: {states}")

    load_before = os.getloadavg()
    proc = None
    try:
        proc, url = start_server(args.db, log_path, cron_threads=1)
        headers = {"Authorization": f"Bearer {key}", "Prefer": "respond-async"}

        def send(session, index):
            response = session.post(
                f"{url}/ecrm/api/v1/orders",
                json=api_orders._order(run, index, skus, rng),
                headers=headers,
                timeout=60,
            )
            if response.status_code != 202 and len(failures) < 5:
                failures.append(f"{response.status_code} {response.text[:300]}")
            return response.status_code == 202

        warm = 4 * args.api_clients
        api_orders._run(lambda s, i: send(s, 10**6 + i), warm, args.api_clients)
        wait_created()
        load_start = os.getloadavg()
        start = time.perf_counter()
        accepted = api_orders._run(send, args.api_orders, args.api_clients)
        states = wait_created()
        total = time.perf_counter() - start
        load_after = os.getloadavg()
    finally:
        if proc:
            stop_server(proc)
        with env.registry.cursor() as cr:
            cr.execute("UPDATE ir_cron SET active = true WHERE id = ANY(%s)", [paused])
        remove_load(env, user, order_floor, partner_floor)
    if accepted["errors"] or states.get("rejected"):
        raise RuntimeError(
            f"api_intake_async: {accepted['errors']} refused, "
            f"{states.get('rejected', 0)} rejected, see {log_path}: {failures}"
        )
    accepted = {
        k: round(v, 1) if isinstance(v, float) else v for k, v in accepted.items()
    }
    bench.record(
        "api_intake_async",
        f"POST /ecrm/api/v1/orders with Prefer: respond-async, {args.api_orders} "
        f"three-line orders from new customers, {args.api_clients} clients, Odoo "
        "--workers=2 and one cron worker on loopback",
        [accepted["p50_ms"]],
        None,
        accepted_per_second=accepted["per_second"],
        p50_ms=accepted["p50_ms"],
        p95_ms=accepted["p95_ms"],
        created_per_second=round(args.api_orders / total, 1),
        all_created_after_s=round(total, 1),
        accept=accepted,
        target="100 orders/s, p95 < 150 ms",
        load_average_before=[round(x, 2) for x in load_before],
        load_average_at_start=[round(x, 2) for x in load_start],
        load_average_after=[round(x, 2) for x in load_after],
    )


@measure(
    "api_http_floor",
    "what Odoo's HTTP stack alone serves: /web/health and a bearer GET (404)",
)
def api_http_floor(bench):
    """The ceiling of any API route on this machine: C concurrent clients on the
    same --workers=2 server, on the smallest route (/web/health) and on the
    order status route answering 404 (bearer key check, one search)."""
    import api_orders

    env, args = bench.env, bench.args
    setup = api_load_setup(bench, "api_http_floor")
    if not setup:
        return
    user, _skus, key, order_floor, partner_floor = setup
    log_path = os.path.join(RESULTS, f"{args.db}-api-floor-server.log")
    proc = None
    results = {}
    try:
        proc, url = start_server(args.db, log_path)
        headers = {"Authorization": f"Bearer {key}"}
        routes = {
            "health": lambda s, i: s.get(f"{url}/web/health").status_code == 200,
            "bearer_404": lambda s, i: (
                s.get(
                    f"{url}/ecrm/api/v1/orders/bench/none-{i}", headers=headers
                ).status_code
                == 404
            ),
        }
        for name, send in routes.items():
            api_orders._run(send, 4 * args.api_clients, args.api_clients)
            result = api_orders._run(send, args.api_orders, args.api_clients)
            results[name] = {
                k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()
            }
    finally:
        if proc:
            stop_server(proc)
        remove_load(env, user, order_floor, partner_floor)
    bench.record(
        "api_http_floor",
        f"{args.api_orders} GET requests from {args.api_clients} clients, Odoo "
        "--workers=2 on loopback: /web/health, and the order status route "
        "answering 404 (bearer key checked, one search)",
        [results["bearer_404"]["p50_ms"]],
        None,
        health_per_second=results["health"]["per_second"],
        bearer_404_per_second=results["bearer_404"]["per_second"],
        health=results["health"],
        bearer_404=results["bearer_404"],
    )


def run_method_measure(bench, name, description, model, method, plain_sql, **kw):
    """Time ``model.method(**kw)`` against ``plain_sql`` (an SQL object)."""
    env, cr = bench.env, bench.cr
    if model not in env or not hasattr(env[model], method):
        bench.skip(name, f"{model}.{method} is not installed")
        return
    target = env[model]

    def orm():
        getattr(target, method)(**kw)

    def plain():
        cr.execute(plain_sql)

    repeat = max(1, bench.args.repeat // 2)
    bench.record(
        name, description, bench.timeit(orm, repeat), bench.timeit(plain, repeat)
    )


@measure("figures_refresh", "refresh every customer's 360 figures (nightly)")
def figures_refresh(bench):
    run_method_measure(
        bench,
        "figures_refresh",
        "res.partner._ecrm_refresh_figures() over all customers",
        "res.partner",
        "_ecrm_refresh_figures",
        SQL(
            "SELECT partner_id, count(*), sum(amount_total), min(date_order), "
            "max(date_order) FROM sale_order WHERE state = 'sale' GROUP BY partner_id"
        ),
    )


@measure("segment_recompute", "recompute a multi-criteria segment's members")
def segment_recompute(bench):
    env, cr = bench.env, bench.cr
    if "ecrm.segment" not in env:
        bench.skip("segment_recompute", "ecrm_marketing is not installed")
        return
    states = [env.ref("base.state_vn_VN-HN").id, env.ref("base.state_vn_VN-SG").id]
    cr.execute(
        "SELECT c.id FROM product_category c JOIN product_category parent "
        "ON parent.id = c.parent_id WHERE parent.name = %s",
        ["Mỹ phẩm"],
    )
    categs = [r[0] for r in cr.fetchall()]
    segment = env["ecrm.segment"].create(
        {
            "name": "bench: big spenders in Hà Nội and TP.HCM buying cosmetics",
            "state_ids": [(6, 0, states)],
            "order_count_min": 3,
            "revenue_min": 2_000_000,
            "product_categ_ids": [(6, 0, categs)],
            "bought_within_days": 365,
        }
    )
    plain_sql = SQL(
        """SELECT count(*) FROM res_partner p
            WHERE p.active AND p.state_id = ANY(%(states)s)
              AND (p.ecrm_order_count->>%(company)s)::int >= 3
              AND (p.ecrm_revenue->>%(company)s)::numeric >= 2000000
              AND EXISTS (
                  SELECT 1 FROM sale_order o
                    JOIN sale_order_line l ON l.order_id = o.id
                    JOIN product_product pp ON pp.id = l.product_id
                    JOIN product_template pt ON pt.id = pp.product_tmpl_id
                   WHERE o.partner_id = p.id AND o.state = 'sale'
                     AND o.date_order >= now() - interval '365 days'
                     AND pt.categ_id = ANY(%(categs)s))""",
        states=states,
        categs=categs,
        company=str(segment.company_id.id),
    )
    result = {}

    def plain():
        cr.execute(plain_sql)
        result["sql_rows"] = cr.fetchone()[0]

    repeat = max(2, bench.args.repeat // 2)
    bench.record(
        "segment_recompute",
        "ecrm.segment._ecrm_recompute_members(): 2 provinces, orders, revenue, "
        "category bought in 365 days",
        bench.timeit(segment._ecrm_recompute_members, repeat),
        bench.timeit(plain, repeat),
        members=segment.member_count,
        sql_rows=result["sql_rows"],
    )


@measure("tier_recompute", "recompute every customer's loyalty tier (nightly)")
def tier_recompute(bench):
    env, cr = bench.env, bench.cr
    Partner = env["res.partner"]
    if not hasattr(Partner, "_ecrm_recompute_tiers_range"):
        bench.skip("tier_recompute", "ecrm_marketing is not installed")
        return
    company = env.company
    program = company.ecrm_loyalty_program_id or env["loyalty.program"].search(
        [("program_type", "=", "loyalty")], limit=1
    )
    # the generated history has no loyalty cards: tiers by spend over 12 months
    company.write({"ecrm_loyalty_program_id": program.id, "ecrm_tier_basis": "spend"})
    tiers = env["ecrm.loyalty.tier"].search([("company_id", "=", company.id)])
    # thresholds in VND, written from the top so the ladder never overlaps
    thresholds = [0, 2e6, 8e6, 20e6, 50e6, 1e8][: len(tiers)]
    for tier, threshold in reversed(
        list(zip(tiers.sorted("min_points"), thresholds, strict=True))
    ):
        tier.min_points = threshold
    cr.execute("SELECT max(id) FROM res_partner")
    max_id = cr.fetchone()[0]
    History = env["ecrm.loyalty.tier.history"]
    # The first run: most customers enter a tier or move (history rows and the
    # mails queued for the scheduler).
    env.flush_all()
    t0 = time.perf_counter()
    first = Partner._ecrm_recompute_tiers_range(company, 0, max_id)
    env.flush_all()
    first_ms = (time.perf_counter() - t0) * 1000.0
    queued = History.search_count([("mail_pending", "=", True)])
    plain_sql = SQL(
        """SELECT o.partner_id,
                  (SELECT t.id FROM ecrm_loyalty_tier t
                    WHERE t.company_id = %(company)s AND t.active
                      AND t.min_points <= sum(o.amount_total)
                 ORDER BY t.min_points DESC LIMIT 1)
             FROM sale_order o
            WHERE o.state = 'sale' AND o.date_order >= now() - interval '12 months'
         GROUP BY o.partner_id""",
        company=company.id,
    )

    def plain():
        cr.execute(plain_sql)
        cr.fetchall()

    repeat = max(2, bench.args.repeat // 2)
    plain_ms = bench.timeit(plain, repeat)
    bench.record(
        "tier_recompute_first_run",
        "res.partner._ecrm_recompute_tiers_range() over all customers, first run: "
        "tiers set, history written, mails queued",
        [first_ms],
        plain_ms,
        moves=len(first),
        mails_queued=queued,
    )
    bench.record(
        "tier_recompute",
        "res.partner._ecrm_recompute_tiers_range() over all customers, steady state "
        "(no tier changes)",
        bench.timeit(
            lambda: Partner._ecrm_recompute_tiers_range(company, 0, max_id), repeat
        ),
        plain_ms,
    )
    # The scheduler's side: one batch of the queued mails, rendered and queued
    # as mail.mail (the rest is the same work again).
    if queued:
        batch = min(queued, 500)
        t0 = time.perf_counter()
        pending = History.search([("mail_pending", "=", True)], limit=batch)
        pending._ecrm_send_tier_mail()
        pending.write({"mail_pending": False})
        env.flush_all()
        ms = (time.perf_counter() - t0) * 1000.0
        bench.record(
            "tier_mails_batch",
            f"the scheduler's tier mails: one batch of {batch} rendered and queued",
            [ms],
            per_mail_ms=round(ms / batch, 2),
            queued=queued,
            estimated_all_s=round(ms / batch * queued / 1000.0, 1),
        )


@measure("peak_memory", "peak memory of the nightly chain (separate process)")
def peak_memory(bench):
    env = bench.env
    if "ecrm.analytics" not in env:
        bench.skip("nightly_chain", "ecrm_analytics is not installed")
        return
    # A separate process, so that its peak memory is the chain's; each step is
    # timed by wrapping its method on the registry class of that throwaway process.
    code = """
import json, os, resource, sys, time
import odoo
from odoo.modules.registry import Registry
odoo.tools.config.parse_config(["-d", sys.argv[1], "--addons-path",
                                os.environ["ECRM_ADDONS_PATH"], "--log-level=warn"])
steps = {}
with Registry(sys.argv[1]).cursor() as cr:
    env = odoo.api.Environment(cr, 1, {})
    model = env["ecrm.analytics"]
    cls = type(model)
    def timed(name, func):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                steps[name] = steps.get(name, 0.0) + time.perf_counter() - t0
        return wrapper
    for name, method in model._nightly_steps():
        setattr(cls, method, timed(name, getattr(cls, method)))
    t = time.perf_counter()
    model.run_nightly()
    total = time.perf_counter() - t
print(json.dumps({"total": total, "steps": steps,
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code, bench.args.db],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        bench.skip("nightly_chain", "run_nightly failed: " + out.stderr[-500:])
        return
    chain = json.loads(out.stdout.strip().splitlines()[-1])
    seconds, rss_kb = chain["total"], chain["rss_kb"]
    bench.record(
        "nightly_chain",
        "ecrm.analytics.run_nightly(), whole chain",
        [seconds * 1000.0],
        unit="ms",
        peak_memory_mb=round(int(rss_kb) / 1024.0, 1),
    )
    # each step, beside plain SQL where a step is plain SQL work (RFM)
    rfm_sql = SQL(
        """SELECT partner_id,
                  ntile(5) OVER (ORDER BY max(date_order)),
                  ntile(5) OVER (ORDER BY count(*)),
                  ntile(5) OVER (ORDER BY sum(amount_total))
             FROM sale_order
            WHERE state = 'sale' AND date_order >= now() - interval '365 days'
         GROUP BY partner_id"""
    )
    bench.cr.execute(
        """SELECT name, rows FROM ecrm_analytics_run
            WHERE chain = (SELECT chain FROM ecrm_analytics_run
                            ORDER BY id DESC LIMIT 1)"""
    )
    rows_by_step = dict(bench.cr.fetchall())
    for name, step_seconds in chain["steps"].items():
        rows = rows_by_step.get(name)
        sql_ms = None
        if name == "rfm":
            sql_ms = bench.timeit(lambda: bench.cr.execute(rfm_sql), 3)
        bench.record(
            f"nightly_step_{name}",
            f"nightly step {name} as logged by the chain",
            [step_seconds * 1000.0],
            sql_ms,
            rows=rows,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "ecrm_bench"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", action="append", help="run only these measures")
    parser.add_argument(
        "--queue",
        type=int,
        default=0,
        help="orders waiting in the telesales queue (default: one per customer)",
    )
    parser.add_argument(
        "--api-orders", type=int, default=300, help="orders sent by api_intake"
    )
    parser.add_argument(
        "--api-clients", type=int, default=4, help="concurrent clients of api_intake"
    )
    parser.add_argument("--traceback", action="store_true")
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        [
            "-d",
            args.db,
            "--addons-path",
            os.environ["ECRM_ADDONS_PATH"],
            "--log-level=warn",
        ]
    )
    os.makedirs(RESULTS, exist_ok=True)
    with Registry(args.db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM bench_ground_truth")
        customers = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM sale_order_line")
        lines = cr.fetchone()[0]
        print(f"database {args.db}: {customers} customers, {lines} order lines\n")
        bench = Bench(env, args)
        bench.customers = customers
        for name, _description, func in MEASURES:
            if args.only and name not in args.only:
                continue
            try:
                func(bench)
                # each measure leaves nothing behind, and holds no lock that the
                # next one (the nightly chain runs in another process) would wait on
                cr.rollback()
            except Exception as exc:  # noqa: BLE001 -- reported, not hidden
                bench.results.append({"name": name, "error": repr(exc)})
                print(f"{name:32} ERROR {exc!r}", flush=True)
                if args.traceback:
                    traceback.print_exc()
                cr.rollback()
        cr.rollback()  # the benchmark changes nothing
    report = {
        "database": args.db,
        "customers": customers,
        "order_lines": lines,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "peak_memory_mb_of_this_process": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1
        ),
        "results": bench.results,
    }
    path = os.path.join(RESULTS, f"{args.db}-run.json")
    if args.only and os.path.exists(path):
        # a partial run updates its measures in the last full report
        with open(path) as f:
            previous = json.load(f)
        names = {r["name"] for r in report["results"]}
        report["results"] = [
            r for r in previous.get("results", []) if r["name"] not in names
        ] + report["results"]
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
    print(f"\nresults written to {path}")
    if any("error" in r for r in bench.results):
        sys.exit(1)


if __name__ == "__main__":
    main()
