# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestLoyaltyPoints(EcrmMarketingCase):
    def test_back_office_order_earns_one_point_per_10000_vnd(self):
        order = self._order(amount=1000000)
        self.assertFalse(self._card())
        order.action_confirm()
        card = self._card()
        self.assertEqual(len(card), 1, "the card is created on the first order")
        self.assertEqual(card.points, 100)
        # sale_loyalty's engine credits the automatic program on confirmation,
        # eCRM tops up to base x multiplier: one movement of 100 in all.
        history = card.history_ids.filtered(
            lambda h: (
                h.ecrm_order_id == order
                or (h.order_model == "sale.order" and h.order_id == order.id)
            )
        )
        self.assertEqual(sum(history.mapped("issued")), 100)
        self.assertEqual(self.customer.ecrm_loyalty_points, 100)
        self.assertEqual(
            self.customer.ecrm_points_expiry_date,
            fields.Date.context_today(card) + relativedelta(months=12),
        )

    def test_api_order_confirmed_without_cart_earns_points(self):
        # An API order is created and confirmed in one go, never through the cart.
        order = self._order(amount=2500000, channel="api")
        self.assertFalse(order.coupon_point_ids)
        order.action_confirm()
        self.assertEqual(self._points(), 250)

    def test_web_cart_points_are_not_counted_twice(self):
        order = self._order(amount=1000000, channel="web")
        # What the web cart does at every change: sale_loyalty computes its points.
        order._update_programs_and_rewards()
        self.assertEqual(order.coupon_point_ids.points, 100)
        order.action_confirm()
        self.assertEqual(self._points(), 100)
        # A second order through the cart adds exactly its own points.
        order2 = self._order(amount=500000, channel="web")
        order2._update_programs_and_rewards()
        order2.action_confirm()
        self.assertEqual(self._points(), 150)

    def test_tier_multiplier_applies(self):
        self.customer.sudo().ecrm_tier_id = self.tier_gold
        self._order(amount=1000000).action_confirm()
        self.assertEqual(self._points(), 150, "Gold earns x1.5")

    def test_tier_multiplier_on_web_cart_order_adds_only_the_bonus(self):
        self.customer.sudo().ecrm_tier_id = self.tier_diamond
        order = self._order(amount=1000000, channel="web")
        order._update_programs_and_rewards()
        order.action_confirm()
        self.assertEqual(self._points(), 200, "Diamond earns x2, cart points included")

    def test_cancelled_order_gives_its_points_back(self):
        keep = self._order(amount=300000)
        keep.action_confirm()
        order = self._order(amount=1000000, channel="web")
        order._update_programs_and_rewards()
        order.action_confirm()
        self.assertEqual(self._points(), 130)
        order._action_cancel()
        self.assertEqual(self._points(), 30)
        reversal = self._card().history_ids.filtered(
            lambda h: h.ecrm_kind == "reversal"
        )
        self.assertFalse(reversal, "only sale_loyalty's share was given for a x1 tier")
        api_order = self._order(amount=1000000, channel="api")
        api_order.action_confirm()
        self.assertEqual(self._points(), 130)
        api_order._action_cancel()
        self.assertEqual(self._points(), 30)

    def test_refund_takes_points_back(self):
        order = self._order(amount=2000000)
        order.action_confirm()
        self.assertEqual(self._points(), 200)
        invoice = order._create_invoices()
        invoice.action_post()
        reversal = invoice._reverse_moves()
        reversal.invoice_line_ids.price_unit = 1000000  # half refunded
        reversal.action_post()
        self.assertEqual(self._points(), 100)
        line = self._card().history_ids.filtered(lambda h: h.ecrm_move_id == reversal)
        self.assertEqual(line.used, 100)
        self.assertEqual(line.ecrm_kind, "reversal")

    def test_points_expire_after_validity_without_earning(self):
        self._order(amount=1000000).action_confirm()
        other = self.env["res.partner"].create({"name": "Lê Văn Hùng"})
        self._order(partner=other, amount=500000).action_confirm()
        old = fields.Date.today() - relativedelta(months=13)
        self._card().ecrm_last_earn_date = old
        self.env["loyalty.card"]._cron_ecrm_expire_points()
        self.assertEqual(self._points(), 0)
        self.assertEqual(self._points(other), 50, "recent points stay")
        expired = self._card().history_ids.filtered(lambda h: h.ecrm_kind == "expiry")
        self.assertEqual(expired.used, 100)

    def test_without_chosen_program_no_tier_bonus_nor_tier(self):
        self.company.ecrm_loyalty_program_id = False
        self.customer.sudo().ecrm_tier_id = self.tier_gold
        self._order().action_confirm()
        # Only the platform's own points: no x1.5 bonus, no eCRM movement.
        self.assertEqual(self._points(), 100)
        self.assertFalse(
            self._card().history_ids.filtered("ecrm_kind"),
        )
        self.assertFalse(self.customer.ecrm_tier_history_ids)

    def test_telesales_and_service_read_points_and_tier(self):
        self._order(amount=1000000).action_confirm()
        for user in (self.telesales, self.service):
            partner = self.customer.with_user(user)
            self.assertEqual(partner.ecrm_loyalty_points, 100)
            self.assertEqual(partner.ecrm_tier_id, self.tier_member)

    def test_orders_confirmed_before_install_are_backfilled_at_their_date(self):
        order = self._order(amount=7000000)
        order.action_confirm()
        # As if confirmed before eCRM marketing: no eCRM or cart movement yet.
        self._card().history_ids.unlink()
        order.coupon_point_ids.unlink()
        self._card().points = 0
        self.customer.ecrm_tier_history_ids.unlink()
        self.customer.sudo().ecrm_tier_id = False
        order.date_order = fields.Datetime.now() - relativedelta(months=2)
        count = self.env["sale.order"]._ecrm_loyalty_award_confirmed_orders()
        self.assertGreaterEqual(count, 1)
        self.assertEqual(self._points(), 700)
        line = self._card().history_ids.filtered(lambda h: h.ecrm_order_id == order)
        self.assertEqual(line.create_date.date(), order.date_order.date())
        self.assertEqual(self._card().ecrm_last_earn_date, order.date_order.date())
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_silver)
        # Run again: nothing is counted twice.
        self.env["sale.order"]._ecrm_loyalty_award_confirmed_orders()
        self.assertEqual(self._points(), 700)

    def test_order_cancelled_then_confirmed_again_earns_once(self):
        self.customer.sudo().ecrm_tier_id = self.tier_gold
        order = self._order(amount=1000000)
        order.action_confirm()
        order._action_cancel()
        self.assertEqual(self._points(), 0)
        order.action_draft()
        order.action_confirm()
        # Back to Thành viên after the cancellation: x1 this time.
        self.assertEqual(self._points(), 100)

    def test_settings_choose_the_program_and_validity(self):
        settings = self.env["res.config.settings"].create({})
        settings.ecrm_points_validity_months = 6
        settings.ecrm_tier_basis = "spend"
        settings.execute()
        self.assertEqual(self.company.ecrm_points_validity_months, 6)
        self.assertEqual(self.company.ecrm_tier_basis, "spend")
        self.assertEqual(settings.ecrm_loyalty_program_id, self.program)

    def test_star_button_opens_the_card_history(self):
        self._order(amount=1000000).action_confirm()
        action = self.customer.with_user(
            self.telesales
        ).action_ecrm_open_loyalty_history()
        lines = (
            self.env["loyalty.history"]
            .with_user(self.telesales)
            .search(action["domain"])
        )
        self.assertEqual(sum(lines.mapped("issued")), 100)
