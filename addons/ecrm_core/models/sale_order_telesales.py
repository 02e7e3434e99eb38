# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Telesales: the confirmation call of online orders, the queue, the agent's day
and the call-backs after a cancellation."""

from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..const import (
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_RETRY_HOURS,
    QUEUE_STATES,
    TELESALES_STATES,
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_telesales_user_id = fields.Many2one(
        "res.users",
        string="Telesales Agent",
        index=True,
        help="The agent who made the last confirmation call.",
    )
    ecrm_telesales_state = fields.Selection(
        TELESALES_STATES,
        string="Telesales State",
        index=True,
        copy=False,
        tracking=True,
        help="Online orders wait for a confirmation call before they are shipped.",
    )
    ecrm_queue_date = fields.Datetime(
        "In Queue Since",
        copy=False,
        readonly=True,
        help="When the order entered the telesales queue (end of the web "
        "checkout, reception through the API...).",
    )
    ecrm_call_attempts = fields.Integer(
        "Call Attempts",
        copy=False,
        readonly=True,
        help="Calls without an answer so far. After the number set in the "
        "settings, the order is cancelled as unreachable.",
    )
    ecrm_next_call_date = fields.Datetime(
        "Next Call",
        copy=False,
        index=True,
        help="When to call again after a call without answer. Empty: call now.",
    )
    ecrm_first_call_date = fields.Datetime(
        "First Call",
        copy=False,
        readonly=True,
        help="When an agent first called about this order (time to first call).",
    )
    ecrm_confirmed_date = fields.Datetime(
        "Telesales Confirmed On",
        copy=False,
        readonly=True,
        help="When the customer confirmed on the phone and the order went to "
        "the warehouse.",
    )
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

    def init(self):
        super().init()
        # The telesales queue's first page (waiting orders, oldest first) stays
        # an index scan with hundreds of thousands of orders.
        tools.create_index(
            self.env.cr,
            "sale_order_ecrm_telesales_queue_idx",
            self._table,
            ["date_order", "id"],
            where="ecrm_telesales_state IN ('to_call', 'no_answer')",
        )

    def action_confirm(self):
        waiting = self.filtered(lambda o: o.ecrm_telesales_state in QUEUE_STATES)
        if waiting and not self.env.context.get("ecrm_telesales_confirm"):
            raise UserError(
                _(
                    "Order %(names)s waits for a telesales call: confirm it from "
                    "the telesales queue.",
                    names=", ".join(waiting.mapped("name")),
                )
            )
        return super().action_confirm()

    def _validate_order(self):
        # The web shop validates the cart when the checkout ends: online orders
        # wait for the telesales call instead of going to the warehouse at once.
        web = self.filtered(lambda o: o.website_id and o.state in ("draft", "sent"))
        web._ecrm_enter_telesales_queue("web")
        return super(SaleOrder, self - web)._validate_order()

    def action_quotation_sent(self):
        # A pending payment (cash on delivery, transfer) ends the web checkout too.
        web = self.filtered(
            lambda o: o.website_id and not o.ecrm_telesales_state and o.state == "draft"
        )
        web._ecrm_enter_telesales_queue("web")
        return super().action_quotation_sent()

    # ------------------------------------------------------------------
    # Telesales actions
    # ------------------------------------------------------------------

    def action_ecrm_telesales_confirm(self):
        """The customer confirmed on the phone: the order goes to the warehouse."""
        self._ecrm_check_telesales_access()
        self._ecrm_check_in_queue()
        now = fields.Datetime.now()
        for order in self:
            order._ecrm_log_call(
                "confirmed",
                _(
                    "Order confirmed on the phone. Delivery: %(date)s. Payment: "
                    "%(payment)s%(paid)s.",
                    date=order.commitment_date or order.expected_date or "-",
                    payment=dict(
                        self._fields["ecrm_payment_method"]._description_selection(
                            self.env
                        )
                    ).get(order.ecrm_payment_method, "-"),
                    paid=_(" (paid)") if order.ecrm_paid else "",
                ),
            )
        self._ecrm_mark_first_call(now)
        self.write(
            {
                "ecrm_telesales_state": "confirmed",
                "ecrm_confirmed_date": now,
                "ecrm_next_call_date": False,
                "ecrm_telesales_user_id": self.env.user.id,
            }
        )
        self.with_context(ecrm_telesales_confirm=True).action_confirm()
        return True

    def action_ecrm_log_call(self):
        """Open a new call, already linked to the order and its customer."""
        self.ensure_one()
        return self.env["ecrm.interaction"]._ecrm_action_log(
            self.partner_id, related=self, name=_("Log a Call")
        )

    def action_ecrm_telesales_no_answer(self):
        """Count the attempt; schedule the next call or give up after N attempts."""
        self._ecrm_check_telesales_access()
        self._ecrm_check_in_queue()
        params = self.env["ir.config_parameter"].sudo()  # settings read by agents
        max_attempts = int(
            params.get_param("ecrm_core.max_call_attempts", DEFAULT_MAX_ATTEMPTS)
        )
        retry_hours = float(
            params.get_param("ecrm_core.call_retry_hours", DEFAULT_RETRY_HOURS)
        )
        now = fields.Datetime.now()
        self._ecrm_mark_first_call(now)
        for order in self:
            order._ecrm_log_call("no_answer", _("No answer."))
        given_up = self.filtered(lambda o: o.ecrm_call_attempts + 1 >= max_attempts)
        retry = self - given_up
        for attempts, orders in retry.grouped("ecrm_call_attempts").items():
            orders.write(
                {
                    "ecrm_call_attempts": attempts + 1,
                    "ecrm_telesales_state": "no_answer",
                    "ecrm_next_call_date": now + timedelta(hours=retry_hours),
                    "ecrm_telesales_user_id": self.env.user.id,
                }
            )
        if given_up:
            for attempts, orders in given_up.grouped("ecrm_call_attempts").items():
                orders.write({"ecrm_call_attempts": attempts + 1})
            given_up._ecrm_cancel(
                self.env.ref("ecrm_core.cancel_reason_unreachable"),
                _("Unreachable after %(count)s calls.", count=max_attempts),
            )
        return True

    def action_ecrm_telesales_cancel(self):
        """Open the wizard asking why the customer cancels."""
        self._ecrm_check_telesales_access()
        self._ecrm_check_in_queue()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel Order"),
            "res_model": "ecrm.order.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _ecrm_check_telesales_access(self):
        if not self.env.user.has_group("ecrm_core.group_ecrm_telesales"):
            raise AccessError(
                _("Only Telesales and eCRM Managers act on the telesales queue.")
            )

    def _ecrm_check_in_queue(self):
        outside = self.filtered(
            lambda o: (
                o.ecrm_telesales_state not in QUEUE_STATES
                or o.state not in ("draft", "sent")
            )
        )
        if outside:
            raise UserError(
                _(
                    "Order %(names)s is not waiting for a telesales call.",
                    names=", ".join(outside.mapped("name")),
                )
            )

    def _ecrm_mark_first_call(self, now):
        self.filtered(lambda o: not o.ecrm_first_call_date).write(
            {"ecrm_first_call_date": now}
        )

    def _ecrm_enter_telesales_queue(self, channel=None):
        """Put online orders in the telesales queue (web checkout, API, by hand)."""
        if not self:
            return
        if channel:
            self.filtered(lambda o: o.ecrm_sales_channel != channel).write(
                {"ecrm_sales_channel": channel}
            )
        # A known phone or email typed at the web checkout is only listed for
        # the team (likely duplicates); the order keeps the buyer's own partner.
        self.env["ecrm.partner.duplicate"]._ecrm_record_web_checkouts(
            self.filtered("website_id")
        )
        self.write(
            {
                "ecrm_telesales_state": "to_call",
                "ecrm_queue_date": fields.Datetime.now(),
            }
        )

    def _ecrm_cancel(self, reason, note=False):
        """Cancel the orders with ``reason`` and hand them to the call-back person."""
        self._ecrm_check_telesales_access()
        for order in self:
            summary = (
                _("Cancelled: %(reason)s (%(note)s)", reason=reason.name, note=note)
                if note
                else _("Cancelled: %(reason)s", reason=reason.name)
            )
            order._ecrm_log_call("cancelled", summary)
        self.write(
            {
                "ecrm_telesales_state": "cancelled",
                "ecrm_cancel_reason_id": reason.id,
                "ecrm_cancel_note": note,
                "ecrm_next_call_date": False,
                "ecrm_telesales_user_id": self.env.user.id,
            }
        )
        self.with_context(disable_cancel_warning=True)._action_cancel()
        self._ecrm_schedule_callback()

    def _ecrm_log_call(self, outcome, note):
        """Log a telesales call on the order and as an interaction on the profile.

        ``outcome`` is a code (confirmed, no_answer, cancelled, callback_<outcome>);
        the interaction keeps its label, in the agent's language.
        """
        self.ensure_one()
        self.message_post(body=note, subtype_xmlid="mail.mt_note")
        self.env["ecrm.interaction"].create(
            {
                "partner_id": self.partner_id.commercial_partner_id.id,
                "company_id": self.company_id.id,
                "channel": "call",
                "direction": "outbound",
                "summary": note,
                "outcome": self._ecrm_call_outcome_label(outcome),
                "user_id": self.env.user.id,
                "date": fields.Datetime.now(),
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    @api.model
    def _ecrm_call_outcome_label(self, outcome):
        labels = {
            "confirmed": _("Order confirmed"),
            "no_answer": _("No answer"),
            "cancelled": _("Order cancelled"),
            "callback_reason_confirmed": _("Call-back: reason confirmed"),
            "callback_recovered": _("Call-back: order recovered"),
            "callback_other": _("Call-back: other outcome"),
        }
        return labels.get(outcome, outcome)
