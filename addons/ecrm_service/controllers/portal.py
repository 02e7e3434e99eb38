# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ComplaintPortal(CustomerPortal):
    """Suppliers answer the complaints escalated to their company on their own
    pages (``ecrm.supplier.complaint``, no customer data); customers rate settled
    complaints on helpdesk_mgmt's portal ticket page."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "ecrm_supplier_complaint_count" in counters:
            Complaint = request.env["ecrm.supplier.complaint"]
            values["ecrm_supplier_complaint_count"] = (
                Complaint.search_count([]) if Complaint.has_access("read") else 0
            )
        return values

    def _ecrm_supplier_complaint(self, complaint_id):
        """The complaint if it was escalated to the caller's company (record rule),
        else an empty recordset."""
        Complaint = request.env["ecrm.supplier.complaint"]
        if not Complaint.has_access("read"):
            return Complaint
        return Complaint.search([("id", "=", complaint_id)], limit=1)

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
        ["/my/supplier_complaints", "/my/supplier_complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def ecrm_supplier_complaints(self, page=1, **kw):
        Complaint = request.env["ecrm.supplier.complaint"]
        if not Complaint.has_access("read"):
            return request.redirect("/my")
        pager = portal_pager(
            url="/my/supplier_complaints",
            total=Complaint.search_count([]),
            page=page,
            step=self._items_per_page,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": Complaint.search(
                    [], limit=self._items_per_page, offset=pager["offset"]
                ),
                "pager": pager,
                "page_name": "ecrm_supplier_complaints",
                "default_url": "/my/supplier_complaints",
            }
        )
        return request.render("ecrm_service.portal_my_supplier_complaints", values)

    @http.route(
        "/my/supplier_complaint/<int:complaint_id>",
        type="http",
        auth="user",
        website=True,
    )
    def ecrm_supplier_complaint_page(self, complaint_id, **kw):
        complaint = self._ecrm_supplier_complaint(complaint_id)
        if not complaint:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaint": complaint,
                "page_name": "ecrm_supplier_complaint",
                "ecrm_error": kw.get("ecrm_error"),
            }
        )
        return request.render("ecrm_service.portal_supplier_complaint_page", values)

    @http.route(
        "/my/supplier_complaint/<int:complaint_id>/answer",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def ecrm_supplier_complaint_answer(self, complaint_id, answer=None, **kw):
        complaint = self._ecrm_supplier_complaint(complaint_id)
        if not complaint:
            raise request.not_found()
        url = f"/my/supplier_complaint/{complaint.id}"
        try:
            complaint.action_answer(answer)
        except UserError as error:
            return request.redirect(
                url + "?" + url_encode({"ecrm_error": error.args[0]})
            )
        return request.redirect(url)

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
