"""Orders over the years, drawn from each customer's habits (behaviour.py)."""

import logging
import random

from .behaviour import Shopper
from .copier import Copier, reserve_ids
from .data import (
    BEHAVIOURS,
    CHANNELS,
)

_logger = logging.getLogger("bench.generate")


class OrdersMixin:
    def orders(self):
        env, cr, rng = self.env, self.cr, self.rng
        target_lines = self.args.lines
        self.log(
            f"Loading about {target_lines} order lines"
            if target_lines
            else "Loading the orders of the customers' habits"
        )
        customer = env["res.partner"].browse(self.customer_ids[0])
        product = env["product.product"].browse(self.products_list[0][0])
        template = (
            env["sale.order"]
            .with_context(tracking_disable=True)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                    ],
                }
            )
        )
        so_over = {
            "id",
            "name",
            "partner_id",
            "partner_invoice_id",
            "partner_shipping_id",
            "date_order",
            "create_date",
            "write_date",
            "state",
            "amount_untaxed",
            "amount_tax",
            "amount_total",
            "ecrm_sales_channel",
            "access_token",
            "origin",
            "client_order_ref",
        }
        so_copy = Copier(cr, "sale_order", template.id, so_over)
        line = template.order_line[0]
        sol_over = {
            "id",
            "order_id",
            "product_id",
            "name",
            "product_uom_qty",
            "price_unit",
            "price_subtotal",
            "price_total",
            "price_tax",
            "discount",
            "order_partner_id",
            "create_date",
            "write_date",
            "state",
            "sequence",
            "qty_delivered",
            "price_reduce_taxexcl",
            "price_reduce_taxinc",
            "qty_invoiced",
            "qty_to_invoice",
            "untaxed_amount_to_invoice",
            "untaxed_amount_invoiced",
            "purchase_price",
        }
        sol_copy = Copier(
            cr,
            "sale_order_line",
            line.id,
            {c for c in sol_over if c in self._columns("sale_order_line")},
        )
        so_copy.overrides = {c for c in so_over if c in so_copy.index}
        template_id = template.id
        gap_scale = self._gap_scale(target_lines)
        orders, lines, n_orders, n_lines, n_cancel = [], [], 0, 0, 0
        so_ids, sol_ids = self._ids("sale_order"), self._ids("sale_order_line")
        prices = {p[0]: (p[1], p[2], p[3]) for p in self.products_list}
        catalogue = self.catalogue
        for pid in self.customer_ids:
            behaviour, first_seen, channel = self.customer_info[pid]
            discount_share = BEHAVIOURS[behaviour]["discount_share"]
            shopper = Shopper(
                rng, behaviour, catalogue.favourite_leaves(rng), gap_scale
            )
            for day, state, chosen in shopper.orders(
                rng, first_seen, self.today, catalogue
            ):
                oid = next(so_ids)
                n_orders += 1
                n_cancel += state == "cancel"
                if chosen[0] in self.pairs and rng.random() < 0.6:
                    chosen.append(self.pairs[chosen[0]])
                total = 0.0
                for seq, prod in enumerate(chosen, 1):
                    price, _cost, label = prices[prod]
                    qty = rng.choice([1, 1, 1, 2, 2, 3])
                    disc = (
                        rng.choice([10, 15, 20, 30])
                        if rng.random() < discount_share
                        else 0
                    )
                    subtotal = round(qty * price * (1 - disc / 100.0))
                    total += subtotal
                    lines.append(
                        {
                            "id": next(sol_ids),
                            "order_id": oid,
                            "product_id": prod,
                            "name": label,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "price_subtotal": subtotal,
                            "price_total": subtotal,
                            "price_tax": 0,
                            "discount": disc,
                            "order_partner_id": pid,
                            "create_date": day,
                            "write_date": day,
                            "state": state,
                            "sequence": seq,
                            "qty_delivered": qty if state == "sale" else 0,
                            "price_reduce_taxexcl": subtotal / qty,
                            "price_reduce_taxinc": subtotal / qty,
                            "qty_invoiced": 0,
                            "qty_to_invoice": 0,
                            "untaxed_amount_to_invoice": 0,
                            "untaxed_amount_invoiced": 0,
                            "purchase_price": _cost,
                        }
                    )
                    n_lines += 1
                orders.append(
                    {
                        "id": oid,
                        "name": f"B{oid:08d}",
                        "partner_id": pid,
                        "partner_invoice_id": pid,
                        "partner_shipping_id": pid,
                        "date_order": day,
                        "create_date": day,
                        "write_date": day,
                        "state": state,
                        "amount_untaxed": total,
                        "amount_tax": 0,
                        "amount_total": total,
                        "ecrm_sales_channel": channel
                        if rng.random() < 0.75
                        else rng.choice([c for c, _w in CHANNELS]),
                        "access_token": None,
                        "origin": "bench",
                        "client_order_ref": None,
                    }
                )
            if len(lines) >= 50000:
                self._flush(so_copy, sol_copy, orders, lines)
                orders, lines = [], []
                self.log(f"  {n_orders} orders, {n_lines} lines")
        self._flush(so_copy, sol_copy, orders, lines)
        env["sale.order"].browse(template_id).unlink()
        self.stats.update(
            orders=n_orders, order_lines=n_lines, cancelled_orders=n_cancel
        )

    def _ids(self, table, chunk=100_000):
        """Ids reserved from the table's sequence, ``chunk`` at a time."""
        while True:
            yield from reserve_ids(self.cr, table, chunk)

    def _gap_scale(self, target_lines):
        """How much to stretch every customer's gaps between purchases so that
        about ``target_lines`` order lines come out (bench sizes); 1 when no
        target is given (the demo: the habits as they are). Measured on a
        sample of customers drawn with their own random generator, so that the
        data drawn afterwards does not depend on it."""
        if not target_lines:
            return 1.0
        pilot = random.Random(self.args.seed + 1)
        sample = self.rng.sample(self.customer_ids, min(2000, len(self.customer_ids)))
        target = target_lines / len(self.customer_ids)
        scale = 1.0
        for _round in range(8):
            lines = 0
            for pid in sample:
                behaviour, first_seen, _channel = self.customer_info[pid]
                shopper = Shopper(
                    pilot, behaviour, self.catalogue.favourite_leaves(pilot), scale
                )
                lines += sum(
                    len(chosen) + 0.6 * (chosen[0] in self.pairs)
                    for _d, _s, chosen in shopper.orders(
                        pilot, first_seen, self.today, self.catalogue
                    )
                )
            scale = min(8.0, max(0.125, scale * lines / len(sample) / target))
        self.stats["gap_scale"] = round(scale, 3)
        return scale

    def _columns(self, table):
        self.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [table],
        )
        return {r[0] for r in self.cr.fetchall()}

    @staticmethod
    def _flush(so_copy, sol_copy, orders, lines):
        so_copy.copy({k: v for k, v in o.items() if k in so_copy.index} for o in orders)
        sol_copy.copy(
            {k: v for k, v in ln.items() if k in sol_copy.index} for ln in lines
        )
