# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A storefront's key opens the eCRM API routes and nothing else of value, and
only for the sources the storefront holds."""

import json
import xmlrpc.client

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import new_api_user
from .portal_rpc import PortalRpcMixin
from .test_api_orders import ORDERS, StorefrontApiCommon


@tagged("post_install", "-at_install")
class TestApiUserTrust(PortalRpcMixin, StorefrontApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"email": "secret.customer@example.vn"})
        cls.other_user, cls.other_key = new_api_user(
            cls.env, "t_api_other_shop", ["sapo"]
        )

    def _xmlrpc(self, service):
        return xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self.http_port()}/xmlrpc/2/{service}"
        )

    def _jsonrpc(self, service, method, *args):
        return self.json_rpc(
            "/jsonrpc", {"service": service, "method": method, "args": list(args)}
        )

    def _xmlrpc_as_api_user(self, model, method, *args):
        """``model.method`` through XML-RPC with the API user's key."""
        return self._xmlrpc("object").execute_kw(
            self.env.cr.dbname, self.api_user.id, self.key, model, method, *args
        )

    def _jsonrpc_as_api_user(self, model, method, *args):
        """``model.method`` through /jsonrpc with the API user's key."""
        return self._jsonrpc(
            "object",
            "execute_kw",
            self.env.cr.dbname,
            self.api_user.id,
            self.key,
            model,
            method,
            *args,
        )

    def _log_in_with_password(self, user):
        """A browser session of ``user`` through Odoo's interactive login
        (HttpCase.authenticate logs in non-interactively, which API users may
        not)."""
        response = self.url_open(
            "/web/session/authenticate",
            data=json.dumps(
                {
                    "params": {
                        "db": self.env.cr.dbname,
                        "login": user.login,
                        "password": user.login,
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["uid"], user.id)

    def _assert_no_customer_data(self, text):
        for secret in ("secret.customer@example.vn", "0912000111", "912000111"):
            self.assertNotIn(secret, text)

    # The key opens nothing else -------------------------------------------

    def test_api_user_is_a_portal_user_without_back_office_rights(self):
        self.assertTrue(self.api_user.share)
        self.assertTrue(self.api_user.has_group("base.group_portal"))
        self.assertFalse(self.api_user.has_group("base.group_user"))
        demo = self.env.ref("ecrm_core.user_storefront_haravan")
        self.assertTrue(demo.share)
        self.assertTrue(demo.has_group("ecrm_core.group_ecrm_api"))
        self.assertEqual(self.env.ref("ecrm_core.api_source_haravan").name, "haravan")
        Partner = self.env["res.partner"].with_user(self.api_user)
        self.assertFalse(Partner.search([("id", "=", self.customer.id)]))
        with self.assertRaises(AccessError):
            self.customer.with_user(self.api_user).write({"email": "x@evil.test"})
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.api_user).create(
                {"partner_id": self.customer.id}
            )

    def test_xmlrpc_with_the_api_key_is_refused(self):
        db = self.env.cr.dbname
        uid = self._xmlrpc("common").authenticate(db, self.api_user.login, self.key, {})
        self.assertFalse(uid, "no XML-RPC login with an API user's key")
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._xmlrpc_as_api_user(
                "res.partner",
                "search_read",
                [[("customer_rank", ">", 0)]],
                {"fields": ["phone", "email"]},
            )
        self.assertIn("Access Denied", caught.exception.faultString)
        with self.assertRaises(xmlrpc.client.Fault):
            self._xmlrpc_as_api_user(
                "res.partner",
                "write",
                [[self.customer.id], {"email": "attacker@evil.test"}],
            )
        self.assertEqual(self.customer.email, "secret.customer@example.vn")

    def test_jsonrpc_with_the_api_key_is_refused(self):
        answer = self._jsonrpc_as_api_user(
            "res.partner", "search_read", [[]], {"fields": ["phone", "email"]}
        )
        self.assertIn("error", answer)
        self.assertNotIn("result", answer)
        self._assert_no_customer_data(json.dumps(answer))
        answer = self._jsonrpc_as_api_user(
            "res.partner",
            "write",
            [[self.customer.id], {"email": "attacker@evil.test"}],
        )
        self.assertIn("error", answer)
        self.assertEqual(self.customer.email, "secret.customer@example.vn")

    def test_json_route_with_the_bearer_key_reads_no_contact(self):
        response = self.url_open(
            "/json/1/contacts", headers={"Authorization": f"Bearer {self.key}"}
        )
        self.assertNotEqual(response.status_code, 200)
        self._assert_no_customer_data(response.text)

    def test_call_kw_in_a_session_reads_and_writes_no_customer(self):
        # An API user given a password (it should have none) logs in as the
        # portal user it is: no customer, no contact write.
        self._log_in_with_password(self.api_user)
        answer = self.call_kw_answer(
            "res.partner",
            "search_read",
            [[("id", "=", self.customer.id)]],
            {"fields": ["phone", "email"]},
        )
        self.assertEqual(answer.get("result", []), [])
        self._assert_no_customer_data(json.dumps(answer))
        answer = self.call_kw_answer(
            "res.partner", "write", [[self.customer.id], {"email": "x@evil.test"}]
        )
        self.assertIn("error", answer)
        self.assertEqual(self.customer.email, "secret.customer@example.vn")

    def test_key_of_a_user_who_is_no_api_user_is_refused(self):
        # sudo: a persistent key (no expiry) needs a system environment.
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.telesales)
            .sudo()
            ._generate(None, "not an api user", None)
        )
        response = self._post(self._payload(), key=key)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"]["code"], "forbidden")
        self.assertFalse(self._orders())

    def test_browser_session_without_a_key_is_refused(self):
        self._post(self._payload())
        self._log_in_with_password(self.api_user)
        response = self.url_open(
            f"{ORDERS}/haravan/SHOP-10023",
            headers={
                "Sec-Fetch-Dest": "document",
                "Sec-Fetch-Mode": "navigate",
                "Sec-Fetch-Site": "none",
                "Sec-Fetch-User": "?1",
            },
        )
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "unauthorized")

    # Orders are the storefront's, not its salesperson's -------------------

    def test_order_shows_the_storefront_as_creator_not_follower(self):
        body = self._post(self._payload()).json()
        order = self.env["sale.order"].browse(body["order_id"])
        self.assertEqual(order.create_uid, self.api_user)
        self.assertFalse(order.user_id)
        self.assertNotIn(self.api_user.partner_id, order.message_partner_ids)
        self.assertNotIn(self.api_user.partner_id, order.partner_id.message_partner_ids)

    # Sources ----------------------------------------------------------------

    def test_new_source_is_bound_to_the_first_api_user_that_sends_it(self):
        response = self._post(self._payload(source="Lazada-Shop"))
        self.assertEqual(response.status_code, 201, response.text)
        source = self.env["ecrm.api.source"].search([("name", "=", "lazada-shop")])
        self.assertEqual(source.user_id, self.api_user)
        self.assertIn(source, self.api_user.ecrm_api_source_ids)
        refused = self._post(
            self._payload(source="lazada-shop", external_id="X-1"),
            key=self.other_key,
        )
        self.assertEqual(refused.status_code, 403)
        self.assertEqual(refused.json()["error"]["field"], "source")

    def test_another_storefronts_source_is_refused(self):
        response = self._post(self._payload(source="sapo"))
        self.assertEqual(response.status_code, 403, response.text)
        error = response.json()["error"]
        self.assertEqual((error["code"], error["field"]), ("forbidden", "source"))
        self.assertFalse(self.env["sale.order"].search([("ecrm_source", "=", "sapo")]))
        status = self._get(f"{ORDERS}/sapo/SHOP-10023")
        self.assertEqual(status.status_code, 403)
        self.assertEqual(status.json()["error"]["field"], "source")

    def test_archived_source_is_refused_to_its_holder(self):
        self.env["ecrm.api.source"].search([("name", "=", "haravan")]).active = False
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["field"], "source")

    def test_conflict_never_names_another_users_order(self):
        first = self._post(self._payload()).json()
        # The manager moves the source to another storefront user.
        self.env["ecrm.api.source"].search(
            [("name", "=", "haravan")]
        ).user_id = self.other_user
        for payload in (self._payload(), self._payload(paid=True)):
            response = self._post(payload, key=self.other_key)
            self.assertEqual(response.status_code, 409, response.text)
            self.assertEqual(response.json()["error"]["field"], "external_id")
            self.assertNotIn(first["name"], response.text)
            self.assertNotIn(str(first["order_id"]), response.text)
        status = self._get(f"{ORDERS}/haravan/SHOP-10023", key=self.other_key)
        self.assertEqual(status.status_code, 404)
        self.assertNotIn(first["name"], status.text)

    def test_back_office_order_with_the_same_reference_is_not_named(self):
        other = self._queued_order()
        other.write({"ecrm_source": "haravan", "ecrm_external_id": "SHOP-10023"})
        response = self._post(self._payload())
        self.assertEqual(response.status_code, 409, response.text)
        self.assertNotIn(other.name, response.text)

    def test_sources_are_managed_by_ecrm_managers_only(self):
        Source = self.env["ecrm.api.source"]
        self.assertTrue(Source.with_user(self.manager).search([]))
        with self.assertRaises(AccessError):
            Source.with_user(self.telesales).search([])
        with self.assertRaises(AccessError):
            Source.with_user(self.api_user).search([])
