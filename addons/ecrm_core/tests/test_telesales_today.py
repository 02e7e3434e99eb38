# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

import pytz

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import EcrmOrderFlowCommon


@tagged("post_install", "-at_install")
class TestTelesalesToday(EcrmOrderFlowCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_flow()
        cls.telesales.tz = "Asia/Ho_Chi_Minh"
        cls.marketing = new_test_user(
            cls.env,
            "t_day_marketing",
            groups="base.group_user,ecrm_core.group_ecrm_marketing",
        )
        cls.today_action = cls.env.ref("ecrm_core.sale_order_action_telesales_today")

    def _todays_calls(self, user=None):
        Order = self.env["sale.order"].with_user(user or self.telesales)
        Order = Order.with_context(tz=Order.env.user.tz)
        return Order.search(
            safe_eval(self.today_action.domain)
            + [("partner_id", "=", self.customer.id)],
            order="date_order asc, id asc",
        )

    def _local(self, days, hour, minute=0):
        """A naive UTC datetime at ``hour`` in Vietnam, ``days`` from today."""
        tz = pytz.timezone("Asia/Ho_Chi_Minh")
        today = datetime.now(pytz.utc).astimezone(tz).date() + timedelta(days=days)
        local = tz.localize(datetime(today.year, today.month, today.day, hour, minute))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def test_new_orders_are_called_today_oldest_first(self):
        newer = self._queued_order(date_order="2026-01-02 08:00:00")
        older = self._queued_order(date_order="2026-01-01 08:00:00")
        self.assertEqual(self._todays_calls().ids, [older.id, newer.id])
        self.assertTrue(older.with_user(self.telesales).ecrm_call_due)

    def test_call_planned_later_today_is_due_tomorrow_is_not(self):
        tonight = self._queued_order()
        tomorrow = self._queued_order()
        tonight.write(
            {
                "ecrm_telesales_state": "no_answer",
                "ecrm_next_call_date": self._local(0, 23, 30),
            }
        )
        tomorrow.write(
            {
                "ecrm_telesales_state": "no_answer",
                "ecrm_next_call_date": self._local(1, 0, 30),
            }
        )
        self.assertEqual(self._todays_calls(), tonight)
        self.assertFalse(
            tomorrow.with_user(self.telesales)
            .with_context(tz="Asia/Ho_Chi_Minh")
            .ecrm_call_due
        )
        not_due = (
            self.env["sale.order"]
            .with_context(tz="Asia/Ho_Chi_Minh")
            .search(
                [("ecrm_call_due", "=", False), ("partner_id", "=", self.customer.id)]
            )
        )
        self.assertIn(tomorrow, not_due)
        self.assertNotIn(tonight, not_due)

    def test_no_answer_moves_the_call_out_of_now_but_keeps_it_today_or_later(self):
        order = self._queued_order()
        order.with_user(self.telesales).action_ecrm_telesales_no_answer()
        self.assertGreater(order.ecrm_next_call_date, fields.Datetime.now())
        due = (
            order.ecrm_next_call_date
            < self.env["sale.order"]
            .with_context(tz="Asia/Ho_Chi_Minh")
            ._ecrm_end_of_today()
        )
        self.assertEqual(order in self._todays_calls(), due)

    def test_confirmed_and_cancelled_orders_leave_todays_calls(self):
        confirmed = self._queued_order()
        cancelled = self._queued_order()
        waiting = self._queued_order()
        confirmed.with_user(self.telesales).action_ecrm_telesales_confirm()
        cancelled.with_user(self.telesales)._ecrm_cancel(
            self.env["ecrm.cancel.reason"].create({"name": "Đặt nhầm"})
        )
        self.assertEqual(self._todays_calls(), waiting)
        callbacks = self.env.ref("ecrm_core.sale_order_action_telesales_callbacks")
        self.assertIn(
            cancelled,
            self.env["sale.order"]
            .with_user(self.telesales)
            .search(safe_eval(callbacks.domain)),
        )

    def test_telesales_app_opens_on_todays_calls_for_agents_only(self):
        root = self.env.ref("ecrm_core.menu_ecrm_telesales_root")
        self.assertFalse(root.parent_id)
        self.assertEqual(root.action, self.today_action)
        Menu = self.env["ir.ui.menu"]
        for user in (self.telesales, self.manager):
            visible = Menu.with_user(user)._visible_menu_ids()
            self.assertIn(root.id, visible, user.login)
            self.assertIn(
                self.env.ref("ecrm_core.menu_ecrm_telesales_callbacks").id, visible
            )
        for user in (self.marketing, self.customer_service, self.salesman):
            self.assertNotIn(root.id, Menu.with_user(user)._visible_menu_ids())
        self.assertIn("o_view_nocontent_smiling_face", self.today_action.help)
