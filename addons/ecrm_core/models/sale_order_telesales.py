# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The telesales agent's day: which calls are due today."""

from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .sale_order import QUEUE_STATES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_call_due = fields.Boolean(
        "Call Due Today",
        compute="_compute_ecrm_call_due",
        search="_search_ecrm_call_due",
        help="Waiting for a call (to call or no answer) and its next call is "
        "planned before the end of today, in the agent's time zone. A new order "
        "has no planned call yet: it is due at once.",
    )

    @api.depends("ecrm_telesales_state", "ecrm_next_call_date")
    @api.depends_context("tz")
    def _compute_ecrm_call_due(self):
        end = self._ecrm_end_of_today()
        for order in self:
            order.ecrm_call_due = order.ecrm_telesales_state in QUEUE_STATES and (
                not order.ecrm_next_call_date or order.ecrm_next_call_date < end
            )

    def _search_ecrm_call_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search 'Call Due Today' with 'is set' or 'is not set'."))
        domain = [
            ("ecrm_telesales_state", "in", QUEUE_STATES),
            "|",
            ("ecrm_next_call_date", "=", False),
            ("ecrm_next_call_date", "<", self._ecrm_end_of_today()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    @api.model
    def _ecrm_end_of_today(self):
        """Midnight at the end of the user's today, as a naive UTC datetime."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        today = datetime.now(pytz.utc).astimezone(tz).date()
        end = tz.localize(datetime.combine(today + timedelta(days=1), time.min))
        return end.astimezone(pytz.utc).replace(tzinfo=None)
