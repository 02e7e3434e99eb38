# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Base of the eCRM JSON APIs: parse, validate, answer errors as JSON.

Routes of eCRM APIs are declared with ``type="http", auth="bearer", csrf=False,
ecrm_api=True`` (the last key makes a bad API key answer a JSON 401, see
``models/ir_http.py``) and call ``_ecrm_run``. The complaints API builds on it.
"""

import json
import logging

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..models.ecrm_api import EcrmApiError, validate

_logger = logging.getLogger(__name__)


class EcrmApiController(http.Controller):
    @staticmethod
    def _ecrm_json(data, status=200):
        return request.make_json_response(data, status=status)

    @classmethod
    def _ecrm_error(cls, error):
        return cls._ecrm_json(error.to_dict(), status=error.status)

    @staticmethod
    def _ecrm_read_json(schema):
        """The request's JSON body, validated against ``schema`` (400 otherwise)."""
        raw = request.httprequest.get_data(cache=True)
        try:
            payload = json.loads(raw or b"null")
        except (ValueError, UnicodeDecodeError) as error:
            raise EcrmApiError(
                400,
                "invalid_json",
                request.env._("The body is not valid JSON: %(error)s", error=error),
            ) from error
        validate(schema, payload)
        return payload

    @classmethod
    def _ecrm_run(cls, func, *args, success_status=200):
        """Run ``func`` in a savepoint: on any error nothing is written.

        ``func`` returns the answer's data, or ``(data, status)``.
        """
        try:
            with request.env.cr.savepoint():
                result = func(*args)
        except EcrmApiError as error:
            return cls._ecrm_error(error)
        except AccessError as error:
            return cls._ecrm_error(EcrmApiError(403, "forbidden", error.args[0]))
        except (UserError, ValidationError) as error:
            return cls._ecrm_error(
                EcrmApiError(
                    400, "invalid", error.args[0], getattr(error, "field", None)
                )
            )
        if isinstance(result, tuple):
            return cls._ecrm_json(*result)
        return cls._ecrm_json(result, status=success_status)
