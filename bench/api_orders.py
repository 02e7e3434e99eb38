#!/usr/bin/env python3
# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Storefront API intake benchmark: throughput and latency with concurrent clients.

Sends N three-line orders through ``POST /ecrm/api/v1/orders`` with C threads, then
creates the same kind of orders through Odoo's JSON-RPC (``sale.order.create``,
partner already known) for comparison, and times the telesales queue's first page.

    bench/api_orders.py --url http://localhost:8069 --db ecrm --key <API key> \\
        --login admin --password admin --orders 600 --concurrency 8

Run Odoo with ``--workers=2`` (the target: 100 orders/s, p95 < 150 ms).
"""

import argparse
import random
import statistics
import threading
import time
import uuid

import requests

SKUS = ["SKU-AT001", "SKU-AT002", "SKU-QJ001", "SKU-DM001", "SKU-MP001", "SKU-TP001"]


def _order(run, index, skus=SKUS, rng=random):
    """A three-line storefront order from a new customer (a random mobile)."""
    prefix = rng.choice(["0912", "0903", "0987", "0934", "0868"])
    phone = f"{prefix}{rng.randint(100_000, 999_999)}"
    return {
        "external_id": f"BENCH-{run}-{index}",
        "source": "bench",
        "customer": {"name": f"Khách Bench {index}", "phone": phone},
        # with the price the buyer saw, as storefronts send their orders
        "lines": [
            {
                "sku": sku,
                "qty": rng.randint(1, 3),
                "price_unit": rng.choice([99_000, 149_000, 250_000, 890_000]),
            }
            for sku in rng.sample(skus, 3)
        ],
        "payment_method": "cod",
    }


def _rpc_order_vals(partner_id, lines):
    """What an integrator without the eCRM API sends to ``sale.order.create``
    through JSON-RPC for a storefront order: ``lines`` are order line values."""
    return {
        "partner_id": partner_id,
        "ecrm_sales_channel": "api",
        "ecrm_telesales_state": "to_call",
        "order_line": [(0, 0, line) for line in lines],
    }


def _run(send, count, concurrency, offset=0, raw=False):
    """Call ``send(session, index)`` for index in offset..offset+count-1 from
    ``concurrency`` threads; ``send`` answers whether it succeeded. Throughput
    and latencies (with ``raw``, the lists behind them)."""
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(offset, offset + count))

    def worker():
        session = requests.Session()
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            start = time.perf_counter()
            ok = send(session, index)
            elapsed = time.perf_counter() - start
            with lock:
                (latencies if ok else errors).append(elapsed)

    threads = [threading.Thread(target=worker) for _i in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if raw:
        return latencies, errors, wall
    return _stats(latencies, errors, wall, concurrency)


def _stats(latencies, errors, wall, concurrency):
    latencies = sorted(latencies)
    p95 = latencies[max(0, int(len(latencies) * 0.95 + 0.5) - 1)] if latencies else 0
    return {
        "orders": len(latencies),
        "errors": len(errors),
        "clients": concurrency,
        "seconds": round(wall, 3),
        "per_second": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0,
        "p95_ms": p95 * 1000,
        "max_ms": latencies[-1] * 1000 if latencies else 0,
    }


def _run_interleaved(sends, count, concurrency, rounds=6):
    """Run each of ``sends`` ({name: send}) ``count`` times, in ``rounds``
    alternating slices, so that every path meets the same load on the machine:
    {name: the figures of ``_run``}."""
    raw = {name: ([], [], 0.0) for name in sends}
    size = max(1, count // rounds)
    for offset in range(0, count, size):
        for name, send in sends.items():
            ok, bad, wall = _run(
                send, min(size, count - offset), concurrency, offset, raw=True
            )
            lat, err, total = raw[name]
            raw[name] = (lat + ok, err + bad, total + wall)
    return {
        name: _stats(lat, err, wall, concurrency)
        for name, (lat, err, wall) in raw.items()
    }


def _jsonrpc(session, url, service, method, *args):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"service": service, "method": method, "args": args},
    }
    result = session.post(f"{url}/jsonrpc", json=payload, timeout=60).json()
    if "error" in result:
        raise RuntimeError(result["error"])
    return result["result"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--key", required=True, help="API key of a storefront user")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--orders", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    headers = {"Authorization": f"Bearer {args.key}"}

    def send_api(session, index):
        response = session.post(
            f"{args.url}/ecrm/api/v1/orders",
            json=_order(run, index),
            headers=headers,
            timeout=60,
        )
        return response.status_code == 201

    api = _run(send_api, args.orders, args.concurrency)
    print(f"API       {api}")

    rpc = requests.Session()
    uid = _jsonrpc(rpc, args.url, "common", "login", args.db, args.login, args.password)

    def call(session, model, method, *margs):
        return _jsonrpc(
            session,
            args.url,
            "object",
            "execute_kw",
            args.db,
            uid,
            args.password,
            model,
            method,
            list(margs),
        )

    products = call(
        rpc, "product.product", "search_read", [["default_code", "in", SKUS]], ["id"]
    )
    product_ids = [p["id"] for p in products]
    partner_id = call(rpc, "res.partner", "search", [["customer_rank", ">", 0]], 0, 1)[
        0
    ]

    def send_rpc(session, index):
        lines = [
            {"product_id": pid, "product_uom_qty": random.randint(1, 3)}
            for pid in random.sample(product_ids, 3)
        ]
        call(session, "sale.order", "create", _rpc_order_vals(partner_id, lines))
        return True

    jsonrpc = _run(send_rpc, args.orders, args.concurrency)
    print(f"JSON-RPC  {jsonrpc}")

    start = time.perf_counter()
    call(
        rpc,
        "sale.order",
        "search_read",
        [["ecrm_telesales_state", "in", ["to_call", "no_answer"]]],
        ["name", "partner_id", "ecrm_partner_phone", "amount_total", "date_order"],
        0,
        80,
        "date_order asc",
    )
    print(f"Queue first page: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
