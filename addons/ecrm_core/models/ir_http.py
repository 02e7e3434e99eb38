# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

import werkzeug.exceptions

from odoo import models
from odoo.exceptions import AccessDenied
from odoo.http import SessionExpiredException, request

from .ecrm_api import EcrmApiError

API_PREFIX = "/ecrm/api/"
_BEARER_RE = re.compile(r"^bearer\s+\S", re.IGNORECASE)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _authenticate(cls, endpoint):
        """eCRM API routes take an API key only: a missing or bad key, or a
        browser session without one (a logged-in user following a link),
        answers a JSON 401."""
        if not endpoint.routing.get("ecrm_api"):
            return super()._authenticate(endpoint)
        try:
            if not _BEARER_RE.match(
                request.httprequest.headers.get("Authorization", "")
            ):
                raise werkzeug.exceptions.Unauthorized()
            return super()._authenticate(endpoint)
        except (
            werkzeug.exceptions.Unauthorized,
            AccessDenied,
            SessionExpiredException,
        ) as exc:
            error = EcrmApiError(
                401,
                "unauthorized",
                request.env._(
                    "Missing or invalid API key: send 'Authorization: Bearer <key>'."
                ),
            )
            exc.error_response = request.make_json_response(
                error.to_dict(),
                headers=[("WWW-Authenticate", 'Bearer realm="ecrm"')],
                status=401,
            )
            raise

    @classmethod
    def _handle_error(cls, exception):
        """Under /ecrm/api/ every error is JSON, never the website's HTML page:
        HTTP errors keep their status, anything else is a JSON 500 whose error
        id is logged with the traceback."""
        if not request.httprequest.path.startswith(API_PREFIX):
            return super()._handle_error(exception)
        # Imported here: the controller imports this module's siblings.
        from ..controllers.api_base import internal_error

        if (
            isinstance(exception, werkzeug.exceptions.HTTPException)
            and (exception.code or 500) < 500
        ):
            error = EcrmApiError(
                exception.code,
                re.sub(r"\W+", "_", exception.name.lower()).strip("_"),
                exception.description or exception.name,
            )
        else:
            error = internal_error(exception)
        return request.make_json_response(error.to_dict(), status=error.status)
