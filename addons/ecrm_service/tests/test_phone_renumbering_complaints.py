# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.common import new_api_user


@tagged("post_install", "-at_install")
class TestComplaintsOldNumbers(HttpCase):
    """Complaints from customers who still give their number from before 2017/2018."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_user, cls.key = new_api_user(cls.env, "t_api_oldnum", ["zalo_oa"])
        cls.Partner = cls.env["res.partner"]

    def _post(self, external_id, customer):
        payload = {
            "external_id": external_id,
            "source": "zalo_oa",
            "date": "2026-11-21T20:05:00+07:00",
            "customer": customer,
            "category": "delivery",
            "subject": "Giao hàng trễ",
            "description": "Đơn đặt 3 ngày chưa nhận được.",
        }
        return self.url_open(
            "/ecrm/api/v1/complaints",
            data=json.dumps(payload),
            headers={
                "Authorization": f"Bearer {self.key}",
                "Content-Type": "application/json",
            },
        )

    def test_complaint_with_old_mobile_goes_to_the_customer(self):
        customer = self.Partner.create(
            {"name": "Đỗ Văn Hùng", "mobile": "038 123 4567", "customer_rank": 1}
        )
        response = self._post(
            "OLD-1", {"name": "Đỗ Văn Hùng", "phone": "0168 123 4567"}
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["partner_id"], customer.id)
        bad = self._post("OLD-2", {"name": "X", "phone": "0100 123 4567"})
        self.assertEqual(bad.status_code, 400, bad.text)
        self.assertEqual(bad.json()["error"]["field"], "customer.phone")

    def test_complaint_form_with_old_landline_goes_to_the_customer(self):
        customer = self.Partner.create(
            {"name": "Nhà sách Hoa Sen", "phone": "024 3825 1234", "customer_rank": 1}
        )
        category = self.env["helpdesk.ticket.category"].search(
            [("show_in_portal", "=", True)], limit=1
        )
        form = {
            "name": "Nhà sách Hoa Sen",
            "phone": "04 3825 1234",
            "subject": "Sách rách",
            "description": "Bìa sách bị rách khi nhận.",
            "category": str(category.id),
        }
        Ticket = self.env["helpdesk.ticket"].with_user(self.env.ref("base.public_user"))
        ticket = Ticket._ecrm_create_from_web_form(dict(form))
        self.assertEqual(ticket.partner_id, customer)
        with self.assertRaisesRegex(UserError, "not valid"):
            Ticket._ecrm_create_from_web_form(dict(form, phone="0100 123 4567"))
