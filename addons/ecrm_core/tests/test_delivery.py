# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Delivery outcomes from the warehouse, what they count on the customer, and
the cash-on-delivery risk rule before the confirmation call."""

from datetime import timedelta

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import EcrmOrderFlowCommon, return_picking, ship_picking


class DeliveryCommon(EcrmOrderFlowCommon):
    @classmethod
    def _setup_delivery(cls):
        cls._setup_order_flow()
        cls.Param = cls.env["ir.config_parameter"].sudo()
        cls.Param.set_param("ecrm_core.cod_risk_rule", "none")
        cls.hanoi = cls.env["res.country.state"].search(
            [("country_id.code", "=", "VN")], limit=1
        )

    def _confirmed(self, partner=None, **vals):
        order = self._queued_order(partner=partner, **vals)
        order.with_user(self.telesales).action_ecrm_telesales_confirm()
        return order

    def _fail(self, order, reason="refused", status="failed", event_id=None):
        return self.env["sale.order"]._ecrm_delivery_record(
            [
                {
                    "order_id": order.id,
                    "origin": "manual",
                    "event_id": event_id or f"test-{order.id}-{status}",
                    "status": status,
                    "reason": reason,
                    "carrier": "GHTK",
                    "date": fields.Datetime.now(),
                }
            ]
        )

    _ship = staticmethod(ship_picking)


@tagged("post_install", "-at_install")
class TestDeliveryOutcome(DeliveryCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_delivery()

    def test_done_delivery_marks_the_order_delivered(self):
        order = self._confirmed()
        self.assertEqual(order.ecrm_delivery_state, "pending")
        picking = order.picking_ids
        self._ship(picking)
        self.assertEqual(order.ecrm_delivery_state, "delivered")
        self.assertEqual(order.ecrm_delivery_date, picking.date_done)
        event = order.ecrm_delivery_event_ids
        self.assertEqual((event.origin, event.picking_id), ("picking", picking))

    def test_returned_delivery_marks_the_order_returned_and_counts(self):
        order = self._confirmed()
        picking = order.picking_ids
        self._ship(picking)
        return_picking(picking)
        self.assertEqual(order.ecrm_delivery_state, "returned")
        self.assertEqual(order.ecrm_delivery_reason, "returned")
        self.assertEqual(self.customer.ecrm_cod_failed_count, 1)
        self.assertEqual(self.customer.ecrm_cod_delivered_count, 0)
        self.assertIn("Delivery Returned", order.message_ids[:3].mapped("body")[0])

    def test_repeated_failures_flag_the_profile(self):
        self.Param.set_param("ecrm_core.cod_flag_failures", 2)
        first, second, ok = self._confirmed(), self._confirmed(), self._confirmed()
        self._ship(ok.picking_ids)
        self._fail(first)
        self.assertFalse(self.customer.ecrm_cod_flagged)
        self._fail(second, reason="unreachable")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.ecrm_cod_failed_count, 2)
        self.assertEqual(self.customer.ecrm_cod_delivered_count, 1)
        self.assertTrue(self.customer.ecrm_cod_flagged)
        flagged = self.env["res.partner"].search([("ecrm_cod_flagged", "=", True)])
        self.assertIn(self.customer, flagged)
        self.assertNotIn(
            self.customer,
            self.env["res.partner"].search([("ecrm_cod_flagged", "=", False)]),
        )
        # Another company sees none of it.
        other = self.env["res.company"].create({"name": "Cửa hàng khác"})
        self.assertEqual(self.customer.with_company(other).ecrm_cod_failed_count, 0)
        # An open COD order is the amount at risk.
        waiting = self._queued_order()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.ecrm_cod_amount_at_risk, waiting.amount_total)

    def test_personal_data_export_lists_the_deliveries(self):
        order = self._confirmed()
        self._fail(order, reason="wrong_address")
        data = self.customer.with_user(self.manager)._ecrm_personal_data()
        self.assertEqual(
            [(d["order"], d["status"], d["reason"]) for d in data["deliveries"]],
            [(order.name, "failed", "wrong_address")],
        )
        sheets = dict(self.customer._ecrm_personal_data_sheets())
        self.assertIn("deliveries", sheets)

    def test_same_event_recorded_once(self):
        order = self._confirmed()
        self._fail(order, event_id="same")
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self._fail(order, event_id="same")
        self.assertEqual(len(order.ecrm_delivery_event_ids), 1)


@tagged("post_install", "-at_install")
class TestCodRisk(DeliveryCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_delivery()
        cls.refuser = cls.env["res.partner"].create(
            {"name": "Phạm Văn Bom", "phone": "+84987000222", "customer_rank": 1}
        )
        cls.good = cls.env["res.partner"].create(
            {"name": "Đỗ Thị Tốt", "phone": "+84987000333", "customer_rank": 1}
        )
        cls.risk_orders = cls.env["sale.order"]
        for _i in range(3):
            order = cls._queued_order(partner=cls.refuser)
            cls.risk_orders |= order
            order.with_user(cls.telesales).action_ecrm_telesales_confirm()
            cls.env["sale.order"]._ecrm_delivery_record(
                [
                    {
                        "order_id": order.id,
                        "event_id": f"risk-{order.id}",
                        "status": "failed",
                        "reason": "refused",
                    }
                ]
            )
        for _i in range(3):
            order = cls._queued_order(partner=cls.good)
            cls.risk_orders |= order
            order.with_user(cls.telesales).action_ecrm_telesales_confirm()
            cls.env["sale.order"]._ecrm_delivery_record(
                [
                    {
                        "order_id": order.id,
                        "event_id": f"risk-{order.id}",
                        "status": "delivered",
                    }
                ]
            )
        cls.env["sale.order"]._cron_ecrm_cod_risk()
        cls.Param.set_param("ecrm_core.cod_risk_threshold", 0.5)

    def test_customer_who_refused_is_risky_with_reasons(self):
        risky = self._queued_order(partner=self.refuser)
        safe = self._queued_order(partner=self.good)
        self.assertGreater(risky.ecrm_cod_risk, 0.5)
        self.assertLess(safe.ecrm_cod_risk, risky.ecrm_cod_risk)
        self.assertTrue(risky.ecrm_cod_risky)
        self.assertFalse(safe.ecrm_cod_risky)
        self.assertIn(
            "3 of 3 earlier COD deliveries failed", risky.ecrm_cod_risk_reasons
        )
        self.assertIn("0 of 3", safe.ecrm_cod_risk_reasons)
        queue = self.env["sale.order"].search(
            [("id", "in", (risky | safe).ids)], order="ecrm_cod_risk desc"
        )
        self.assertEqual(queue[0], risky, "risky orders are called first")
        self.assertIn(
            risky, self.env["sale.order"].search([("ecrm_cod_risky", "=", True)])
        )

    def test_new_customer_gets_the_shop_rate(self):
        newcomer = self.env["res.partner"].create({"name": "Khách Mới"})
        order = self._queued_order(partner=newcomer)
        self.assertIn("No delivery history", order.ecrm_cod_risk_reasons)
        self.assertGreater(order.ecrm_cod_risk, 0.0)

    def test_approval_rule_blocks_confirmation_until_a_manager_approves(self):
        self.Param.set_param("ecrm_core.cod_risk_rule", "approval")
        risky = self._queued_order(partner=self.refuser)
        with self.assertRaisesRegex(UserError, "risky cash-on-delivery"):
            risky.with_user(self.telesales).action_ecrm_telesales_confirm()
        self.assertEqual(risky.state, "draft")
        with self.assertRaises(AccessError):
            risky.with_user(self.telesales).action_ecrm_cod_approve()
        risky.with_user(self.manager).action_ecrm_cod_approve()
        self.assertEqual(risky.ecrm_cod_approved_by_id, self.manager)
        self.assertIn("approved by", risky.message_ids[0].body)
        risky.with_user(self.telesales).action_ecrm_telesales_confirm()
        self.assertEqual(risky.state, "sale")
        # A safe order goes through without approval; so does a paid one.
        safe = self._queued_order(partner=self.good)
        safe.with_user(self.telesales).action_ecrm_telesales_confirm()
        self.assertEqual(safe.state, "sale")
        paid = self._queued_order(partner=self.refuser, ecrm_paid=True)
        paid.with_user(self.telesales).action_ecrm_telesales_confirm()
        self.assertEqual(paid.state, "sale")

    def test_deposit_rule_lets_a_deposit_through(self):
        self.Param.set_param("ecrm_core.cod_risk_rule", "deposit")
        self.Param.set_param("ecrm_core.cod_deposit_percent", 30)
        risky = self._queued_order(partner=self.refuser)
        risky.ecrm_cod_deposit = risky.amount_total * 0.1
        with self.assertRaisesRegex(UserError, "deposit of at least 30"):
            risky.with_user(self.telesales).action_ecrm_telesales_confirm()
        risky.ecrm_cod_deposit = risky.amount_total * 0.3
        risky.with_user(self.telesales).action_ecrm_telesales_confirm()
        self.assertEqual(risky.state, "sale")

    def test_back_office_confirmation_follows_the_rule_too(self):
        self.Param.set_param("ecrm_core.cod_risk_rule", "approval")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.refuser.id,
                "ecrm_payment_method": "cod",
                "order_line": [
                    (0, 0, {"product_id": self.product_a.id, "product_uom_qty": 1})
                ],
            }
        )
        with self.assertRaisesRegex(UserError, "risky cash-on-delivery"):
            order.with_user(self.salesman).action_confirm()

    def test_evaluation_as_of_ignores_later_outcomes(self):
        # the outcomes of the database (demo orders) are all older than this
        # test's six orders: as of their placing, none of the six counts yet
        placed = min(self.risk_orders.mapped("date_order"))
        later = fields.Datetime.now() + timedelta(days=1)
        Order = self.env["sale.order"]
        before = Order._ecrm_cod_risk_rates(as_of=placed)["base"]
        after = Order._ecrm_cod_risk_rates(as_of=later)["base"]
        self.assertEqual([after[0] - before[0], after[1] - before[1]], [6, 3])


@tagged("post_install", "-at_install")
class TestDeliveryRights(DeliveryCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_delivery()
        cls.portal = new_test_user(cls.env, "t_dlv_portal", groups="base.group_portal")
        cls.own_salesman = new_test_user(
            cls.env,
            "t_dlv_own_salesman",
            groups="base.group_user,sales_team.group_sale_salesman",
        )

    def test_who_reads_and_writes_delivery_events(self):
        order = self._confirmed()
        self._fail(order)
        Event = self.env["ecrm.delivery.event"]
        event = order.ecrm_delivery_event_ids
        for user in (
            self.telesales,
            self.customer_service,
            self.salesman,
            self.manager,
        ):
            self.assertEqual(
                Event.with_user(user).search([("id", "=", event.id)]), event
            )
        for user in (self.telesales, self.customer_service, self.salesman):
            with self.assertRaises(AccessError):
                event.with_user(user).write({"status": "delivered"})
            with self.assertRaises(AccessError):
                Event.with_user(user).create(
                    {"order_id": order.id, "event_id": "forged", "status": "delivered"}
                )
        with self.assertRaises(AccessError):
            Event.with_user(self.portal).search([])
        # A salesperson who sees only their own orders sees only their events.
        self.assertFalse(
            Event.with_user(self.own_salesman).search([("id", "=", event.id)])
        )
        order.user_id = self.own_salesman
        self.assertEqual(
            Event.with_user(self.own_salesman).search([("id", "=", event.id)]), event
        )
