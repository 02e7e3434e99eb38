# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Internal roles and companies through the route an attacker uses:
``/web/dataset/call_kw`` with a logged-in session (JSON-RPC)."""

import xmlrpc.client
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.ecrm_core.tests.portal_rpc import PortalRpcMixin
from odoo.addons.ecrm_marketing.tests.common import create_points_program


@tagged("post_install", "-at_install")
class TestRolesThroughCallKw(PortalRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.ref("base.main_company")
        cls.company_b = cls.env["res.company"].create(
            {"name": "Sao Việt Cần Thơ", "currency_id": cls.env.ref("base.VND").id}
        )
        cls.program = create_points_program(
            cls.env, "Tích điểm HTTP", company_id=cls.company_a.id
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Hồ Thị Xuân", "email": "xuan.ho@example.vn"}
        )
        cls.card = cls.env["loyalty.card"].create(
            {"program_id": cls.program.id, "partner_id": cls.customer.id}
        )

        def user(login, group, company=None):
            company = company or cls.company_a
            return new_test_user(
                cls.env,
                login,
                groups=f"base.group_user,ecrm_core.{group}",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        cls.telesales = user("http_tls", "group_ecrm_telesales")
        cls.service = user("http_cs", "group_ecrm_customer_service")
        cls.marketing = user("http_mkt", "group_ecrm_marketing")
        cls.marketing_b = user("http_mkt_b", "group_ecrm_marketing", cls.company_b)
        cls.manager_b = user("http_mgr_b", "group_ecrm_manager", cls.company_b)

        # Company A's results: figures, an alert, a segment with a member, a
        # campaign reach.
        cls.customer.with_company(cls.company_a).write(
            {"ecrm_order_count": 3, "ecrm_revenue": 5000000}
        )
        cls.alert_a = cls.env["ecrm.alert"].create(
            {
                "name": "Churn risk jumped",
                "alert_type": "churn_jump",
                "key": "http:churn",
                "partner_id": cls.customer.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.segment_a = cls.env["ecrm.segment"].create(
            {"name": "Khách Hà Nội", "company_id": cls.company_a.id}
        )
        cls.env.cr.execute(
            "INSERT INTO ecrm_segment_member_rel (segment_id, partner_id) "
            "VALUES (%s, %s)",
            [cls.segment_a.id, cls.customer.id],
        )
        campaign = cls.env["utm.campaign"].create({"title": "Tết Hà Nội"})
        cls.reach_a = cls.env["ecrm.campaign.reach"].create(
            {
                "campaign_id": campaign.id,
                "channel": "facebook",
                "impressions": 1000,
                "company_id": cls.company_a.id,
            }
        )

    def _call(self, user, model, method, args, kwargs=None):
        """call_kw as ``user``: the JSON-RPC answer (``result`` or ``error``)."""
        self.authenticate(user.login, user.login)
        return self.call_kw_answer(model, method, args, kwargs)

    def _assert_denied(self, answer):
        self.assertIn("error", answer, answer)
        self.assertEqual(
            answer["error"]["data"]["name"], "odoo.exceptions.AccessError", answer
        )

    def test_telesales_and_service_cannot_set_points_nor_forge_history(self):
        for user in (self.telesales, self.service):
            self._assert_denied(
                self._call(
                    user, "loyalty.card", "write", [[self.card.id], {"points": 99999}]
                )
            )
            # A context flag sent by the caller does not open the owned flow.
            self._assert_denied(
                self._call(
                    user,
                    "loyalty.card",
                    "write",
                    [[self.card.id], {"points": 99999}],
                    {"context": {"ecrm_owned_flow": True}},
                )
            )
            self._assert_denied(
                self._call(
                    user,
                    "loyalty.history",
                    "create",
                    [{"card_id": self.card.id, "used": 500, "ecrm_kind": "reversal"}],
                )
            )
            self._assert_denied(
                self._call(
                    user,
                    "res.partner",
                    "write",
                    [[self.customer.id], {"ecrm_consent_email": True}],
                )
            )
            self._assert_denied(
                self._call(
                    user, "loyalty.program", "write", [[self.program.id], {"name": "x"}]
                )
            )
        self.card.invalidate_recordset()
        self.assertEqual(self.card.points, 0)
        self.assertFalse(
            self.env["loyalty.history"].search([("card_id", "=", self.card.id)])
        )
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.ecrm_consent_email)

    def test_xmlrpc_with_an_api_key_cannot_set_points_nor_consent(self):
        for user in (self.telesales, self.service):
            key = (
                self.env["res.users.apikeys"]
                .with_user(user)
                ._generate(None, "script", fields.Datetime.now() + timedelta(days=1))
            )
            for model, args in (
                ("loyalty.card", [[self.card.id], {"points": 99999}]),
                ("res.partner", [[self.customer.id], {"ecrm_consent_sms": True}]),
            ):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    self.xmlrpc_object.execute_kw(
                        self.env.cr.dbname, user.id, key, model, "write", args
                    )
                # 4: Odoo's XML-RPC fault code of an AccessError
                self.assertEqual(caught.exception.faultCode, 4, model)
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname,
                    user.id,
                    key,
                    "loyalty.history",
                    "create",
                    [{"card_id": self.card.id, "issued": 5000}],
                )
            self.assertEqual(caught.exception.faultCode, 4)
        self.card.invalidate_recordset()
        self.assertEqual(self.card.points, 0)

    def test_marketing_edits_a_program(self):
        answer = self._call(
            self.marketing,
            "loyalty.program",
            "write",
            [[self.program.id], {"name": "Tích điểm 2027"}],
        )
        self.assertIs(answer.get("result"), True, answer)
        self.program.invalidate_recordset()
        self.assertEqual(self.program.name, "Tích điểm 2027")

    def test_company_b_does_not_see_company_a(self):
        answer = self._call(
            self.marketing,
            "res.partner",
            "read",
            [[self.customer.id], ["ecrm_order_count", "ecrm_revenue"]],
        )
        self.assertEqual(answer["result"][0]["ecrm_order_count"], 3, answer)
        for user in (self.marketing_b, self.manager_b):
            answer = self._call(
                user,
                "res.partner",
                "read",
                [[self.customer.id], ["ecrm_order_count", "ecrm_revenue"]],
            )
            self.assertEqual(answer["result"][0]["ecrm_order_count"], 0, answer)
            self.assertEqual(answer["result"][0]["ecrm_revenue"], 0, answer)
            answer = self._call(
                user,
                "res.partner",
                "search_read",
                [[("ecrm_revenue", ">=", 1000000)]],
                {"fields": ["id"]},
            )
            self.assertNotIn(self.customer.id, [r["id"] for r in answer["result"]])
            for model, record in (
                ("ecrm.alert", self.alert_a),
                ("ecrm.segment", self.segment_a),
                ("ecrm.campaign.reach", self.reach_a),
            ):
                answer = self._call(
                    user, model, "search_read", [[]], {"fields": ["id"]}
                )
                ids = [row["id"] for row in answer["result"]]
                self.assertNotIn(record.id, ids, f"{model} as {user.login}")
                self._assert_denied(
                    self._call(user, model, "read", [[record.id], ["id"]])
                )
            answer = self._call(
                user,
                "ecrm.clv.distribution",
                "search_read",
                [[]],
                {"fields": ["company_id"]},
            )
            self.assertTrue(
                all(
                    row["company_id"][0] == self.company_b.id
                    for row in answer["result"]
                ),
                answer,
            )
            # Company A's segment members are not reachable from its partner.
            answer = self._call(
                user,
                "ecrm.segment",
                "search_read",
                [[("member_ids", "in", [self.customer.id])]],
                {"fields": ["id"]},
            )
            self.assertEqual(answer.get("result"), [], answer)
            answer = self._call(
                user, "res.partner", "read", [[self.customer.id], ["ecrm_segment_ids"]]
            )
            self.assertEqual(answer["result"][0]["ecrm_segment_ids"], [], answer)
