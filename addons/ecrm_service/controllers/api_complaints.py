# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request, route

from odoo.addons.ecrm_core.controllers.api_base import API_ROUTE, EcrmApiController
from odoo.addons.ecrm_core.models.ecrm_api import EcrmApiError, printable

from ..models.ecrm_api import COMPLAINT_SCHEMA


class EcrmComplaintsApi(EcrmApiController):
    """Complaints from bridges, on the order API's terms (caller check, source
    binding, idempotency, errors, OpenAPI), all from ``ecrm.api``."""

    @route("/ecrm/api/v1/complaints", methods=["POST"], **API_ROUTE)
    def ecrm_api_complaint_create(self, **_kwargs):
        def intake():
            payload = self._ecrm_read_json(COMPLAINT_SCHEMA)
            self._ecrm_source(payload["source"])
            return request.env["helpdesk.ticket"]._ecrm_api_intake(payload)

        return self._ecrm_run(intake)

    @route(
        "/ecrm/api/v1/complaints/<string:source>/<string:external_id>",
        methods=["GET"],
        readonly=True,
        **API_ROUTE,
    )
    def ecrm_api_complaint_status(self, source, external_id, **_kwargs):
        def status():
            source_name = self._ecrm_path_param(source, "source")
            ref = self._ecrm_path_param(external_id, "external_id")
            source_name = self._ecrm_source(source_name, bind=False)
            Ticket = request.env["helpdesk.ticket"]
            ticket = source_name and Ticket._ecrm_api_find(source_name, ref)
            if not ticket:
                raise EcrmApiError(
                    404,
                    "not_found",
                    request.env._(
                        "No complaint %(ref)s from %(origin)s.",
                        ref=printable(external_id),
                        origin=printable(source),
                    ),
                )
            return ticket._ecrm_api_answer()

        return self._ecrm_run(status)
