# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Carriers and storefronts report delivery outcomes through the API."""

import json

from odoo.tests import tagged

from .common import new_api_user
from .test_api_orders import ORDERS, StorefrontApiCommon


@tagged("post_install", "-at_install")
class TestDeliveryApi(StorefrontApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("ecrm_core.cod_risk_rule", "none")
        cls.other_user, cls.other_key = new_api_user(
            cls.env, "t_api_carrier_other", ["sapo"]
        )

    def setUp(self):
        super().setUp()
        self.order = self._post_confirmed_order()

    def _event(self, body, source="haravan", external_id="SHOP-10023", key=None):
        return self.url_open(
            f"{ORDERS}/{source}/{external_id}/delivery",
            data=json.dumps(body),
            headers={
                "Authorization": f"Bearer {key or self.key}",
                "Content-Type": "application/json",
            },
        )

    def _refused(self, **overrides):
        return {
            "event_id": "GHN-1",
            "status": "failed",
            "reason": "refused",
            "carrier": "GHN",
            "attempt": 1,
            **overrides,
        }

    def test_failed_event_is_recorded_and_reported_by_the_status_route(self):
        response = self._event(self._refused())
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(
            response.json(),
            {"order_id": self.order.id, "delivery_state": "failed", "created": True},
        )
        self.assertEqual(self.order.ecrm_delivery_state, "failed")
        self.assertEqual(self.order.ecrm_delivery_reason, "refused")
        self.assertEqual(self.order.ecrm_delivery_carrier, "GHN")
        self.assertEqual(self.order.ecrm_delivery_attempts, 1)
        event = self.order.ecrm_delivery_event_ids
        self.assertEqual((event.origin, event.source), ("api", "haravan"))
        status = self._get(f"{ORDERS}/haravan/SHOP-10023").json()
        self.assertEqual(status["delivery_state"], "failed")
        self.assertEqual(status["delivery_reason"], "refused")
        # A second attempt delivers it.
        response = self._event(
            {"event_id": "GHN-2", "status": "delivered", "attempt": 2}
        )
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self.order.ecrm_delivery_state, "delivered")
        self.assertEqual(self.order.ecrm_delivery_attempts, 2)
        status = self._get(f"{ORDERS}/haravan/SHOP-10023").json()
        self.assertEqual(status["delivery_state"], "delivered")
        self.assertIsNone(status["delivery_reason"])

    def test_same_event_twice_is_recorded_once(self):
        first = self._event(self._refused())
        self.assertEqual(first.status_code, 201, first.text)
        again = self._event(self._refused())
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(
            again.json(),
            {"order_id": self.order.id, "delivery_state": "failed", "created": False},
        )
        self.assertEqual(len(self.order.ecrm_delivery_event_ids), 1)
        conflict = self._event(self._refused(reason="unreachable"))
        self.assertEqual(conflict.status_code, 409, conflict.text)
        self.assertEqual(conflict.json()["error"]["field"], "event_id")
        self.assertEqual(len(self.order.ecrm_delivery_event_ids), 1)

    def test_another_storefront_cannot_report_on_this_order(self):
        response = self._event(self._refused(), key=self.other_key)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"]["field"], "source")
        # Its own source has no such order: 404, nothing about ours.
        response = self._event(self._refused(), source="sapo", key=self.other_key)
        self.assertEqual(response.status_code, 404, response.text)
        self.assertNotIn(self.order.name, response.text)
        self.assertEqual(self.order.ecrm_delivery_state, "pending")
        self.assertFalse(self.order.ecrm_delivery_event_ids)

    def test_bad_events_answer_json_naming_the_field(self):
        cases = [
            ({"status": "failed", "reason": "refused"}, 400, "event_id"),
            (self._refused(status="lost"), 400, "status"),
            (self._refused(reason=None), 400, "reason"),
            ({"event_id": "E", "status": "failed"}, 400, "reason"),
            (
                {"event_id": "E", "status": "delivered", "reason": "refused"},
                400,
                "reason",
            ),
            (self._refused(date="2020-01-01T00:00:00Z"), 400, "date"),
            (self._refused(date="2026-02-30T00:00:00Z"), 400, "date"),
            (self._refused(attempt=0), 400, "attempt"),
            (self._refused(extra=1), 400, "extra"),
        ]
        for body, status, field in cases:
            with self.subTest(body=body):
                response = self._event(body)
                self.assertEqual(response.status_code, status, response.text)
                self.assertEqual(response.json()["error"]["field"], field)
        response = self._event(self._refused(), external_id="NOPE")
        self.assertEqual(response.status_code, 404, response.text)
        self.assertEqual(response.json()["error"]["field"], "external_id")
        self.assertFalse(self.order.ecrm_delivery_event_ids)

    def test_returned_event_defaults_its_reason(self):
        response = self._event({"event_id": "R-1", "status": "returned"})
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self.order.ecrm_delivery_state, "returned")
        self.assertEqual(self.order.ecrm_delivery_reason, "returned")

    def test_route_is_in_the_openapi_document_beside_the_orders(self):
        document = self.url_open("/ecrm/api/v1/openapi.json").json()
        paths = list(document["paths"])
        route = "/ecrm/api/v1/orders/{source}/{external_id}/delivery"
        self.assertIn(route, paths)
        self.assertEqual(
            paths.index(route),
            paths.index("/ecrm/api/v1/orders/{source}/{external_id}") + 1,
        )
        schemas = document["components"]["schemas"]
        self.assertEqual(
            schemas["DeliveryEvent"]["properties"]["status"]["enum"],
            ["delivered", "failed", "returned"],
        )
        self.assertIn("delivery_state", schemas["OrderStatus"]["properties"])
