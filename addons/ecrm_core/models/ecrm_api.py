# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plumbing shared by every eCRM JSON API (storefront orders, complaints...).

One declarative schema per route (a subset of JSON Schema, written once) feeds both
the validator and the OpenAPI document, so the document says exactly what the
server accepts. Other addons add their routes by extending
``ecrm.api._ecrm_openapi_paths()`` and ``_ecrm_openapi_schemas()``.
"""

import hashlib
import json
import re
from datetime import UTC, datetime

from odoo import _, api, models
from odoo.exceptions import ValidationError

_DATE_TIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
}


class EcrmApiError(Exception):
    """An API error answered as ``{"error": {"code", "message", "field"}}``."""

    def __init__(self, status, code, message, field=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field

    def to_dict(self):
        return {
            "error": {"code": self.code, "message": self.message, "field": self.field}
        }


class EcrmFieldError(ValidationError):
    """A ValidationError that names the input field at fault (e.g. ``phone``)."""

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field


def _path(parent, key):
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _fail(field, message, code="invalid_field"):
    raise EcrmApiError(400, code, message, field or None)


def validate(schema, value, field=""):
    """Check ``value`` against ``schema``; raise EcrmApiError 400 naming the field.

    Supports: type (object, array, string, integer, number, boolean), nullable,
    required, properties, additionalProperties (False), items, enum, minLength,
    maxLength, minimum, exclusiveMinimum, minItems, maxItems, format date-time.
    """
    if value is None:
        if schema.get("nullable"):
            return
        if field:
            _fail(field, _("%(field)s must not be null.", field=field))
        _fail(field, _("The body must be a JSON object."))
    kind = schema.get("type")
    _check_type(kind, value, field)
    if "enum" in schema and value not in schema["enum"]:
        _fail(
            field,
            _(
                "%(field)s must be one of: %(values)s.",
                field=field,
                values=", ".join(str(v) for v in schema["enum"]),
            ),
        )
    checker = {
        "string": _check_string,
        "integer": _check_number,
        "number": _check_number,
        "array": _check_array,
        "object": _check_object,
    }.get(kind)
    if checker:
        checker(schema, value, field)


def _check_type(kind, value, field):
    if kind in ("integer", "number"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if kind == "integer":
            ok = ok and float(value).is_integer()
        if not ok:
            _fail(field, _("%(field)s must be a %(type)s.", field=field, type=kind))
    elif kind in _JSON_TYPES and not isinstance(value, _JSON_TYPES[kind]):
        if not field:
            _fail(field, _("The body must be a JSON object."))
        _fail(field, _("%(field)s must be of type %(type)s.", field=field, type=kind))


def _check_string(schema, value, field):
    if len(value.strip()) < schema.get("minLength", 0):
        _fail(field, _("%(field)s is required and must not be empty.", field=field))
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        _fail(
            field,
            _(
                "%(field)s is longer than %(max)s characters.",
                field=field,
                max=schema["maxLength"],
            ),
        )
    if schema.get("format") == "date-time" and not _DATE_TIME_RE.match(value):
        _fail(
            field,
            _(
                "%(field)s must be an ISO 8601 date and time, e.g. "
                "2026-11-20T09:15:00+07:00.",
                field=field,
            ),
        )


def _check_number(schema, value, field):
    if "minimum" in schema and value < schema["minimum"]:
        _fail(
            field,
            _(
                "%(field)s must be at least %(min)s.",
                field=field,
                min=schema["minimum"],
            ),
        )
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        _fail(
            field,
            _(
                "%(field)s must be greater than %(min)s.",
                field=field,
                min=schema["exclusiveMinimum"],
            ),
        )


def _check_array(schema, value, field):
    if len(value) < schema.get("minItems", 0):
        _fail(
            field,
            _(
                "%(field)s needs at least %(min)s item(s).",
                field=field,
                min=schema["minItems"],
            ),
        )
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        _fail(
            field,
            _(
                "%(field)s has more than %(max)s items.",
                field=field,
                max=schema["maxItems"],
            ),
        )
    for index, item in enumerate(value):
        validate(schema.get("items", {}), item, _path(field, index))


def _check_object(schema, value, field):
    properties = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            path = _path(field, name)
            _fail(path, _("%(field)s is required.", field=path), "missing_field")
    if schema.get("additionalProperties") is False:
        for name in value:
            if name not in properties:
                path = _path(field, name)
                _fail(
                    path,
                    _("%(field)s is not a known field.", field=path),
                    "unknown_field",
                )
    for name, sub in properties.items():
        if name in value:
            validate(sub, value[name], _path(field, name))


def parse_datetime(value):
    """Naive UTC datetime of an ISO 8601 string (already validated)."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T"))
    if parsed.tzinfo:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def payload_hash(payload):
    """SHA-256 of the canonical JSON form of ``payload`` (key order ignored)."""
    canonical = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "field"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string", "nullable": True},
            },
        }
    },
}


