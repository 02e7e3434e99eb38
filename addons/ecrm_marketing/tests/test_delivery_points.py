# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A cash-on-delivery order that is not delivered gives its points back."""

from odoo.tests import tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestDeliveryPoints(EcrmMarketingCase):
    def _event(self, order, status, event_id, reason=None):
        # Recorded as the telesales agent: the failed delivery owns the points.
        return (
            self.env["sale.order"]
            .with_user(self.telesales)
            .sudo()
            ._ecrm_delivery_record(
                [
                    {
                        "order_id": order.id,
                        "event_id": event_id,
                        "status": status,
                        "reason": reason,
                    }
                ]
            )
        )

    def test_failed_cod_delivery_takes_the_points_back_once(self):
        keep = self._order(amount=300000, ecrm_payment_method="cod")
        keep.action_confirm()
        order = self._order(amount=1000000, channel="web", ecrm_payment_method="cod")
        order._update_programs_and_rewards()
        order.action_confirm()
        self.assertEqual(self._points(), 130)
        self._event(order, "failed", "GHN-1", "refused")
        self.assertEqual(order.ecrm_delivery_state, "failed")
        self.assertEqual(self._points(), 30, "both sale_loyalty's and eCRM's share")
        reversal = self._card().history_ids.filtered(
            lambda h: h.ecrm_kind == "reversal" and h.ecrm_order_id == order
        )
        self.assertEqual(reversal.used, 100)
        self.assertIn("not delivered", reversal.description)
        # Failing again, or coming back, takes nothing more.
        self._event(order, "delivered", "GHN-2")
        self._event(order, "returned", "GHN-3")
        self.assertEqual(self._points(), 30)

    def test_failed_prepaid_delivery_keeps_the_points(self):
        order = self._order(amount=1000000, ecrm_payment_method="bank_transfer")
        order.action_confirm()
        self._event(order, "failed", "GHN-9", "unreachable")
        self.assertEqual(self._points(), 100)
