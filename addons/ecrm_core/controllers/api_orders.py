# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import quote as url_quote

from odoo.http import request, route

from ..models.ecrm_api import EcrmApiError, printable
from ..models.sale_order_intake import ORDER_SCHEMA
from .api_base import API_ROUTE, EcrmApiController


class EcrmOrdersApi(EcrmApiController):
    @route("/ecrm/api/v1/orders", methods=["POST"], **API_ROUTE)
    def ecrm_api_order_create(self, **_kwargs):
        respond_async = self._ecrm_prefers_async()
        payload = None

        def intake():
            nonlocal payload
            payload = self._ecrm_read_json(ORDER_SCHEMA)
            self._ecrm_source(payload["source"])
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
        methods=["GET"],
        readonly=True,
        **API_ROUTE,
    )
    def ecrm_api_order_status(self, source, external_id, **_kwargs):
        def status():
            source_name = self._ecrm_path_param(source, "source")
            ref = self._ecrm_path_param(external_id, "external_id")
            source_name = self._ecrm_source(source_name, bind=False)
            data = source_name and request.env["sale.order"]._ecrm_api_status(
                source_name, ref
            )
            if not data:
                raise EcrmApiError(
                    404,
                    "not_found",
                    request.env._(
                        "No order %(ref)s from %(shop)s.",
                        ref=printable(external_id),
                        shop=printable(source),
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
