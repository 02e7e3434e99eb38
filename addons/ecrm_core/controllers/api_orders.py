# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import quote as url_quote

from odoo.http import request, route

from ..models.ecrm_api import EcrmApiError, validate
from ..models.ecrm_api_orders import ORDER_BATCH_SCHEMA
from .api_base import API_ROUTE, EcrmApiController

# The batch body as the route reads it: the list is checked here, each order
# by the intake pipeline, so that one bad order never blocks the others.
BATCH_ENVELOPE = {
    **ORDER_BATCH_SCHEMA,
    "properties": {
        "orders": {
            **ORDER_BATCH_SCHEMA["properties"]["orders"],
            "items": {"nullable": True},
        },
    },
}


class EcrmOrdersApi(EcrmApiController):
    @route("/ecrm/api/v1/orders", methods=["POST"], **API_ROUTE)
    def ecrm_api_order_create(self, **_kwargs):
        respond_async = self._ecrm_prefers_async()
        response = self._ecrm_intake_route("sale.order", respond_async)
        if response.status_code == 202:
            # 202 also answers an order still queued, asked for or not
            if respond_async:
                response.headers["Preference-Applied"] = "respond-async"
            payload = self._ecrm_read_body()
            response.headers["Location"] = "/ecrm/api/v1/orders/{}/{}".format(
                url_quote(payload["source"].strip().lower(), safe=""),
                url_quote(payload["external_id"].strip(), safe=""),
            )
        return response

    @route("/ecrm/api/v1/orders/batch", methods=["POST"], **API_ROUTE)
    def ecrm_api_order_batch(self, **_kwargs):
        respond_async = self._ecrm_prefers_async()

        def intake():
            body = self._ecrm_read_body()
            validate(BATCH_ENVELOPE, body)
            results = request.env["sale.order"]._ecrm_api_intake_batch(
                body["orders"], respond_async
            )
            return {"results": [self._ecrm_batch_entry(r) for r in results]}

        response = self._ecrm_run(intake)
        if respond_async and response.status_code == 200:
            response.headers["Preference-Applied"] = "respond-async"
        return response

    @staticmethod
    def _ecrm_batch_entry(result):
        if isinstance(result, EcrmApiError):
            return {**result.to_dict(), "status": result.status}
        answer, status = result
        return {**answer, "status": status}

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
        return self._ecrm_status_route(
            "sale.order",
            source,
            external_id,
            lambda ref, shop: request.env._(
                "No order %(ref)s from %(shop)s.", ref=ref, shop=shop
            ),
        )

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
