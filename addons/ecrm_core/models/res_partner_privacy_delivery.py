# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models


class ResPartner(models.Model):
    """The personal-data export shows the customer's delivery outcomes.

    Delivery events hold no personal data of their own (no address, no note):
    the erasure keeps them with the order they describe, anonymised with it."""

    _inherit = "res.partner"

    def _ecrm_personal_data(self):
        data = super()._ecrm_personal_data()
        # sudo: the privacy officer was checked by super().
        events = (
            self.env["ecrm.delivery.event"]
            .sudo()
            .search(
                [("partner_id", "=", self.commercial_partner_id.id)],
                order="date, id",
            )
        )
        data["deliveries"] = [
            {"order": event.order_id.name}
            | self._ecrm_plain_row(
                event, ["date", "status", "reason", "carrier", "attempt"]
            )
            for event in events
        ]
        return data

    def _ecrm_personal_data_sheets(self):
        return [*super()._ecrm_personal_data_sheets(), ("deliveries", _("Deliveries"))]
