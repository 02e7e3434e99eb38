"""Delivery outcomes of cash-on-delivery orders, with planted refusers.

A share of customers (the ground truth, kept in ``bench_cod_refuser``) refuse
most of their COD deliveries; the others fail now and then. Outcomes are
written in SQL on the orders and as ``ecrm.delivery.event`` rows, as the
warehouse and the carriers' API would record them."""

import logging

from .copier import table_exists

_logger = logging.getLogger("bench.generate")

REFUSER_SHARE = 0.04
COD_SHARE = 65  # percent of orders paid cash on delivery
REFUSER_FAIL = 600  # per mille
OTHER_FAIL = 50  # per mille
ORDER_BATCH = 100_000  # orders by id range, one committed transaction each


class DeliveryMixin:
    def delivery(self):
        cr, rng = self.cr, self.rng
        if not table_exists(cr, "ecrm_delivery_event"):
            self.log("No delivery outcomes: ecrm_core has no delivery events")
            return
        refusers = 0
        if table_exists(cr, "bench_cod_refuser"):
            # the step run again (--step delivery) after it was stopped: the
            # same refusers, and each id range below gives the same rows again
            cr.execute("SELECT count(*) FROM bench_cod_refuser")
            refusers = cr.fetchone()[0]
            self.log(f"Keeping the {refusers} customers who refuse COD deliveries")
        if not refusers:
            customers = getattr(self, "customer_ids", None)
            if not customers:  # the step alone on a generated database (--step)
                cr.execute("SELECT partner_id FROM bench_ground_truth ORDER BY 1")
                customers = [row[0] for row in cr.fetchall()]
            planted = rng.sample(customers, max(1, int(len(customers) * REFUSER_SHARE)))
            refusers = len(planted)
            self.log(f"Planting {refusers} customers who refuse COD deliveries")
            cr.execute("DROP TABLE IF EXISTS bench_cod_refuser")
            cr.execute("CREATE TABLE bench_cod_refuser (partner_id int PRIMARY KEY)")
            cr.execute(
                "INSERT INTO bench_cod_refuser SELECT unnest(%s::int[])", [planted]
            )
        # Deterministic per order (hash of its id): the same data every run,
        # whatever the batch size. One pass over the orders by id range, each
        # range committed, so that a million customers' orders load in minutes
        # (one statement over every order kept its row versions and locks for
        # the whole table) and a stopped step keeps the ranges done.
        cr.execute(
            "SELECT now() - interval '3 days', COALESCE(max(id), 0) FROM sale_order"
        )
        settled_before, max_id = cr.fetchone()
        for low in range(0, max_id, ORDER_BATCH):
            self._delivery_range(low + 1, low + ORDER_BATCH, settled_before)
            cr.commit()
        cr.execute(
            """SELECT count(*) FILTER (WHERE ecrm_delivery_state IN
                                       ('failed', 'returned')),
                      count(*) FILTER (WHERE ecrm_delivery_state = 'delivered')
                 FROM sale_order WHERE ecrm_payment_method = 'cod'"""
        )
        failed, delivered = cr.fetchone()
        self.log(
            f"COD outcomes: {failed} failed, {delivered} delivered",
            cod_failed=failed,
            cod_delivered=delivered,
            cod_refusers=refusers,
        )

    def _delivery_range(self, low, high, settled_before):
        """Payment method, delivery outcome and delivery event of the orders
        with ids in [low, high]: orders confirmed and older than three days
        have an outcome and its event, the others wait ('pending')."""
        cr = self.cr
        cr.execute(
            """
            WITH outcome AS (
                SELECT so.id,
                       so.state = 'sale' AND so.date_order < %(settled)s AS settled,
                       abs(hashtext('dlv' || so.id)) %% 1000 < CASE
                           WHEN r.partner_id IS NOT NULL THEN %(refuser)s
                           ELSE %(other)s END AS failed,
                       abs(hashtext('why' || so.id)) %% 4 AS why,
                       abs(hashtext('car' || so.id)) %% 4 AS carrier,
                       so.date_order + make_interval(
                           days => 1 + abs(hashtext('day' || so.id)) %% 6) AS at,
                       CASE
                           WHEN abs(hashtext('cod' || so.id)) %% 100 < %(cod)s
                               THEN 'cod'
                           WHEN abs(hashtext('cod' || so.id)) %% 100 < 80
                               THEN 'ewallet'
                           WHEN abs(hashtext('cod' || so.id)) %% 100 < 92
                               THEN 'bank_transfer'
                           ELSE 'card' END AS payment
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
             LEFT JOIN bench_cod_refuser r ON r.partner_id = p.commercial_partner_id
                 WHERE so.id BETWEEN %(low)s AND %(high)s
            )
            UPDATE sale_order so
               SET ecrm_payment_method = COALESCE(so.ecrm_payment_method, o.payment),
                   ecrm_delivery_state = CASE
                       WHEN NOT o.settled THEN COALESCE(so.ecrm_delivery_state,
                                                        'pending')
                       WHEN NOT o.failed THEN 'delivered'
                       WHEN o.why = 3 THEN 'returned' ELSE 'failed' END,
                   ecrm_delivery_reason = CASE
                       WHEN NOT o.settled THEN so.ecrm_delivery_reason
                       WHEN NOT o.failed THEN NULL
                       ELSE (ARRAY['refused', 'unreachable', 'wrong_address',
                                   'returned'])[o.why + 1] END,
                   ecrm_delivery_date = CASE WHEN o.settled THEN o.at
                                             ELSE so.ecrm_delivery_date END,
                   ecrm_delivery_attempts = CASE
                       WHEN NOT o.settled THEN so.ecrm_delivery_attempts
                       WHEN o.failed THEN 2 ELSE 1 END,
                   ecrm_delivery_carrier = CASE
                       WHEN NOT o.settled THEN so.ecrm_delivery_carrier
                       ELSE (ARRAY['GHN', 'GHTK', 'Viettel Post',
                                   'J&T Express'])[o.carrier + 1] END
              FROM outcome o
             WHERE so.id = o.id
            """,
            {
                "settled": settled_before,
                "refuser": REFUSER_FAIL,
                "other": OTHER_FAIL,
                "cod": COD_SHARE,
                "low": low,
                "high": high,
            },
        )
        # The orders that already have an event are read once, before the
        # insert: an anti-join on the table being filled was planned as a
        # sequential scan of it per order (13 rows when planned), quadratic.
        cr.execute(
            """
            WITH done AS MATERIALIZED (
                SELECT order_id FROM ecrm_delivery_event
                 WHERE order_id BETWEEN %(low)s AND %(high)s
            )
            INSERT INTO ecrm_delivery_event
                   (order_id, company_id, partner_id, origin, source, event_id,
                    status, reason, carrier, date, attempt,
                    create_uid, write_uid, create_date, write_date)
            SELECT so.id, so.company_id, p.commercial_partner_id, 'api', 'bench',
                   'bench-' || so.id, so.ecrm_delivery_state,
                   so.ecrm_delivery_reason, so.ecrm_delivery_carrier,
                   so.ecrm_delivery_date, so.ecrm_delivery_attempts,
                   1, 1, so.ecrm_delivery_date, so.ecrm_delivery_date
              FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
             WHERE so.id BETWEEN %(low)s AND %(high)s
               AND so.ecrm_delivery_state != 'pending'
               AND so.id NOT IN (SELECT order_id FROM done)
            """,
            {"low": low, "high": high},
        )
