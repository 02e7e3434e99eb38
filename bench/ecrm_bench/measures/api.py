"""Storefront API intake under load, beside JSON-RPC and Odoo's HTTP floor."""

import os
import random
import time

import requests

from ..core import RESULTS, measure
from ..server import (
    api_load_setup,
    api_queue_setup,
    end_queue_load,
    load_averages,
    remove_load,
    rpc_user_key,
    start_server,
    stop_server,
    wait_created,
)


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
            lines = [
                {
                    "product_id": pid,
                    "product_uom_qty": line["qty"],
                    "price_unit": line["price_unit"],
                }
                for pid, line in zip(
                    rng.sample(product_ids, 3), order["lines"], strict=True
                )
            ]
            call(
                session,
                "sale.order",
                "create",
                api_orders._rpc_order_vals(partner_id, lines),
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
        **load_averages(load_before, load_start, load_after),
    )


@measure(
    "api_intake_async",
    "storefront API with Prefer: respond-async: accepted at once, created in batches",
)
def api_intake_async(bench):
    """N three-line orders from C concurrent clients with ``Prefer:
    respond-async`` on a --workers=2 server with one cron worker: how fast they
    are accepted (202), and how long until every one is an order (created in
    batches by the scheduled action, woken by the first one). Then the same N
    orders are sent again: each is a replay (200, nothing written), which is
    the pipeline's cost without the write (key, schema, source, lock, lookup).
    The accepts alternate with Odoo's bearer floor (a key check and a status
    lookup answering 404) on the same server, so that their ratio is taken under
    the same load."""
    import api_orders

    env, args = bench.env, bench.args
    setup = api_queue_setup(bench, "api_intake_async")
    if not setup:
        return
    user, skus, key, order_floor, partner_floor, _cron, paused = setup
    log_path = os.path.join(RESULTS, f"{args.db}-api-async-server.log")
    rng = random.Random(args.seed)
    run = f"a{os.getpid()}{int(time.time())}"
    failures = []

    load_before = os.getloadavg()
    proc = None
    try:
        proc, url = start_server(args.db, log_path, cron_threads=1)
        headers = {"Authorization": f"Bearer {key}", "Prefer": "respond-async"}
        warm = 4 * args.api_clients
        orders = [
            api_orders._order(run, index, skus, rng)
            for index in range(warm + args.api_orders)
        ]

        def sender(offset, expected):
            def send(session, index):
                response = session.post(
                    f"{url}/ecrm/api/v1/orders",
                    json=orders[offset + index],
                    headers=headers,
                    timeout=60,
                )
                if response.status_code != expected and len(failures) < 5:
                    failures.append(f"{response.status_code} {response.text[:300]}")
                return response.status_code == expected

            return send

        def floor(session, index):
            response = session.get(
                f"{url}/ecrm/api/v1/orders/bench/none-{index}",
                headers={"Authorization": headers["Authorization"]},
                timeout=60,
            )
            return response.status_code == 404

        api_orders._run(sender(0, 202), warm, args.api_clients)
        api_orders._run(floor, warm, args.api_clients)
        wait_created(env, user)
        load_start = os.getloadavg()
        start = time.perf_counter()
        # the accepts and Odoo's bearer floor in alternating slices, on the
        # same server under the same load: their ratio is the target's measure
        both = api_orders._run_interleaved(
            {"accept": sender(warm, 202), "floor": floor},
            args.api_orders,
            args.api_clients,
        )
        accepted, floor_result = both["accept"], both["floor"]
        states = wait_created(env, user)
        total = time.perf_counter() - start
        load_after = os.getloadavg()
        # the same orders again: replays answered 200 from the created orders
        replayed = api_orders._run(sender(warm, 200), args.api_orders, args.api_clients)
    finally:
        end_queue_load(env, proc, user, paused, order_floor, partner_floor)
    if accepted["errors"] or states.get("rejected") or replayed["errors"]:
        raise RuntimeError(
            f"api_intake_async: {accepted['errors']} refused, "
            f"{replayed['errors']} replays refused, "
            f"{states.get('rejected', 0)} rejected, see {log_path}: {failures}"
        )
    ratio = accepted["per_second"] / floor_result["per_second"]
    accepted, replayed, floor_result = (
        {k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}
        for result in (accepted, replayed, floor_result)
    )
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
        # the floor's slices ran meanwhile: their time is not the accepts'
        created_per_second=round(
            args.api_orders / (total - floor_result["seconds"]), 1
        ),
        all_created_after_s=round(total, 1),
        accept=accepted,
        bearer_floor_per_second=floor_result["per_second"],
        ratio_to_bearer_floor=round(ratio, 2),
        bearer_floor=floor_result,
        replay_per_second=replayed["per_second"],
        replay_p95_ms=replayed["p95_ms"],
        replay=replayed,
        target=">= 80 % of the bearer floor's requests/s, p95 < 150 ms",
        **load_averages(load_before, load_start, load_after),
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
