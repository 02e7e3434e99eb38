# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request, route

from odoo.addons.ecrm_core.controllers.api_base import API_ROUTE, EcrmApiController


class EcrmComplaintsApi(EcrmApiController):
    """Complaints from bridges, through the intake pipeline the storefront
    orders use (caller check, source binding, idempotency, errors, OpenAPI)."""

    @route("/ecrm/api/v1/complaints", methods=["POST"], **API_ROUTE)
    def ecrm_api_complaint_create(self, **_kwargs):
        return self._ecrm_intake_route("helpdesk.ticket")

    @route(
        "/ecrm/api/v1/complaints/<string:source>/<string:external_id>",
        methods=["GET"],
        readonly=True,
        **API_ROUTE,
    )
    def ecrm_api_complaint_status(self, source, external_id, **_kwargs):
        return self._ecrm_status_route(
            "helpdesk.ticket",
            source,
            external_id,
            lambda ref, origin: request.env._(
                "No complaint %(ref)s from %(origin)s.", ref=ref, origin=origin
            ),
        )
