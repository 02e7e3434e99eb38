# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Carriers report a second delivery through the API: the points a failed
cash-on-delivery order lost come back once, whatever the events' order and
repetition, and only for the caller's own order."""

import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.ecrm_core.tests.test_api_orders import ORDERS, StorefrontApiCommon

from .common import create_points_program, deactivate_other_auto_programs


@tagged("post_install", "-at_install")
class TestRedeliveryPointsApi(StorefrontApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("ecrm_core.cod_risk_rule", "none")
        cls.program = create_points_program(cls.env, "Tích điểm giao lại")
        deactivate_other_auto_programs(cls.program)
        cls.env.company.ecrm_loyalty_program_id = cls.program
        # Another company's storefront, sending the same source and reference.
        cls.company_b = cls.env["res.company"].create({"name": "Sao Việt Cần Thơ"})
        cls.api_b = new_test_user(
            cls.env,
            "t_api_shop_b",
            groups="base.group_portal,ecrm_core.group_ecrm_api",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        # sudo: a persistent key (no expiry) needs a system environment.
        cls.key_b = (
            cls.env["res.users.apikeys"]
            .with_user(cls.api_b)
            .sudo()
            ._generate(None, "t_api_shop_b", None)
        )
        cls.env["ecrm.api.source"].create(
            {"name": "haravan", "user_id": cls.api_b.id, "company_id": cls.company_b.id}
        )

    def setUp(self):
        super().setUp()
        self.order = self._post_confirmed_order()
        self.assertEqual(self.order.state, "sale")
        self.earned = self._points()
        self.assertGreater(self.earned, 0)
        # confirming dates the order now: the carrier's events follow it
        self.start = fields.Datetime.now() - timedelta(hours=10)

    def _points(self):
        cards = self.env["loyalty.card"].search(
            [
                ("program_id", "=", self.program.id),
                ("partner_id", "=", self.order.partner_id.id),
            ]
        )
        return sum(cards.mapped("points"))

    def _event(self, event_id, status, key=None, **extra):
        body = {"event_id": event_id, "status": status, "carrier": "GHN", **extra}
        if status == "failed":
            body.setdefault("reason", "refused")
        return self.url_open(
            f"{ORDERS}/haravan/SHOP-10023/delivery",
            data=json.dumps(body),
            headers={
                "Authorization": f"Bearer {key or self.key}",
                "Content-Type": "application/json",
            },
        )

    def _given_back(self):
        return self.env["loyalty.history"].search(
            [("ecrm_order_id", "=", self.order.id), ("ecrm_kind", "=", "restored")]
        )

    def test_second_delivery_gives_the_points_back_once(self):
        steps = [
            ("GHN-1", "delivered", 201, self.earned),
            ("GHN-2", "failed", 201, 0),
            ("GHN-2", "failed", 200, 0),  # the same event again
            ("GHN-3", "failed", 201, 0),  # failed twice: taken back once
            ("GHN-4", "delivered", 201, self.earned),
            ("GHN-4", "delivered", 200, self.earned),  # replayed
            ("GHN-5", "delivered", 201, self.earned),  # delivered again
        ]
        for event_id, status, code, points in steps:
            with self.subTest(event_id=event_id, status=status):
                # one hour after the other; a replay is the same event
                at = self.start + timedelta(hours=int(event_id.partition("-")[2]))
                response = self._event(
                    event_id, status, date=at.strftime("%Y-%m-%dT%H:%M:%SZ")
                )
                self.assertEqual(response.status_code, code, response.text)
                self.assertEqual(response.json()["delivery_state"], status)
                self.assertEqual(self._points(), points)
        given = self._given_back()
        self.assertEqual(len(given), 1)
        self.assertEqual(given.issued, self.earned)
        self.assertEqual(given.ecrm_delivery_event_id.event_id, "GHN-4")
        status = self._get(f"{ORDERS}/haravan/SHOP-10023").json()
        self.assertEqual(status["delivery_state"], "delivered")

    def test_another_companys_storefront_gives_nothing_back(self):
        self.assertEqual(self._event("GHN-1", "failed").status_code, 201)
        self.assertEqual(self._points(), 0)
        response = self._event("GHN-2", "delivered", key=self.key_b)
        self.assertEqual(response.status_code, 404, response.text)
        self.assertEqual(response.json()["error"]["field"], "external_id")
        self.assertNotIn(self.order.name, response.text)
        self.assertEqual(self.order.ecrm_delivery_state, "failed")
        self.assertEqual(self._points(), 0)
        self.assertFalse(self._given_back())

    def test_cancelled_order_delivered_after_all_gets_nothing_back(self):
        self.assertEqual(self._event("GHN-1", "failed").status_code, 201)
        self.order._action_cancel()
        self.assertEqual(self._points(), 0, "the cancellation takes nothing twice")
        given = self._given_back()
        response = self._event("GHN-2", "delivered")
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["delivery_state"], "delivered")
        self.assertEqual(self._points(), 0)
        self.assertEqual(self._given_back(), given, "nothing given back")
