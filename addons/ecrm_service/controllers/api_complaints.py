# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request, route

from odoo.addons.ecrm_core.controllers.api_base import EcrmApiController
from odoo.addons.ecrm_core.models.ecrm_api import EcrmApiError

from ..models.ecrm_api import COMPLAINT_SCHEMA
from ..models.helpdesk_ticket_api import ComplaintApiError


class EcrmComplaintsApi(EcrmApiController):
    """Complaints from bridges, on the order API's terms (auth, idempotency,
    errors, OpenAPI)."""

    @route(
        "/ecrm/api/v1/complaints",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
        ecrm_api=True,
    )
    def ecrm_api_complaint_create(self, **_kwargs):
        def intake():
            payload = self._ecrm_read_json(COMPLAINT_SCHEMA)
            # Two identical requests at the same moment create one ticket.
            request.env["ecrm.api"]._ecrm_lock_external_ref(
                "helpdesk.ticket", payload["source"], payload["external_id"]
            )
            try:
                ticket, created = request.env["helpdesk.ticket"]._ecrm_api_upsert(
                    payload
                )
            except ComplaintApiError as error:
                raise EcrmApiError(
                    error.status, error.code, error.args[0], error.field
                ) from error
            return ticket._ecrm_api_answer(created), 201 if created else 200

        return self._ecrm_run(intake)

    @route(
        "/ecrm/api/v1/complaints/<string:source>/<string:external_id>",
        type="http",
        auth="bearer",
        methods=["GET"],
        save_session=False,
        readonly=True,
        ecrm_api=True,
    )
    def ecrm_api_complaint_status(self, source, external_id, **_kwargs):
        def status():
            ticket = request.env["helpdesk.ticket"]._ecrm_api_find(source, external_id)
            if not ticket:
                raise EcrmApiError(
                    404,
                    "not_found",
                    request.env._(
                        "No complaint %(ref)s from %(origin)s.",
                        ref=external_id,
                        origin=source,
                    ),
                )
            return ticket._ecrm_api_answer()

        return self._ecrm_run(status)
