# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase, tagged

from .common import ComplaintCommon

EMAIL = """Return-Path: <{sender}>
From: {name} <{sender}>
To: {to}
Subject: {subject}
Message-ID: <{msgid}@mail.example.vn>
Date: Sat, 21 Nov 2026 20:05:00 +0700
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


def form_token(html):
    """The CSRF token of the first form of a rendered page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def complaint_email(env, sender, name, subject, msgid, body="Tôi nhận hàng bị vỡ."):
    alias = env.ref("ecrm_service.mail_alias_complaints")
    if not alias.alias_domain_id:
        domain = env["mail.alias.domain"].search([], limit=1) or env[
            "mail.alias.domain"
        ].create({"name": "shop.example.vn"})
        alias.alias_domain_id = domain
    return EMAIL.format(
        sender=sender,
        name=name,
        to=alias.alias_full_name,
        subject=subject,
        msgid=msgid,
        body=body,
    )


@tagged("post_install", "-at_install")
class TestEmailIntake(ComplaintCommon):
    def test_email_to_the_alias_is_matched_to_the_customer(self):
        raw = complaint_email(
            self.env, "MAI.Nguyen@Example.vn", "Mai", "Hàng bị vỡ", "ecrm-t1"
        )
        ticket_id = self.env["mail.thread"].message_process(False, raw)
        ticket = self.Ticket.browse(ticket_id)
        self.assertEqual(ticket._name, "helpdesk.ticket")
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.channel_id.ecrm_code, "email")
        self.assertEqual(ticket.name, "Hàng bị vỡ")
        self.assertTrue(ticket.ecrm_deadline)

    def test_email_from_an_unknown_sender_creates_a_customer(self):
        raw = complaint_email(
            self.env, "lan.pham@example.vn", "Phạm Thị Lan", "Sai màu", "ecrm-t2"
        )
        ticket = self.Ticket.browse(self.env["mail.thread"].message_process(False, raw))
        self.assertEqual(ticket.partner_id.email, "lan.pham@example.vn")
        self.assertEqual(ticket.partner_id.name, "Phạm Thị Lan")
        self.assertEqual(
            self.env["res.partner"]._ecrm_find_by_contact(email="lan.pham@example.vn"),
            ticket.partner_id,
        )


@tagged("post_install", "-at_install")
class TestWebForm(HttpCase):
    def test_public_web_form_creates_a_complaint_matched_by_phone(self):
        customer = self.env["res.partner"].create(
            {"name": "Võ Thanh Tâm", "phone": "+84903111222", "customer_rank": 1}
        )
        self.assertIn('href="/complaint"', self.url_open("/").text)  # site menu
        page = self.url_open("/complaint")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_ecrm_complaint_form", page.text)
        category = self.env.ref("ecrm_service.category_delivery")
        data = {
            "name": "Võ Thanh Tâm",
            "phone": "0903 111 222",
            "category": category.id,
            "subject": "Shipper thái độ không tốt",
            "description": "Shipper quăng hàng trước cửa.",
            "csrf_token": form_token(page.text),
        }
        response = self.url_open("/complaint/submit", data=data)
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Shipper thái độ không tốt")]
        )
        self.assertEqual(ticket.partner_id, customer)
        self.assertEqual(ticket.channel_id.ecrm_code, "web")
        self.assertEqual(ticket.category_id, category)
        self.assertIn(ticket.number, response.text)

    def test_web_form_without_contact_is_refused(self):
        page = self.url_open("/complaint")
        data = {
            "csrf_token": form_token(page.text),
            "name": "Ẩn danh",
            "category": self.env.ref("ecrm_service.category_delivery").id,
            "subject": "Không liên hệ được",
            "description": "...",
        }
        response = self.url_open("/complaint/submit", data=data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("alert-danger", response.text)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Không liên hệ được")])
        )
