# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import quote as url_quote

from odoo.http import request, route

from ..models.ecrm_api import EcrmApiError
from ..models.sale_order_intake import ORDER_SCHEMA
from .api_base import EcrmApiController


class EcrmOrdersApi(EcrmApiController):
    @route(
        "/ecrm/api/v1/orders",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
        ecrm_api=True,
    )
    def ecrm_api_order_create(self, **_kwargs):
        respond_async = self._ecrm_prefers_async()
        payload = None

        def intake():
            nonlocal payload
            payload = self._ecrm_read_json(ORDER_SCHEMA)
            return request.env["sale.order"]._ecrm_api_intake(
                payload, respond_async=respond_async
            )

        response = self._ecrm_run(intake)
        if response.status_code == 202:
            # 202 also answers an order still queued, asked for or not
            if respond_async:
                response.headers["Preference-Applied"] = "respond-async"
            response.headers["Location"] = "/ecrm/api/v1/orders/{}/{}".format(
                url_quote(payload["source"].strip().lower(), safe=""),
                url_quote(payload["external_id"].strip(), safe=""),
            )
        return response

    @staticmethod
    def _ecrm_prefers_async():
        """Whether the request asks ``Prefer: respond-async`` (RFC 7240)."""
        prefer = request.httprequest.headers.get("Prefer", "")
        tokens = {token.split("=")[0].strip().lower() for token in prefer.split(",")}
        return "respond-async" in tokens

    @route(
        "/ecrm/api/v1/orders/<string:source>/<string:external_id>",
        type="http",
        auth="bearer",
        methods=["GET"],
        save_session=False,
        readonly=True,
        ecrm_api=True,
    )
    def ecrm_api_order_status(self, source, external_id, **_kwargs):
        def status():
            data = request.env["sale.order"]._ecrm_api_status(source, external_id)
            if data is None:
                raise EcrmApiError(
                    404,
                    "not_found",
                    request.env._(
                        "No order %(ref)s from %(shop)s.",
                        ref=external_id,
                        shop=source,
                    ),
                )
            return data

        return self._ecrm_run(status)

    @route(
        "/ecrm/api/v1/openapi.json",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
        readonly=True,
    )
    def ecrm_api_openapi(self, **_kwargs):
        # The document describes the API, it holds no data: public like any
        # API reference.
        return self._ecrm_json(request.env["ecrm.api"].sudo()._ecrm_openapi())
