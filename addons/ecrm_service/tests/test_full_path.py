# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import ComplaintCommon
from .test_intake import complaint_email, form_token


@tagged("post_install", "-at_install")
class TestComplaintFullPath(ComplaintCommon, HttpCase):
    """Email -> transfer -> supplier answer on the portal -> resolution -> rating."""

    def _page(self, ticket):
        return self.url_open(f"/my/ticket/{ticket.id}")

    def _supplier_page(self, ticket):
        return self.url_open(f"/my/supplier_complaint/{ticket.id}")

    def _post(self, url, page, **data):
        return self.url_open(url, data=dict(data, csrf_token=form_token(page.text)))

    def test_email_to_rating_through_the_supplier_portal(self):
        # 1. The customer writes to the complaints address.
        raw = complaint_email(
            self.env,
            "mai.nguyen@example.vn",
            "Nguyễn Thị Mai",
            "Áo thun phai màu",
            "ecrm-full-path",
            body="Áo mới giặt lần đầu đã phai màu.",
        )
        ticket = self.Ticket.browse(self.env["mail.thread"].message_process(False, raw))
        self.assertEqual(ticket.partner_id, self.customer)

        # 2. Customer service qualifies it and transfers it in one click.
        agent_ticket = ticket.with_user(self.agent)
        agent_ticket.write(
            {"category_id": self.cat_supplier.id, "product_id": self.product.id}
        )
        self.assertEqual(ticket.supplier_id, self.supplier)
        agent_ticket.action_ecrm_transfer(self.team_warehouse, "Kiểm tra lô hàng")
        self.assertEqual(ticket.team_id, self.team_warehouse)
        self.assertEqual(ticket.ecrm_transfer_ids.user_id, self.agent)
        agent_ticket.action_ecrm_escalate_supplier()
        self.assertEqual(ticket.ecrm_supplier_state, "escalated")

        not_escalated = self._complaint(
            category_id=self.cat_supplier.id, product_id=self.product.id
        )

        # 3. Another supplier can neither read nor answer it.
        self.authenticate("t_ncc2", "t_ncc2_pwd")
        page = self.url_open("/my")
        response = self._post(
            f"/my/supplier_complaint/{ticket.id}/answer", page, answer="Không phải lỗi"
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Áo thun phai màu", self._page(ticket).text)
        self.assertNotIn("Áo thun phai màu", self._supplier_page(ticket).text)
        self.assertEqual(ticket.ecrm_supplier_state, "escalated")

        # 4. Neither can another customer.
        self.authenticate("t_hung", "t_hung_pwd")
        self.assertNotIn("Áo thun phai màu", self._page(ticket).text)

        # 5. The supplier answers on the portal; the answer reaches the ticket.
        self.authenticate("t_ncc1", "t_ncc1_pwd")
        listing = self.url_open("/my/supplier_complaints")
        self.assertIn(ticket.number, listing.text)
        self.assertNotIn(not_escalated.number, listing.text)
        page = self._supplier_page(ticket)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_ecrm_supplier_answer_form", page.text)
        self.assertNotIn("mai.nguyen@example.vn", page.text)  # no customer contact
        response = self._post(
            f"/my/supplier_complaint/{ticket.id}/answer",
            page,
            answer="Lô hàng lỗi nhuộm; chúng tôi đổi áo mới và chịu phí vận chuyển.",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Lô hàng lỗi nhuộm", response.text)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.ecrm_supplier_state, "answered")
        self.assertEqual(ticket.ecrm_supplier_answer_partner_id, self.supplier_contact)
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: (
                    "Lô hàng lỗi nhuộm" in m.body
                    and m.author_id == self.supplier_contact
                )
            )
        )

        # 6. Resolution: the customer is told (in Vietnamese) and asked to rate.
        agent_ticket.write(
            {
                "ecrm_resolution_type": "exchange",
                "ecrm_resolution": "Đổi áo mới, miễn phí vận chuyển.",
                "stage_id": self.stage_done.id,
            }
        )
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "/rate/" in m.body and self.customer in m.partner_ids
            )
        )

        # 7. The customer rates it 4/5 on the portal; ticket and profile show it.
        self.authenticate("t_mai", "t_mai_pwd")
        page = self._page(ticket)
        self.assertIn("o_ecrm_rating_form", page.text)
        self._post(
            f"/my/ticket/{ticket.id}/rate", page, score="4", feedback="Đổi nhanh"
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating_last_value, 4)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.ecrm_complaint_csat, 4)
        # The other (not escalated) complaint is still open.
        self.assertEqual(self.customer.ecrm_complaint_count, 2)
        self.assertEqual(self.customer.ecrm_open_complaint_count, 1)


@tagged("post_install", "-at_install")
class TestRatingFromEmail(ComplaintCommon, HttpCase):
    def test_customer_rates_from_the_link_in_the_closing_email(self):
        ticket = self._complaint()
        self._close(ticket)
        token = ticket.rating_ids.access_token
        page = self.url_open(f"/rate/{token}/5")
        self.assertEqual(page.status_code, 200)
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={
                "rate": "5",
                "feedback": "Nhân viên nhiệt tình",
                "csrf_token": form_token(page.text),
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating_last_value, 5)
        self.assertEqual(ticket.rating_last_feedback, "Nhân viên nhiệt tình")
