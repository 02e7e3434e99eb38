# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A cash-on-delivery order that is not delivered gives its points back; one
delivered after all (a second attempt, a new transfer) gets them again, once."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.ecrm_core.tests.common import return_picking, ship_picking

from .common import EcrmMarketingCase, create_points_program


@tagged("post_install", "-at_install")
class TestDeliveryPoints(EcrmMarketingCase):
    def _event(self, order, status, event_id, reason=None, minutes=0):
        """Record an event ``minutes`` after now (events of the same second
        follow their creation order)."""
        # Recorded as the telesales agent: the failed delivery owns the points.
        date = fields.Datetime.now() + timedelta(minutes=minutes)
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
                        "date": date,
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
        # Failing again takes nothing more.
        self._event(order, "returned", "GHN-2")
        self.assertEqual(self._points(), 30)

    def test_failed_prepaid_delivery_keeps_the_points(self):
        order = self._order(amount=1000000, ecrm_payment_method="bank_transfer")
        order.action_confirm()
        self._event(order, "failed", "GHN-9", "unreachable")
        self.assertEqual(self._points(), 100)

    def _moves(self, order):
        """eCRM's point movements of the order: [(kind, issued, used)], oldest
        first (sale_loyalty's own share is credited on its coupon points)."""
        history = (
            self._card()
            .history_ids.filtered(lambda h: h.ecrm_order_id == order and h.ecrm_kind)
            .sorted("id")
        )
        return [(h.ecrm_kind, h.issued, h.used) for h in history]

    def test_delivered_after_a_failure_gets_the_points_back_once(self):
        order = self._order(amount=1000000, ecrm_payment_method="cod")
        order.action_confirm()
        self._event(order, "delivered", "GHN-1")
        self.assertEqual(self._points(), 100, "a first delivery changes nothing")
        self._event(order, "failed", "GHN-2", "unreachable", minutes=1)
        self.assertEqual(self._points(), 0)
        second = self._event(order, "delivered", "GHN-3", minutes=2)
        self.assertEqual(order.ecrm_delivery_state, "delivered")
        self.assertEqual(self._points(), 100)
        self._event(order, "delivered", "GHN-4", minutes=3)
        self.assertEqual(self._points(), 100, "delivered again gives nothing more")
        self.assertEqual(
            self._moves(order),
            [("reversal", 0, 100), ("restored", 100, 0)],
        )
        given = self._card().history_ids.filtered(lambda h: h.ecrm_kind == "restored")
        self.assertEqual(given.ecrm_delivery_event_id, second)
        self.assertIn("delivered after all", given.description)

    def test_each_failure_after_a_delivery_takes_back_each_delivery_gives_back(self):
        order = self._order(amount=1000000, ecrm_payment_method="cod")
        order.action_confirm()
        self._event(order, "failed", "GHN-1", "refused")
        self._event(order, "failed", "GHN-2", "unreachable", minutes=1)
        self._event(order, "returned", "GHN-3", minutes=2)
        self.assertEqual(self._points(), 0, "failed twice, returned: taken once")
        self._event(order, "delivered", "GHN-4", minutes=3)
        self._event(order, "failed", "GHN-5", "refused", minutes=4)
        self._event(order, "delivered", "GHN-6", minutes=5)
        self._event(order, "delivered", "GHN-7", minutes=6)
        self.assertEqual(self._points(), 100)
        kinds = [kind for kind, _issued, _used in self._moves(order)]
        self.assertEqual(kinds, ["reversal", "restored", "reversal", "restored"])

    def test_events_arriving_late_follow_the_latest_outcome(self):
        order = self._order(amount=1000000, ecrm_payment_method="cod")
        order.action_confirm()
        self._event(order, "failed", "GHN-2", "refused", minutes=10)
        # The carrier's earlier delivery report arrives after the failure:
        # the order's outcome stays the failure, nothing is given back.
        self._event(order, "delivered", "GHN-1", minutes=5)
        self.assertEqual(order.ecrm_delivery_state, "failed")
        self.assertEqual(self._points(), 0)
        self._event(order, "delivered", "GHN-3", minutes=20)
        self.assertEqual(self._points(), 100)

    def test_cancelled_order_delivered_after_all_gets_nothing(self):
        order = self._order(amount=1000000, ecrm_payment_method="cod")
        order.action_confirm()
        self._event(order, "failed", "GHN-1", "refused")
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(self._points(), 0, "not taken twice")
        moves = self._moves(order)
        self._event(order, "delivered", "GHN-2", minutes=1)
        self.assertEqual(self._points(), 0)
        self.assertEqual(self._moves(order), moves, "nothing given back")

    def test_prepaid_order_delivered_after_a_failure_keeps_its_points(self):
        order = self._order(amount=1000000, ecrm_payment_method="bank_transfer")
        order.action_confirm()
        self._event(order, "failed", "GHN-1", "refused")
        self._event(order, "delivered", "GHN-2", minutes=1)
        self.assertEqual(self._points(), 100)
        self.assertEqual(self._moves(order), [])

    # -- through the warehouse's transfers -------------------------------------
    _ship = staticmethod(ship_picking)
    _return = staticmethod(return_picking)

    def test_returned_parcel_shipped_again_gets_the_points_back(self):
        order = self._order(amount=1000000, ecrm_payment_method="cod")
        order.action_confirm()
        delivery = order.picking_ids
        self._ship(delivery)
        self.assertEqual(order.ecrm_delivery_state, "delivered")
        back = self._return(delivery)
        self.assertEqual(order.ecrm_delivery_state, "returned")
        self.assertEqual(self._points(), 0)
        # The customer asks again: the return is shipped back to them.
        again = self._return(back)
        self.assertEqual(again.picking_type_code, "outgoing")
        self.assertEqual(order.ecrm_delivery_state, "delivered")
        self.assertEqual(self._points(), 100)
        given = self._card().history_ids.filtered(lambda h: h.ecrm_kind == "restored")
        self.assertEqual(given.ecrm_delivery_event_id.picking_id, again)
        self.assertEqual(given.issued, 100)

    def test_another_companys_parcel_shipped_again_pays_its_own_program(self):
        company_b = self.env["res.company"].create(
            {"name": "Sao Việt Cần Thơ", "currency_id": self.company.currency_id.id}
        )
        program_b = create_points_program(
            self.env, "Tích điểm Cần Thơ", company_id=company_b.id
        )
        company_b.ecrm_loyalty_program_id = program_b
        mine = self._order(amount=500000, ecrm_payment_method="cod")
        mine.action_confirm()
        order = self._order(
            amount=1000000, ecrm_payment_method="cod", company_id=company_b.id
        ).with_company(company_b)
        order.action_confirm()
        self.assertEqual(order.picking_ids.company_id, company_b)

        def points_b():
            return sum(
                self.env["loyalty.card"]
                .search(
                    [
                        ("program_id", "=", program_b.id),
                        ("partner_id", "=", self.customer.id),
                    ]
                )
                .mapped("points")
            )

        self.assertEqual(points_b(), 100)
        delivery = order.picking_ids
        self._ship(delivery)
        back = self._return(delivery)
        self.assertEqual(points_b(), 0)
        self._return(back)
        self.assertEqual(order.ecrm_delivery_state, "delivered")
        self.assertEqual(points_b(), 100)
        # The first company's card holds its own order's points, untouched.
        self.assertEqual(self._points(), 50)
