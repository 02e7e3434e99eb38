# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Storefront order intake: the model side of ``POST /ecrm/api/v1/orders``."""

from odoo import _, api, fields, models
from odoo.fields import Command
from odoo.tools import SQL

from ..const import PAYMENT_METHODS, SALES_CHANNELS
from .ecrm_api import EcrmApiError, EcrmFieldError, parse_datetime, payload_hash

MARKETPLACES = ("shopee", "lazada", "tiki", "tiktok", "sendo")
_STRING = {"type": "string", "minLength": 1, "maxLength": 256}
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

CUSTOMER_SCHEMA = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": _STRING,
        "phone": {"type": "string", "maxLength": 64},
        "email": {"type": "string", "maxLength": 256},
        "gender": {"type": "string", "enum": ["male", "female", "other"]},
        "street": {"type": "string", "maxLength": 256},
        "city": {"type": "string", "maxLength": 128},
        "country_code": {"type": "string", "minLength": 2, "maxLength": 2},
    },
    "description": "The buyer; matched by any known phone or email, created "
    "only if none matches. A phone or an email is required.",
}

ORDER_SCHEMA = {
    "type": "object",
    "required": ["external_id", "source", "customer", "lines"],
    "additionalProperties": False,
    "properties": {
        "external_id": {"type": "string", "minLength": 1, "maxLength": 128},
        "source": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "description": "The storefront's name, e.g. haravan. A channel name "
            "(facebook, marketplace...) or a marketplace (shopee, lazada, tiki, "
            "tiktok, sendo) sets the order's channel; anything else is 'api'.",
        },
        "date": {"type": "string", "format": "date-time"},
        "customer": CUSTOMER_SCHEMA,
        "lines": {
            "type": "array",
            "minItems": 1,
            "maxItems": 500,
            "items": {
                "type": "object",
                "required": ["sku", "qty"],
                "additionalProperties": False,
                "properties": {
                    "sku": {"type": "string", "minLength": 1, "maxLength": 128},
                    "qty": {
                        "type": "number",
                        "minimum": 0,
                        "exclusiveMinimum": True,
                        "maximum": 1000000,
                    },
                    "price_unit": {
                        "type": "number",
                        "minimum": 0,
                        "maximum": 1000000000000,
                    },
                },
            },
        },
        "payment_method": {
            "type": "string",
            "enum": [code for code, _label in PAYMENT_METHODS],
        },
        "paid": {"type": "boolean"},
        "utm": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "campaign": {"type": "string", "maxLength": 128},
                "source": {"type": "string", "maxLength": 128},
                "medium": {"type": "string", "maxLength": 128},
            },
        },
    },
}

ORDER_RESULT_SCHEMA = {
    "type": "object",
    "properties": {
        "order_id": {
            "type": "integer",
            "nullable": True,
            "description": "Null while the order is queued (202).",
        },
        "name": {"type": "string", "nullable": True},
        "partner_id": {"type": "integer", "nullable": True},
        "created": {
            "type": "boolean",
            "description": "False when this reference was already received.",
        },
        "state": {
            "type": "string",
            "enum": ["queued"],
            "description": "Only in a 202 answer: the order is queued for "
            "creation; follow the Location header for its state.",
        },
    },
}

