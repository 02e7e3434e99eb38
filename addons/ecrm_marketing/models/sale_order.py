# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.tools import SQL, float_round

from odoo.addons.ecrm_core.tools import owned_flow


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        # Confirming owns the points: sale_loyalty credits the cards and writes
        # their history as the confirming user, who cannot do either by hand.
        res = super(SaleOrder, owned_flow(self)).action_confirm()
        owned_flow(self)._ecrm_loyalty_earn_points()
        return res

    def _action_cancel(self):
        confirmed = self.filtered(lambda o: o.state == "sale")
        res = super(SaleOrder, owned_flow(self))._action_cancel()
        owned_flow(confirmed)._ecrm_loyalty_take_back(ratio_per_order=None)
        return res

    # ------------------------------------------------------------------
    # Loyalty points
    # ------------------------------------------------------------------
    def _ecrm_loyalty_platform_points(self, program):
        """Points ``sale_loyalty`` itself gave this order in ``program``.

        sale_loyalty's ``action_confirm`` runs ``_update_programs_and_rewards`` on
        every order (web cart or not) and credits automatic programs through
        ``coupon_point_ids``; eCRM counts them so as never to give them twice.
        """
        self.ensure_one()
        return sum(
            self.coupon_point_ids.filtered(
                lambda p: p.coupon_id.program_id == program
            ).mapped("points")
        )

    def _ecrm_loyalty_own_points(self):
        """{order id: net points written by eCRM} for these orders."""
        groups = (
            self.env["loyalty.history"]
            .sudo()
            ._read_group(
                [("ecrm_order_id", "in", self.ids)],
                ["ecrm_order_id"],
                ["issued:sum", "used:sum"],
            )
        )
        return {order.id: issued - used for order, issued, used in groups}

    def _ecrm_loyalty_earn_points(self):
        """Credit the company loyalty program for confirmed orders.

        The order earns the program's points (its rules, computed by
        sale_loyalty's own engine) times the customer's tier multiplier. What
        sale_loyalty already credited through the cart mechanism is deducted, so
        web, store and API orders all end with exactly ``base x multiplier``.
        """
        History = self.env["loyalty.history"].sudo()  # sudo: see _ecrm_cards_for
        already = self._ecrm_loyalty_own_points()
        today = fields.Date.context_today(self)
        for company, orders in self.grouped("company_id").items():
            program = company.ecrm_loyalty_program_id
            if not program:
                continue
            orders = orders.filtered(
                lambda o: (
                    o.state == "sale"
                    and o.partner_id
                    and not o.partner_id.is_public
                    and not already.get(o.id)
                )
            )
            if not orders:
                continue
            cards = self.env["loyalty.card"]._ecrm_cards_for(
                program, orders.partner_id, create=True
            )
            history_vals = []
            touched = self.env["loyalty.card"].sudo()
            for order in orders:
                platform = order._ecrm_loyalty_platform_points(program)
                status = order._program_check_compute_points(program).get(program, {})
                base = platform or (status.get("points") or [0])[0]
                tier = order.partner_id.with_company(company).ecrm_tier_id
                multiplier = tier.earn_multiplier if tier.company_id == company else 1.0
                extra = float_round(base * multiplier - platform, precision_digits=2)
                card = (
                    order.coupon_point_ids.coupon_id.filtered(
                        lambda c, p=program, o=order: (
                            c.program_id == p and c.partner_id == o.partner_id
                        )
                    )[:1]
                    or cards[order.partner_id.id]
                )
                touched |= card
                if extra <= 0:
                    continue
                card.points += extra
                history_vals.append(
                    {
                        "card_id": card.id,
                        "description": _(
                            "Order %(order)s (x%(multiplier)s)",
                            order=order.name,
                            multiplier=multiplier,
                        ),
                        "issued": extra,
                        "ecrm_kind": "earn",
                        "ecrm_order_id": order.id,
                    }
                )
            history = History.create(history_vals)
            if self.env.context.get("ecrm_backdate_points"):
                self._ecrm_loyalty_backdate(history, touched)
            else:
                touched.write({"ecrm_last_earn_date": today})
        self.partner_id._ecrm_recompute_tiers()

    def _ecrm_loyalty_backdate(self, history, cards):
        """Date the movements of past orders at the order date (backfill)."""
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """UPDATE loyalty_history h SET create_date = so.date_order
                     FROM sale_order so
                    WHERE so.id = h.ecrm_order_id AND h.id = ANY(%s)""",
                history.ids,
            )
        )
        self.env.execute_query(
            SQL(
                """UPDATE loyalty_card c SET ecrm_last_earn_date = sub.last_date
                     FROM (SELECT card_id, MAX(create_date)::date AS last_date
                             FROM loyalty_history
                            WHERE card_id = ANY(%s) AND issued > 0
                         GROUP BY card_id) sub
                    WHERE c.id = sub.card_id""",
                cards.ids,
            )
        )
        history.invalidate_recordset(["create_date"])
        cards.invalidate_recordset(["ecrm_last_earn_date"])

    @api.model
    def _ecrm_loyalty_award_confirmed_orders(self, batch_size=500):
        """Award the points of the confirmed orders that have none yet.

        For a database where orders were confirmed before eCRM marketing was
        installed (and the demo data): points are dated at the order date, tiers
        follow, no tier mail is sent.
        """
        self.env.flush_all()
        order_ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """SELECT so.id FROM sale_order so
                        WHERE so.state = 'sale'
                          AND NOT EXISTS (SELECT 1 FROM loyalty_history h
                                           WHERE h.ecrm_order_id = so.id)
                          AND NOT EXISTS (SELECT 1 FROM sale_order_coupon_points cp
                                           WHERE cp.order_id = so.id)
                     ORDER BY so.date_order, so.id"""
                )
            )
        ]
        orders = self.with_context(ecrm_backdate_points=True, ecrm_tier_no_mail=True)
        for start in range(0, len(order_ids), batch_size):
            orders.browse(
                order_ids[start : start + batch_size]
            )._ecrm_loyalty_earn_points()
        return len(order_ids)

    def _ecrm_loyalty_take_back(self, ratio_per_order=None, move=None):
        """Take back the points of cancelled or refunded orders.

        ``ratio_per_order``: {order id: share refunded (0..1)}; None means all
        (cancellation). sale_loyalty already takes its own cart points back on
        cancellation; on a credit note eCRM takes back both shares.
        """
        own = self._ecrm_loyalty_own_points()
        history_vals = []
        to_remove = defaultdict(float)
        for order, program, card in self._ecrm_loyalty_order_cards():
            if ratio_per_order is None:
                points = own.get(order.id, 0.0)
                description = _("Order %s cancelled", order.name)
            else:
                # sudo: whoever posts the credit note may not read sales data.
                platform = order.sudo()._ecrm_loyalty_platform_points(program)
                earned = own.get(order.id, 0.0) + platform
                points = earned * ratio_per_order.get(order.id, 0.0)
                description = _(
                    "Order %(order)s refunded (%(move)s)",
                    order=order.name,
                    move=move.name,
                )
            points = float_round(
                min(points, card.points - to_remove[card]), precision_digits=2
            )
            if points <= 0:
                continue
            to_remove[card] += points
            history_vals.append(
                {
                    "card_id": card.id,
                    "description": description,
                    "used": points,
                    "ecrm_kind": "reversal",
                    "ecrm_order_id": order.id,
                    "ecrm_move_id": move.id if move else False,
                }
            )
        self._ecrm_loyalty_post(history_vals, {c: -p for c, p in to_remove.items()})

    def _ecrm_loyalty_order_cards(self):
        """``(order, program, card)`` of these orders whose company runs a
        loyalty program and whose customer holds its card (existing cards
        only)."""
        for company, orders in self.grouped("company_id").items():
            program = company.ecrm_loyalty_program_id
            if not program:
                continue
            cards = self.env["loyalty.card"]._ecrm_cards_for(program, orders.partner_id)
            for order in orders:
                card = cards.get(order.partner_id.id)
                if card:
                    yield order, program, card

    def _ecrm_loyalty_post(self, history_vals, deltas):
        """Write the ledger rows ``history_vals``, move each card's balance by
        its delta ({card: points, negative to take}) and recompute the tiers of
        these orders' customers."""
        # sudo: see loyalty.card._ecrm_cards_for; the callers decided which
        # orders and cards, and the ledger rows say why
        self.env["loyalty.history"].sudo().create(history_vals)
        for card, points in deltas.items():
            card.points += points
        self.partner_id._ecrm_recompute_tiers()
