# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaints API through the intake pipeline: the order concerned, given
each way the document allows, and what the pipeline refuses."""

import json

from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.common import new_api_user

from .common import ComplaintsApiMixin


@tagged("post_install", "-at_install")
class TestComplaintsApiOrders(ComplaintsApiMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bridge, cls.key = new_api_user(cls.env, "t_api_fb_ord", ["facebook"])
        cls.shop, cls.shop_key = new_api_user(cls.env, "t_api_shop_cmp", ["haravan"])
        cls.product = cls.env["product.product"].create(
            {"name": "Nồi cơm điện", "default_code": "T-RICE-1", "sale_ok": True}
        )

    def _shop_order(self, external_id="SHOP-C1", customer=None):
        response = self.url_open(
            "/ecrm/api/v1/orders",
            data=self._json(
                {
                    "external_id": external_id,
                    "source": "haravan",
                    "customer": customer or self._payload()["customer"],
                    "lines": [{"sku": "T-RICE-1", "qty": 1}],
                }
            ),
            headers=self._headers(self.shop_key),
        )
        self.assertEqual(response.status_code, 201, response.text)
        return self.env["sale.order"].browse(response.json()["order_id"])

    @staticmethod
    def _json(data):
        return json.dumps(data)

    def _payload(self, **changes):
        payload = {
            "external_id": "FB-88001",
            "source": "facebook",
            "customer": {"name": "Trần Bảo Ngọc", "phone": "0913 222 555"},
            "category": "delivery",
            "subject": "Giao hàng trễ",
        }
        payload.update(changes)
        return payload

    def test_order_given_by_source_and_external_id(self):
        order = self._shop_order()
        for index, ref in enumerate(
            (
                {"source": "haravan", "external_id": "SHOP-C1"},
                {"source": " Haravan ", "external_id": " SHOP-C1 "},
            )
        ):
            with self.subTest(ref=ref):
                response = self._post(
                    self._payload(external_id=f"FB-O{index}", order=ref)
                )
                self.assertEqual(response.status_code, 201, response.text)
                ticket = self.env["helpdesk.ticket"].browse(
                    response.json()["ticket_id"]
                )
                self.assertEqual(ticket.sale_order_id, order)

    def test_order_given_by_name(self):
        order = self._shop_order("SHOP-C2")
        response = self._post(self._payload(order={"name": order.name}))
        self.assertEqual(response.status_code, 201, response.text)
        ticket = self.env["helpdesk.ticket"].browse(response.json()["ticket_id"])
        self.assertEqual(ticket.sale_order_id, order)

    def test_order_given_neither_way_answers_400_naming_order(self):
        for ref in ({}, {"source": "haravan"}, {"external_id": "SHOP-C1"}):
            with self.subTest(ref=ref):
                response = self._post(self._payload(order=ref))
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual(response.json()["error"]["field"], "order")
        self.assertFalse(self._tickets())

    def test_unknown_or_other_customers_order_answers_422_naming_nothing(self):
        other = self._shop_order(
            "SHOP-C3", customer={"name": "Người khác", "phone": "0987 111 333"}
        )
        for ref in (
            {"source": "haravan", "external_id": "SHOP-NONE"},
            {"source": "haravan", "external_id": "SHOP-C3"},
            {"name": other.name},
            {"name": "S-NO-SUCH"},
        ):
            with self.subTest(ref=ref):
                response = self._post(self._payload(order=ref))
                self.assertEqual(response.status_code, 422, response.text)
                error = response.json()["error"]
                self.assertEqual(error["field"], "order")
                self.assertEqual(error["code"], "unknown_order")
                self.assertNotIn(other.name, response.text)
        self.assertFalse(self._tickets())

    def test_unknown_sku_answers_422_and_writes_nothing(self):
        partners = self.env["res.partner"].search_count([])
        response = self._post(
            self._payload(
                product_sku="NO-SUCH-SKU",
                customer={"name": "Khách mới", "phone": "0987 555 000"},
            )
        )
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["error"]["field"], "product_sku")
        self.assertEqual(response.json()["error"]["code"], "unknown_sku")
        self.assertFalse(self._tickets())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        response = self._post(self._payload(product_sku="T-RICE-1"))
        self.assertEqual(response.status_code, 201, response.text)

    def test_replay_and_conflict_through_the_pipeline(self):
        first = self._post(self._payload())
        self.assertEqual(first.status_code, 201, first.text)
        again = self._post(self._payload())
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json(), {**first.json(), "created": False})
        changed = self._post(self._payload(subject="Khác"))
        self.assertEqual(changed.status_code, 409, changed.text)
        self.assertEqual(changed.json()["error"]["field"], "external_id")
        self.assertEqual(len(self._tickets()), 1)
