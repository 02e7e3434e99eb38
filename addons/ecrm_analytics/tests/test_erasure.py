# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What "forget this customer" wipes and keeps across the four addons, and what
the personal-data export shows (the whole-database check is in
test_erasure_dump.py)."""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.ecrm_core.tests.common import EcrmManagerCase
from odoo.addons.ecrm_core.tests.portal_rpc import PortalRpcMixin


@tagged("post_install", "-at_install")
class TestErasure(EcrmManagerCase):
    env_context = {"lang": "en_US", "mail_notify_force_send": False}
    manager_login = "t_erase_manager"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = new_test_user(
            cls.env,
            "t_erase_marketing",
            groups="base.group_user,ecrm_core.group_ecrm_marketing",
        )
        Partner = cls.env["res.partner"]
        vn = cls.env.ref("base.vn")
        cls.hoa = Partner.create(
            {
                "name": "Đỗ Thị Hoa",
                "phone": "0908 112 233",
                "email": "hoa.do@example.vn",
                "country_id": vn.id,
                "customer_rank": 1,
                "street": "9 Trần Phú",
            }
        )
        # another customer with the same name: nothing of hers is touched
        cls.namesake = Partner.create(
            {
                "name": "Đỗ Thị Hoa",
                "phone": "0908 999 000",
                "email": "hoa.khac@example.vn",
                "country_id": vn.id,
                "customer_rank": 1,
            }
        )
        cls.product = cls.env.ref("ecrm_core.product_10")
        cls.order = cls._order(cls.hoa)
        cls.other_order = cls._order(cls.namesake)

    @classmethod
    def _order(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "price_unit": 200000})
                ],
            }
        )
        order.action_confirm()
        return order

    def _erase(self, partners=None):
        (partners or self.hoa).with_user(self.manager).action_ecrm_anonymise()

    def test_issued_invoice_kept_draft_invoice_removed(self):
        posted = self.order._create_invoices()
        posted.action_post()
        draft = self._order(self.hoa)._create_invoices()
        total = posted.amount_total
        self._erase()
        self.assertFalse(draft.exists())
        self.assertEqual(posted.state, "posted")
        self.assertEqual(posted.amount_total, total)
        # the issued document keeps the buyer as invoiced (legal record)
        self.assertEqual(posted.invoice_partner_display_name, "Đỗ Thị Hoa")
        self.assertEqual(posted.partner_id, self.hoa)
        self.assertNotEqual(self.hoa.name, "Đỗ Thị Hoa")

    def test_mailing_contact_shared_by_mobile_is_removed(self):
        Contact = self.env["mailing.contact"]
        by_mobile = Contact.create(
            {"name": "Hoa Đỗ", "email": "hoa.cu@example.vn", "mobile": "+84908112233"}
        )
        by_email = Contact.create({"name": "Hoa", "email": "HOA.DO@example.vn"})
        namesake = Contact.create(
            {"name": "Đỗ Thị Hoa", "email": "hoa.khac@example.vn"}
        )
        self._erase()
        self.assertFalse((by_mobile | by_email).exists())
        self.assertTrue(namesake.exists())

    def test_staff_notes_kept_without_the_person(self):
        self.order.message_post(
            body="Đã gọi Đỗ Thị Hoa qua số 0908.112.233, khách hẹn chiều",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.other_order.message_post(
            body="Đỗ Thị Hoa (khách khác) hỏi giao hàng",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.order.ecrm_cancel_note = "Khách Đỗ Thị Hoa hủy"
        self._erase()
        note = self.order.message_ids.filtered(lambda m: "khách hẹn chiều" in m.body)
        self.assertTrue(note, "the staff note is kept")
        self.assertNotIn("Đỗ Thị Hoa", note.body)
        self.assertNotIn("112", note.body)
        self.assertFalse(self.order.ecrm_cancel_note)
        # the namesake's order is not hers
        other = self.other_order.message_ids.filtered(lambda m: "khách khác" in m.body)
        self.assertIn("Đỗ Thị Hoa", other.body)
        self.assertEqual(self.namesake.name, "Đỗ Thị Hoa")
        self.assertEqual(self.namesake.email, "hoa.khac@example.vn")

    def test_complaint_wiped_category_and_order_kept(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Hàng lỗi",
                "description": "<p>Tôi là Đỗ Thị Hoa, số 0908112233</p>",
                "partner_id": self.hoa.id,
                "partner_name": "Đỗ Thị Hoa",
                "partner_email": "hoa.do@example.vn",
                "ecrm_partner_phone": "0908 112 233",
                "sale_order_id": self.order.id,
                "category_id": self.env.ref("ecrm_service.category_delivery").id,
            }
        )
        # a complaint sent by phone only, before the profile was linked
        unlinked = self.env["helpdesk.ticket"].create(
            {
                "name": "Giao trễ",
                "description": "<p>Gọi lại giúp</p>",
                "partner_name": "Chị Hoa",
                "ecrm_partner_phone": "+84 908 112 233",
            }
        )
        self._erase()
        for complaint in ticket | unlinked:
            self.assertFalse(complaint.partner_email)
            self.assertFalse(complaint.ecrm_partner_phone)
            self.assertNotIn("Hoa", complaint.partner_name)
            self.assertNotIn("0908", complaint.description)
        self.assertEqual(ticket.sale_order_id, self.order)
        self.assertEqual(ticket.category_id.ecrm_code, "delivery")

    def test_portal_login_removed(self):
        user = new_test_user(self.env, "hoa.do@example.vn", groups="base.group_portal")
        user.partner_id = self.hoa
        self._erase()
        self.assertFalse(
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("login", "=", "hoa.do@example.vn")])
        )
        self.assertFalse(
            self.env["res.users"].search([("partner_id", "=", self.hoa.id)])
        )

    def test_employee_login_refused_nothing_written(self):
        employee = new_test_user(self.env, "hoa.employee", groups="base.group_user")
        employee.partner_id = self.hoa
        with self.assertRaises(UserError):
            self._erase()
        self.assertEqual(self.hoa.name, "Đỗ Thị Hoa")
        self.assertEqual(self.hoa.email, "hoa.do@example.vn")

    def test_only_manager_erases(self):
        with self.assertRaises(AccessError):
            self.hoa.with_user(self.marketing).action_ecrm_anonymise()
        self.assertEqual(self.hoa.name, "Đỗ Thị Hoa")

    def test_two_customers_at_once(self):
        delivery = self.env["res.partner"].create(
            {
                "parent_id": self.namesake.id,
                "type": "delivery",
                "name": "Nhà chị Hoa",
                "street": "1 Nguyễn Huệ",
            }
        )
        self._erase(self.hoa | self.namesake)
        for partner in self.hoa | self.namesake | delivery:
            self.assertIn("Khách hàng ẩn danh", partner.name)
            self.assertFalse(partner.street)
            self.assertFalse(partner.email)
        self.assertTrue((self.hoa | self.namesake).mapped("ecrm_anonymised_date"))
        self.assertFalse(delivery.ecrm_anonymised_date)

    def test_export_shows_what_each_addon_holds(self):
        self.env["helpdesk.ticket"].create(
            {
                "name": "Hàng lỗi",
                "description": "<p>Áo bị rách</p>",
                "partner_id": self.hoa.id,
            }
        )
        mailing_list = self.env["mailing.list"].create({"name": "Khách thân thiết"})
        self.env["mailing.contact"].create(
            {
                "name": "Hoa",
                "email": "hoa.do@example.vn",
                "list_ids": [(6, 0, mailing_list.ids)],
            }
        )
        self.hoa.sudo().ecrm_churn_risk = 0.42
        action = self.hoa.with_user(
            self.manager
        ).action_ecrm_export_personal_data_json()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        data = json.loads(self.env["ir.attachment"].browse(attachment_id).raw)
        self.assertEqual(data["complaints"][0]["description"].strip(), "Áo bị rách")
        self.assertEqual(data["mailing_subscriptions"][0]["list"], "Khách thân thiết")
        self.assertEqual(data["scores"][0]["ecrm_churn_risk"], 0.42)
        for key in ("loyalty_cards", "loyalty_history", "tier_history"):
            self.assertIn(key, data)
        # erasure removes the export file along with the rest
        self._erase()
        self.assertFalse(self.env["ir.attachment"].browse(attachment_id).exists())


@tagged("post_install", "-at_install")
class TestErasureRoutes(PortalRpcMixin, HttpCase):
    """Only an eCRM manager erases, through the routes an attacker would use."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = new_test_user(
            cls.env,
            "t_erase_route_mkt",
            password="t_erase_route_mkt_pw",
            groups="base.group_user,ecrm_core.group_ecrm_marketing",
        )
        cls.manager = new_test_user(
            cls.env,
            "t_erase_route_mgr",
            password="t_erase_route_mgr_pw",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Phan Văn Tùng", "email": "tung.phan@example.vn"}
        )

    def _call_kw(self, method, login):
        self.authenticate(login, f"{login}_pw")
        return self.call_kw_answer("res.partner", method, [[self.customer.id]])

    def test_marketing_cannot_erase_through_call_kw(self):
        answer = self._call_kw("action_ecrm_anonymise", "t_erase_route_mkt")
        self.assertIn("AccessError", answer["error"]["data"]["name"])
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.name, "Phan Văn Tùng")

    def test_erasure_method_is_private(self):
        answer = self._call_kw("_ecrm_erase_personal_data", "t_erase_route_mgr")
        self.assertIn("error", answer)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.email, "tung.phan@example.vn")

    def test_manager_erases_through_call_kw(self):
        answer = self._call_kw("action_ecrm_anonymise", "t_erase_route_mgr")
        self.assertIs(answer.get("result"), True, answer)
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.email)
        self.assertTrue(self.customer.ecrm_anonymised_date)
