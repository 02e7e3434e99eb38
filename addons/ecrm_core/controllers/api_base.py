# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Base of the eCRM JSON APIs: caller check, bounded body, JSON errors.

Routes of eCRM APIs are declared with ``type="http", auth="bearer", csrf=False,
ecrm_api=True`` (the last key makes a missing or bad API key, or a browser
session without a key, answer a JSON 401, see ``models/ir_http.py``) and call
``_ecrm_run``, which refuses any caller that is not an eCRM API user. The
complaints API builds on it.
"""

import logging
import uuid

import werkzeug.exceptions

from odoo import http
from odoo.exceptions import AccessDenied, AccessError, UserError, ValidationError
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from ..models.ecrm_api import (
    MAX_BODY_BYTES,
    EcrmApiError,
    check_text,
    load_json,
    printable,
    validate,
)

_logger = logging.getLogger(__name__)

UNKNOWN_ROUTE = "/ecrm/api/<path:subpath>"
# Route keys every eCRM API route shares.
API_ROUTE = {
    "type": "http",
    "auth": "bearer",
    "csrf": False,
    "save_session": False,
    "ecrm_api": True,
    # Werkzeug refuses larger form bodies before parsing them (413); JSON
    # bodies are measured by _ecrm_read_json.
    "max_content_length": MAX_BODY_BYTES,
}


def internal_error(exception):
    """A JSON 500 for an unforeseen ``exception``, logged with its traceback
    under the error id the caller is given."""
    error_id = uuid.uuid4().hex[:12]
    _logger.error(
        "eCRM API: unexpected error %s on %s %s",
        error_id,
        request.httprequest.method,
        printable(request.httprequest.path),
        exc_info=exception,
    )
    return EcrmApiError(
        500,
        "internal",
        request.env._(
            "Unexpected server error. Quote %(error_id)s to the eCRM team.",
            error_id=error_id,
        ),
        error_id=error_id,
    )


class EcrmApiController(http.Controller):
    @staticmethod
    def _ecrm_json(data, status=200):
        return request.make_json_response(data, status=status)

    @classmethod
    def _ecrm_error(cls, error):
        return cls._ecrm_json(error.to_dict(), status=error.status)

    @staticmethod
    def _ecrm_read_json(schema):
        """The request's JSON body, validated against ``schema`` (if any).

        415 unless sent as application/json; 411 without Content-Length; 413
        beyond MAX_BODY_BYTES, before anything is read; 400 naming the field
        otherwise.
        """
        httprequest = request.httprequest
        if httprequest.mimetype != "application/json":
            raise EcrmApiError(
                415,
                "unsupported_media_type",
                request.env._(
                    "Send the body as JSON (Content-Type: application/json)."
                ),
                "Content-Type",
            )
        length = httprequest.content_length
        if length is not None and length > MAX_BODY_BYTES:
            raise EcrmApiError(
                413,
                "too_large",
                request.env._(
                    "The body is larger than %(max)s bytes.", max=MAX_BODY_BYTES
                ),
            )
        if length is None:
            # A body of unknown length (chunked) is never read: it could be
            # endless.
            raise EcrmApiError(
                411,
                "length_required",
                request.env._("Send the body with a Content-Length header."),
                "Content-Length",
            )
        payload = load_json(httprequest.get_data(cache=True))
        if schema is not None:
            validate(schema, payload)
        return payload

    @staticmethod
    def _ecrm_path_param(value, field):
        """A path segment checked like a body field (no NUL, at most 128)."""
        check_text(value, field)
        value = value.strip()
        if not value or len(value) > 128:
            raise EcrmApiError(
                400,
                "invalid_field",
                request.env._("%(field)s must have 1 to 128 characters.", field=field),
                field,
            )
        return value

    @staticmethod
    def _ecrm_source(source, bind=True):
        """The caller's ``source`` (see ``ecrm.api._ecrm_api_bind_source``)."""
        return request.env["ecrm.api"]._ecrm_api_bind_source(source, bind=bind)

    @staticmethod
    def _ecrm_read_body():
        """The request's JSON body, not validated (see ``_ecrm_read_json``):
        the intake pipeline validates each item against its route's schema."""
        return EcrmApiController._ecrm_read_json(None)

    @classmethod
    def _ecrm_intake_route(cls, model_name, respond_async=False):
        """The answer of a route that takes one record into ``model_name``
        through the intake pipeline (``ecrm.api._ecrm_intake``)."""

        def intake():
            return request.env["ecrm.api"]._ecrm_intake_one(
                model_name, cls._ecrm_read_body(), respond_async
            )

        return cls._ecrm_run(intake)

    @classmethod
    def _ecrm_status_route(cls, model_name, source, external_id, not_found):
        """The answer of a status route ``<path>/<source>/<external_id>``:
        ``model_name._ecrm_intake_status`` of the caller's own record, or a
        404 with the message ``not_found(ref, source)``."""

        def status():
            source_name = cls._ecrm_path_param(source, "source")
            ref = cls._ecrm_path_param(external_id, "external_id")
            source_name = cls._ecrm_source(source_name, bind=False)
            data = source_name and request.env[model_name]._ecrm_intake_status(
                source_name, ref
            )
            if not data:
                raise EcrmApiError(
                    404,
                    "not_found",
                    not_found(printable(external_id), printable(source)),
                )
            return data

        return cls._ecrm_run(status)

    @classmethod
    def _ecrm_run(cls, func, *args, success_status=200):
        """Check the caller, then run ``func`` in a savepoint: on any error
        nothing is written, and the answer is JSON whatever happens.

        ``func`` returns the answer's data, or ``(data, status)``.
        """
        try:
            with request.env.cr.savepoint():
                request.env["ecrm.api"]._ecrm_api_check_caller()
                result = func(*args)
        except EcrmApiError as error:
            return cls._ecrm_error(error)
        except (AccessError, AccessDenied) as error:
            return cls._ecrm_error(
                EcrmApiError(403, "forbidden", printable(error.args[0]))
            )
        except (UserError, ValidationError) as error:
            return cls._ecrm_error(
                EcrmApiError(
                    400,
                    "invalid",
                    printable(error.args[0]),
                    getattr(error, "field", None),
                )
            )
        except werkzeug.exceptions.RequestEntityTooLarge:
            return cls._ecrm_error(
                EcrmApiError(
                    413,
                    "too_large",
                    request.env._(
                        "The body is larger than %(max)s bytes.", max=MAX_BODY_BYTES
                    ),
                )
            )
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise  # Odoo retries the whole request
        except Exception as error:  # noqa: BLE001 -- the API never answers HTML
            return cls._ecrm_error(internal_error(error))
        if isinstance(result, tuple):
            return cls._ecrm_json(*result)
        return cls._ecrm_json(result, status=success_status)

    @http.route(
        UNKNOWN_ROUTE,
        type="http",
        auth="none",
        csrf=False,
        save_session=False,
    )
    def ecrm_api_unknown(self, subpath, **_kwargs):
        """Every other path under /ecrm/api/, and a known path asked with
        another method: a JSON 404 or 405, never the website's HTML page."""
        httprequest = request.httprequest
        router = http.root.get_db_router(request.db).bind("")
        allowed = set()
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            try:
                endpoint, _args = router.match(httprequest.path, method=method)
            except werkzeug.exceptions.HTTPException:
                continue
            if UNKNOWN_ROUTE not in endpoint.routing["routes"]:
                allowed.add(method)
        if allowed:
            response = self._ecrm_error(
                EcrmApiError(
                    405,
                    "method_not_allowed",
                    request.env._(
                        "Use %(methods)s on this path.",
                        methods=", ".join(sorted(allowed)),
                    ),
                )
            )
            response.headers["Allow"] = ", ".join(sorted(allowed))
            return response
        return self._ecrm_error(
            EcrmApiError(404, "not_found", request.env._("No such API route."))
        )
