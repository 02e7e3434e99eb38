# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestLoyaltyTierChange(EcrmMarketingCase):
    def _mails(self):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", self.customer.ids)], order="id"
        )

    def test_big_order_moves_customer_up_at_once_with_vietnamese_mail(self):
        self._order(amount=25000000).action_confirm()  # 2,500 points
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_gold)
        change = self.customer.ecrm_tier_history_ids
        self.assertEqual(len(change), 1)
        self.assertFalse(change.old_tier_id)
        self.assertEqual(change.new_tier_id, self.tier_gold)
        self.assertEqual(change.direction, "up")
        self.assertEqual(change.points, 2500)
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertIn("hạng thành viên của bạn nay là Vàng", mail.subject)
        self.assertIn("Chúc mừng", str(mail.body_html))

    def test_cancellation_moves_customer_down_with_mail(self):
        self._order(amount=6000000).action_confirm()  # 600 points: Silver
        big = self._order(amount=20000000)
        big.action_confirm()  # 600 + 2000 x1.2 = 3,000: Gold
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_gold)
        self.assertEqual(self._points(), 3000)
        big._action_cancel()
        self.assertEqual(self._points(), 600)
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_silver)
        last = self.customer.ecrm_tier_history_ids[0]
        self.assertEqual(last.direction, "down")
        self.assertEqual(last.old_tier_id, self.tier_gold)
        self.assertIn("chuyển từ", str(self._mails()[-1].body_html))

    def test_entering_the_first_step_is_logged_without_mail(self):
        self._order(amount=100000).action_confirm()
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_member)
        self.assertEqual(len(self.customer.ecrm_tier_history_ids), 1)
        self.assertFalse(self._mails())

    def test_customer_without_email_is_logged_but_not_mailed(self):
        self.customer.email = False
        self._order(amount=6000000).action_confirm()
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_silver)
        self.assertFalse(self._mails())

    def test_nightly_recompute_matches_points_of_last_12_months(self):
        self._order(amount=6000000).action_confirm()
        card = self._card()
        # The points were earned 13 months ago: they no longer count for the tier.
        self.env.cr.execute(
            "UPDATE loyalty_history SET create_date = now() - interval '13 months'"
            " WHERE card_id = %s",
            [card.id],
        )
        self.env["res.partner"]._cron_ecrm_recompute_tiers(batch_size=100)
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_member)
        self.assertEqual(self.customer.ecrm_tier_history_ids[0].direction, "down")

    def test_nightly_run_moving_many_customers_queues_their_mails(self):
        customers = self.customer | self.env["res.partner"].create(
            [
                {"name": "Lê Văn Hùng", "email": "hung.le@example.vn"},
                {"name": "Phạm Thu Hà", "email": "ha.pham@example.vn"},
            ]
        )
        # Diamond customers who bought nothing in 12 months fall to Member.
        customers.write({"ecrm_tier_id": self.tier_diamond.id})
        changes = (
            self.env["res.partner"]
            .with_context(ecrm_tier_mails_at_once=2)
            ._ecrm_recompute_tiers_range(
                self.company,
                min(customers.ids),
                max(customers.ids),
                partner_ids=customers.ids,
            )
        )
        self.assertEqual(changes.partner_id, customers)
        self.assertEqual(set(changes.mapped("direction")), {"down"})
        self.assertEqual(customers.ecrm_tier_id, self.tier_member)
        self.assertEqual(len(customers.ecrm_tier_history_ids), 3)
        # More changes than mailed at once: queued, not yet rendered.
        self.assertTrue(all(changes.mapped("mail_pending")))
        mails = self.env["mail.mail"].search([("recipient_ids", "in", customers.ids)])
        self.assertFalse(mails)
        History = self.env["ecrm.loyalty.tier.history"]
        self.assertEqual(History._cron_ecrm_send_tier_mails(batch_size=2), 3)
        self.assertFalse(any(changes.mapped("mail_pending")))
        for customer in customers:
            mail = self.env["mail.mail"].search([("recipient_ids", "in", customer.ids)])
            self.assertEqual(len(mail), 1)
            self.assertIn(customer.name, str(mail.body_html))
            self.assertIn("chuyển từ", str(mail.body_html))
            self.assertIn("Kim cương", str(mail.body_html))
        self.assertEqual(History._cron_ecrm_send_tier_mails(), 0)

    def test_spend_basis_uses_amount_of_confirmed_orders(self):
        self.company.ecrm_tier_basis = "spend"
        self._order(amount=2100).action_confirm()
        self.assertEqual(self.customer.ecrm_tier_id, self.tier_gold)

    def test_duplicate_threshold_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "same threshold"):
            self.env["ecrm.loyalty.tier"].create(
                {"name": "Bạc 2", "min_points": 500, "earn_multiplier": 1.2}
            )

    def test_overlapping_multipliers_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "ladder overlaps"):
            self.env["ecrm.loyalty.tier"].create(
                {"name": "Đồng", "min_points": 1000, "earn_multiplier": 1.0}
            )

    def test_telesales_cannot_change_a_customer_tier(self):
        with self.assertRaises(AccessError):
            self.env["ecrm.loyalty.tier.history"].with_user(self.telesales).create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "new_tier_id": self.tier_diamond.id,
                }
            )
