# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class SupplierScorecardPortal(CustomerPortal):
    """A supplier's monthly scorecards, read with the caller's own rights: the
    portal record rule keeps each supplier to its company's rows."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "ecrm_supplier_scorecard_count" in counters:
            Line = request.env["ecrm.supplier.scorecard.month"]
            values["ecrm_supplier_scorecard_count"] = (
                Line.search_count([]) if Line.has_access("read") else 0
            )
        return values

    def _ecrm_scorecard_lines(self):
        Line = request.env["ecrm.supplier.scorecard.month"]
        if not request.env.user._is_portal() or not Line.has_access("read"):
            return None
        lines = Line.search([], limit=24)
        return lines or None

    @http.route("/my/supplier_scorecard", type="http", auth="user", website=True)
    def ecrm_supplier_scorecard(self, **kw):
        lines = self._ecrm_scorecard_lines()
        if lines is None:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "lines": lines,
                "supplier": lines[:1].supplier_id,
                "page_name": "ecrm_supplier_scorecard",
            }
        )
        return request.render("ecrm_service.portal_my_supplier_scorecard", values)

    @http.route(
        "/my/supplier_scorecard/<int:line_id>", type="http", auth="user", website=True
    )
    def ecrm_supplier_scorecard_line(self, line_id, **kw):
        lines = self._ecrm_scorecard_lines()
        line = lines and lines.browse(line_id) & lines.search([("id", "=", line_id)])
        if not line:
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "lines": line._ecrm_history(),
                "supplier": line.supplier_id,
                "page_name": "ecrm_supplier_scorecard",
            }
        )
        return request.render("ecrm_service.portal_my_supplier_scorecard", values)
