# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestResolutionAndRating(ComplaintCommon):
    def test_closing_without_resolution_is_refused(self):
        ticket = self._complaint()
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).write({"stage_id": self.stage_done.id})
        self.assertFalse(ticket.closed)

    def test_closing_mails_the_customer_in_vietnamese_with_a_rating_request(self):
        ticket = self._complaint()
        self._close(ticket, "voucher")
        self.assertTrue(ticket.closed)
        message = ticket.message_ids.filtered(
            lambda m: self.customer in m.partner_ids and "/rate/" in m.body
        )
        self.assertEqual(len(message), 1)
        self.assertIn("đã được giải quyết", message.body)
        self.assertIn("Hướng xử lý", message.body)
        rating = ticket.rating_ids
        self.assertEqual(rating.partner_id, self.customer)
        self.assertIn(f"/rate/{rating.access_token}/5", message.body)

    def test_customer_rates_from_the_email_link(self):
        ticket = self._complaint()
        self._close(ticket)
        token = ticket.rating_ids.access_token
        ticket.rating_apply(5, token=token, feedback="Xử lý nhanh, cảm ơn shop")
        self.assertEqual(ticket.rating_last_value, 5)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.ecrm_complaint_csat, 5)

    def test_customer_rates_one_to_five_on_the_portal(self):
        ticket = self._complaint()
        with self.assertRaises(UserError):
            ticket.with_user(self.customer_user).ecrm_action_rate(4)  # still open
        self._close(ticket)
        with self.assertRaises(AccessError):
            ticket.with_user(self.other_customer_user).ecrm_action_rate(1)
        with self.assertRaises(UserError):
            ticket.with_user(self.customer_user).ecrm_action_rate(7)
        ticket.with_user(self.customer_user).ecrm_action_rate(4, "Tạm được")
        self.assertEqual(ticket.rating_last_value, 4)
        self.assertEqual(ticket.rating_last_feedback, "Tạm được")

    def test_profile_counts_open_and_all_complaints(self):
        first = self._complaint()
        self._complaint()
        self._close(first)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.ecrm_complaint_count, 2)
        self.assertEqual(self.customer.ecrm_open_complaint_count, 1)

    def test_customers_see_only_their_own_complaints_on_the_portal(self):
        mine = self._complaint()
        theirs = self._complaint(partner_id=self.other_customer.id)
        Ticket = self.Ticket.with_user(self.customer_user)
        self.assertEqual(Ticket.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.customer_user).read(["name"])

    def test_hotline_logs_a_complaint_from_the_profile(self):
        action = self.customer.with_user(self.agent).action_ecrm_log_complaint()
        with Form(
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .with_context(**action["context"])
        ) as form:
            form.name = "Gọi hotline: thiếu hàng"
            form.description = "Thiếu 1 áo trong đơn"
            form.category_id = self.cat_delivery
        ticket = form.record
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.channel_id.ecrm_code, "hotline")
        # the number as the profile shows it
        self.assertEqual(ticket.ecrm_partner_phone, "0912 000 111")
        self.assertTrue(ticket.ecrm_deadline)
