# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _ecrm_schedule_callback(self):
        """No sales call-back to a customer who withdrew consent or restricted
        or objected to processing; the order's chatter says why."""
        excluded = self.filtered(
            lambda o: o.partner_id.commercial_partner_id.ecrm_privacy_excluded
        )
        for order in excluded:
            order.message_post(
                body=_(
                    "No call-back: the customer withdrew consent or restricted "
                    "the processing of their data."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return super(SaleOrder, self - excluded)._ecrm_schedule_callback()
