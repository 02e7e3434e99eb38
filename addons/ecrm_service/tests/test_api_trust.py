# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaints API on the orders' terms: only API users, each reads only
the complaints it sent, under its own sources, once."""

import json
import threading
from datetime import timedelta

import requests

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.ecrm_core.tests.common import new_api_user

from .common import COMPLAINTS, ComplaintsApiMixin


@tagged("post_install", "-at_install")
class TestComplaintsApiTrust(ComplaintsApiMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bridge, cls.key = new_api_user(cls.env, "t_api_fb", ["facebook"])
        cls.other, cls.other_key = new_api_user(cls.env, "t_api_web", ["web_comment"])
        cls.portal_customer = new_test_user(
            cls.env,
            "t_api_portal_buyer",
            groups="base.group_portal",
            email="buyer.portal@example.vn",
        )

    def _payload(self, **changes):
        payload = {
            "external_id": "FB-77001",
            "source": "facebook",
            "date": "2026-11-21T20:05:00+07:00",
            "customer": {
                "name": "Trần Bảo Ngọc",
                "phone": "0913 222 444",
                "email": "ngoc.tran@example.vn",
            },
            "category": "delivery",
            "subject": "Giao hàng trễ",
            "description": "Đơn đặt 5 ngày chưa nhận được.",
        }
        payload.update(changes)
        return payload

    def test_another_bridge_cannot_read_a_complaint_it_did_not_send(self):
        body = self._post(self._payload()).json()
        path = f"{COMPLAINTS}/facebook/FB-77001"
        self.assertEqual(self._get(path).status_code, 200)
        response = self._get(path, key=self.other_key)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["field"], "source")
        self.assertNotIn(body["number"], response.text)
        self.assertNotIn("Trần Bảo Ngọc", response.text)

    def test_a_complaint_of_the_same_source_by_another_user_is_not_read(self):
        body = self._post(self._payload()).json()
        # The manager hands the source to the other bridge: it still reads
        # only what it sent itself.
        self.env["ecrm.api.source"].search(
            [("name", "=", "facebook")]
        ).user_id = self.other
        response = self._get(f"{COMPLAINTS}/facebook/FB-77001", key=self.other_key)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(body["number"], response.text)
        conflict = self._post(self._payload(), key=self.other_key)
        self.assertEqual(conflict.status_code, 409)
        self.assertNotIn(body["number"], conflict.text)
        self.assertNotIn(str(body["ticket_id"]), conflict.text)

    def test_another_bridges_source_is_refused(self):
        response = self._post(self._payload(source="web_comment"))
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"]["field"], "source")
        self.assertFalse(self._tickets())

    def test_logged_in_portal_user_following_a_link_reads_nothing(self):
        self._post(self._payload())
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        response = self.url_open(
            f"{COMPLAINTS}/facebook/FB-77001",
            headers={
                "Sec-Fetch-Dest": "document",
                "Sec-Fetch-Mode": "navigate",
                "Sec-Fetch-Site": "none",
                "Sec-Fetch-User": "?1",
            },
        )
        self.assertIn(response.status_code, (401, 403))
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        self.assertEqual(set(response.json()), {"error"})
        self.assertNotIn("Ngọc", response.text)

    def test_key_of_a_portal_customer_opens_nothing(self):
        self._post(self._payload())
        # sudo: a persistent key (no expiry) needs a system environment.
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.portal_customer)
            .sudo()
            ._generate(None, "portal key", None)
        )
        response = self._get(f"{COMPLAINTS}/facebook/FB-77001", key=key)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["code"], "forbidden")
        response = self._post(self._payload(external_id="FB-77002"), key=key)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._tickets("FB-77002"))

    def test_two_identical_complaints_at_once_give_one_ticket(self):
        url = self.base_url() + COMPLAINTS
        data = json.dumps(self._payload(external_id="FB-RACE"))
        barrier = threading.Barrier(2)
        results = []

        def send():
            barrier.wait()
            results.append(
                requests.post(
                    url, data=data, headers=self._headers(self.key), timeout=30
                )
            )

        threads = [threading.Thread(target=send) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(r.status_code for r in results), [200, 201])
        answers = [r.json() for r in results]
        self.assertEqual(len({a["ticket_id"] for a in answers}), 1)
        self.assertEqual(len({a["number"] for a in answers}), 1)
        self.assertEqual(len({a["deadline"] for a in answers}), 1)
        self.assertEqual(len(self._tickets("FB-RACE")), 1)

    def test_deadline_counts_from_receipt_and_keeps_the_customers_date(self):
        before = fields.Datetime.now().replace(microsecond=0)
        body = self._post(self._payload(date="2026-01-02T08:00:00+07:00")).json()
        ticket = self.env["helpdesk.ticket"].browse(body["ticket_id"])
        self.assertEqual(str(ticket.ecrm_customer_date), "2026-01-02 01:00:00")
        self.assertGreaterEqual(ticket.ecrm_received_date, before)
        hours = ticket.category_id.ecrm_deadline_hours or 48
        self.assertEqual(
            ticket.ecrm_deadline, ticket.ecrm_received_date + timedelta(hours=hours)
        )
        self.assertEqual(ticket.create_uid, self.bridge)
        self.assertNotIn(self.bridge.partner_id, ticket.message_partner_ids)
        status = self._get(f"{COMPLAINTS}/facebook/FB-77001").json()
        self.assertEqual(status["customer_date"], "2026-01-02T01:00:00Z")
        self.assertEqual(status["deadline"], body["deadline"])

    def test_status_route_answers_every_state(self):
        body = self._post(self._payload()).json()
        ticket = self.env["helpdesk.ticket"].browse(body["ticket_id"])
        path = f"{COMPLAINTS}/facebook/FB-77001"
        first = self._get(path)
        self.assertEqual(first.status_code, 200, first.text)
        team = self.env["helpdesk.ticket.team"].search([], limit=1)
        if team:
            ticket.action_ecrm_transfer(team)
        ticket.write({"ecrm_resolution_type": "refund", "ecrm_resolution": "Hoàn tiền"})
        done = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        ticket.stage_id = done
        status = self._get(path)
        self.assertEqual(status.status_code, 200, status.text)
        self.assertTrue(status.json()["closed"])
        self.assertEqual(status.json()["resolution"], "refund")

    def test_complaint_about_a_storefront_order_by_its_reference(self):
        shop, shop_key = new_api_user(self.env, "t_api_shop_ref", ["haravan"])
        product = self.env["product.product"].create(
            {"name": "Ấm siêu tốc", "default_code": "T-KETTLE", "sale_ok": True}
        )
        order = self.url_open(
            "/ecrm/api/v1/orders",
            data=json.dumps(
                {
                    "external_id": "SHOP-REF-1",
                    "source": "haravan",
                    "customer": self._payload()["customer"],
                    "lines": [{"sku": product.default_code, "qty": 1}],
                }
            ),
            headers=self._headers(shop_key),
        )
        self.assertEqual(order.status_code, 201, order.text)
        response = self._post(
            self._payload(order={"source": "Haravan", "external_id": "SHOP-REF-1"})
        )
        self.assertEqual(response.status_code, 201, response.text)
        ticket = self.env["helpdesk.ticket"].browse(response.json()["ticket_id"])
        self.assertEqual(ticket.sale_order_id.id, order.json()["order_id"])
        # Another customer's order is not linked, and not named.
        response = self._post(
            self._payload(
                external_id="FB-77003",
                customer={"name": "Người khác", "phone": "0987 111 222"},
                order={"source": "haravan", "external_id": "SHOP-REF-1"},
            )
        )
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["error"]["field"], "order")
        self.assertNotIn(order.json()["name"], response.text)

    def test_malformed_complaints_answer_json_naming_the_field(self):
        cases = [
            (self._payload(external_id="FB\x00-1"), 400, "external_id"),
            (self._payload(date="2026-02-30T10:00:00+07:00"), 400, "date"),
            (self._payload(description=["x"]), 400, "description"),
            (self._payload(order={"name": 42}), 400, "order.name"),
        ]
        for payload, status, field in cases:
            with self.subTest(field=field):
                response = self._post(payload)
                self.assertEqual(response.status_code, status, response.text)
                self.assertEqual(response.json()["error"]["field"], field)
        response = self._get(f"{COMPLAINTS}/facebook/FB%00-1")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["error"]["field"], "external_id")
