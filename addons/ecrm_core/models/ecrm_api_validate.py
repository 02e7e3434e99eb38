# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The validator of the eCRM JSON APIs and the errors they answer.

One declarative schema per route (the OpenAPI 3.0 subset of JSON Schema, written
once) feeds both this validator and the OpenAPI document, so the document says
exactly what the server accepts. Every refusal names the field at fault.
"""

import hashlib
import json
import math
import re
from datetime import UTC, datetime

from odoo import _
from odoo.exceptions import ValidationError

# The largest request body the API reads (bytes); larger ones answer 413 before
# anything is parsed. 500 order lines fit in well under a tenth of it.
MAX_BODY_BYTES = 1024 * 1024
# Deepest JSON nesting the API parses: the deepest valid body has 4 levels.
MAX_DEPTH = 32
# Largest number magnitude accepted anywhere (VND amounts, quantities).
MAX_NUMBER = 1e15
# Dates outside these years are refused: none is a real order or complaint.
MIN_YEAR, MAX_YEAR = 2000, 2100

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

    def __init__(self, status, code, message, field=None, error_id=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.error_id = error_id

    def to_dict(self):
        error = {"code": self.code, "message": self.message, "field": self.field}
        if self.error_id:
            error["error_id"] = self.error_id
        return {"error": error}


class EcrmFieldError(ValidationError):
    """A ValidationError that names the input field at fault (e.g. ``phone``)."""

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field


def printable(text):
    """``text`` safe to echo in a JSON answer and a log line: no NUL, no lone
    surrogate (a caller's unknown key may hold either)."""
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("\x00", "\\u0000")


def _path(parent, key):
    if isinstance(key, int):
        return f"{parent}[{key}]"
    key = printable(key)
    return f"{parent}.{key}" if parent else key


def _fail(field, message, code="invalid_field"):
    raise EcrmApiError(400, code, message, field or None)


def check_text(value, field):
    """Refuse a string PostgreSQL or UTF-8 cannot hold (NUL, lone surrogate)."""
    if "\x00" in value:
        _fail(field, _("%(field)s must not contain NUL characters.", field=field))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        _fail(field, _("%(field)s is not valid Unicode text.", field=field))


def load_json(raw):
    """The JSON document of ``raw`` bytes; EcrmApiError 400 if it is not one.

    NaN and Infinity are parsed, then refused by ``validate`` naming the field.
    """
    try:
        return json.loads(raw or b"null")
    except RecursionError as error:
        raise EcrmApiError(
            400,
            "invalid_json",
            _("The body is nested more than %(max)s levels deep.", max=MAX_DEPTH),
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise EcrmApiError(
            400,
            "invalid_json",
            _("The body is not valid JSON: %(error)s", error=printable(error)),
        ) from error


def validate(schema, value, field="", depth=0):
    """Check ``value`` against ``schema``; raise EcrmApiError 400 naming the field.

    Supports: type (object, array, string, integer, number, boolean), nullable,
    required, properties, additionalProperties (False), items, enum, minLength,
    maxLength, minimum, maximum, exclusiveMinimum (OpenAPI 3.0 boolean form),
    minItems, maxItems, format date-time.
    """
    if depth > MAX_DEPTH:
        _fail(field, _("%(field)s is nested too deeply.", field=field), "too_deep")
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
        checker(schema, value, field, depth)


def _check_type(kind, value, field):
    if kind in ("integer", "number"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and isinstance(value, float) and not math.isfinite(value):
            _fail(field, _("%(field)s must be a finite number.", field=field))
        if ok and abs(value) > MAX_NUMBER:
            _fail(field, _("%(field)s is out of range.", field=field))
        if kind == "integer":
            ok = ok and float(value).is_integer()
        if not ok:
            _fail(field, _("%(field)s must be a %(type)s.", field=field, type=kind))
    elif kind in _JSON_TYPES and not isinstance(value, _JSON_TYPES[kind]):
        if not field:
            _fail(field, _("The body must be a JSON object."))
        _fail(field, _("%(field)s must be of type %(type)s.", field=field, type=kind))


def _check_string(schema, value, field, _depth):
    check_text(value, field)
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
    if schema.get("format") == "date-time":
        _check_date_time(value, field)


def _check_date_time(value, field):
    moment = None
    if _DATE_TIME_RE.match(value):
        try:
            moment = parse_datetime(value)
        except (ValueError, OverflowError):
            moment = None
    if moment is None:
        _fail(
            field,
            _(
                "%(field)s must be an ISO 8601 date and time, e.g. "
                "2026-11-20T09:15:00+07:00.",
                field=field,
            ),
        )
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        _fail(
            field,
            _(
                "%(field)s must be between the years %(min)s and %(max)s.",
                field=field,
                min=MIN_YEAR,
                max=MAX_YEAR,
            ),
        )


def _check_number(schema, value, field, _depth):
    if "minimum" in schema:
        low = schema["minimum"]
        if schema.get("exclusiveMinimum") and value <= low:
            _fail(
                field,
                _("%(field)s must be greater than %(min)s.", field=field, min=low),
            )
        if value < low:
            _fail(field, _("%(field)s must be at least %(min)s.", field=field, min=low))
    if "maximum" in schema and value > schema["maximum"]:
        _fail(
            field,
            _(
                "%(field)s must be at most %(max)s.",
                field=field,
                max=schema["maximum"],
            ),
        )


def _check_array(schema, value, field, depth):
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
        validate(schema.get("items", {}), item, _path(field, index), depth + 1)


def _check_object(schema, value, field, depth):
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
            validate(sub, value[name], _path(field, name), depth + 1)


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
