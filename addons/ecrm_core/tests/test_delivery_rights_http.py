# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delivery events and the COD approval through the routes an attacker uses."""

from odoo.tests import HttpCase, new_test_user, tagged

from .portal_rpc import PortalRpcMixin
from .test_delivery import DeliveryCommon


@tagged("post_install", "-at_install")
class TestDeliveryRightsHttp(DeliveryCommon, PortalRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_delivery()
        cls.portal = new_test_user(
            cls.env, "t_dlv_http_portal", groups="base.group_portal"
        )
        cls.order = cls._queued_order()
        cls.order.with_user(cls.telesales).action_ecrm_telesales_confirm()
        cls.env["ecrm.delivery.event"].create(
            {
                "order_id": cls.order.id,
                "event_id": "http-1",
                "status": "failed",
                "reason": "refused",
            }
        )

    def test_telesales_cannot_approve_nor_forge_events_through_call_kw(self):
        self.authenticate(self.telesales.login, self.telesales.login)
        risky = self._queued_order()
        _result, error = self.call_kw(
            "sale.order", "action_ecrm_cod_approve", [risky.ids]
        )
        self.assertEqual(error, "odoo.exceptions.AccessError")
        self.assertFalse(risky.ecrm_cod_approved_by_id)
        _result, error = self.call_kw(
            "ecrm.delivery.event",
            "create",
            [{"order_id": self.order.id, "event_id": "forged", "status": "delivered"}],
        )
        self.assertEqual(error, "odoo.exceptions.AccessError")
        result, error = self.call_kw(
            "ecrm.delivery.event",
            "search_read",
            [[("order_id", "=", self.order.id)]],
            {"fields": ["status", "reason"]},
        )
        self.assertIsNone(error)
        self.assertEqual(result[0]["reason"], "refused")

    def test_manager_approves_through_call_kw(self):
        self.authenticate(self.manager.login, self.manager.login)
        risky = self._queued_order()
        _result, error = self.call_kw(
            "sale.order", "action_ecrm_cod_approve", [risky.ids]
        )
        self.assertIsNone(error)
        self.assertEqual(risky.ecrm_cod_approved_by_id, self.manager)

    def test_portal_customer_reads_no_event(self):
        self.authenticate(self.portal.login, self.portal.login)
        self.assertCallRefused(
            "ecrm.delivery.event", "search_read", [[]], {"fields": ["status"]}
        )
        self.assertCallRefused(
            "res.partner",
            "read",
            [self.customer.ids],
            {"fields": ["ecrm_cod_failed_count"]},
        )
        key = self.portal_api_key(self.portal)
        self.assertXmlrpcRefused(
            self.portal,
            key,
            "ecrm.delivery.event",
            "search_read",
            [],
            fields=["status"],
        )
