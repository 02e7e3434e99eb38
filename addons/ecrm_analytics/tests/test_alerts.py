# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import numpy as np

from odoo import Command
from odoo.tests import tagged

from .common import AnalyticsCase, create_tickets_dated


@tagged("post_install", "-at_install")
class TestAlerts(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "ecrm_analytics.alert_value_quantile", 0.5
        )
        Category = cls.env["product.category"]
        cls.cosmetics = Category.create({"name": "Mỹ phẩm"})
        cls.books = Category.create({"name": "Sách"})
        lipstick = cls._product("Son môi", cls.cosmetics)
        novel = cls._product("Tiểu thuyết", cls.books)
        dealer = cls._customers(1, "Đại lý")
        # AS_OF is a Monday: the last complete week starts 7 days before.
        last_week = datetime.combine(cls.AS_OF - timedelta(days=7), time(10))
        rng = np.random.default_rng(11)
        specs = []
        for k in range(1, 9):
            day = last_week - timedelta(days=7 * k - 2)
            specs.append((dealer, day, 10000000 * (1 + 0.03 * (k % 3 - 1)), lipstick))
            specs.append((dealer, day, float(rng.normal(10000000, 1000000)), novel))
        # Planted drop for cosmetics; books drawn from the same noise as before.
        specs.append((dealer, last_week + timedelta(days=2), 1000000, lipstick))
        specs.append(
            (
                dealer,
                last_week + timedelta(days=2),
                float(rng.normal(10000000, 1000000)),
                novel,
            )
        )
        cls.overdue = cls._customers(1, "Khách VIP lâu không mua")
        cls.steady = cls._customers(1, "Khách VIP đều đặn")
        cls.small = cls._customers(1, "Khách nhỏ lâu không mua")
        specs += [(cls.overdue, cls._days_ago(70 + 10 * k), 20000000) for k in range(9)]
        specs += [(cls.steady, cls._days_ago(5 + 10 * k), 5000000) for k in range(15)]
        specs += [(cls.small, cls._days_ago(70 + 10 * k), 100000) for k in range(3)]
        cls._orders(specs)
        cls.manager.email = "quanly@ecrm.vn"

    def _alerts(self, **domain):
        return self.env["ecrm.alert"].search(
            [("company_id", "=", self.company.id)]
            + [(k, "=", v) for k, v in domain.items()]
        )

    def test_planted_category_drop_fires_once_and_noise_does_not(self):
        self.analytics.run_nightly()
        drops = self._alerts(alert_type="category_drop")
        self.assertEqual(drops.categ_id, self.cosmetics)
        self.assertLess(drops.value, -2.5)
        self.assertIn("Mỹ phẩm", drops.name)
        # The same ongoing condition the next night: no second alert.
        self.analytics.run_nightly()
        self.assertEqual(self._alerts(alert_type="category_drop"), drops)

    def test_overdue_valuable_customer_is_flagged_not_the_others(self):
        self.analytics.run_nightly()
        rhythm = self._alerts(alert_type="customer_rhythm")
        self.assertEqual(rhythm.partner_id, self.overdue)
        self.assertIn("70 days", rhythm.name)

    def test_managers_get_an_activity_and_one_digest(self):
        self.analytics.run_nightly()
        alerts = self._alerts()
        self.assertTrue(alerts)
        for alert in alerts:
            self.assertIn(self.manager, alert.activity_ids.user_id)
        digest = self.env["mail.mail"].search(
            [("subject", "like", "eCRM alerts digest")]
        )
        self.assertEqual(len(digest), 1)
        self.assertIn(self.manager.partner_id, digest.recipient_ids)
        self.assertIn("Mỹ phẩm", digest.body_html)
        # The digest is the managers' one mail of the night: no "you have been
        # assigned" notification for each alert's activity (thousands a night
        # on a large customer base)
        self.assertEqual(
            self.env["mail.mail"].search(
                [("recipient_ids", "in", self.manager.partner_id.ids)]
            ),
            digest,
        )
        self.assertFalse(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "ecrm.alert"),
                    ("partner_ids", "in", self.manager.partner_id.ids),
                ]
            )
        )
        # Nothing new the next night: no second digest.
        self.analytics.run_nightly()
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("subject", "like", "eCRM alerts digest")]
            ),
            1,
        )

    def test_closed_alert_is_raised_again_only_after_the_cooldown(self):
        self.analytics.run_nightly()
        drop = self._alerts(alert_type="category_drop")
        drop.with_user(self.manager).action_close()
        self.analytics.run_nightly()
        self.assertEqual(self._alerts(alert_type="category_drop"), drop)
        self.env["ir.config_parameter"].set_param(
            "ecrm_analytics.alert_cooldown_days", -1
        )
        self.analytics.run_nightly()
        self.assertEqual(len(self._alerts(alert_type="category_drop")), 2)


@tagged("post_install", "-at_install")
class TestCustomerAndComplaintAlerts(AnalyticsCase):
    def test_churn_risk_jump_of_a_customer_fires_once(self):
        calm, jumped = self._customers(2)
        calm.write({"ecrm_churn_risk_previous": 0.2, "ecrm_churn_risk": 0.3})
        jumped.write({"ecrm_churn_risk_previous": 0.2, "ecrm_churn_risk": 0.85})
        self.analytics.run_nightly()
        Alert = self.env["ecrm.alert"]
        alert = Alert.search([("alert_type", "=", "churn_jump")])
        self.assertEqual(alert.partner_id, jumped)
        self.assertEqual(alert.severity, "high")
        self.assertIn("85%", alert.name)
        self.analytics.run_nightly()
        self.assertEqual(Alert.search_count([("alert_type", "=", "churn_jump")]), 1)

    def test_churn_jump_of_another_company_customer_is_not_raised_here(self):
        other = self.env["res.company"].create({"name": "Công ty Khác"})
        (elsewhere,) = self._customers(1, prefix="Khách nơi khác")
        order = self.env["sale.order"].create(
            {
                "partner_id": elsewhere.id,
                "company_id": other.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 500000}
                    )
                ],
            }
        )
        order.write({"state": "sale"})
        elsewhere.write({"ecrm_churn_risk_previous": 0.2, "ecrm_churn_risk": 0.9})
        self.analytics.run_nightly()
        self.assertFalse(
            self.env["ecrm.alert"].search(
                [("alert_type", "=", "churn_jump"), ("partner_id", "=", elsewhere.id)]
            )
        )

    def test_complaint_spike_of_a_category_fires(self):
        category = self.env["helpdesk.ticket.category"].create(
            {"name": "Giao hàng trễ"}
        )
        customer = self._customers(1)
        last_week = datetime.combine(self.AS_OF - timedelta(days=7), time(10))
        dates = [last_week - timedelta(days=7 * k - 1) for k in range(1, 9)]
        dates += [last_week + timedelta(days=1, hours=h) for h in range(8)]
        create_tickets_dated(
            self.env,
            dates,
            "Khiếu nại",
            description="Đơn hàng giao trễ",
            partner_id=customer.id,
            category_id=category.id,
            company_id=self.company.id,
        )
        self.analytics.run_nightly()
        alert = self.env["ecrm.alert"].search([("alert_type", "=", "complaint_spike")])
        self.assertEqual(alert.ticket_category_id, category)
        self.assertIn("8 complaints", alert.name)
