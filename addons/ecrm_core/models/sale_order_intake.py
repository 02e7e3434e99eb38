# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Storefront order intake: the model side of ``POST /ecrm/api/v1/orders``."""

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .ecrm_api import EcrmApiError, EcrmFieldError, parse_datetime, payload_hash
from .ecrm_channel import CHANNELS
from .sale_order import PAYMENT_METHODS

MARKETPLACES = ("shopee", "lazada", "tiki", "tiktok", "sendo")
_STRING = {"type": "string", "minLength": 1, "maxLength": 256}

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
                    "qty": {"type": "number", "exclusiveMinimum": 0},
                    "price_unit": {"type": "number", "minimum": 0},
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
        "order_id": {"type": "integer"},
        "name": {"type": "string"},
        "partner_id": {"type": "integer"},
        "created": {"type": "boolean"},
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
            "enum": ["to_confirm", "confirmed", "cancelled", "delivered"],
        },
        "cancel_reason": {
            "type": "object",
            "nullable": True,
            "properties": {
                "code": {"type": "string", "nullable": True},
                "name": {"type": "string"},
            },
        },
        "amount_total": {"type": "number"},
        "currency": {"type": "string"},
    },
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _ecrm_api_intake(self, payload):
        """Create the order described by a storefront ``payload`` (validated).

        Idempotent on (source, external id) per company: returns
        ``(order_values, created)``. Raises EcrmApiError (409 same reference with
        other content, 422 unknown SKU, 400 bad customer data). Runs in the
        caller's savepoint: on error nothing is written.
        """
        source = payload["source"].strip().lower()
        external_id = payload["external_id"].strip()
        digest = payload_hash(payload)
        self.env["ecrm.api"]._ecrm_lock_external_ref(self._name, source, external_id)
        existing = self._ecrm_find_external(source, external_id)
        if existing:
            return self._ecrm_api_existing(existing, digest)
        try:
            # The duplicate key below is expected when two workers race: no
            # "bad query" error in the log for it.
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                order = self._ecrm_api_create(payload, source, external_id, digest)
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != "sale_order_ecrm_external_ref_unique":
                raise
            # Another worker committed the same reference after this
            # transaction's snapshot: read it in a fresh transaction.
            with self.env.registry.cursor() as cr:
                cr.execute(
                    """SELECT id, name, partner_id, ecrm_payload_hash
                         FROM sale_order
                        WHERE company_id = %s AND ecrm_source = %s
                          AND ecrm_external_id = %s""",
                    [self.env.company.id, source, external_id],
                )
                row = cr.fetchone()
            if not row:
                raise
            return self._ecrm_api_existing(
                {"id": row[0], "name": row[1], "partner_id": row[2], "hash": row[3]},
                digest,
            )
        return {
            "order_id": order.id,
            "name": order.name,
            "partner_id": order.partner_id.id,
        }, True

    @api.model
    def _ecrm_find_external(self, source, external_id):
        # sudo: a storefront must learn that its reference is taken even when
        # another storefront's technical user created that order.
        order = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", self.env.company.id),
                    ("ecrm_source", "=", source),
                    ("ecrm_external_id", "=", external_id),
                ],
                limit=1,
            )
        )
        if not order:
            return None
        return {
            "id": order.id,
            "name": order.name,
            "partner_id": order.partner_id.id,
            "hash": order.ecrm_payload_hash,
        }

    @api.model
    def _ecrm_api_existing(self, existing, digest):
        if existing["hash"] != digest:
            raise EcrmApiError(
                409,
                "conflict",
                _(
                    "Order %(ref)s was already received with different content "
                    "(%(name)s). Send a new external_id for a new order.",
                    ref=existing["name"],
                    name=existing["name"],
                ),
                "external_id",
            )
        return {
            "order_id": existing["id"],
            "name": existing["name"],
            "partner_id": existing["partner_id"],
        }, False

    @api.model
    def _ecrm_api_channel(self, source):
        channels = dict(CHANNELS)
        if source in channels:
            return source
        if source in MARKETPLACES:
            return "marketplace"
        return "api"

    @api.model
    def _ecrm_api_create(self, payload, source, external_id, digest):
        lines = payload["lines"]
        skus = {line["sku"].strip() for line in lines}
        products = self.env["product.product"].search(
            [("default_code", "in", list(skus)), ("sale_ok", "=", True)]
        )
        by_sku = {product.default_code: product for product in products}
        for index, line in enumerate(lines):
            if line["sku"].strip() not in by_sku:
                raise EcrmApiError(
                    422,
                    "unknown_sku",
                    _("Unknown SKU %(sku)s.", sku=line["sku"]),
                    f"lines[{index}].sku",
                )
        channel = self._ecrm_api_channel(source)
        try:
            partner = self.env["res.partner"]._ecrm_find_or_create_customer(
                payload["customer"], channel
            )
        except EcrmFieldError as error:
            raise EcrmApiError(
                400, "invalid_field", error.args[0], f"customer.{error.field}"
            ) from error
        except ValidationError as error:
            raise EcrmApiError(
                400, "invalid_field", error.args[0], "customer"
            ) from error
        vals = {
            "partner_id": partner.id,
            # No salesperson: the storefront's technical user is not one.
            "user_id": False,
            "ecrm_sales_channel": channel,
            "ecrm_source": source,
            "ecrm_external_id": external_id,
            "ecrm_payload_hash": digest,
            "ecrm_payment_method": payload.get("payment_method", "cod"),
            "ecrm_paid": payload.get("paid", False),
            "ecrm_telesales_state": "to_call",
            "ecrm_queue_date": fields.Datetime.now(),
            "client_order_ref": external_id,
            "origin": source,
            "order_line": [
                (0, 0, self._ecrm_api_line_vals(by_sku[line["sku"].strip()], line))
                for line in lines
            ],
        }
        if payload.get("date"):
            vals["date_order"] = parse_datetime(payload["date"])
        utm = payload.get("utm") or {}
        Mixin = self.env["utm.mixin"]
        for key, fname, model in (
            ("campaign", "campaign_id", "utm.campaign"),
            ("source", "source_id", "utm.source"),
            ("medium", "medium_id", "utm.medium"),
        ):
            if (utm.get(key) or "").strip():
                vals[fname] = Mixin._find_or_create_record(model, utm[key]).id
        # The storefront's technical user does not follow the orders it sends,
        # and a "created" note in the chatter would only repeat the order's
        # source and date (one message and its notifications less per order).
        return self.with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True
        ).create(vals)

    @api.model
    def _ecrm_api_line_vals(self, product, line):
        vals = {"product_id": product.id, "product_uom_qty": line["qty"]}
        if "price_unit" in line:
            vals["price_unit"] = line["price_unit"]
        return vals

    @api.model
    def _ecrm_api_status(self, source, external_id):
        """The state of a storefront order, as the API answers it, or None."""
        order = self.search(
            [
                ("company_id", "=", self.env.company.id),
                ("ecrm_source", "=", source.strip().lower()),
                ("ecrm_external_id", "=", external_id.strip()),
            ],
            limit=1,
        )
        if not order:
            return None
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
        return paths
