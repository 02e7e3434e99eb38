# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import EcrmOrderFlowCommon


@tagged("post_install", "-at_install")
class TestTelesalesQueue(EcrmOrderFlowCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_flow()
        cls.env["ir.config_parameter"].sudo().set_param(
            "ecrm_core.max_call_attempts", 3
        )
        cls.reason = cls.env["ecrm.cancel.reason"].create({"name": "Đổi ý"})

    def test_confirm_call_confirms_order_and_creates_delivery(self):
        order = self._queued_order()
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        order.commitment_date = "2026-11-25 10:00:00"
        order.with_user(self.telesales).with_context(
            lang="en_US"
        ).action_ecrm_telesales_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.ecrm_telesales_state, "confirmed")
        self.assertTrue(order.ecrm_confirmed_date)
        self.assertTrue(order.ecrm_first_call_date)
        self.assertEqual(order.ecrm_telesales_user_id, self.telesales)
        self.assertTrue(order.picking_ids, "the warehouse receives a delivery")
        call_note = order.message_ids.filtered(lambda m: "phone" in m.body)
        self.assertIn("Cash on delivery", call_note.body)
        self.assertIn("2026-11-25", call_note.body)

    def test_queued_order_cannot_skip_the_call(self):
        order = self._queued_order()
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_no_answer_schedules_next_call_then_cancels_unreachable(self):
        order = self._queued_order(channel="web")
        agent_order = order.with_user(self.telesales)
        agent_order.action_ecrm_telesales_no_answer()
        self.assertEqual(order.ecrm_telesales_state, "no_answer")
        self.assertEqual(order.ecrm_call_attempts, 1)
        self.assertGreater(order.ecrm_next_call_date, order.ecrm_first_call_date)
        agent_order.action_ecrm_telesales_no_answer()
        self.assertEqual(order.state, "draft")
        agent_order.action_ecrm_telesales_no_answer()
        self.assertEqual(order.ecrm_call_attempts, 3)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.ecrm_telesales_state, "cancelled")
        self.assertEqual(
            order.ecrm_cancel_reason_id,
            self.env.ref("ecrm_core.cancel_reason_unreachable"),
        )
        with self.assertRaises(UserError):
            agent_order.action_ecrm_telesales_no_answer()

    def test_attempt_limit_comes_from_settings(self):
        settings = self.env["res.config.settings"].create({})
        settings.ecrm_max_call_attempts = 1
        settings.execute()
        order = self._queued_order()
        order.with_user(self.telesales).action_ecrm_telesales_no_answer()
        self.assertEqual(order.state, "cancel")

    def test_cancel_with_reason_goes_to_channel_responsible(self):
        self.env["ecrm.channel.responsible"].create(
            {"channel": "facebook", "user_id": self.manager.id}
        )
        order = self._queued_order(channel="facebook")
        action = order.with_user(self.telesales).action_ecrm_telesales_cancel()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.telesales)
            .with_context(**action["context"])
        )
        wizard.reason_id = self.reason
        wizard.note = "Khách nói đã mua ở cửa hàng"
        wizard.save().action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.ecrm_cancel_reason_id, self.reason)
        activity = order.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("ecrm_core.mail_activity_ecrm_callback"),
        )
        self.assertEqual(order.ecrm_callback_user_id, self.manager)

    def test_system_reason_is_not_offered_to_agents(self):
        order = self._queued_order()
        with self.assertRaises(ValidationError):
            self.env["ecrm.order.cancel.wizard"].with_user(self.telesales).create(
                {
                    "order_ids": order.ids,
                    "reason_id": self.env.ref("ecrm_core.cancel_reason_unreachable").id,
                }
            )
        self.assertEqual(order.state, "draft")

    def test_callback_recovered_duplicates_into_new_queued_order(self):
        order = self._queued_order()
        order.with_user(self.telesales)._ecrm_cancel(self.reason, "giá cao")
        action = order.with_user(self.manager).action_ecrm_callback()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"outcome": "recovered", "note": "Khách đồng ý mua lại"})
        )
        result = wizard.action_record()
        new = self.env["sale.order"].browse(result["res_id"])
        self.assertEqual(order.ecrm_callback_outcome, "recovered")
        self.assertEqual(order.ecrm_recovered_order_id, new)
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.ecrm_telesales_state, "to_call")
        self.assertEqual(new.partner_id, order.partner_id)
        self.assertEqual(new.order_line.product_id, self.product_a)
        self.assertFalse(order.activity_ids, "the call-back activity is done")

    def test_callback_reason_confirmed_keeps_order_cancelled(self):
        order = self._queued_order()
        order.with_user(self.telesales)._ecrm_cancel(self.reason)
        new = order.with_user(self.telesales)._ecrm_record_callback(
            "reason_confirmed", "Đúng là khách đổi ý"
        )
        self.assertFalse(new)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.ecrm_callback_outcome, "reason_confirmed")
        self.assertTrue(order.ecrm_callback_date)

    def test_other_users_cannot_act_on_the_queue(self):
        order = self._queued_order()
        for user in (self.customer_service, self.salesman):
            as_user = order.with_user(user)
            with self.assertRaises(AccessError):
                as_user.action_ecrm_telesales_confirm()
            with self.assertRaises(AccessError):
                as_user.action_ecrm_telesales_no_answer()
            with self.assertRaises(AccessError):
                as_user.action_ecrm_telesales_cancel()
            with self.assertRaises(AccessError):
                as_user._ecrm_cancel(self.reason)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.ecrm_call_attempts, 0)
        order.with_user(self.telesales)._ecrm_cancel(self.reason)
        with self.assertRaises(AccessError):
            order.with_user(self.customer_service).action_ecrm_callback()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman)._ecrm_record_callback("recovered")
        self.assertFalse(order.ecrm_recovered_order_id)

    def test_manager_acts_on_the_queue(self):
        order = self._queued_order()
        order.with_user(self.manager).action_ecrm_telesales_confirm()
        self.assertEqual(order.state, "sale")

    def test_history_shows_previous_orders_and_cancellations(self):
        old = self._queued_order()
        old.with_user(self.telesales)._ecrm_cancel(self.reason)
        order = self._queued_order()
        self.assertEqual(order.ecrm_partner_cancel_count, 1)
        self.assertIn(old, order.ecrm_partner_history_ids)
        self.assertNotIn(order, order.ecrm_partner_history_ids)
