# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestLoyaltyGuard(EcrmMarketingCase):
    """Points, their history and tiers move with orders only; programs are
    marketing's."""

    def test_telesales_and_service_cannot_set_points(self):
        self._order(amount=1000000).action_confirm()
        card = self._card()
        for user in (self.telesales, self.service):
            with self.assertRaises(AccessError):
                card.with_user(user).write({"points": 99999})
            with self.assertRaises(AccessError):
                card.with_user(user).points = 99999
        self.assertEqual(self._points(), 100)

    def test_nobody_creates_a_card_with_points_or_moves_one(self):
        self._order(amount=1000000).action_confirm()
        card = self._card()
        other = self.env["res.partner"].create({"name": "Đinh Văn Khoa"})
        manager = self.env.ref("base.user_admin")
        with self.assertRaises(AccessError):
            card.with_user(manager).write({"partner_id": other.id})
        with self.assertRaises(AccessError):
            self.env["loyalty.card"].with_user(manager).create(
                {"program_id": self.program.id, "partner_id": other.id, "points": 5000}
            )
        with self.assertRaises(AccessError):
            card.with_user(self.marketing).write({"ecrm_last_earn_date": "2020-01-01"})

    def test_update_balance_wizard_refused(self):
        self._order(amount=1000000).action_confirm()
        wizard = (
            self.env["loyalty.card.update.balance"]
            .with_user(self.telesales)
            .create(
                {
                    "card_id": self._card().id,
                    "new_balance": 99999,
                    "description": "Khách khiếu nại",
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_update_card_point()
        self.assertEqual(self._points(), 100)

    def test_history_cannot_be_forged_and_refund_still_takes_back(self):
        order = self._order(amount=2000000)
        order.action_confirm()
        History = self.env["loyalty.history"]
        row = History.search([("card_id", "=", self._card().id)])
        self.assertTrue(row)
        for user in (self.telesales, self.service, self.marketing):
            self.assertFalse(History.with_user(user).has_access("create"))
            with self.assertRaises(AccessError):
                History.with_user(user).create(
                    {
                        "card_id": self._card().id,
                        "used": 200,
                        "ecrm_kind": "reversal",
                        "ecrm_order_id": order.id,
                        "ecrm_move_id": False,
                    }
                )
            with self.assertRaises(AccessError):
                row.with_user(user).write({"issued": 0})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
        # The confirmation by a telesales agent still earns, cancelling (a
        # sales manager's right in sale_loyalty) takes back.
        second = self._order(amount=1000000)
        second.with_user(self.telesales).action_confirm()
        self.assertEqual(self._points(), 300)
        second.with_user(self.env.ref("base.user_admin"))._action_cancel()
        self.assertEqual(self._points(), 200)

    def test_reward_with_negative_cost_refused(self):
        order = self._order(amount=1000000)
        order.action_confirm()
        line = order.order_line[:1]
        with self.assertRaises(AccessError):
            line.with_user(self.telesales).write(
                {"coupon_id": self._card().id, "points_cost": -99999}
            )
        self.assertEqual(self._points(), 100)

    def test_only_marketing_and_manager_edit_programs(self):
        for user in (self.telesales, self.service):
            with self.assertRaises(AccessError):
                self.program.with_user(user).write({"name": "Hack"})
            with self.assertRaises(AccessError):
                self.program.rule_ids.with_user(user).write({"reward_point_amount": 1})
            with self.assertRaises(AccessError):
                self.program.reward_ids.with_user(user).write({"required_points": 1})
        self.program.with_user(self.marketing).write(
            {
                "name": "Tích điểm 2027",
                "rule_ids": [
                    Command.update(self.program.rule_ids.id, {"minimum_qty": 1})
                ],
            }
        )
        self.assertEqual(self.program.name, "Tích điểm 2027")

    def test_tier_and_tier_history_not_editable(self):
        self._order(amount=6000000).action_confirm()
        for user in (self.telesales, self.service, self.marketing):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).write(
                    {"ecrm_tier_id": self.tier_diamond.id}
                )
            with self.assertRaises(AccessError):
                self.customer.ecrm_tier_history_ids.with_user(user).write(
                    {"points": 99999}
                )
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_silver)


@tagged("post_install", "-at_install")
class TestTierPerCompany(EcrmMarketingCase):
    """A customer buying in two companies holds one tier in each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Sao Việt Đà Nẵng", "currency_id": cls.company.currency_id.id}
        )
        cls.program_b = cls.program.copy(
            {"name": "Tích điểm Đà Nẵng", "company_id": cls.company_b.id}
        )
        cls.company_b.write(
            {"ecrm_loyalty_program_id": cls.program_b.id, "ecrm_tier_basis": "points"}
        )
        Tier = cls.env["ecrm.loyalty.tier"]
        cls.b_member = Tier.create(
            {"name": "Thành viên ĐN", "min_points": 0, "company_id": cls.company_b.id}
        )
        cls.b_gold = Tier.create(
            {
                "name": "Vàng ĐN",
                "min_points": 100,
                "earn_multiplier": 1.5,
                "company_id": cls.company_b.id,
            }
        )

    def test_two_companies_do_not_flip_tiers_nor_mail_each_night(self):
        self._order(amount=6000000).action_confirm()
        order_b = self._order(amount=2000000, company_id=self.company_b.id)
        order_b.with_company(self.company_b).action_confirm()
        customer = self.customer
        self.assertEqual(customer.ecrm_tier_id, self.tier_silver)
        self.assertEqual(
            customer.with_company(self.company_b).ecrm_tier_id, self.b_gold
        )
        History = self.env["ecrm.loyalty.tier.history"]
        before = History.search_count([("partner_id", "=", customer.id)])
        Partner = self.env["res.partner"]
        for _night in range(2):
            Partner._cron_ecrm_recompute_tiers()
        self.assertEqual(
            History.search_count([("partner_id", "=", customer.id)]), before
        )
        self.assertEqual(customer.ecrm_tier_id, self.tier_silver)
        self.assertEqual(
            customer.with_company(self.company_b).ecrm_tier_id, self.b_gold
        )
        # Company B's gold multiplier applies to company B's orders only.
        self._order(amount=1000000).action_confirm()
        self.assertEqual(self._points(), 600 + 120)
