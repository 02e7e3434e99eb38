# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request


class ComplaintWebForm(http.Controller):
    """The public complaint form of the shop's website."""

    def _form_values(self, **kw):
        return {
            "categories": request.env["helpdesk.ticket.category"]
            .sudo()  # sudo: public visitors read the portal categories
            .search([("show_in_portal", "=", True), ("ecrm_code", "!=", False)]),
            "values": kw,
            "error": kw.get("error"),
        }

    @http.route("/complaint", type="http", auth="public", website=True, sitemap=True)
    def complaint_form(self, **kw):
        return request.render("ecrm_service.complaint_form", self._form_values(**kw))

    @http.route(
        "/complaint/submit",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def complaint_submit(self, **kw):
        try:
            ticket = request.env["helpdesk.ticket"]._ecrm_create_from_web_form(kw)
        except UserError as error:
            return request.render(
                "ecrm_service.complaint_form",
                self._form_values(**dict(kw, error=error.args[0])),
            )
        return request.render("ecrm_service.complaint_thanks", {"ticket": ticket})