class EcrmApi(models.AbstractModel):
    _name = "ecrm.api"
    _description = "eCRM JSON API helpers"

    @api.model
    def _ecrm_openapi_schemas(self):
        """Component schemas; extend with ``super()`` and add yours."""
        return {"Error": ERROR_SCHEMA}

    @api.model
    def _ecrm_openapi_paths(self):
        """OpenAPI path items; extend with ``super()`` and add your routes."""
        return {}

    @api.model
    def _ecrm_openapi_error_responses(self, *statuses):
        descriptions = {
            400: "Malformed body: the field at fault is named.",
            401: "Missing or invalid API key.",
            403: "The API key's user may not do this.",
            404: "Not found.",
            409: "The same external id was already sent with different content.",
            422: "Well-formed but refers to unknown data (e.g. an unknown SKU).",
        }
        ref = {"$ref": "#/components/schemas/Error"}
        return {
            str(status): {
                "description": descriptions[status],
                "content": {"application/json": {"schema": ref}},
            }
            for status in statuses
        }

    @api.model
    def _ecrm_openapi_json(self, schema_name):
        """A JSON body or answer of the component schema ``schema_name``."""
        return {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{schema_name}"}
            }
        }

    @api.model
    def _ecrm_openapi_create_and_status(
        self, path, noun, create_op, status_op, schema, result, status, status_text
    ):
        """The two routes of an intake: POST ``path`` (idempotent on source and
        external_id) and GET ``path/{source}/{external_id}``."""
        json_content = self._ecrm_openapi_json
        return {
            path: {
                "post": {
                    "summary": f"Send a {noun}",
                    "description": f"Idempotent on (source, external_id): the same "
                    f"{noun} sent again answers 200 with the same record.",
                    "operationId": create_op,
                    "requestBody": {"required": True, "content": json_content(schema)},
                    "responses": {
                        "201": {
                            "description": f"The {noun} was created.",
                            "content": json_content(result),
                        },
                        "200": {
                            "description": f"The {noun} was already received "
                            "(created is false).",
                            "content": json_content(result),
                        },
                        **self._ecrm_openapi_error_responses(400, 401, 403, 409, 422),
                    },
                }
            },
            f"{path}/{{source}}/{{external_id}}": {
                "get": {
                    "summary": f"State of a {noun}",
                    "operationId": status_op,
                    "parameters": [
                        {
                            "name": name,
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                        for name in ("source", "external_id")
                    ],
                    "responses": {
                        "200": {
                            "description": status_text,
                            "content": json_content(status),
                        },
                        **self._ecrm_openapi_error_responses(401, 404),
                    },
                }
            },
        }

    @api.model
    def _ecrm_openapi(self):
        """The OpenAPI 3.0 document of every eCRM API route."""
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        return {
            "openapi": "3.0.3",
            "info": {
                "title": "eCRM API",
                "version": "1.0.0",
                "description": "Storefronts and bridges send orders and complaints "
                "to eCRM. Authenticate with an Odoo API key: "
                "`Authorization: Bearer <key>`.",
            },
            "servers": [{"url": base_url or "/"}],
            "security": [{"bearerAuth": []}],
            "paths": self._ecrm_openapi_paths(),
            "components": {
                "securitySchemes": {
                    "bearerAuth": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "An Odoo API key of the storefront's "
                        "technical user.",
                    }
                },
                "schemas": self._ecrm_openapi_schemas(),
            },
        }

    @api.model
    def _ecrm_lock_external_ref(self, model_name, source, external_id):
        """Serialise the intake of one (source, external id) across workers."""
        key = f"{model_name}|{self.env.company.id}|{source}|{external_id}"
        self.env.cr.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key]
        )
