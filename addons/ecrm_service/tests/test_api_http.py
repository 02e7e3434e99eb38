# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.common import new_api_user

from .common import COMPLAINTS, ComplaintsApiMixin


@tagged("post_install", "-at_install")
class TestComplaintsApiHttp(ComplaintsApiMixin, HttpCase):
    """POST/GET /ecrm/api/v1/complaints over HTTP, on the order API's terms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api_user, cls.key = new_api_user(
            cls.env, "t_api_bridge", ["facebook", "web_comment"]
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Phạm Thu Trang", "mobile": "0912 000 777", "customer_rank": 1}
        )

    def _payload(self, **changes):
        payload = {
            "external_id": "FB-90001",
            "source": "facebook",
            "date": "2026-11-21T20:05:00+07:00",
            "customer": {"name": "Phạm Thu Trang", "phone": "+84 912 000 777"},
            "category": "delivery",
            "subject": "Giao hàng trễ",
            "description": "Đơn đặt 3 ngày chưa nhận được.",
        }
        payload.update(changes)
        return payload

    def test_complaint_created_once_on_the_matched_customer(self):
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertTrue(body["created"])
        self.assertEqual(body["partner_id"], self.customer.id)
        # The deadline counts from when the platform received it (now), not
        # from the customer's own date, which is kept beside it.
        ticket = self.env["helpdesk.ticket"].browse(body["ticket_id"])
        self.assertEqual(str(ticket.ecrm_customer_date), "2026-11-21 13:05:00")
        self.assertGreater(ticket.ecrm_received_date, ticket.ecrm_customer_date)
        self.assertEqual(
            body["deadline"],
            ticket.ecrm_deadline.isoformat(timespec="seconds") + "Z",
        )
        again = self._post(self._payload())
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["ticket_id"], body["ticket_id"])
        self.assertFalse(again.json()["created"])
        tickets = self.env["helpdesk.ticket"].search(
            [("ecrm_source", "=", "facebook"), ("ecrm_external_id", "=", "FB-90001")]
        )
        self.assertEqual(len(tickets), 1)

        status = self.url_open(
            f"{COMPLAINTS}/facebook/FB-90001",
            headers={"Authorization": f"Bearer {self.key}"},
        )
        self.assertEqual(status.status_code, 200)
        self.assertEqual(status.json()["number"], body["number"])
        self.assertIn("stage", status.json())

    def test_errors_name_the_field_and_write_nothing(self):
        cases = [
            (self._payload(category="weather"), 400, "category"),
            (
                self._payload(customer={"name": "X", "phone": "12"}),
                400,
                "customer.phone",
            ),
            (self._payload(product_sku="NO-SUCH-SKU"), 422, "product_sku"),
            ({**self._payload(), "colour": "red"}, 400, "colour"),
        ]
        for payload, status, field in cases:
            with self.subTest(field=field):
                response = self._post(payload)
                self.assertEqual(response.status_code, status, response.text)
                self.assertEqual(response.json()["error"]["field"], field)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("ecrm_external_id", "=", "FB-90001")])
        )

    def test_same_id_other_content_is_409_and_bad_key_is_401(self):
        self.assertEqual(self._post(self._payload()).status_code, 201)
        conflict = self._post(self._payload(subject="Sản phẩm lỗi"))
        self.assertEqual(conflict.status_code, 409)
        self.assertEqual(conflict.json()["error"]["field"], "external_id")
        self.assertEqual(self._post(self._payload(), key="not-a-key").status_code, 401)
        missing = self.url_open(
            f"{COMPLAINTS}/facebook/NOPE",
            headers={"Authorization": f"Bearer {self.key}"},
        )
        self.assertEqual(missing.status_code, 404)

    def test_openapi_documents_the_complaint_routes(self):
        doc = self.url_open("/ecrm/api/v1/openapi.json").json()
        self.assertIn("/ecrm/api/v1/complaints", doc["paths"])
        self.assertIn("/ecrm/api/v1/complaints/{source}/{external_id}", doc["paths"])
        schema = doc["components"]["schemas"]["Complaint"]
        self.assertEqual(
            set(schema["required"]),
            {"external_id", "source", "customer", "category", "subject"},
        )
        self.assertIn("supplier", schema["properties"]["category"]["enum"])
