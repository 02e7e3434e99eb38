# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.tests import tagged

from odoo.addons.ecrm_core.models.ecrm_api import EcrmApiError

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestApiIntake(ComplaintCommon):
    """The business side of POST /ecrm/api/v1/complaints."""

    def _payload(self, **changes):
        payload = {
            "external_id": "FB-88812",
            "source": "facebook",
            "date": "2026-11-21T20:05:00+07:00",
            "customer": {
                "name": "Nguyễn Thị Mai",
                "phone": "0912 000 111",
                "email": "mai.nguyen@example.vn",
            },
            "category": "delivery",
            "product_sku": "SKU-AT001",
            "subject": "Giao hàng trễ",
            "description": "Đơn đặt 3 ngày chưa nhận được.",
        }
        payload.update(changes)
        return payload

    def _refused(self, payload, field, status=400):
        with self.assertRaises(EcrmApiError) as caught:
            self.Ticket._ecrm_api_upsert(payload)
        self.assertEqual(caught.exception.field, field)
        self.assertEqual(caught.exception.status, status)
        return caught.exception

    def test_complaint_is_created_once_and_matched_to_the_customer(self):
        ticket, created = self.Ticket._ecrm_api_upsert(self._payload())
        self.assertTrue(created)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.channel_id.ecrm_code, "facebook")
        self.assertEqual(ticket.category_id, self.cat_delivery)
        self.assertEqual(ticket.product_id, self.product)
        self.assertEqual(ticket.supplier_id, self.supplier)
        # 20:05 in Hà Nội is 13:05 UTC: the customer's date, kept beside the
        # date the platform received it, from which delivery is due 24 working
        # hours later (in the department's working hours).
        self.assertEqual(ticket.ecrm_customer_date, datetime(2026, 11, 21, 13, 5))
        calendar = ticket.team_id.resource_calendar_id
        self.assertAlmostEqual(
            ticket.ecrm_deadline,
            calendar.plan_hours(24, ticket.ecrm_received_date, compute_leaves=True)
            if calendar
            else ticket.ecrm_received_date + timedelta(hours=24),
            delta=timedelta(seconds=1),
        )
        answer = ticket._ecrm_api_answer(created)
        self.assertEqual(
            answer["deadline"], ticket.ecrm_deadline.isoformat(timespec="seconds") + "Z"
        )
        self.assertEqual(answer["number"], ticket.number)
        self.assertTrue(answer["created"])

        again, created = self.Ticket._ecrm_api_upsert(self._payload())
        self.assertEqual(again, ticket)
        self.assertFalse(created)

    def test_same_external_id_with_other_content_is_a_conflict(self):
        self.Ticket._ecrm_api_upsert(self._payload())
        self._refused(self._payload(subject="Khác"), "external_id", 409)

    def test_bad_input_names_the_field(self):
        self._refused(self._payload(category="weather"), "category")
        self._refused(self._payload(source=""), "source")
        self._refused(self._payload(date="21/11/2026"), "date")
        self._refused(self._payload(customer={"name": "Ẩn danh"}), "customer.phone")
        self._refused(self._payload(subject=None), "subject")
        self._refused(self._payload(product_sku="SKU-NONE"), "product_sku", 422)
        self._refused(self._payload(order={"name": "S-NOPE"}), "order", 422)
        self.assertFalse(
            self.Ticket.search([("ecrm_external_id", "=", "FB-88812")]),
            "nothing half-written",
        )

    def test_unknown_customer_is_created(self):
        ticket, _created = self.Ticket._ecrm_api_upsert(
            self._payload(
                external_id="WEB-1",
                source="web_comment",
                customer={"name": "Đinh Văn Lực", "phone": "+84 90 555 6677"},
            )
        )
        self.assertEqual(ticket.partner_id.name, "Đinh Văn Lực")
        self.assertEqual(ticket.channel_id.ecrm_code, "web")

    def test_status_answer_shows_stage_department_resolution_rating(self):
        ticket, _created = self.Ticket._ecrm_api_upsert(self._payload())
        ticket.action_ecrm_transfer(self.team_delivery)
        self._close(ticket)
        ticket.rating_apply(5, token=ticket.rating_ids.access_token)
        status = ticket._ecrm_api_answer()
        self.assertEqual(status["department"], "Giao nhận (test)")
        self.assertTrue(status["closed"])
        self.assertEqual(status["resolution"], "refund")
        self.assertEqual(status["rating"], 5)
        self.assertEqual(status["supplier"], self.supplier.name)
