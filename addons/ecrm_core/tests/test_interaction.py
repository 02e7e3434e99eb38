# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import EcrmProfileCase


@tagged("post_install", "-at_install")
class TestInteraction(EcrmProfileCase):
    def test_log_a_call_from_the_profile_in_two_clicks(self):
        action = self.lan.with_user(self.telesales).action_ecrm_log_call()
        self.assertEqual(action["res_model"], "ecrm.interaction")
        self.assertEqual(action["target"], "new")
        Interaction = self.Interaction.with_user(self.telesales).with_context(
            action["context"]
        )
        with Form(
            Interaction, view="ecrm_core.ecrm_interaction_view_form_quick"
        ) as form:
            form.summary = "Khách hẹn gọi lại chiều nay"
        call = form.record
        self.assertEqual(call.partner_id, self.lan)
        self.assertEqual(call.channel, "call")
        self.assertEqual(call.user_id, self.telesales)
        self.assertEqual(self.lan.ecrm_interaction_count, 1)
        self.assertIn("Khách hẹn gọi lại chiều nay", self.lan.message_ids[0].body)

    def test_log_a_call_from_an_order_links_the_order(self):
        order = self._order(self.minh, confirm=False)
        action = order.with_user(self.telesales).action_ecrm_log_call()
        Interaction = self.Interaction.with_user(self.telesales).with_context(
            action["context"]
        )
        with Form(
            Interaction, view="ecrm_core.ecrm_interaction_view_form_quick"
        ) as form:
            form.summary = "Xác nhận đơn"
            form.outcome = "Đồng ý"
        call = form.record
        self.assertEqual(call.partner_id, self.minh)
        self.assertEqual((call.res_model, call.res_id), ("sale.order", order.id))
        self.assertEqual(call.related_ref, order)

    def test_other_addons_create_with_the_contract_fields(self):
        interaction = self.Interaction.create(
            {
                "partner_id": self.lan.id,
                "channel": "facebook",
                "direction": "inbound",
                "summary": "Bình luận trên fanpage",
                "outcome": "Đã trả lời",
                "user_id": self.service.id,
                "date": "2026-11-20 10:00:00",
                "res_model": "res.partner",
                "res_id": self.lan.id,
            }
        )
        self.assertEqual(interaction.channel, "facebook")
        self.assertFalse(interaction.related_ref)  # not an order/ticket/campaign

    def test_telesales_creates_and_reads_but_does_not_rewrite(self):
        call = self.Interaction.with_user(self.telesales).create(
            {
                "partner_id": self.lan.id,
                "summary": "Gọi nhỡ",
                "outcome": "Không nghe máy",
            }
        )
        self.assertEqual(call.with_user(self.service).summary, "Gọi nhỡ")
        with self.assertRaises(AccessError):
            call.with_user(self.telesales).write({"summary": "Sửa"})
        with self.assertRaises(AccessError):
            call.with_user(self.telesales).unlink()
        call.with_user(self.manager).write({"summary": "Gọi nhỡ lần 1"})

    def test_other_company_interactions_are_hidden(self):
        other = self.env["res.company"].create({"name": "Công ty Khác"})
        call = self.Interaction.create(
            {"partner_id": self.lan.id, "summary": "Nội bộ", "company_id": other.id}
        )
        visible = self.Interaction.with_user(self.telesales).search(
            [("partner_id", "=", self.lan.id)]
        )
        self.assertNotIn(call, visible)
