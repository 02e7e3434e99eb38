# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import threading

import requests

from odoo.tests import HttpCase, tagged

from .common import EcrmOrderFlowCommon, new_api_user

ORDERS = "/ecrm/api/v1/orders"


class StorefrontApiCommon(EcrmOrderFlowCommon, HttpCase):
    """A storefront user with its API key, and helpers to call the API."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_flow()
        cls.api_user, cls.key = new_api_user(cls.env, "t_api_shop", ["haravan"])

    def _payload(self, **overrides):
        payload = {
            "external_id": "SHOP-10023",
            "source": "haravan",
            "date": "2026-11-20T09:15:00+07:00",
            "customer": {
                "name": "Nguyễn Văn A",
                "phone": "0912 345 678",
                "email": "a.nguyen@example.vn",
                "gender": "male",
                "street": "12 Hàng Bài",
                "city": "Hà Nội",
                "country_code": "VN",
            },
            "lines": [
                {"sku": "T-SKU-1", "qty": 2, "price_unit": 850000},
                {"sku": "T-SKU-2", "qty": 1},
            ],
            "payment_method": "cod",
            "paid": False,
            "utm": {"campaign": "tet-2027", "source": "facebook", "medium": "cpc"},
        }
        payload.update(overrides)
        return payload

    def _post(self, payload, key=None, raw=None):
        return self.url_open(
            ORDERS,
            data=raw if raw is not None else json.dumps(payload),
            headers={
                "Authorization": f"Bearer {key or self.key}",
                "Content-Type": "application/json",
            },
        )

    def _post_confirmed_order(self):
        """The order of ``_payload`` created through the API (201) and confirmed
        by telesales."""
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 201, response.text)
        order = self.env["sale.order"].browse(response.json()["order_id"])
        order.with_user(self.telesales).action_ecrm_telesales_confirm()
        return order

    def _post_twice_at_once(self, payload, **headers):
        """Send ``payload`` twice at the same instant, from two threads (the test
        server serves them side by side); the two responses."""
        url = self.base_url() + ORDERS
        data = json.dumps(payload)
        headers = {
            "Authorization": f"Bearer {self.key}",
            "Content-Type": "application/json",
            **headers,
        }
        barrier = threading.Barrier(2)
        results = []

        def send():
            barrier.wait()
            results.append(requests.post(url, data=data, headers=headers, timeout=30))

        threads = [threading.Thread(target=send) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def _get(self, path, key=None):
        return self.url_open(
            path, headers={"Authorization": f"Bearer {key or self.key}"}
        )

    def _orders(self, external_id="SHOP-10023"):
        return self.env["sale.order"].search(
            [("ecrm_source", "=", "haravan"), ("ecrm_external_id", "=", external_id)]
        )


@tagged("post_install", "-at_install")
class TestStorefrontApi(StorefrontApiCommon):
    def test_new_order_is_created_queued_and_attributed(self):
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertTrue(body["created"])
        order = self.env["sale.order"].browse(body["order_id"])
        self.assertEqual(order.name, body["name"])
        self.assertEqual(order.partner_id.id, body["partner_id"])
        self.assertEqual(order.partner_id.phone_sanitized, "+84912345678")
        self.assertEqual(order.ecrm_sales_channel, "api")
        self.assertFalse(order.user_id, "the technical user is no salesperson")
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        self.assertTrue(order.ecrm_queue_date)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.ecrm_payment_method, "cod")
        self.assertEqual(order.campaign_id.name, "tet-2027")
        self.assertEqual(order.source_id.name.lower(), "facebook")
        self.assertEqual(order.medium_id.name, "cpc")
        self.assertEqual(str(order.date_order), "2026-11-20 02:15:00")
        line = order.order_line.filtered(lambda ln: ln.product_id == self.product_a)
        self.assertEqual(line.product_uom_qty, 2)
        self.assertEqual(line.price_unit, 850000)

    def test_same_order_twice_answers_200_with_same_order(self):
        first = self._post(self._payload()).json()
        again = self._post(self._payload())
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["order_id"], first["order_id"])
        self.assertFalse(again.json()["created"])
        self.assertEqual(len(self._orders()), 1)

    def test_two_identical_requests_at_the_same_moment_create_one_order(self):
        results = self._post_twice_at_once(self._payload(external_id="SHOP-RACE"))
        self.assertEqual(sorted(r.status_code for r in results), [200, 201])
        self.assertEqual(len({r.json()["order_id"] for r in results}), 1)
        self.assertEqual(len(self._orders("SHOP-RACE")), 1)

    def test_existing_customer_is_matched_by_phone_in_another_format(self):
        payload = self._payload(
            customer={"name": "Chị Test", "phone": "84-912-000-111"}
        )
        response = self._post(payload)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["partner_id"], self.customer.id)

    def test_existing_customer_is_matched_by_email(self):
        payload = self._payload(
            customer={"name": "Chị Test", "email": "TEST.Nguyen@example.vn"}
        )
        self.assertEqual(self._post(payload).json()["partner_id"], self.customer.id)

    def test_malformed_bodies_answer_400_naming_the_field(self):
        cases = [
            (self._payload(lines=[]), "lines"),
            (self._payload(lines=[{"sku": "T-SKU-1", "qty": 0}]), "lines[0].qty"),
            (self._payload(payment_method="cash"), "payment_method"),
            (self._payload(date="yesterday"), "date"),
            (self._payload(paid="no"), "paid"),
            (
                {k: v for k, v in self._payload().items() if k != "external_id"},
                "external_id",
            ),
            (self._payload(customer={"name": "X", "phone": "12"}), "customer.phone"),
            (
                self._payload(customer={"name": "X", "email": "not-an-email"}),
                "customer.email",
            ),
            (self._payload(customer={"name": "X"}), "customer.phone"),
            (self._payload(extra=1), "extra"),
        ]
        count = self.env["sale.order"].search_count([])
        partners = self.env["res.partner"].search_count([])
        for payload, field in cases:
            with self.subTest(field=field):
                response = self._post(payload)
                self.assertEqual(response.status_code, 400, response.text)
                error = response.json()["error"]
                self.assertEqual(error["field"], field)
                self.assertTrue(error["code"])
                self.assertTrue(error["message"])
        response = self._post(None, raw="{not json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["code"], "invalid_json")
        response = self._post(None, raw="[1, 2]")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.env["sale.order"].search_count([]), count)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_bad_or_missing_key_answers_json_401(self):
        response = self._post(self._payload(), key="not-a-real-key")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "unauthorized")
        response = self.url_open(ORDERS, data=json.dumps(self._payload()))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "unauthorized")
        response = self._get(f"{ORDERS}/haravan/SHOP-10023", key="wrong")
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self._orders())

    def test_same_external_id_with_other_content_answers_409(self):
        self._post(self._payload())
        changed = self._payload(lines=[{"sku": "T-SKU-1", "qty": 5}])
        response = self._post(changed)
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(response.json()["error"]["field"], "external_id")
        self.assertEqual(self._orders().order_line.mapped("product_uom_qty"), [2, 1])

    def test_unknown_sku_answers_422_and_writes_nothing(self):
        partners = self.env["res.partner"].search_count([])
        payload = self._payload(
            lines=[{"sku": "T-SKU-1", "qty": 1}, {"sku": "NO-SUCH-SKU", "qty": 1}],
            customer={"name": "Khách mới", "phone": "0987 654 321"},
        )
        response = self._post(payload)
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["error"]["field"], "lines[1].sku")
        self.assertFalse(self._orders())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_sku_of_another_company_archived_or_not_for_sale_answers_422(self):
        other = self.env["res.company"].create({"name": "Other shop"})
        Product = self.env["product.product"]
        Product.create(
            {"name": "Theirs", "default_code": "T-OTHER-CO", "company_id": other.id}
        )
        Product.create({"name": "Gone", "default_code": "T-GONE", "active": False})
        Product.create({"name": "Kept", "default_code": "T-KEPT", "sale_ok": False})
        for index, sku in enumerate(("T-OTHER-CO", "T-GONE", "T-KEPT")):
            with self.subTest(sku=sku):
                response = self._post(
                    self._payload(
                        external_id=f"SHOP-SKU-{index}",
                        lines=[{"sku": sku, "qty": 1}],
                    )
                )
                self.assertEqual(response.status_code, 422, response.text)
                self.assertEqual(response.json()["error"]["field"], "lines[0].sku")
        self.assertFalse(
            self.env["sale.order"].search([("ecrm_external_id", "like", "SHOP-SKU-")])
        )

    def test_status_follows_the_order_to_delivery(self):
        order_id = self._post(self._payload()).json()["order_id"]
        order = self.env["sale.order"].browse(order_id)
        path = f"{ORDERS}/haravan/SHOP-10023"
        self.assertEqual(self._get(path).json()["state"], "to_confirm")
        order.with_user(self.telesales).action_ecrm_telesales_confirm()
        self.assertEqual(self._get(path).json()["state"], "confirmed")
        for move in order.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        order.picking_ids.button_validate()
        self.assertEqual(self._get(path).json()["state"], "delivered")

    def test_status_of_cancelled_order_gives_the_reason(self):
        order_id = self._post(self._payload()).json()["order_id"]
        order = self.env["sale.order"].browse(order_id)
        reason = self.env["ecrm.cancel.reason"].create(
            {"name": "Khách đổi ý", "code": "t_changed_mind"}
        )
        order.with_user(self.telesales)._ecrm_cancel(reason)
        body = self._get(f"{ORDERS}/haravan/SHOP-10023").json()
        self.assertEqual(body["state"], "cancelled")
        self.assertEqual(body["cancel_reason"]["code"], "t_changed_mind")

    def test_unknown_order_status_answers_404(self):
        response = self._get(f"{ORDERS}/haravan/NOPE")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["error"]["code"], "not_found")

    def test_storefront_cannot_read_other_orders(self):
        other = self._queued_order()
        other.write({"ecrm_source": "haravan", "ecrm_external_id": "BACKOFFICE-1"})
        response = self._get(f"{ORDERS}/haravan/BACKOFFICE-1")
        self.assertEqual(response.status_code, 404)

    def test_openapi_document_describes_what_the_server_validates(self):
        response = self.url_open("/ecrm/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertTrue(doc["openapi"].startswith("3.0"))
        post = doc["paths"]["/ecrm/api/v1/orders"]["post"]
        for status in ("200", "201", "400", "401", "409", "422"):
            self.assertIn(status, post["responses"])
        self.assertIn("/ecrm/api/v1/orders/{source}/{external_id}", doc["paths"])
        order = doc["components"]["schemas"]["Order"]
        self.assertEqual(
            set(order["required"]), {"external_id", "source", "customer", "lines"}
        )
        self.assertEqual(
            order["properties"]["payment_method"]["enum"],
            ["cod", "ewallet", "bank_transfer", "card"],
        )
        # Every required field the document lists is refused when missing.
        for name in order["required"]:
            payload = {k: v for k, v in self._payload().items() if k != name}
            response = self._post(payload)
            self.assertEqual(response.status_code, 400)
            self.assertEqual(response.json()["error"]["field"], name)
        # A field the document does not list is refused.
        self.assertFalse(order["additionalProperties"])

    def test_api_user_has_least_rights(self):
        api_env = self.env(user=self.api_user)
        self.assertFalse(self.api_user.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(
            api_env["sale.order"].search([("id", "=", self._queued_order().id)])
        )
        demo = self.env.ref("ecrm_core.user_storefront_haravan")
        self.assertTrue(demo.has_group("ecrm_core.group_ecrm_api"))
        self.assertFalse(demo.has_group("ecrm_core.group_ecrm_telesales"))
