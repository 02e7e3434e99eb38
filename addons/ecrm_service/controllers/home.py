# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request

from odoo.addons.portal.controllers.web import Home


class ComplaintHome(Home):
    def _login_redirect(self, uid, redirect=None):
        """A supplier's portal contact lands on the complaints escalated to the
        supplier; other portal users keep /my."""
        if redirect in (None, "/my") and self._ecrm_is_supplier_contact(uid):
            redirect = "/my/supplier_complaints"
        return super()._login_redirect(uid, redirect=redirect)

    def _ecrm_is_supplier_contact(self, uid):
        # sudo: only the logged-in user's own company is looked up, to choose
        # where they land; nothing of it is shown.
        user = request.env["res.users"].sudo().browse(uid)
        if user._is_internal():
            return False
        return bool(
            request.env["ecrm.supplier.agreement"]
            .sudo()
            .search_count(
                [("supplier_id", "=", user.commercial_partner_id.id)], limit=1
            )
        )
