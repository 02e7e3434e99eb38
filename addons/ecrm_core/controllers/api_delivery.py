# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request, route

from ..models.ecrm_api import EcrmApiError, printable
from ..models.sale_order_delivery import DELIVERY_EVENT_SCHEMA
from .api_base import API_ROUTE, EcrmApiController


class EcrmDeliveryApi(EcrmApiController):
    @route(
        "/ecrm/api/v1/orders/<string:source>/<string:external_id>/delivery",
        methods=["POST"],
        **API_ROUTE,
    )
    def ecrm_api_order_delivery(self, source, external_id, **_kwargs):
        def record():
            source_name = self._ecrm_path_param(source, "source")
            ref = self._ecrm_path_param(external_id, "external_id")
            payload = self._ecrm_read_json(DELIVERY_EVENT_SCHEMA)
            # Same caller rules as the order routes: another user's source is
            # 403; a source nobody holds has no order of the caller's.
            source_name = self._ecrm_source(source_name, bind=False)
            if not source_name:
                raise EcrmApiError(
                    404,
                    "not_found",
                    request.env._(
                        "No order %(ref)s from %(shop)s.",
                        ref=printable(ref),
                        shop=printable(source),
                    ),
                    "external_id",
                )
            return request.env["sale.order"]._ecrm_api_delivery(
                source_name, ref, payload
            )

        return self._ecrm_run(record)
