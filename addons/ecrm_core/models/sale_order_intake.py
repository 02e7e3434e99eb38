# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Storefront order intake: the model side of ``POST /ecrm/api/v1/orders``."""

from odoo import _, api, fields, models
from odoo.fields import Command
from odoo.tools import SQL

from ..const import SALES_CHANNELS
from .ecrm_api import EcrmApiError, EcrmFieldError, parse_datetime, payload_hash
from .ecrm_api_orders import ORDER_SCHEMA

MARKETPLACES = ("shopee", "lazada", "tiki", "tiktok", "sendo")
UTM_KEYS = (
    ("campaign", "utm.campaign"),
    ("source", "utm.source"),
    ("medium", "utm.medium"),
)
UTM_FIELDS = {
    "utm.campaign": "campaign_id",
    "utm.source": "source_id",
    "utm.medium": "medium_id",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # The database constraints that catch a twin request (see ecrm.api).
    _ecrm_intake_unique = (
        "sale_order_ecrm_external_ref_unique",
        "ecrm_order_intake_external_ref_unique",
    )
    # Queued orders are taken in one statement that never fails on a twin
    # (see ecrm.order.intake._ecrm_enqueue_many): no savepoint per order.
    _ecrm_intake_async_atomic = True

    @api.model
    def _ecrm_api_intake(self, payload, respond_async=False):
        """Take the order described by a storefront ``payload`` through the
        intake pipeline (``ecrm.api._ecrm_intake``).

        Idempotent on (source, external id) per company: returns
        ``(answer, status)`` with status 201 (created), 200 (already received)
        or 202 (queued: ``respond_async`` asked for it, or the same order is
        already queued). Queued orders are created in batches by
        ``ecrm.order.intake``. Raises EcrmApiError (400 malformed, 403 another
        user's source, 409 same reference with other content or of another
        user, 422 unknown SKU). On error nothing is written.
        """
        return self.env["ecrm.api"]._ecrm_intake_one(self._name, payload, respond_async)

    @api.model
    def _ecrm_api_intake_batch(self, payloads, respond_async=False):
        """Take up to ``MAX_BATCH`` storefront orders, each on its own: one
        ``(answer, status)`` or EcrmApiError per payload, in the same order."""
        return self.env["ecrm.api"]._ecrm_intake(self._name, payloads, respond_async)

    # ------------------------------------------------------------------
    # Intake pipeline hooks (see ecrm_core/models/ecrm_api_intake.py)
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_intake_schema(self):
        return ORDER_SCHEMA

    @api.model
    def _ecrm_intake_known(self, refs):
        """{(source, external_id): known} of the ``refs`` already taken, as
        orders or still queued, in one query."""
        self.flush_model(["name", "partner_id", "ecrm_source", "ecrm_external_id"])
        self.env["ecrm.order.intake"].flush_model(["state", "source", "external_id"])
        sources = [source for source, _ref in refs]
        ext_ids = [ref for _source, ref in refs]
        company = self.env.company.id
        # Plain SQL, not a search: a storefront must learn that its reference is
        # taken even when another storefront's technical user created or queued
        # it, which the record rules hide from it. Orders come last: a created
        # order wins over its (done) queue row.
        # The queue's rows are found by their unique key whatever their state
        # (a filter on the state would let PostgreSQL walk every queued row
        # during a flash sale); only the queued ones count.
        self.env.cr.execute(
            SQL(
                """SELECT i.source, i.external_id, NULL::int, NULL::varchar,
                          NULL::int, i.payload_hash, i.create_uid
                     FROM ecrm_order_intake i
                     JOIN unnest(%s::varchar[], %s::varchar[]) AS r(source, ref)
                       ON i.source = r.source AND i.external_id = r.ref
                    WHERE i.company_id = %s
                      AND (CASE WHEN i.state = 'queued' THEN true END)
                UNION ALL
                   SELECT o.ecrm_source, o.ecrm_external_id, o.id, o.name,
                          o.partner_id, o.ecrm_payload_hash, o.create_uid
                     FROM sale_order o
                     JOIN unnest(%s::varchar[], %s::varchar[]) AS r(source, ref)
                       ON o.ecrm_source = r.source AND o.ecrm_external_id = r.ref
                    WHERE o.company_id = %s""",
                sources,
                ext_ids,
                company,
                sources,
                ext_ids,
                company,
            )
        )
        known = {}
        queued = self._ecrm_api_answer_queued()
        for (
            source,
            ref,
            order_id,
            name,
            partner_id,
            digest,
            uid,
        ) in self.env.cr.fetchall():
            if order_id is None:
                answer, status = queued, 202
            else:
                answer = {"order_id": order_id, "name": name, "partner_id": partner_id}
                status = 200
            known[source, ref] = {
                "answer": answer,
                "status": status,
                "hash": digest,
                "create_uid": uid,
            }
        return known

    @api.model
    def _ecrm_intake_prepare(self, items):
        return self._ecrm_api_prepare([item["payload"] for item in items])

    @api.model
    def _ecrm_intake_create(self, prepared, respond_async=False):
        if respond_async:
            queued = self.env["ecrm.order.intake"]._ecrm_enqueue_many(prepared)
            answer = {**self._ecrm_api_answer_queued(), "created": True}, 202
            return [answer if ok else None for ok in queued]
        orders = self._ecrm_api_create_orders(prepared)
        return [
            ({**self._ecrm_api_answer(order), "created": True}, 201) for order in orders
        ]

    @api.model
    def _ecrm_intake_status(self, source, external_id):
        return self._ecrm_api_status(source, external_id)

    @api.model
    def _ecrm_find_external(self, source, external_id):
        # Plain SQL, not a search: a storefront must learn that its reference is
        # taken even when another storefront's technical user created that
        # order, which the record rules hide from it.
        self.flush_model(["name", "partner_id", "ecrm_source", "ecrm_external_id"])
        self.env.cr.execute(
            SQL(
                """SELECT id, name, partner_id, ecrm_payload_hash, create_uid
                     FROM sale_order
                    WHERE company_id = %s AND ecrm_source = %s
                      AND ecrm_external_id = %s""",
                self.env.company.id,
                source,
                external_id,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return None
        return {
            "order_id": row[0],
            "name": row[1],
            "partner_id": row[2],
            "hash": row[3],
            "create_uid": row[4],
            "external_id": external_id,
        }

    @api.model
    def _ecrm_taken_refs(self, refs):
        """The (source, external id) pairs of ``refs`` that are already orders
        of the current company, in one query (plain SQL: see above)."""
        if not refs:
            return set()
        self.flush_model(["ecrm_source", "ecrm_external_id"])
        self.env.cr.execute(
            SQL(
                """SELECT o.ecrm_source, o.ecrm_external_id
                     FROM sale_order o
                     JOIN unnest(%s::varchar[], %s::varchar[]) AS r(source, ref)
                       ON o.ecrm_source = r.source AND o.ecrm_external_id = r.ref
                    WHERE o.company_id = %s""",
                [source for source, _ref in refs],
                [ref for _source, ref in refs],
                self.env.company.id,
            )
        )
        return set(self.env.cr.fetchall())

    @api.model
    def _ecrm_api_answer(self, order):
        return {
            "order_id": order.id,
            "name": order.name,
            "partner_id": order.partner_id.id,
        }

    @api.model
    def _ecrm_api_answer_queued(self):
        return {"order_id": None, "name": None, "partner_id": None, "state": "queued"}

    @api.model
    def _ecrm_api_channel(self, source):
        channels = dict(SALES_CHANNELS)
        if source in channels:
            return source
        if source in MARKETPLACES:
            return "marketplace"
        return "api"

    @api.model
    def _ecrm_api_prepare(self, payloads):
        """Check what the schema cannot: SKUs and customer data, for a batch.

        Returns, for each payload (already validated against ORDER_SCHEMA), the
        values ``_ecrm_api_create_orders`` needs, or the EcrmApiError to answer
        (422 unknown SKU, 400 bad customer data). Nothing is written; products
        and countries are read once for the whole batch.
        """
        skus = {line["sku"].strip() for p in payloads for line in p["lines"]}
        by_sku = self._ecrm_api_product_ids(skus)
        codes = {(p["customer"].get("country_code") or "") for p in payloads} - {""}
        Partner = self.env["res.partner"]
        countries = Partner._ecrm_country_ids(codes) if codes else {}
        default_country = Partner._ecrm_phone_country()
        results = []
        for payload in payloads:
            try:
                results.append(
                    self._ecrm_api_prepare_one(
                        payload, by_sku, countries, default_country
                    )
                )
            except EcrmApiError as error:
                results.append(error)
        return results

    @api.model
    def _ecrm_api_product_ids(self, skus):
        """{SKU: product id} of the active products for sale of the current
        company (or shared) among ``skus``, in one query on the hot path of
        every intake."""
        self.env["product.product"].flush_model(["default_code", "active"])
        self.env["product.template"].flush_model(["sale_ok", "active", "company_id"])
        self.env.cr.execute(
            SQL(
                """SELECT p.default_code, p.id
                     FROM product_product p
                     JOIN product_template t ON t.id = p.product_tmpl_id
                    WHERE p.default_code = ANY(%s) AND p.active AND t.active
                      AND t.sale_ok
                      AND (t.company_id IS NULL OR t.company_id = %s)
                 ORDER BY p.id""",
                list(skus),
                self.env.company.id,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _ecrm_api_prepare_one(self, payload, by_sku, countries, default_country=None):
        for index, line in enumerate(payload["lines"]):
            if line["sku"].strip() not in by_sku:
                raise EcrmApiError(
                    422,
                    "unknown_sku",
                    _("Unknown SKU %(sku)s.", sku=line["sku"]),
                    f"lines[{index}].sku",
                )
        source = payload["source"].strip().lower()
        channel = self._ecrm_api_channel(source)
        try:
            customer = self.env["res.partner"]._ecrm_customer_values(
                payload["customer"], channel, countries, default_country
            )
        except EcrmFieldError as error:
            raise EcrmApiError(
                400, "invalid_field", error.args[0], f"customer.{error.field}"
            ) from error
        return {
            "payload": payload,
            "source": source,
            "external_id": payload["external_id"].strip(),
            "digest": payload_hash(payload),
            "channel": channel,
            "customer": customer,
            "product_ids": [by_sku[line["sku"].strip()] for line in payload["lines"]],
        }

    @api.model
    def _ecrm_api_create_orders(self, prepared):
        """Create the orders of a batch of ``_ecrm_api_prepare`` results.

        One query per kind for the whole batch: customers matched or created
        together, UTM records found or created once per name, orders and their
        lines in one ``create``. Returns the orders, in the same order.
        """
        try:
            partners = self.env["res.partner"]._ecrm_find_or_create_customers(
                [item["customer"] for item in prepared]
            )
        except EcrmFieldError as error:
            raise EcrmApiError(
                400, "invalid_field", error.args[0], f"customer.{error.field}"
            ) from error
        utm = self._ecrm_api_utm_ids([item["payload"] for item in prepared])
        now = fields.Datetime.now()
        vals_list = [
            self._ecrm_api_order_vals(item, partner, utm, now)
            for item, partner in zip(prepared, partners, strict=True)
        ]
        # The storefront's technical user does not follow the orders it sends,
        # and a "created" note in the chatter would only repeat the order's
        # source and date. Like Odoo's own imports, a machine intake tracks no
        # field changes on creation: the queue and the order's fields say it.
        return self.with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True, tracking_disable=True
        ).create(vals_list)

    @api.model
    def _ecrm_api_utm_ids(self, payloads):
        """{(model, name): id} of the UTM records a batch names, found or
        created once each."""
        Mixin = self.env["utm.mixin"]
        found = {}
        for payload in payloads:
            utm = payload.get("utm") or {}
            for key, model in UTM_KEYS:
                name = (utm.get(key) or "").strip()
                if name and (model, name) not in found:
                    found[model, name] = Mixin._find_or_create_record(model, name).id
        return found

    @api.model
    def _ecrm_api_order_vals(self, item, partner, utm, now):
        payload = item["payload"]
        vals = {
            "partner_id": partner.id,
            # No salesperson: the storefront's technical user is not one.
            "user_id": False,
            "ecrm_sales_channel": item["channel"],
            "ecrm_source": item["source"],
            "ecrm_external_id": item["external_id"],
            "ecrm_payload_hash": item["digest"],
            "ecrm_payment_method": payload.get("payment_method", "cod"),
            "ecrm_paid": payload.get("paid", False),
            "ecrm_telesales_state": "to_call",
            "ecrm_queue_date": now,
            "client_order_ref": item["external_id"],
            "origin": item["source"],
            "order_line": [
                Command.create(self._ecrm_api_line_vals(product_id, line))
                for product_id, line in zip(
                    item["product_ids"], payload["lines"], strict=True
                )
            ],
        }
        if payload.get("date"):
            vals["date_order"] = parse_datetime(payload["date"])
        names = payload.get("utm") or {}
        for key, model in UTM_KEYS:
            name = (names.get(key) or "").strip()
            if name:
                vals[UTM_FIELDS[model]] = utm[model, name]
        return vals

    @api.model
    def _ecrm_api_line_vals(self, product_id, line):
        vals = {"product_id": product_id, "product_uom_qty": line["qty"]}
        if "price_unit" in line:
            vals["price_unit"] = line["price_unit"]
        return vals

    @api.model
    def _ecrm_api_status(self, source, external_id):
        """The state of a storefront order, as the API answers it, or None.

        Only orders the caller sent: ``source`` is the caller's (bound by the
        controller) and the order was created by the caller.
        """
        # sudo: the API user has no read right on orders; the search is scoped
        # to the caller's own orders right here.
        order = self.sudo().search(
            [
                ("create_uid", "=", self.env.uid),
                ("company_id", "=", self.env.company.id),
                ("ecrm_source", "=", source.strip().lower()),
                ("ecrm_external_id", "=", external_id.strip()),
            ],
            limit=1,
        )
        if not order:
            return (
                self.env["ecrm.order.intake"]
                .sudo()
                ._ecrm_status(source.strip().lower(), external_id.strip())
            )
        if order.state == "cancel":
            state = "cancelled"
        elif order.state == "sale" and order.delivery_status == "full":
            state = "delivered"
        elif order.state == "sale":
            state = "confirmed"
        else:
            state = "to_confirm"
        reason = order.ecrm_cancel_reason_id
        return {
            "order_id": order.id,
            "name": order.name,
            "source": order.ecrm_source,
            "external_id": order.ecrm_external_id,
            "state": state,
            "cancel_reason": {"code": reason.code or None, "name": reason.name}
            if state == "cancelled" and reason
            else None,
            "amount_total": order.amount_total,
            "currency": order.currency_id.name,
        }
