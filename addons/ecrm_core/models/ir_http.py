# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import werkzeug.exceptions

from odoo import models
from odoo.exceptions import AccessDenied
from odoo.http import SessionExpiredException, request

from .ecrm_api import EcrmApiError


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _authenticate(cls, endpoint):
        """eCRM API routes answer a bad or missing key with a JSON 401."""
        try:
            return super()._authenticate(endpoint)
        except (
            werkzeug.exceptions.Unauthorized,
            AccessDenied,
            SessionExpiredException,
        ) as exc:
            if not endpoint.routing.get("ecrm_api"):
                raise
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
