# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from .ecrm_channel import CHANNELS

PAYMENT_METHODS = [
    ("cod", "Cash on delivery"),
    ("ewallet", "E-wallet"),
    ("bank_transfer", "Bank transfer"),
    ("card", "Card"),
]
TELESALES_STATES = [
    ("to_call", "To Call"),
    ("no_answer", "No Answer"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]
CALLBACK_OUTCOMES = [
    ("reason_confirmed", "Reason confirmed"),
    ("recovered", "Order recovered"),
    ("other", "Other"),
]
QUEUE_STATES = ("to_call", "no_answer")
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_RETRY_HOURS = 2


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_sales_channel = fields.Selection(
        CHANNELS,
        string="Sales Channel",
        index=True,
        default="store",
        tracking=True,
        help="Where the order was placed: a store, the web shop, the phone, a "
        "marketplace, Facebook or an external storefront through the API.",
    )
    ecrm_cancel_reason_id = fields.Many2one(
        "ecrm.cancel.reason",
        string="Cancel Reason",
        index=True,
        tracking=True,
        help="Why the customer cancelled, chosen by the agent from the list "
        "configured in eCRM > Configuration > Cancel Reasons.",
    )
    ecrm_telesales_user_id = fields.Many2one(
        "res.users",
        string="Telesales Agent",
        index=True,
        help="The agent who made the last confirmation call.",
    )
    ecrm_callback_user_id = fields.Many2one(
        "res.users",
        string="Call-back Responsible",
        help="Who analyses the cancellation and calls the customer back.",
    )
    ecrm_recovered_order_id = fields.Many2one(
        "sale.order",
        string="Recovered As",
        copy=False,
        readonly=True,
        help="The new order created when the call-back won the customer back.",
    )
    ecrm_external_id = fields.Char(
        "External Reference",
        copy=False,
        index=True,
        help="The order's reference in the storefront that sent it.",
    )
    ecrm_source = fields.Char(
        "External Source",
        copy=False,
        help="The storefront that sent the order (e.g. haravan).",
    )
    ecrm_payload_hash = fields.Char(
        "Payload Hash",
        copy=False,
        readonly=True,
        help="SHA-256 of the canonical API payload, to detect a reused reference.",
    )
    ecrm_payment_method = fields.Selection(
        PAYMENT_METHODS, string="Payment Method", tracking=True
    )
    ecrm_paid = fields.Boolean("Paid", tracking=True, copy=False)
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
    ecrm_cancel_note = fields.Text(
        "Cancel Note", copy=False, help="What the customer said when cancelling."
    )
    ecrm_callback_outcome = fields.Selection(
        CALLBACK_OUTCOMES,
        string="Call-back Outcome",
        copy=False,
        tracking=True,
        help="Result of the call-back after a cancellation. Empty: the "
        "customer still has to be called back.",
    )
    ecrm_callback_note = fields.Text("Call-back Note", copy=False)
    ecrm_callback_date = fields.Datetime("Called Back On", copy=False, readonly=True)

    ecrm_partner_phone = fields.Char(
        related="partner_id.phone", string="Customer Phone"
    )
    ecrm_partner_order_count = fields.Integer(
        related="partner_id.ecrm_order_count",
        string="Customer Orders",
        help="Orders the customer placed before, on every channel.",
    )
    ecrm_partner_cancel_count = fields.Integer(
        "Customer Cancellations",
        compute="_compute_ecrm_partner_history",
        help="Orders of this customer that were cancelled: ask why before confirming.",
    )
    ecrm_partner_history_ids = fields.Many2many(
        "sale.order",
        string="Customer's Last Orders",
        compute="_compute_ecrm_partner_history",
    )

    _sql_constraints = [
        (
            "ecrm_external_ref_unique",
            "UNIQUE(company_id, ecrm_source, ecrm_external_id)",
            "An order with this external reference already exists for this source.",
        ),
    ]

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

    @api.depends("partner_id")
    def _compute_ecrm_partner_history(self):
        partners = self.partner_id.commercial_partner_id
        cancels = dict(
            self.env["sale.order"]._read_group(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("state", "=", "cancel"),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for order in self:
            commercial = order.partner_id.commercial_partner_id
            order.ecrm_partner_cancel_count = sum(
                count
                for partner, count in cancels.items()
                if partner.commercial_partner_id == commercial
            )
            if not commercial or not order.id:
                order.ecrm_partner_history_ids = False
                continue
            # One small query per order shown in a form: the computed list only
            # appears on the form of a single order.
            order.ecrm_partner_history_ids = self.search(
                [
                    ("partner_id", "child_of", commercial.id),
                    ("id", "!=", order.id),
                ],
                order="date_order desc",
                limit=5,
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

    def action_ecrm_callback(self):
        """Open the wizard recording the call-back of a cancelled order."""
        self._ecrm_check_telesales_access()
        if self.filtered(lambda o: o.state != "cancel"):
            raise UserError(_("Only cancelled orders are called back."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Call Back"),
            "res_model": "ecrm.order.callback.wizard",
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

    def _ecrm_schedule_callback(self):
        """An activity for the person responsible of the channel's cancellations."""
        responsibles = self.env["ecrm.channel.responsible"]._ecrm_responsibles(
            self.mapped("ecrm_sales_channel"), self.company_id
        )
        activity_type = self.env.ref("ecrm_core.mail_activity_ecrm_callback")
        for order in self:
            user = responsibles.get(
                (order.ecrm_sales_channel, order.company_id.id)
            ) or (order.user_id or self.env.user)
            order.ecrm_callback_user_id = user
            order.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=_("Analyse the cancellation and call the customer back"),
                note=_(
                    "Reason: %(reason)s. %(note)s",
                    reason=order.ecrm_cancel_reason_id.name,
                    note=order.ecrm_cancel_note or "",
                ),
            )

    def _ecrm_record_callback(self, outcome, note=False):
        """Record the call-back; a recovered order comes back as a new quotation."""
        self._ecrm_check_telesales_access()
        activity_type = self.env.ref("ecrm_core.mail_activity_ecrm_callback")
        label = self._ecrm_call_outcome_label(f"callback_{outcome}")
        for order in self:
            order._ecrm_log_call(f"callback_{outcome}", note or label)
        self.write(
            {
                "ecrm_callback_outcome": outcome,
                "ecrm_callback_note": note,
                "ecrm_callback_date": fields.Datetime.now(),
            }
        )
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=note or outcome)
        new_orders = self.browse()
        if outcome == "recovered":
            for order in self:
                new = order.copy(
                    {
                        "ecrm_telesales_state": "to_call",
                        "ecrm_queue_date": fields.Datetime.now(),
                        "origin": order.name,
                        "ecrm_payment_method": order.ecrm_payment_method,
                    }
                )
                order.ecrm_recovered_order_id = new
                new_orders |= new
        return new_orders

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
