# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The storefront order routes of the intake pipeline: their schemas (which
validate the requests and write the OpenAPI document) and their paths in the
document. The business side is ``sale.order``'s ``_ecrm_intake_*`` methods
(``sale_order_intake.py``)."""

from odoo import api, models

from ..const import PAYMENT_METHODS

_STRING = {"type": "string", "minLength": 1, "maxLength": 256}
# Orders a batch may carry: a marketplace page is 50 to 100 orders.
MAX_BATCH = 100

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


ORDER_BATCH_SCHEMA = {
    "type": "object",
    "required": ["orders"],
    "additionalProperties": False,
    "properties": {
        "orders": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_BATCH,
            "description": "Up to 100 orders, each as the single route takes "
            "it. Each is validated and answered on its own: a bad order never "
            "blocks the others.",
            "items": ORDER_SCHEMA,
        }
    },
}

_ERROR_BODY = {
    "type": "object",
    "nullable": True,
    "required": ["code", "message", "field"],
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "field": {"type": "string", "nullable": True},
        "error_id": {"type": "string"},
    },
}

ORDER_BATCH_RESULT_SCHEMA = {
    "type": "object",
    "required": ["results"],
    "properties": {
        "results": {
            "type": "array",
            "description": "One entry per order sent, in the same order.",
            "items": {
                "type": "object",
                "required": ["status"],
                "properties": {
                    **ORDER_RESULT_SCHEMA["properties"],
                    "status": {
                        "type": "integer",
                        "description": "What the single route would have "
                        "answered for this order: 201, 200, 202, or an error "
                        "status (400, 403, 409, 422...).",
                    },
                    "error": {
                        **_ERROR_BODY,
                        "description": "Why this order was refused.",
                    },
                },
            },
        }
    },
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
                "OrderBatch": {
                    **ORDER_BATCH_SCHEMA,
                    "properties": {
                        "orders": {
                            **ORDER_BATCH_SCHEMA["properties"]["orders"],
                            "items": {"$ref": "#/components/schemas/Order"},
                        }
                    },
                },
                "OrderBatchResult": ORDER_BATCH_RESULT_SCHEMA,
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
        paths["/ecrm/api/v1/orders/batch"] = {"post": self._ecrm_openapi_batch(post)}
        return paths

    @api.model
    def _ecrm_openapi_batch(self, single):
        json_content = self._ecrm_openapi_json
        return {
            "summary": "Send up to 100 storefront orders",
            "description": "For marketplace syncs. Each order goes through the "
            "single route's checks and idempotency and gets its own answer in "
            "`results`, in the order sent; a bad order never blocks the others. "
            "With `Prefer: respond-async` each accepted order is 202 and its "
            "state is at `/ecrm/api/v1/orders/{source}/{external_id}`.",
            "operationId": "createOrderBatch",
            "parameters": single["parameters"],
            "requestBody": {"required": True, "content": json_content("OrderBatch")},
            "responses": {
                "200": {
                    "description": "One result per order.",
                    "content": json_content("OrderBatchResult"),
                },
                **self._ecrm_openapi_error_responses(400, 401, 403, 411, 413, 415, 500),
            },
        }
