# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .test_intake import form_token


@tagged("post_install", "-at_install")
class TestSupplierPortalTour(HttpCase):
    """A supplier's day in the browser: from /my to the complaint escalated to its
    company, answered on the portal; another supplier's complaint stays closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.supplier, cls.other_supplier = Partner.create(
            [
                {"name": "Công ty TNHH Mỹ phẩm Hồng (tour)", "is_company": True},
                {"name": "Công ty CP Dược mỹ phẩm Lam (tour)", "is_company": True},
            ]
        )
        cls.env["ecrm.supplier.agreement"].create(
            [
                {"supplier_id": cls.supplier.id, "answer_days": 3},
                {"supplier_id": cls.other_supplier.id, "answer_days": 2},
            ]
        )
        cls.contact = Partner.create(
            {
                "name": "Vũ Thị Hạnh",
                "email": "hanh@myphamhong-tour.vn",
                "parent_id": cls.supplier.id,
            }
        )
        new_test_user(
            cls.env,
            "t_tour_ncc",
            password="t_tour_ncc_pwd",
            name="Vũ Thị Hạnh",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        other_contact = Partner.create(
            {
                "name": "Đặng Quốc Việt",
                "email": "viet@lam-tour.vn",
                "parent_id": cls.other_supplier.id,
            }
        )
        new_test_user(
            cls.env,
            "t_tour_ncc_lam",
            password="t_tour_ncc_lam_pwd",
            name="Đặng Quốc Việt",
            groups="base.group_portal",
            partner_id=other_contact.id,
        )
        Product = cls.env["product.product"]
        lipstick, sunscreen = Product.create(
            [
                {
                    "name": "Son môi (tour)",
                    "seller_ids": [Command.create({"partner_id": cls.supplier.id})],
                },
                {
                    "name": "Kem chống nắng (tour)",
                    "seller_ids": [
                        Command.create({"partner_id": cls.other_supplier.id})
                    ],
                },
            ]
        )
        customer = Partner.create(
            {
                "name": "Phan Thị Ngọc",
                "email": "ngoc.phan@example.vn",
                "phone": "+84903111222",
            }
        )
        category = cls.env.ref("ecrm_service.category_supplier")
        cls.ticket, cls.other_ticket, cls.not_escalated = cls.env[
            "helpdesk.ticket"
        ].create(
            [
                {
                    "name": "Son môi bị chảy (tour)",
                    "description": "<p>Son chảy ngay khi mở hộp.</p>",
                    "partner_id": customer.id,
                    "category_id": category.id,
                    "product_id": lipstick.id,
                },
                {
                    "name": "Kem chống nắng (tour)",
                    "description": "<p>Kem bị tách nước.</p>",
                    "partner_id": customer.id,
                    "category_id": category.id,
                    "product_id": sunscreen.id,
                },
                {
                    "name": "Son môi chưa chuyển (tour)",
                    "description": "<p>Chưa chuyển cho nhà cung cấp.</p>",
                    "partner_id": customer.id,
                    "category_id": category.id,
                    "product_id": lipstick.id,
                },
            ]
        )
        (cls.ticket | cls.other_ticket).action_ecrm_escalate_supplier()

    def test_supplier_answers_the_escalated_complaint_on_the_portal(self):
        self.assertEqual(self.ticket.supplier_id, self.supplier)
        self.start_tour("/my", "ecrm_service_supplier_portal_tour", login="t_tour_ncc")

        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.ecrm_supplier_state, "answered")
        self.assertIn("Lô son bị lỗi bảo quản", self.ticket.ecrm_supplier_answer)
        self.assertEqual(self.ticket.ecrm_supplier_answer_partner_id, self.contact)
        self.assertFalse(self.ticket.ecrm_supplier_late)
        self.assertTrue(
            self.ticket.message_ids.filtered(
                lambda m: (
                    "Lô son bị lỗi bảo quản" in m.body and m.author_id == self.contact
                )
            ),
            "the answer is in the ticket's chatter, written by the supplier",
        )
        self.assertEqual(self.other_ticket.ecrm_supplier_state, "escalated")
        # Answering does not make the supplier a follower: followers are sent the
        # conversation with the customer.
        self.assertNotIn(self.contact, self.ticket.message_partner_ids)

    def test_supplier_cannot_open_or_answer_another_suppliers_complaint(self):
        self.authenticate("t_tour_ncc", "t_tour_ncc_pwd")
        listing = self.url_open("/my/supplier_complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Son môi bị chảy (tour)", listing.text)
        self.assertNotIn("Kem chống nắng (tour)", listing.text)
        self.assertNotIn("Son môi chưa chuyển (tour)", listing.text)
        self.assertNotIn("Phan Thị Ngọc", listing.text)  # the customer stays unnamed

        # Reading it sends the supplier back to its portal home, on the
        # supplier pages and on helpdesk_mgmt's ticket pages alike.
        for ticket in (self.other_ticket, self.not_escalated, self.ticket):
            for url in (
                f"/my/supplier_complaint/{ticket.id}",
                f"/my/ticket/{ticket.id}",
            ):
                if url == f"/my/supplier_complaint/{self.ticket.id}":
                    continue  # its own complaint, see the next test
                page = self.url_open(url)
                self.assertTrue(page.url.endswith("/my"), url)
                self.assertNotIn("Kem bị tách nước", page.text)
                self.assertNotIn("Chưa chuyển cho nhà cung cấp", page.text)
        tickets = self.url_open("/my/tickets")
        self.assertNotIn("Son môi bị chảy (tour)", tickets.text)

        # Answering it is not found, and nothing is written.
        response = self.url_open(
            f"/my/supplier_complaint/{self.other_ticket.id}/answer",
            data={
                "answer": "Không phải lỗi của chúng tôi",
                "csrf_token": form_token(page.text),
            },
        )
        self.assertEqual(response.status_code, 404)
        self.other_ticket.invalidate_recordset()
        self.assertEqual(self.other_ticket.ecrm_supplier_state, "escalated")
        self.assertFalse(self.other_ticket.ecrm_supplier_answer)

    def test_supplier_page_hides_the_customer_and_the_closing_buttons(self):
        self.env["helpdesk.ticket.stage"].search([("closed", "=", True)]).write(
            {"close_from_portal": True}
        )
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        close_url = f"/ticket/close?ticket_id={self.ticket.id}&stage_id={done.id}"
        self.authenticate("t_tour_ncc", "t_tour_ncc_pwd")
        page = self.url_open(f"/my/supplier_complaint/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_ecrm_supplier_answer_form", page.text)
        self.assertIn("Son chảy ngay khi mở hộp", page.text)
        for private in ("Phan Thị Ngọc", "ngoc.phan@example.vn", "903111222"):
            self.assertNotIn(private, page.text)
        self.assertNotIn('action="/ticket/close"', page.text)
        # Nor the conversation with the customer.
        self.assertNotIn('id="task_chat"', page.text)
        # An empty answer is refused on the page; nothing is written.
        page = self.url_open(
            f"/my/supplier_complaint/{self.ticket.id}/answer",
            data={"answer": "  ", "csrf_token": form_token(page.text)},
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_ecrm_portal_error", page.text)
        self.assertEqual(self.ticket.ecrm_supplier_state, "escalated")
        # The customer still gets them on the same page.
        self._log_in_as_the_customer()
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertIn('action="/ticket/close"', page.text)
        self.assertIn('id="task_chat"', page.text)
        self.assertNotIn("o_ecrm_supplier_answer_form", page.text)
        # Closing without a resolution is refused on the page, not with a crash.
        page = self.url_open(close_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_ecrm_portal_error", page.text)
        self.assertFalse(self.ticket.closed)

    def _log_in_as_the_customer(self):
        """A portal session of the customer who filed the complaint."""
        new_test_user(
            self.env,
            "t_tour_ngoc",
            password="t_tour_ngoc_pwd",
            name="Phan Thị Ngọc",
            groups="base.group_portal",
            partner_id=self.ticket.partner_id.id,
        )
        self.authenticate("t_tour_ngoc", "t_tour_ngoc_pwd")

    def test_only_the_customer_closes_the_complaint_from_the_portal(self):
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        done.close_from_portal = True
        self.ticket.ecrm_resolution_type = "exchange"
        close_url = f"/ticket/close?ticket_id={self.ticket.id}&stage_id={done.id}"
        for login in ("t_tour_ncc", "t_tour_ncc_lam"):
            self.authenticate(login, login + "_pwd")
            self.assertEqual(self.url_open(close_url).status_code, 404)
        self.ticket.invalidate_recordset()
        self.assertFalse(self.ticket.closed)

        self._log_in_as_the_customer()
        self.assertEqual(self.url_open(close_url).status_code, 200)
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.stage_id, done)
