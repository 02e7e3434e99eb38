# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``Prefer: respond-async``: checked at once, answered 202, created in batches."""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import new_api_user
from .test_api_orders import ORDERS, StorefrontApiCommon


@tagged("post_install", "-at_install")
class TestStorefrontApiAsync(StorefrontApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Intake = cls.env["ecrm.order.intake"]

    def _post_async(self, payload, key=None):
        return self.url_open(
            ORDERS,
            data=json.dumps(payload),
            headers={
                "Authorization": f"Bearer {key or self.key}",
                "Content-Type": "application/json",
                "Prefer": "respond-async",
            },
        )

    def _intakes(self, external_id="SHOP-10023"):
        return self.Intake.search(
            [("source", "=", "haravan"), ("external_id", "=", external_id)]
        )

    def _run_queue(self):
        return self.Intake._cron_ecrm_create_orders()

    def test_async_order_is_answered_202_then_created_by_the_batch(self):
        response = self._post_async(self._payload())
        self.assertEqual(response.status_code, 202, response.text)
        self.assertEqual(response.headers["Preference-Applied"], "respond-async")
        self.assertEqual(response.headers["Location"], f"{ORDERS}/haravan/SHOP-10023")
        body = response.json()
        self.assertEqual(body["state"], "queued")
        self.assertTrue(body["created"])
        self.assertIsNone(body["order_id"])
        self.assertFalse(self._orders(), "no order before the batch runs")
        cron = self.env.ref("ecrm_core.ir_cron_ecrm_order_intake")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            "the scheduled action is woken at once",
        )
        status = self._get(response.headers["Location"]).json()
        self.assertEqual(status["state"], "queued")
        self.assertIsNone(status["order_id"])

        self.assertEqual(self._run_queue(), 1)
        order = self._orders()
        self.assertEqual(len(order), 1)
        intake = self._intakes()
        self.assertEqual(intake.state, "done")
        self.assertEqual(intake.order_id, order)
        # Created by the storefront's user, as if it had waited for it.
        self.assertEqual(order.create_uid, self.api_user)
        self.assertEqual(order.ecrm_telesales_state, "to_call")
        self.assertEqual(order.ecrm_sales_channel, "api")
        self.assertEqual(order.campaign_id.name, "tet-2027")
        self.assertEqual(order.partner_id.phone_sanitized, "+84912345678")
        self.assertEqual(str(order.date_order), "2026-11-20 02:15:00")
        self.assertEqual(sorted(order.order_line.mapped("product_uom_qty")), [1, 2])

        status = self._get(f"{ORDERS}/haravan/SHOP-10023").json()
        self.assertEqual(status["state"], "to_confirm")
        self.assertEqual(status["order_id"], order.id)
        # Sent again once created: the order itself, 200, like the sync API.
        again = self._post_async(self._payload())
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["order_id"], order.id)
        self.assertFalse(again.json()["created"])

    def test_same_order_while_queued_answers_202_not_created_or_409(self):
        self._post_async(self._payload())
        again = self._post_async(self._payload())
        self.assertEqual(again.status_code, 202, again.text)
        self.assertFalse(again.json()["created"])
        # without the header too: the order is still being created
        self.assertEqual(self._post(self._payload()).status_code, 202)
        changed = self._post_async(self._payload(paid=True))
        self.assertEqual(changed.status_code, 409, changed.text)
        self.assertEqual(changed.json()["error"]["field"], "external_id")
        self.assertEqual(len(self._intakes()), 1)
        self._run_queue()
        self.assertEqual(len(self._orders()), 1)

    def test_two_identical_async_requests_at_the_same_moment_queue_one_order(self):
        results = self._post_twice_at_once(
            self._payload(external_id="SHOP-RACE-ASYNC"), Prefer="respond-async"
        )
        self.assertEqual([r.status_code for r in results], [202, 202])
        self.assertEqual(sorted(r.json()["created"] for r in results), [False, True])
        self.assertEqual(len(self._intakes("SHOP-RACE-ASYNC")), 1)

    def test_async_checks_skus_and_customer_at_once(self):
        response = self._post_async(
            self._payload(lines=[{"sku": "NO-SUCH-SKU", "qty": 1}])
        )
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["error"]["field"], "lines[0].sku")
        response = self._post_async(
            self._payload(customer={"name": "X", "phone": "12"})
        )
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(response.json()["error"]["field"], "customer.phone")
        response = self._post_async(self._payload(lines=[]))
        self.assertEqual(response.status_code, 400, response.text)
        self.assertFalse(self._intakes(), "nothing queued for a bad order")

    def test_batch_makes_one_profile_per_new_customer_and_rejects_only_bad_orders(
        self,
    ):
        new_customer = {"name": "Chị Hoa", "phone": "0977 111 222"}
        for ref in ("FLASH-1", "FLASH-2"):
            response = self._post_async(
                self._payload(
                    external_id=ref,
                    customer=new_customer,
                    lines=[{"sku": "T-SKU-1", "qty": 1}],
                )
            )
            self.assertEqual(response.status_code, 202, response.text)
        self._post_async(
            self._payload(external_id="FLASH-3", lines=[{"sku": "T-SKU-2", "qty": 1}])
        )
        # The product leaves the catalogue before the batch runs.
        self.product_b.sale_ok = False
        self.assertEqual(self._run_queue(), 3)

        first, second = self._orders("FLASH-1"), self._orders("FLASH-2")
        self.assertTrue(first and second)
        self.assertEqual(first.partner_id, second.partner_id)
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("phone_sanitized", "=", "+84977111222")]
            ),
            1,
        )
        self.assertFalse(self._orders("FLASH-3"))
        rejected = self._intakes("FLASH-3")
        self.assertEqual(rejected.state, "rejected")
        self.assertEqual(rejected.error_code, "unknown_sku")
        self.assertEqual(rejected.error_field, "lines[0].sku")
        status = self._get(f"{ORDERS}/haravan/FLASH-3").json()
        self.assertEqual(status["state"], "rejected")
        self.assertEqual(status["error"]["field"], "lines[0].sku")

        # Back in the catalogue, a manager queues it again.
        self.product_b.sale_ok = True
        with self.assertRaises(UserError):
            self._intakes("FLASH-1").with_user(self.manager).action_retry()
        rejected.with_user(self.manager).action_retry()
        self.assertEqual(rejected.state, "queued")
        self._run_queue()
        self.assertEqual(rejected.state, "done")
        self.assertTrue(self._orders("FLASH-3"))

    def test_an_order_failing_in_the_batch_does_not_block_the_others(self):
        self._post_async(
            self._payload(
                external_id="FLASH-OK",
                customer={"name": "Anh Minh", "phone": "0966 123 456"},
            )
        )
        # A row the schema would have refused (a new customer without a name),
        # as an older version could have queued it: it fails only when the
        # batch creates the customers. (API users cannot write the queue.)
        bad = self._payload(
            external_id="FLASH-NONAME", customer={"name": "", "phone": "0966 654 321"}
        )
        self.Intake.with_user(self.api_user).sudo().create(
            {
                "company_id": self.env.company.id,
                "source": "haravan",
                "external_id": "FLASH-NONAME",
                "payload": json.dumps(bad),
                "payload_hash": "x",
            }
        )
        self.assertEqual(self._run_queue(), 2)
        self.assertTrue(self._orders("FLASH-OK"), "the good order is created")
        self.assertEqual(self._intakes("FLASH-OK").state, "done")
        rejected = self._intakes("FLASH-NONAME")
        self.assertEqual(rejected.state, "rejected")
        self.assertEqual(rejected.error_field, "customer.name")
        self.assertFalse(self._orders("FLASH-NONAME"))
        self.assertFalse(
            self.env["res.partner"].search([("phone", "=", "+84966654321")]),
            "nothing half-written for the rejected order",
        )

    def test_rejected_order_sent_again_is_queued_again(self):
        self._post_async(self._payload(external_id="FLASH-9"))
        self.product_a.sale_ok = False
        self._run_queue()
        self.assertEqual(self._intakes("FLASH-9").state, "rejected")
        self.product_a.sale_ok = True
        response = self._post_async(self._payload(external_id="FLASH-9"))
        self.assertEqual(response.status_code, 202, response.text)
        self.assertEqual(self._intakes("FLASH-9").state, "queued")
        self._run_queue()
        self.assertTrue(self._orders("FLASH-9"))

    def test_order_deleted_after_its_creation_is_queued_again_when_resent(self):
        self._post_async(self._payload(external_id="FLASH-DEL"))
        self._run_queue()
        self._orders("FLASH-DEL").unlink()
        self.assertEqual(self._intakes("FLASH-DEL").state, "done")
        response = self._post_async(self._payload(external_id="FLASH-DEL"))
        self.assertEqual(response.status_code, 202, response.text)
        self.assertTrue(response.json()["created"])
        intake = self._intakes("FLASH-DEL")
        self.assertEqual((intake.state, intake.order_id.id), ("queued", False))
        self._run_queue()
        self.assertEqual(len(self._orders("FLASH-DEL")), 1)

    def test_queued_orders_are_seen_by_their_storefront_and_managers_only(self):
        self._post_async(self._payload())
        other, other_key = new_api_user(self.env, "t_api_other_shop")
        response = self._get(f"{ORDERS}/haravan/SHOP-10023", key=other_key)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["field"], "source")
        # Another storefront may not send under this source either.
        response = self._post_async(self._payload(paid=True), key=other_key)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["field"], "source")
        # The API user has no right on the queue itself: only the routes read it.
        with self.assertRaises(AccessError):
            self.Intake.with_user(other).search([])
        self.assertEqual(len(self.Intake.with_user(self.manager).search([])), 1)
        with self.assertRaises(AccessError):
            self.Intake.with_user(self.telesales).search([])

    def test_openapi_document_describes_the_async_answer(self):
        doc = self.url_open("/ecrm/api/v1/openapi.json").json()
        post = doc["paths"]["/ecrm/api/v1/orders"]["post"]
        self.assertIn("202", post["responses"])
        self.assertIn("Location", post["responses"]["202"]["headers"])
        self.assertEqual(post["parameters"][0]["name"], "Prefer")
        states = doc["components"]["schemas"]["OrderStatus"]["properties"]["state"]
        self.assertIn("queued", states["enum"])
        self.assertIn("rejected", states["enum"])
