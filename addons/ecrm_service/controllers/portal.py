# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class ComplaintPortal(http.Controller):
    """Suppliers answer escalated complaints and customers rate settled ones,
    both on helpdesk_mgmt's portal ticket page."""

    def _ticket_or_none(self, ticket_id):
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
            ticket.number  # noqa: B018 - raises MissingError when deleted
        except (AccessError, MissingError):
            return None
        return ticket

    def _back(self, ticket_id, error=None):
        url = f"/my/ticket/{ticket_id}"
        if error:
            url += "?" + url_encode({"ecrm_error": error})
        return request.redirect(url)

    @http.route(
        "/my/ticket/<int:ticket_id>/supplier_answer",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def ecrm_supplier_answer(self, ticket_id, answer=None, **kw):
        ticket = self._ticket_or_none(ticket_id)
        if ticket is None:
            raise request.not_found() from None
        try:
            ticket.ecrm_action_supplier_answer(answer)
        except AccessError:
            raise request.not_found() from None
        except UserError as error:
            return self._back(ticket_id, error.args[0])
        return self._back(ticket_id)

    @http.route(
        "/my/ticket/<int:ticket_id>/rate",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def ecrm_rate(self, ticket_id, score=None, feedback=None, **kw):
        ticket = self._ticket_or_none(ticket_id)
        if ticket is None:
            raise request.not_found() from None
        try:
            ticket.ecrm_action_rate(int(score or 0), feedback)
        except AccessError:
            raise request.not_found() from None
        except (UserError, ValueError) as error:
            return self._back(ticket_id, str(error.args[0]))
        return self._back(ticket_id)


class ComplaintTicketController(HelpdeskTicketController):
    @http.route()
    def support_ticket_close(self, **kw):
        """helpdesk_mgmt closes whatever ticket id it is given, as superuser: only
        the complaint's customer (or staff who may edit it) closes it here, and a
        refusal (no resolution yet) is shown on the page instead of a crash."""
        try:
            ticket_id = int(kw.get("ticket_id") or 0)
        except ValueError:
            raise request.not_found() from None
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        user = request.env.user
        try:
            ticket.check_access("read")
            if user._is_internal():
                ticket.check_access("write")
            elif user.commercial_partner_id != ticket.commercial_partner_id:
                raise AccessError(ticket_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        try:
            with request.env.cr.savepoint():
                return super().support_ticket_close(**kw)
        except UserError as error:
            return request.redirect(
                f"/my/ticket/{ticket_id}?" + url_encode({"ecrm_error": error.args[0]})
            )
