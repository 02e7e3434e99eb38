"""An Odoo server started for a measure, and the users its clients log in as."""

import datetime
import os
import signal
import socket
import subprocess
import sys
import time

import requests

from odoo import SUPERUSER_ID, api


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


def pause_other_crons(env, cron):
    """Deactivate every scheduled action but ``cron`` (so that only the intake
    runs on the cron worker during a measure); returns the ids to reactivate."""
    with env.registry.cursor() as cr:
        cr.execute(
            "UPDATE ir_cron SET active = false WHERE active AND id != %s RETURNING id",
            [cron.id],
        )
        return [row[0] for row in cr.fetchall()]


def intake_states(env, user):
    """The intake queue's rows of ``user`` counted by state."""
    with env.registry.cursor() as cr:
        cr.execute(
            "SELECT state, count(*) FROM ecrm_order_intake "
            "WHERE create_uid = %s GROUP BY state",
            [user.id],
        )
        return dict(cr.fetchall())


def wait_created(env, user, timeout=600):
    """Wait until nothing of ``user`` is queued any more; the final states."""
    deadline = time.time() + timeout
    states = {}
    while time.time() < deadline:
        states = intake_states(env, user)
        if not states.get("queued"):
            return states
        time.sleep(0.1)
    raise RuntimeError(f"orders still queued after {timeout} s: {states}")


def load_averages(before, start, after):
    """The machine's load averages around a measure, as its record keeps them."""
    return {
        "load_average_before": [round(x, 2) for x in before],
        "load_average_at_start": [round(x, 2) for x in start],
        "load_average_after": [round(x, 2) for x in after],
    }


def api_queue_setup(bench, name):
    """``api_load_setup`` for a measure of the storefront queue: also the
    queue's scheduled action and the ids of the other crons, paused so that
    only the queue runs on the cron worker meanwhile (active again with
    ``UPDATE ir_cron SET active = true`` on them); None when skipped."""
    setup = api_load_setup(bench, name)
    if not setup:
        return None
    cron = bench.env.ref("ecrm_core.ir_cron_ecrm_order_intake")
    return (*setup, cron, pause_other_crons(bench.env, cron))


def end_queue_load(env, proc, user, paused, order_floor, partner_floor):
    """After a measure of the storefront queue: stop its server, make the
    paused crons active again and remove what the load created."""
    if proc:
        stop_server(proc)
    with env.registry.cursor() as cr:
        cr.execute("UPDATE ir_cron SET active = true WHERE id = ANY(%s)", [paused])
    remove_load(env, user, order_floor, partner_floor)