ORDER_STATUS_SCHEMA = {
    "type": "object",
    "properties": {
        "order_id": {"type": "integer"},
        "name": {"type": "string"},
        "source": {"type": "string"},
        "external_id": {"type": "string"},
        "state": {
            "type": "string",
            "enum": [
                "queued",
                "rejected",
                "to_confirm",
                "confirmed",
                "cancelled",
                "delivered",
            ],
            "description": "queued and rejected only for orders sent with "
            "Prefer: respond-async.",
        },
        "error": {
            "type": "object",
            "nullable": True,
            "description": "Why a queued order was rejected (state rejected).",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string", "nullable": True},
            },
        },
        "cancel_reason": {
            "type": "object",
            "nullable": True,
            "properties": {
                "code": {"type": "string", "nullable": True},
                "name": {"type": "string"},
            },
        },
        "amount_total": {"type": "number", "nullable": True},
        "currency": {"type": "string", "nullable": True},
    },
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _ecrm_api_intake(self, payload, respond_async=False):
        """Take the order described by a storefront ``payload`` (validated, its
        source already bound to the caller by ``ecrm.api._ecrm_api_bind_source``).

        Idempotent on (source, external id) per company: returns
        ``(answer, status)`` with status 201 (created), 200 (already received)
        or 202 (queued: ``respond_async`` asked for it, or the same order is
        already queued). Queued orders are created in batches by
        ``ecrm.order.intake``. Raises EcrmApiError (409 same reference with
        other content or of another user, 422 unknown SKU, 400 bad customer
        data). Runs in the caller's savepoint: on error nothing is written.
        """
        # sudo: the API user holds no right on orders, customers or products
        # (its key must open nothing else); the caller was checked and its
        # source bound before this call, and everything below is scoped to
        # that source, this reference and the caller's company. sudo keeps
        # env.uid: the storefront user stays the orders' creator.
        self = self.sudo()
        source = payload["source"].strip().lower()
        external_id = payload["external_id"].strip()
        digest = payload_hash(payload)
        prepared = None

        def find(env):
            return env["sale.order"]._ecrm_find_external(source, external_id) or env[
                "ecrm.order.intake"
            ]._ecrm_find_queued(source, external_id)

        def create():
            if respond_async:
                self.env["ecrm.order.intake"]._ecrm_enqueue(prepared)
                return {**self._ecrm_api_answer_queued(), "created": True}, 202
            order = self._ecrm_api_create_orders([prepared])
            return {**self._ecrm_api_answer(order), "created": True}, 201

        Api = self.env["ecrm.api"]
        Api._ecrm_lock_external_ref(self._name, source, external_id)
        known = find(self.env)
        if not known:
            prepared = self._ecrm_api_prepare([payload])[0]
            if isinstance(prepared, EcrmApiError):
                raise prepared
            known, answer = Api._ecrm_api_once(
                self._name,
                source,
                external_id,
                find,
                create,
                (
                    "sale_order_ecrm_external_ref_unique",
                    "ecrm_order_intake_external_ref_unique",
                ),
            )
            if answer:
                return answer
        return self._ecrm_api_existing(known, digest)

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
    def _ecrm_api_existing(self, existing, digest):
        self.env["ecrm.api"]._ecrm_api_check_replay(existing, digest)
        if existing.get("queued"):
            return {**self._ecrm_api_answer_queued(), "created": False}, 202
        answer = {key: existing[key] for key in ("order_id", "name", "partner_id")}
        return {**answer, "created": False}, 200

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
        products = self.env["product.product"].search_fetch(
            [("default_code", "in", list(skus)), ("sale_ok", "=", True)],
            ["default_code"],
        )
        by_sku = {product.default_code: product.id for product in products}
        codes = {(p["customer"].get("country_code") or "") for p in payloads} - {""}
        Partner = self.env["res.partner"]
        countries = Partner._ecrm_country_ids(codes) if codes else {}
        results = []
        for payload in payloads:
            try:
                results.append(self._ecrm_api_prepare_one(payload, by_sku, countries))
            except EcrmApiError as error:
                results.append(error)
        return results

    @api.model
    def _ecrm_api_prepare_one(self, payload, by_sku, countries):
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
                payload["customer"], channel, countries
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


class EcrmApi(models.AbstractModel):
    _inherit = "ecrm.api"

    @api.model
    def _ecrm_openapi_schemas(self):
        schemas = super()._ecrm_openapi_schemas()
        schemas.update(
            {
                "Customer": CUSTOMER_SCHEMA,
                "Order": ORDER_SCHEMA,
                "OrderResult": ORDER_RESULT_SCHEMA,
                "OrderStatus": ORDER_STATUS_SCHEMA,
            }
        )
        return schemas

    @api.model
    def _ecrm_openapi_paths(self):
        paths = super()._ecrm_openapi_paths()
        paths.update(
            self._ecrm_openapi_create_and_status(
                "/ecrm/api/v1/orders",
                "storefront order",
                "createOrder",
                "getOrder",
                "Order",
                "OrderResult",
                "OrderStatus",
                "The order's state.",
            )
        )
        post = paths["/ecrm/api/v1/orders"]["post"]
        post["description"] += (
            " With `Prefer: respond-async` the order is checked (schema, SKUs, "
            "customer, idempotency) and answered 202 at once, then created within "
            "seconds in a batch with other queued orders: for flash sales."
        )
        post["parameters"] = [
            {
                "name": "Prefer",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "enum": ["respond-async"]},
                "description": "respond-async (RFC 7240): answer 202 and create "
                "the order in the next batch.",
            }
        ]
        post["responses"]["202"] = {
            "description": "The order was checked and queued (Prefer: "
            "respond-async), or the same order is still queued (created is "
            "false). Its state is at the Location header's URL.",
            "headers": {
                "Location": {
                    "description": "The order's status route.",
                    "schema": {"type": "string"},
                }
            },
            "content": self._ecrm_openapi_json("OrderResult"),
        }
        return paths
