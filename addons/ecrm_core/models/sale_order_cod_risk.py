# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cash-on-delivery risk of an order, and the rule that holds a risky one.

The score is explainable: the customer's own failed-delivery rate, shrunk
towards the company's rate when the customer has few deliveries (a new
customer gets the company's rate), then moved by the order's own signals
(first order, amount, province, channel, hour, earlier cancellations), each
by how much more or less often orders with that signal failed in the
company's history (naive Bayes on smoothed rates). The rates are computed in
SQL each night and kept per company; the customer's history is read live.
"""

import json
import math

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import without_jit

RISK_RULES = [
    ("none", "Only show the risk"),
    ("deposit", "Ask for a deposit (or a manager's approval)"),
    ("approval", "Ask for a manager's approval"),
]
DEFAULT_THRESHOLD = 0.5
DEFAULT_DEPOSIT_PERCENT = 30.0
DEFAULT_FLAG_FAILURES = 2
# Prior strength, in deliveries: a customer's own rate weighs like the
# company's after this many deliveries; a signal's after GROUP_PRIOR.
CUSTOMER_PRIOR = 3.0
GROUP_PRIOR = 20.0
# The company's rate starts from this one, weighing BASE_PRIOR deliveries.
DEFAULT_BASE_RATE = 0.1
BASE_PRIOR = 2.0
# Reasons listed: signals that move the odds by at least this log-odds.
REASON_MIN_WEIGHT = 0.15
LOCAL_TZ = "Asia/Ho_Chi_Minh"
RATES_PARAM = "ecrm_core.cod_risk_rates_%s"
SIGNALS = ("first", "amount", "province", "channel", "night", "cancelled")


def _logit(p):
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecrm_cod_risk = fields.Float(
        "COD Risk",
        default=0.0,
        readonly=True,
        copy=False,
        help="Estimated chance (0-1) that this cash-on-delivery order is "
        "refused or not delivered. See its reasons.",
    )
    ecrm_cod_risk_data = fields.Json("COD Risk Details", readonly=True, copy=False)
    ecrm_cod_risk_reasons = fields.Text(
        "COD Risk Reasons", compute="_compute_ecrm_cod_risk_reasons"
    )
    ecrm_cod_risky = fields.Boolean(
        "Risky COD",
        compute="_compute_ecrm_cod_risky",
        search="_search_ecrm_cod_risky",
        help="Cash on delivery with a risk at or above the configured threshold.",
    )
    ecrm_cod_deposit = fields.Monetary(
        "Deposit Received",
        copy=False,
        tracking=True,
        help="Amount the customer paid in advance of a cash-on-delivery order.",
    )
    ecrm_cod_approved_by_id = fields.Many2one(
        "res.users", "Risk Approved By", readonly=True, copy=False
    )
    ecrm_cod_approved_date = fields.Datetime(
        "Risk Approved On", readonly=True, copy=False
    )

    def init(self):
        super().init()
        # The queue's first page, riskiest first, stays an index scan.
        tools.create_index(
            self.env.cr,
            "sale_order_ecrm_cod_risk_queue_idx",
            self._table,
            ["ecrm_cod_risk DESC", "date_order", "id"],
            where="ecrm_telesales_state IN ('to_call', 'no_answer')",
        )

    @api.depends("ecrm_cod_risk_data")
    def _compute_ecrm_cod_risk_reasons(self):
        for order in self:
            order.ecrm_cod_risk_reasons = "\n".join(
                order._ecrm_cod_risk_explain(order.ecrm_cod_risk_data or {})
            )

    @api.depends("ecrm_cod_risk", "ecrm_payment_method")
    def _compute_ecrm_cod_risky(self):
        threshold = self._ecrm_cod_threshold()
        for order in self:
            order.ecrm_cod_risky = (
                order.ecrm_payment_method == "cod" and order.ecrm_cod_risk >= threshold
            )

    def _search_ecrm_cod_risky(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search 'Risky COD' with 'is set' or 'is not set'."))
        domain = [
            ("ecrm_payment_method", "=", "cod"),
            ("ecrm_cod_risk", ">=", self._ecrm_cod_threshold()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    # ------------------------------------------------------------------
    # The confirmation rule
    # ------------------------------------------------------------------

    def action_confirm(self):
        self._ecrm_cod_check_confirm()
        return super().action_confirm()

    def action_ecrm_telesales_confirm(self):
        # Before the call is logged: a held order stays in the queue untouched.
        self._ecrm_cod_check_confirm()
        return super().action_ecrm_telesales_confirm()

    def action_ecrm_cod_approve(self):
        """A manager lets risky cash-on-delivery orders be confirmed; logged."""
        if not self.env.user.has_group("ecrm_core.group_ecrm_manager"):
            raise AccessError(
                _("Only eCRM Managers approve a risky cash-on-delivery order.")
            )
        now = fields.Datetime.now()
        for order in self:
            order.message_post(
                body=_(
                    "Cash-on-delivery risk %(risk)s%% approved by %(user)s.",
                    risk=round(order.ecrm_cod_risk * 100),
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.write(
            {"ecrm_cod_approved_by_id": self.env.user.id, "ecrm_cod_approved_date": now}
        )
        return True

    def action_ecrm_cod_risk_refresh(self):
        self._ecrm_cod_risk_refresh()
        return True

    def _ecrm_cod_check_confirm(self):
        """Refuse to confirm risky COD orders the rule holds (UserError)."""
        rule = self._ecrm_cod_param("ecrm_core.cod_risk_rule", "approval")
        if rule == "none":
            return
        cod = self.filtered(
            lambda o: (
                o.ecrm_payment_method == "cod"
                and not o.ecrm_paid
                and not o.ecrm_cod_approved_by_id
                and o.state in ("draft", "sent")
            )
        )
        if not cod:
            return
        # Orders never scored (typed in the back office) are scored now.
        cod.filtered(lambda o: not o.ecrm_cod_risk_data)._ecrm_cod_risk_refresh()
        held = cod.filtered("ecrm_cod_risky")
        if rule == "deposit":
            percent = float(
                self._ecrm_cod_param(
                    "ecrm_core.cod_deposit_percent", DEFAULT_DEPOSIT_PERCENT
                )
            )
            held = held.filtered(
                lambda o: o.currency_id.compare_amounts(
                    o.ecrm_cod_deposit, o.amount_total * percent / 100
                )
                < 0
            )
            if held:
                raise UserError(
                    _(
                        "Order %(names)s is a risky cash-on-delivery order "
                        "(%(reasons)s): take a deposit of at least %(percent)s%% or "
                        "a prepayment, or ask a manager to approve it.",
                        names=", ".join(held.mapped("name")),
                        reasons=held[:1].ecrm_cod_risk_reasons.replace("\n", "; "),
                        percent=percent,
                    )
                )
        elif held:
            raise UserError(
                _(
                    "Order %(names)s is a risky cash-on-delivery order "
                    "(%(reasons)s): ask a manager to approve it, or take a "
                    "prepayment.",
                    names=", ".join(held.mapped("name")),
                    reasons=held[:1].ecrm_cod_risk_reasons.replace("\n", "; "),
                )
            )

    # ------------------------------------------------------------------
    # Scoring
    # ------------------------------------------------------------------

    def _ecrm_enter_telesales_queue(self, channel=None):
        res = super()._ecrm_enter_telesales_queue(channel)
        self._ecrm_cod_risk_refresh()
        return res

    def _ecrm_cod_risk_refresh(self):
        """Score these orders' COD risk and store it, in one UPDATE."""
        cod = self.filtered(lambda o: o.ecrm_payment_method == "cod" and o.id)
        if not cod:
            return
        rows = []
        for company, orders in cod.grouped("company_id").items():
            scores = orders.with_company(company)._ecrm_cod_risk_scores()
            rows += [
                (order_id, risk, json.dumps(data))
                for order_id, (risk, data) in scores.items()
            ]
        self.env.cr.execute(
            SQL(
                """UPDATE sale_order so SET ecrm_cod_risk = v.risk,
                          ecrm_cod_risk_data = v.data::jsonb
                     FROM unnest(%s::int[], %s::float[], %s::text[])
                          AS v(id, risk, data)
                    WHERE so.id = v.id""",
                [row[0] for row in rows],
                [row[1] for row in rows],
                [row[2] for row in rows],
            )
        )
        cod.invalidate_recordset(["ecrm_cod_risk", "ecrm_cod_risk_data"])

    def _ecrm_cod_risk_scores(self, as_of=None, rates=None):
        """{order id: (risk, details)} for these orders, of the current company.

        ``as_of``: only outcomes known before it count (the nightly evaluation
        scores the past this way); ``rates``: the company's signal rates
        (``_ecrm_cod_risk_rates``), read from the nightly cache if absent.
        """
        if not self:
            return {}
        if rates is None:
            rates = self._ecrm_cod_risk_rates_cached()
        self.env.flush_all()
        with without_jit(self.env.cr):
            facts = self._ecrm_cod_order_facts(self.ids)
            history = self._ecrm_cod_partner_history(
                list({fact["partner"] for fact in facts.values()}), as_of
            )
        return {
            order_id: self._ecrm_cod_combine(fact, history.get(fact["partner"]), rates)
            for order_id, fact in facts.items()
        }

    @api.model
    def _ecrm_cod_combine(self, fact, history, rates):
        base = self._ecrm_cod_base_rate(rates)
        n, f = history or (0, 0)
        own = (f + CUSTOMER_PRIOR * base) / (n + CUSTOMER_PRIOR)
        log_odds = _logit(own)
        signals = []
        keys = self._ecrm_cod_signal_keys(fact, rates)
        for signal in SIGNALS:
            group_n, group_f = (
                rates["signals"].get(signal, {}).get(keys[signal], (0, 0))
            )
            rate = (group_f + GROUP_PRIOR * base) / (group_n + GROUP_PRIOR)
            weight = _logit(rate) - _logit(base)
            log_odds += weight
            signals.append([signal, keys[signal], round(weight, 3), round(rate, 3)])
        risk = round(_sigmoid(log_odds), 4)
        return risk, {
            "base": round(base, 3),
            "deliveries": n,
            "failures": f,
            "own": round(own, 3),
            "signals": signals,
        }

    @api.model
    def _ecrm_cod_base_rate(self, rates):
        """The company's failed-delivery rate (the default one until the
        company has outcomes)."""
        total, failed = rates["base"]
        return (failed + DEFAULT_BASE_RATE * BASE_PRIOR) / (total + BASE_PRIOR)

    @api.model
    def _ecrm_cod_signal_keys(self, fact, rates):
        avg = rates.get("avg_amount") or 0
        hour = fact["hour"]
        return {
            "first": "yes" if not fact["prior_orders"] else "no",
            "amount": "high" if avg and fact["amount"] > 2 * avg else "normal",
            "province": str(fact["province"] or ""),
            "channel": fact["channel"] or "",
            "night": "yes" if hour >= 22 or hour < 6 else "no",
            "cancelled": "yes" if fact["prior_cancels"] else "no",
        }

    def _ecrm_cod_risk_explain(self, data):
        """Readable reasons of a risk's ``data``, biggest first."""
        if not data:
            return []
        reasons = []
        if data.get("deliveries"):
            reasons.append(
                _(
                    "%(failed)s of %(count)s earlier COD deliveries failed",
                    failed=data["failures"],
                    count=data["deliveries"],
                )
            )
        else:
            reasons.append(
                _(
                    "No delivery history: the shop's rate (%(rate)s%%)",
                    rate=round(data.get("base", 0) * 100),
                )
            )
        labels = {
            "first": _("First order"),
            "amount": _("Amount well above the usual basket"),
            "night": _("Ordered at night"),
            "cancelled": _("Cancelled orders before"),
        }
        channels = dict(
            self._fields["ecrm_sales_channel"]._description_selection(self.env)
        )
        signals = [s for s in data.get("signals", []) if abs(s[2]) >= REASON_MIN_WEIGHT]
        provinces = (
            self.env["res.country.state"]
            .browse([int(s[1]) for s in signals if s[0] == "province" and s[1]])
            .exists()
        )
        names = {str(p.id): p.name for p in provinces}
        for signal, key, weight, rate in sorted(signals, key=lambda s: -s[2]):
            if signal == "province":
                label = _("Province %(name)s", name=names.get(key, "-"))
            elif signal == "channel":
                label = _("Channel %(name)s", name=channels.get(key, key))
            elif key in ("yes", "high"):
                label = labels[signal]
            else:
                continue
            direction = _("raises") if weight > 0 else _("lowers")
            reasons.append(
                _(
                    "%(label)s %(direction)s the risk "
                    "(%(rate)s%% of such orders failed)",
                    label=label,
                    direction=direction,
                    rate=round(rate * 100),
                )
            )
        return reasons

    @api.model
    def _ecrm_cod_threshold(self):
        return float(
            self._ecrm_cod_param("ecrm_core.cod_risk_threshold", DEFAULT_THRESHOLD)
        )

    @api.model
    def _ecrm_cod_param(self, key, default):
        # sudo: settings every user acting on orders reads.
        return self.env["ir.config_parameter"].sudo().get_param(key, default)
