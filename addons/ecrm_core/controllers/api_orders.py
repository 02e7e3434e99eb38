# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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
        def intake():
            payload = self._ecrm_read_json(ORDER_SCHEMA)
            data, created = request.env["sale.order"]._ecrm_api_intake(payload)
            return {**data, "created": created}, 201 if created else 200

        return self._ecrm_run(intake)

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
