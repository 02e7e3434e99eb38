"""Marketplace syncs: POST /ecrm/api/v1/orders/batch, synchronous and with
``Prefer: respond-async``."""

import os
import random
import statistics
import time

from ..core import RESULTS, measure
from ..server import (
    api_queue_setup,
    end_queue_load,
    load_averages,
    start_server,
    wait_created,
)

BATCH_SIZE = 100


@measure(
    "api_intake_batch",
    "storefront orders in batches of 100: created at once, and queued (async)",
)
def api_intake_batch(bench):
    """B batches of 100 three-line orders from C concurrent clients on a
    --workers=2 server with one cron worker: orders/s created by the
    synchronous batch route, then orders/s accepted with ``Prefer:
    respond-async`` and until every one is an order."""
    import api_orders

    env, args = bench.env, bench.args
    setup = api_queue_setup(bench, "api_intake_batch")
    if not setup:
        return
    user, skus, key, order_floor, partner_floor, _cron, paused = setup
    # Pages of 100 (fewer at the smoke test's small --api-orders)
    size = min(BATCH_SIZE, args.api_orders)
    batches = max(args.api_clients, args.api_orders // size)
    log_path = os.path.join(RESULTS, f"{args.db}-api-batch-server.log")
    rng = random.Random(args.seed)
    run = f"b{os.getpid()}{int(time.time())}"
    failures = []

    def sender(url, tag, expected, extra_headers):
        headers = {"Authorization": f"Bearer {key}", **extra_headers}

        def send(session, index):
            orders = [
                api_orders._order(f"{run}{tag}", index * size + i, skus, rng)
                for i in range(size)
            ]
            response = session.post(
                f"{url}/ecrm/api/v1/orders/batch",
                json={"orders": orders},
                headers=headers,
                timeout=300,
            )
            ok = response.status_code == 200 and all(
                entry["status"] == expected for entry in response.json()["results"]
            )
            if not ok and len(failures) < 5:
                failures.append(f"{response.status_code} {response.text[:300]}")
            return ok

        return send

    load_before = os.getloadavg()
    proc = None
    try:
        proc, url = start_server(args.db, log_path, cron_threads=1)
        sync = sender(url, "s", 201, {})
        deferred = sender(url, "a", 202, {"Prefer": "respond-async"})
        # warm-up: both workers load their registry and caches
        api_orders._run(lambda s, i: sync(s, 10**4 + i), 2, 2)
        api_orders._run(lambda s, i: deferred(s, 10**4 + i), 2, 2)
        wait_created(env, user)
        load_start = os.getloadavg()
        start = time.perf_counter()
        created = api_orders._run(sync, batches, args.api_clients)
        sync_wall = time.perf_counter() - start
        start = time.perf_counter()
        accepted = api_orders._run(deferred, batches, args.api_clients)
        accept_wall = time.perf_counter() - start
        states = wait_created(env, user)
        total = time.perf_counter() - start
        load_after = os.getloadavg()
    finally:
        end_queue_load(env, proc, user, paused, order_floor, partner_floor)
    if created["errors"] or accepted["errors"] or states.get("rejected"):
        raise RuntimeError(
            f"api_intake_batch: {created['errors']} + {accepted['errors']} batches "
            f"refused, {states.get('rejected', 0)} rejected, see {log_path}: "
            f"{failures}"
        )
    orders = batches * size

    def rounded(result):
        return {
            k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()
        }

    bench.record(
        "api_intake_batch",
        f"POST /ecrm/api/v1/orders/batch, {batches} batches of {size} "
        f"three-line orders from new customers, {args.api_clients} clients, Odoo "
        "--workers=2 and one cron worker on loopback; synchronous, then with "
        "Prefer: respond-async",
        [created["p50_ms"]],
        None,
        sync_orders_per_second=round(orders / sync_wall, 1),
        async_accepted_orders_per_second=round(orders / accept_wall, 1),
        async_created_orders_per_second=round(orders / total, 1),
        sync_batch=rounded(created),
        async_batch=rounded(accepted),
        all_created_after_s=round(total, 1),
        target=">= 100 orders/s accepted, >= 30 orders/s created end to end",
        **load_averages(load_before, load_start, load_after),
    )


@measure(
    "order_create_floor",
    "creating 100 queued storefront orders, beside Odoo's own sale.order.create",
)
def order_create_floor(bench):
    """In one process, no HTTP: 100 three-line orders from new customers queued
    by the storefront user, then created by the scheduled action's batch
    (``ecrm.order.intake._cron_ecrm_create_orders``), beside the plain Odoo
    path doing the same work: ``res.partner.create`` of the 100 customers and
    ``sale.order.create`` of their 100 draft orders in one call. Everything is
    rolled back after each run. The Odoo path is the floor of the batch
    route's end-to-end creation on this machine."""
    import api_orders

    from .merge import _undone

    env = bench.env
    user = env.ref("ecrm_core.user_storefront_haravan", raise_if_not_found=False)
    products = (
        env["product.product"]
        .search([("default_code", "in", api_orders.SKUS), ("sale_ok", "=", True)])
        .sorted("default_code")
    )
    if not user or len(products) < 3:
        bench.skip("order_create_floor", "the demo storefront and SKUs are missing")
        return
    by_sku = {p.default_code: p.id for p in products}
    skus = sorted(by_sku)
    rng = random.Random(bench.args.seed)
    count = min(BATCH_SIZE, bench.args.api_orders)
    runs = iter(range(10**6))

    def payloads():
        run = f"floor{os.getpid()}-{next(runs)}"
        return [api_orders._order(run, i, skus, rng) for i in range(count)]

    Api = env["ecrm.api"].with_user(user)
    Intake = env["ecrm.order.intake"]

    def ecrm():
        Api._ecrm_intake("sale.order", payloads(), respond_async=True)
        env.flush_all()
        Intake._cron_ecrm_create_orders(batch_size=count)

    def odoo():
        orders = payloads()
        partners = env["res.partner"].create(
            [
                {"name": o["customer"]["name"], "phone": o["customer"]["phone"]}
                for o in orders
            ]
        )
        env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "client_order_ref": o["external_id"],
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": by_sku[line["sku"]],
                                "product_uom_qty": line["qty"],
                                "price_unit": line["price_unit"],
                            },
                        )
                        for line in o["lines"]
                    ],
                }
                for o, partner in zip(orders, partners, strict=True)
            ]
        )

    repeat = max(1, bench.args.repeat // 2)
    ecrm_ms = bench.timeit(_undone(bench, ecrm), repeat)
    odoo_ms = bench.timeit(_undone(bench, odoo), repeat)
    ecrm_best, odoo_best = statistics.median(ecrm_ms), statistics.median(odoo_ms)
    bench.record(
        "order_create_floor",
        f"{count} three-line orders from new customers: queued then created by "
        "the scheduled action's batch, beside res.partner.create + "
        "sale.order.create of the same orders (draft) in one call",
        ecrm_ms,
        odoo_ms,
        orders=count,
        ecrm_orders_per_second=round(count / ecrm_best * 1000.0, 1),
        odoo_orders_per_second=round(count / odoo_best * 1000.0, 1),
    )
