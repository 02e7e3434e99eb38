# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.portal_rpc import PortalRpcMixin

from .common import ComplaintCommon
from .test_intake import form_token

# What a supplier must never learn of the customer of tests/common.py.
CUSTOMER_PRIVATE = (
    "Nguyễn Thị Mai",
    "mai.nguyen@example.vn",
    "912000111",
    "912 000 111",
    "Ngõ 12 Láng Hạ",
)
TICKET_READS = [
    ("read", lambda t: ([t.ids], {"fields": ["partner_email"]})),
    ("search_read", lambda t: ([[("id", "=", t.id)]], {"fields": ["partner_name"]})),
    ("web_read", lambda t: ([t.ids], {"specification": {"partner_id": {}}})),
    (
        "web_search_read",
        lambda t: ([], {"domain": [("id", "=", t.id)], "specification": {"name": {}}}),
    ),
    (
        "read_group",
        lambda t: (
            [[("id", "=", t.id)], ["partner_email"], ["partner_email"]],
            {"lazy": False},
        ),
    ),
]


class PortalAccessCommon(PortalRpcMixin, ComplaintCommon, HttpCase):
    """A supplier-fault complaint of Nguyễn Thị Mai, escalated to supplier 1, with
    her order, her messages, an internal note and her attachment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.street = "Ngõ 12 Láng Hạ"
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 1})
                ],
            }
        )
        # Both supplier-fault complaints: Mai's (supplier 1) and another
        # customer's (supplier 2).
        cls.ticket, cls.other_ticket = (
            cls._complaint(category_id=cls.cat_supplier.id, **vals)
            for vals in (
                {
                    "name": "Áo thun phai màu (truy cập)",
                    "description": "<p>Áo phai màu ngay lần giặt đầu.</p>",
                    "product_id": cls.product.id,
                    "sale_order_id": cls.order.id,
                    "partner_name": "Nguyễn Thị Mai",
                    "partner_email": "mai.nguyen@example.vn",
                    "ecrm_partner_phone": "+84912000111",
                },
                {
                    "name": "Giày bong keo (truy cập)",
                    "description": "<p>Giày bong keo sau một tuần.</p>",
                    "supplier_id": cls.other_supplier.id,
                    "partner_id": cls.other_customer.id,
                },
            )
        )
        (cls.ticket | cls.other_ticket).action_ecrm_escalate_supplier()
        cls.ticket.message_post(
            body="Tôi muốn đổi áo, gọi tôi số 0912 000 111.",
            author_id=cls.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.ticket.message_post(
            body="Ghi chú nội bộ: khách quen, ưu tiên đổi ngay.",
            subtype_xmlid="mail.mt_note",
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "hoa-don-mai.txt",
                "raw": b"Nguyen Thi Mai - 0912000111",
                "res_model": "helpdesk.ticket",
                "res_id": cls.ticket.id,
            }
        )

    @property
    def test_ids(self):
        """The complaints of the test (the demo data has others)."""
        return (self.ticket | self.other_ticket).ids

    def assertNothingPrivate(self, payload):
        text = (
            payload
            if isinstance(payload, str)
            else json.dumps(payload, ensure_ascii=False)
        )
        for private in CUSTOMER_PRIVATE + ("Tôi muốn đổi áo", "hoa-don-mai"):
            self.assertNotIn(private, text)

    def ticket_messages_by_xmlrpc(self, user, key):
        """The complaint's messages (body and sender) that XML-RPC answers
        ``user`` with ``key`` (``""`` on a fault)."""
        result, _fault = self.xmlrpc(
            user,
            key,
            "mail.message",
            "search_read",
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket.id)],
            fields=["body", "email_from"],
        )
        return result or ""

    def assertTicketOutOfReach(self, user=None, key=None):
        """Every read of the complaint is refused and shows nothing private:
        through call_kw in the current session, or through XML-RPC as ``user``
        with ``key``."""
        for method, args in TICKET_READS:
            with self.subTest(method=method):
                if user:
                    args, kwargs = args(self.ticket)
                    result, _fault = self.assertXmlrpcRefused(
                        user, key, "helpdesk.ticket", method, *args, **kwargs
                    )
                else:
                    result, _error = self.assertCallRefused(
                        "helpdesk.ticket", method, *args(self.ticket)
                    )
                self.assertNothingPrivate(result or "")


@tagged("post_install", "-at_install")
class TestSupplierAccess(PortalAccessCommon):
    def test_supplier_reads_the_complaint_without_the_customer(self):
        self.authenticate("t_ncc1", "t_ncc1_pwd")
        fields = self.call_kw("ecrm.supplier.complaint", "fields_get", [], {})[0]
        for name in fields:
            self.assertNotRegex(name, "partner_(name|email|phone)|message|follower")
        records, error = self.call_kw(
            "ecrm.supplier.complaint",
            "search_read",
            [[("id", "in", self.test_ids)]],
            {"fields": list(fields)},
        )
        self.assertIsNone(error)
        self.assertEqual([r["id"] for r in records], self.ticket.ids)
        complaint = records[0]
        self.assertEqual(complaint["product_id"][0], self.product.id)
        self.assertEqual(complaint["order_reference"], self.order.name)
        self.assertIn("Áo phai màu ngay lần giặt đầu", complaint["description"])
        self.assertTrue(complaint["deadline"])
        self.assertEqual(complaint["state"], "escalated")
        self.assertNothingPrivate(records)

    def test_supplier_cannot_read_the_ticket_by_any_call(self):
        self.authenticate("t_ncc1", "t_ncc1_pwd")
        self.assertTicketOutOfReach()
        # Nor the customer, nor her order.
        self.assertCallRefused("res.partner", "read", [self.customer.ids], {})
        self.assertCallRefused("sale.order", "read", [self.order.ids], {})
        self.assertCallRefused(
            "sale.order",
            "search_read",
            [[("id", "=", self.order.id)]],
            {"fields": ["name"]},
        )
        # The export of the ticket gives no file.
        page = self.url_open("/my")
        export = self.url_open(
            "/web/export/csv",
            data={
                "data": json.dumps(
                    {
                        "model": "helpdesk.ticket",
                        "fields": [
                            {"name": "partner_email", "label": "Email"},
                            {"name": "partner_name", "label": "Name"},
                        ],
                        "ids": self.ticket.ids,
                        "domain": [],
                        "import_compat": False,
                    }
                ),
                "csrf_token": form_token(page.text),
            },
        )
        self.assertNotEqual(export.status_code, 200)
        self.assertNothingPrivate(export.text)

    def test_supplier_cannot_read_the_conversation_followers_or_attachments(self):
        self.authenticate("t_ncc1", "t_ncc1_pwd")
        thread = {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id}
        result, _error = self.json_call("/mail/thread/messages", thread)
        self.assertFalse((result or {}).get("messages"))
        self.assertNothingPrivate(result or "")
        result, _error = self.json_call(
            "/mail/thread/data",
            dict(
                thread, request_list=["followers", "attachments", "suggestedRecipients"]
            ),
        )
        self.assertNothingPrivate(result or "")
        result, _error = self.call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket.id)]],
            {"fields": ["body", "author_id", "email_from"]},
        )
        self.assertNothingPrivate(result or "")
        self.assertNotIn("Ghi chú nội bộ", json.dumps(result or "", ensure_ascii=False))
        self.assertCallRefused(
            "mail.followers",
            "search_read",
            [[("res_model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket.id)]],
            {"fields": ["partner_id"]},
        )
        self.assertCallRefused(
            "ir.attachment",
            "search_read",
            [[("res_model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket.id)]],
            {"fields": ["name", "datas"]},
        )
        content = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertNotEqual(content.status_code, 200)
        self.assertNotIn("0912000111", content.text)

    def test_supplier_portal_pages_show_no_customer(self):
        self.authenticate("t_ncc1", "t_ncc1_pwd")
        page = self.url_open(f"/my/supplier_complaint/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order.name, page.text)
        self.assertIn("Áo phai màu ngay lần giặt đầu", page.text)
        self.assertIn("o_ecrm_supplier_deadline", page.text)
        self.assertNothingPrivate(page.text)
        for url in (
            f"/my/ticket/{self.ticket.id}",
            f"/my/orders/{self.order.id}",
            "/my/tickets",
            "/my/supplier_complaints",
        ):
            with self.subTest(url=url):
                self.assertNothingPrivate(self.url_open(url).text)

    def test_another_supplier_gets_nothing(self):
        self.authenticate("t_ncc2", "t_ncc2_pwd")
        self.assertCallRefused("ecrm.supplier.complaint", "read", [self.ticket.ids], {})
        records, _error = self.call_kw(
            "ecrm.supplier.complaint",
            "search_read",
            [[("id", "in", self.test_ids)]],
            {"fields": ["number"]},
        )
        self.assertEqual([r["id"] for r in records], self.other_ticket.ids)
        self.assertCallRefused(
            "ecrm.supplier.complaint", "action_answer", [self.ticket.ids, "Không"], {}
        )
        page = self.assertSendsHome(f"/my/supplier_complaint/{self.ticket.id}")
        self.assertNotIn("Áo phai màu", page.text)
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.ecrm_supplier_state, "escalated")

    def test_supplier_api_key_gets_the_same_limits(self):
        key = self.portal_api_key(self.supplier_user)
        user = self.supplier_user
        records, fault = self.xmlrpc(
            user,
            key,
            "ecrm.supplier.complaint",
            "search_read",
            [("id", "in", self.test_ids)],
            fields=["number"],
        )
        self.assertIsNone(fault)
        self.assertEqual([r["id"] for r in records], self.ticket.ids)
        self.assertTicketOutOfReach(user, key)
        self.assertXmlrpcRefused(user, key, "res.partner", "read", self.customer.ids)
        self.assertNothingPrivate(self.ticket_messages_by_xmlrpc(user, key))
        # Another supplier's key reads nothing of this complaint.
        other_key = self.portal_api_key(self.other_supplier_user)
        self.assertXmlrpcRefused(
            self.other_supplier_user,
            other_key,
            "ecrm.supplier.complaint",
            "read",
            self.ticket.ids,
        )

    def test_supplier_email_opens_the_supplier_page_and_names_no_customer(self):
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.supplier_contact.ids)]
        )
        mail = mails.filtered(lambda m: self.ticket.number in (m.subject or ""))
        self.assertTrue(mail)
        self.assertIn(f"/my/supplier_complaint/{self.ticket.id}", mail.body_html)
        self.assertNothingPrivate(mail.body_html)

    def test_supplier_answer_is_posted_without_following_the_complaint(self):
        # Staff cannot make the supplier's contact a follower...
        self.ticket.with_user(self.agent).message_subscribe(
            partner_ids=(self.supplier_contact | self.customer).ids
        )
        self.assertNotIn(self.supplier_contact, self.ticket.message_partner_ids)
        self.assertIn(self.customer, self.ticket.message_partner_ids)
        # ... and one that followed it before this version is removed.
        self.env["mail.followers"].create(
            {
                "res_model": "helpdesk.ticket",
                "res_id": self.ticket.id,
                "partner_id": self.supplier_contact.id,
            }
        )
        self.ticket.invalidate_recordset()
        self.assertIn(self.supplier_contact, self.ticket.message_partner_ids)
        self.Ticket._ecrm_unsubscribe_supplier_contacts()
        self.ticket.invalidate_recordset()
        self.assertNotIn(self.supplier_contact, self.ticket.message_partner_ids)
        self.assertIn(self.customer, self.ticket.message_partner_ids)

        self.authenticate("t_ncc1", "t_ncc1_pwd")
        _result, error = self.call_kw(
            "ecrm.supplier.complaint",
            "action_answer",
            [self.ticket.ids, "Lỗi nhuộm của lô hàng; chúng tôi đổi áo mới."],
        )
        self.assertIsNone(error)
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.ecrm_supplier_state, "answered")
        self.assertNotIn(self.supplier_contact, self.ticket.message_partner_ids)


@tagged("post_install", "-at_install")
class TestPortalCustomerComplaints(PortalAccessCommon):
    def test_customer_reads_her_complaint_but_not_the_supplier_answer_or_notes(self):
        self.env["ecrm.supplier.complaint"].browse(self.ticket.id).with_user(
            self.supplier_user
        ).action_answer("Lô nhuộm lỗi, nhà máy chịu chi phí đổi.")
        self.authenticate("t_mai", "t_mai_pwd")
        records, error = self.call_kw(
            "helpdesk.ticket",
            "search_read",
            [[]],
            {"fields": ["name", "partner_email", "ecrm_supplier_state"]},
        )
        self.assertIsNone(error)
        self.assertIn(self.ticket.id, [r["id"] for r in records])
        self.assertNotIn(self.other_ticket.id, [r["id"] for r in records])
        self.assertCallRefused(
            "helpdesk.ticket",
            "read",
            [self.ticket.ids],
            {"fields": ["ecrm_supplier_answer"]},
        )
        result, error = self.json_call(
            "/mail/thread/messages",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        self.assertIsNone(error)
        text = json.dumps(result, ensure_ascii=False)
        self.assertIn("Tôi muốn đổi áo", text)
        self.assertNotIn("Ghi chú nội bộ", text)
        self.assertNotIn("Lô nhuộm lỗi", text)
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Lô nhuộm lỗi", page.text)
        self.assertNotIn("Ghi chú nội bộ", page.text)
        # Ratings are read on the complaint, not as rating records.
        self.assertCallRefused(
            "rating.rating", "search_read", [[]], {"fields": ["feedback"]}
        )

    def test_another_customer_gets_nothing_even_as_a_follower(self):
        self.ticket.message_subscribe(partner_ids=self.other_customer.ids)
        self.authenticate("t_hung", "t_hung_pwd")
        self.assertTicketOutOfReach()
        self.assertNothingPrivate(
            self.thread_messages("helpdesk.ticket", self.ticket.id)
        )
        self.assertSendsHome(f"/my/ticket/{self.ticket.id}")
        self.assertNotIn("Áo phai màu", self.url_open("/my/tickets").text)
        content = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertNotEqual(content.status_code, 200)
        # Suppliers' pages are not a customer's way in either.
        self.assertCallRefused("ecrm.supplier.complaint", "read", [self.ticket.ids], {})

    def test_another_customers_api_key_gets_the_same_limits(self):
        key = self.portal_api_key(self.other_customer_user)
        user = self.other_customer_user
        self.assertTicketOutOfReach(user, key)
        self.assertNothingPrivate(self.ticket_messages_by_xmlrpc(user, key))
