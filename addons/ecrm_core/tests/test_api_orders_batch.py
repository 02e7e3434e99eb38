# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``POST /ecrm/api/v1/orders/batch``: marketplace syncs send pages of up to
100 orders; each gets its own answer, and one bad order never blocks the others."""

import json

from odoo.tests import tagged

from .common import new_api_user
from .test_api_orders import ORDERS, StorefrontApiCommon

BATCH = f"{ORDERS}/batch"


@tagged("post_install", "-at_install")
class TestStorefrontApiBatch(StorefrontApiCommon):
    def _post_batch(self, orders, key=None, raw=None, **headers):
        # A page of 100 new orders takes seconds on a loaded test machine.
        return self.url_open(
            BATCH,
            data=raw if raw is not None else json.dumps({"orders": orders}),
            headers={
                "Authorization": f"Bearer {key or self.key}",
                "Content-Type": "application/json",
                **headers,
            },
            timeout=300,
        )

    def _order(self, external_id, phone="0912 345 678", **overrides):
        overrides.setdefault("customer", {"name": "Khách sàn", "phone": phone})
        return self._payload(external_id=external_id, **overrides)

    def test_good_and_bad_orders_each_get_their_own_answer(self):
        other_shop, _key = new_api_user(self.env, "t_api_shop_other", ["sapo"])
        self.assertTrue(other_shop)
        orders = [
            self._order("MP-1"),
            self._order("MP-2", lines=[{"sku": "NO-SUCH-SKU", "qty": 1}]),
            self._order("MP-3", phone="0987 222 333"),
            self._order("MP-4", lines=[]),
            self._order("MP-5", source="sapo"),
            self._order("MP-6", customer={"name": "X", "phone": "12"}),
            None,
        ]
        response = self._post_batch(orders)
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual(
            [r["status"] for r in results], [201, 422, 201, 400, 403, 400, 400]
        )
        self.assertEqual(results[1]["error"]["field"], "lines[0].sku")
        self.assertEqual(results[1]["error"]["code"], "unknown_sku")
        self.assertEqual(results[3]["error"]["field"], "lines")
        self.assertEqual(results[4]["error"]["field"], "source")
        self.assertEqual(results[5]["error"]["field"], "customer.phone")
        for ok in (results[0], results[2]):
            self.assertTrue(ok["created"])
            order = self.env["sale.order"].browse(ok["order_id"])
            self.assertEqual(order.name, ok["name"])
            self.assertEqual(order.create_uid, self.api_user)
            self.assertEqual(order.ecrm_telesales_state, "to_call")
        self.assertNotEqual(results[0]["partner_id"], results[2]["partner_id"])
        for ref in ("MP-2", "MP-4", "MP-5", "MP-6"):
            self.assertFalse(self._orders(ref), ref)
        self.assertFalse(
            self.env["sale.order"].search([("ecrm_source", "=", "sapo")]),
            "nothing written under another storefront's source",
        )

    def test_batch_replayed_answers_the_same_orders_and_conflicts(self):
        orders = [self._order("MP-R1"), self._order("MP-R2", phone="0987 222 444")]
        first = self._post_batch(orders).json()["results"]
        self.assertEqual([r["status"] for r in first], [201, 201])
        again = self._post_batch(orders).json()["results"]
        self.assertEqual([r["status"] for r in again], [200, 200])
        self.assertEqual([r["order_id"] for r in again], [r["order_id"] for r in first])
        self.assertFalse(any(r["created"] for r in again))
        # The single route sees the same orders.
        single = self._post(orders[0])
        self.assertEqual(single.status_code, 200, single.text)
        self.assertEqual(single.json()["order_id"], first[0]["order_id"])
        # Same reference, other content: that order only is 409.
        changed = [orders[0], self._order("MP-R2", phone="0987 222 444", paid=True)]
        results = self._post_batch(changed).json()["results"]
        self.assertEqual([r["status"] for r in results], [200, 409])
        self.assertEqual(results[1]["error"]["field"], "external_id")
        self.assertEqual(len(self._orders("MP-R1") | self._orders("MP-R2")), 2)

    def test_same_reference_twice_in_one_batch_is_created_once(self):
        order = self._order("MP-D1")
        changed = self._order("MP-D1", paid=True)
        results = self._post_batch([order, order, changed]).json()["results"]
        self.assertEqual([r["status"] for r in results], [201, 200, 409])
        self.assertEqual(results[0]["order_id"], results[1]["order_id"])
        self.assertFalse(results[1]["created"])
        self.assertEqual(len(self._orders("MP-D1")), 1)

    def test_order_of_another_storefront_user_is_a_conflict_naming_nothing(self):
        _user, other_key = new_api_user(self.env, "t_api_shop_b2", ["haravan2"])
        self._post(self._order("MP-X1"))
        results = self._post_batch(
            [self._order("MP-X1", source="haravan2"), self._order("MP-X1")],
            key=other_key,
        ).json()["results"]
        # Its own source: a new order; the first storefront's source: 403.
        self.assertEqual([r["status"] for r in results], [201, 403])
        self.assertNotIn(self._orders("MP-X1").name, json.dumps(results[1]))

    def test_async_batch_queues_each_accepted_order(self):
        orders = [
            self._order("MP-A1"),
            self._order("MP-A2", lines=[{"sku": "NO-SUCH-SKU", "qty": 1}]),
            self._order("MP-A3", phone="0987 222 555"),
        ]
        response = self._post_batch(orders, Prefer="respond-async")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.headers["Preference-Applied"], "respond-async")
        results = response.json()["results"]
        self.assertEqual([r["status"] for r in results], [202, 422, 202])
        self.assertEqual(results[0]["state"], "queued")
        self.assertFalse(self._orders("MP-A1"))
        again = self._post_batch(orders, Prefer="respond-async").json()["results"]
        self.assertEqual([r["status"] for r in again], [202, 422, 202])
        self.assertFalse(again[0]["created"])
        self.env["ecrm.order.intake"]._cron_ecrm_create_orders()
        self.assertEqual(len(self._orders("MP-A1")), 1)
        self.assertEqual(len(self._orders("MP-A3")), 1)
        status = self._get(f"{ORDERS}/haravan/MP-A3").json()
        self.assertEqual(status["state"], "to_confirm")
        done = self._post_batch(orders).json()["results"]
        self.assertEqual([r["status"] for r in done], [200, 422, 200])

    def test_bad_batch_bodies_answer_400_naming_orders(self):
        count = self.env["sale.order"].search_count([])
        too_many = [self._order(f"MP-B{i}") for i in range(101)]
        for raw, field in (
            (json.dumps({"orders": too_many}), "orders"),
            (json.dumps({"orders": []}), "orders"),
            (json.dumps({}), "orders"),
            (json.dumps({"orders": {"a": 1}}), "orders"),
            (json.dumps({"orders": [], "extra": 1}), "extra"),
        ):
            with self.subTest(field=field, raw=raw[:40]):
                response = self._post_batch(None, raw=raw)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertEqual(response.json()["error"]["field"], field)
        response = self._post_batch(None, raw="{not json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["code"], "invalid_json")
        self.assertEqual(self.env["sale.order"].search_count([]), count)
        response = self._post_batch([self._order("MP-K1")], key="not-a-real-key")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "unauthorized")

    def test_hundred_orders_are_created_in_one_request(self):
        orders = [
            self._order(f"MP-H{i}", phone=f"0987 {i:03d} 777") for i in range(100)
        ]
        response = self._post_batch(orders)
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual({r["status"] for r in results}, {201})
        self.assertEqual(len({r["order_id"] for r in results}), 100)
        self.assertEqual(len({r["partner_id"] for r in results}), 100)

    def test_openapi_document_describes_the_batch_as_the_server_checks_it(self):
        doc = self.url_open("/ecrm/api/v1/openapi.json").json()
        post = doc["paths"][BATCH]["post"]
        self.assertEqual(post["operationId"], "createOrderBatch")
        self.assertIn("200", post["responses"])
        schema = doc["components"]["schemas"]["OrderBatch"]
        orders = schema["properties"]["orders"]
        self.assertEqual(orders["maxItems"], 100)
        self.assertEqual(orders["items"], {"$ref": "#/components/schemas/Order"})
        result = doc["components"]["schemas"]["OrderBatchResult"]
        entry = result["properties"]["results"]["items"]
        self.assertIn("status", entry["required"])
        self.assertIn("error", entry["properties"])
