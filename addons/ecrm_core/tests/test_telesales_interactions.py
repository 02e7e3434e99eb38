# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import EcrmOrderFlowCommon


@tagged("post_install", "-at_install")
class TestTelesalesInteractions(EcrmOrderFlowCommon, TransactionCase):
    """Every telesales call is an interaction on the customer's profile."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls._setup_order_flow()
        cls.reason = cls.env["ecrm.cancel.reason"].create({"name": "Giá cao"})
        cls.marketing = new_test_user(
            cls.env,
            "t_calls_marketing",
            groups="base.group_user,ecrm_core.group_ecrm_marketing",
        )
        cls.portal = new_test_user(
            cls.env, "t_calls_portal", groups="base.group_portal"
        )
        # A contact of a company: the call is logged on the company's profile.
        cls.company_customer = cls.env["res.partner"].create(
            {"name": "Công ty TNHH Hoa Sen", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Phạm Thị Hoa",
                "phone": "+84935111222",
                "parent_id": cls.company_customer.id,
            }
        )

    def _calls(self, order):
        return self.env["ecrm.interaction"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )

    def _assert_one_call(self, order, outcome):
        call = self._calls(order)
        self.assertEqual(len(call), 1)
        self.assertEqual(call.partner_id, order.partner_id.commercial_partner_id)
        self.assertEqual(call.channel, "call")
        self.assertEqual(call.direction, "outbound")
        self.assertEqual(call.user_id, self.telesales)
        self.assertEqual(call.outcome, outcome)
        self.assertEqual(call.related_ref, order)
        self.assertIn(call, order.partner_id.commercial_partner_id.ecrm_interaction_ids)
        return call

    def test_confirm_call_is_an_interaction(self):
        order = self._queued_order(partner=self.contact)
        order.with_user(self.telesales).action_ecrm_telesales_confirm()
        call = self._assert_one_call(order, "Order confirmed")
        self.assertEqual(call.partner_id, self.company_customer)
        self.assertIn("confirmed on the phone", call.summary)

    def test_no_answer_call_is_an_interaction(self):
        order = self._queued_order()
        order.with_user(self.telesales).action_ecrm_telesales_no_answer()
        self._assert_one_call(order, "No answer")
        order.with_user(self.telesales).action_ecrm_telesales_no_answer()
        self.assertEqual(len(self._calls(order)), 2, "one interaction per call")

    def test_cancel_with_reason_call_is_an_interaction(self):
        order = self._queued_order()
        action = order.with_user(self.telesales).action_ecrm_telesales_cancel()
        self.assertFalse(self._calls(order), "opening the wizard is not a call")
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.telesales)
            .with_context(**action["context"])
        )
        wizard.reason_id = self.reason
        wizard.note = "Khách thấy chỗ khác rẻ hơn"
        wizard.save().action_cancel()
        call = self._assert_one_call(order, "Order cancelled")
        self.assertIn("Giá cao", call.summary)
        self.assertIn("rẻ hơn", call.summary)

    def test_wrong_users_cannot_call_and_log_nothing(self):
        order = self._queued_order()
        for user in (self.marketing, self.portal):
            as_user = order.with_user(user)
            for method in (
                "action_ecrm_telesales_confirm",
                "action_ecrm_telesales_no_answer",
                "action_ecrm_telesales_cancel",
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {method}"):
                    getattr(as_user, method)()
            with self.assertRaises(AccessError):
                as_user._ecrm_cancel(self.reason)
        self.assertFalse(self._calls(order))
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.ecrm_telesales_state, "to_call")
