# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal


class EcrmLoyaltyPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "ecrm_loyalty_count" in counters:
            partner = request.env.user.partner_id
            values["ecrm_loyalty_count"] = partner._ecrm_loyalty_portal_values()[
                "has_loyalty"
            ]
        return values

    @route("/my/loyalty", type="http", auth="user", website=True)
    def portal_my_ecrm_loyalty(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(request.env.user.partner_id._ecrm_loyalty_portal_values())
        values["page_name"] = "ecrm_loyalty"
        return request.render("ecrm_marketing.portal_my_loyalty", values)
