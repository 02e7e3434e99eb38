# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The delivery, payment and telesales KPIs on known data."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from ..report.ecrm_telesales_report import WITHOUT_PRODUCT, order_report
from ..tools import without_jit
from .test_delivery import DeliveryCommon


@tagged("post_install", "-at_install")
class TestDeliveryReports(DeliveryCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_delivery()
        cls.Param.set_param("ecrm_core.delivery_promised_days", 3)
        cls.Param.set_param("ecrm_core.failed_delivery_cost", 50000)

    def _record(self, order, status, days, carrier, reason=None):
        self.env["ecrm.delivery.event"].create(
            {
                "order_id": order.id,
                "event_id": f"rep-{order.id}-{status}",
                "status": status,
                "reason": reason,
                "carrier": carrier,
                "date": order.date_order + timedelta(days=days),
            }
        )

    def test_delivery_time_late_and_failed_rates_per_carrier(self):
        now = fields.Datetime.now()
        orders = [
            self._confirmed(date_order=now - timedelta(days=10)) for _i in range(4)
        ]
        self._record(orders[0], "delivered", 2, "GHN")
        self._record(orders[1], "delivered", 5, "GHN")
        self._record(orders[2], "failed", 3, "GHN", "refused")
        self._record(orders[3], "delivered", 1, "GHTK")
        self.env.flush_all()
        Report = self.env["ecrm.delivery.report"].with_user(self.manager)
        rows = {
            row["carrier"]: row
            for row in Report.read_group(
                [("order_id", "in", [o.id for o in orders])],
                [
                    "nbr:sum",
                    "failed_count:sum",
                    "failed_rate:avg",
                    "late_count:sum",
                    "late_rate:avg",
                    "delivery_days:avg",
                    "failed_cost:sum",
                ],
                ["carrier"],
            )
        }
        ghn = rows["GHN"]
        self.assertEqual(ghn["nbr"], 3)
        self.assertEqual(ghn["failed_count"], 1)
        self.assertAlmostEqual(ghn["failed_rate"], 100 / 3, places=2)
        self.assertEqual(ghn["late_count"], 1, "5 days against 3 promised")
        self.assertAlmostEqual(ghn["late_rate"], 50.0)
        self.assertAlmostEqual(ghn["delivery_days"], 3.5, places=2)
        self.assertEqual(ghn["failed_cost"], 50000)
        self.assertEqual(rows["GHTK"]["late_count"], 0)
        # Per telesales agent: failed deliveries among the orders confirmed.
        Telesales = self.env["ecrm.telesales.report"].with_user(self.manager)
        agent = Telesales.read_group(
            [("order_id", "in", [o.id for o in orders])],
            ["failed_delivery_count:sum", "failed_delivery_rate:avg"],
            ["user_id"],
        )
        self.assertEqual(agent[0]["user_id"][0], self.telesales.id)
        self.assertEqual(agent[0]["failed_delivery_count"], 1)
        self.assertAlmostEqual(agent[0]["failed_delivery_rate"], 25.0)

    def test_reports_are_per_company_and_for_their_readers(self):
        order = self._confirmed()
        self._record(order, "failed", 1, "GHN", "unreachable")
        self.env.flush_all()
        other = self.env["res.company"].create({"name": "Công ty khác"})
        self.manager.write({"company_ids": [(4, other.id)]})
        Report = self.env["ecrm.delivery.report"].with_user(self.manager)
        self.assertIn(order.id, Report.search([]).order_id.ids)
        self.assertFalse(
            Report.with_company(other)
            .with_context(allowed_company_ids=[other.id])
            .search([("order_id", "=", order.id)])
        )
        self.assertTrue(
            self.env["ecrm.delivery.report"]
            .with_user(self.telesales)
            .search([("order_id", "=", order.id)])
        )
        with self.assertRaises(AccessError):
            self.env["ecrm.payment.report"].with_user(self.telesales).search([])
        with self.assertRaises(AccessError):
            self.env["ecrm.delivery.report"].with_user(self.salesman).search([])

    def test_payment_errors_per_method(self):
        method = self.env["payment.method"].create(
            {"name": "Ví MoMo (test)", "code": "momo_test"}
        )
        provider = self.env["payment.provider"].create(
            {
                "name": "Cổng thanh toán test",
                "code": "none",
                "state": "test",
                "payment_method_ids": [(6, 0, method.ids)],
            }
        )
        order = self._queued_order(ecrm_payment_method="ewallet")
        Tx = self.env["payment.transaction"]
        for state in ("error", "error", "done", "cancel"):
            Tx.create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": method.id,
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "partner_id": order.partner_id.id,
                    "state": state,
                    "sale_order_ids": [(6, 0, order.ids)],
                }
            )
        self.env.flush_all()
        rows = (
            self.env["ecrm.payment.report"]
            .with_user(self.manager)
            .read_group(
                [("order_id", "=", order.id)],
                ["nbr:sum", "error_count:sum", "error_rate:avg"],
                ["method"],
            )
        )
        self.assertEqual(rows[0]["method"], "ewallet")
        self.assertEqual(rows[0]["nbr"], 4)
        self.assertEqual(rows[0]["error_count"], 2)
        self.assertAlmostEqual(rows[0]["error_rate"], 50.0)

    def test_report_aggregates_run_without_jit_and_put_it_back(self):
        cr = self.env.cr

        def jit():
            cr.execute("SELECT current_setting('jit')")
            return cr.fetchone()[0]

        before = jit()
        seen = []
        with without_jit(cr):
            seen.append(jit())
        self.assertEqual(seen, ["off"])
        self.assertEqual(jit(), before)
        # A manager's pivot leaves the transaction's setting as it was.
        self.env["ecrm.delivery.report"].with_user(self.manager).read_group(
            [], ["nbr:sum"], ["carrier"]
        )
        self.assertEqual(jit(), before)

    def test_aggregates_without_product_leave_the_main_product_out(self):
        now = fields.Datetime.now()
        orders = [
            self._confirmed(date_order=now - timedelta(days=10)) for _i in range(3)
        ]
        self._record(orders[0], "delivered", 2, "GHN")
        self._record(orders[1], "failed", 3, "GHN", "refused")
        self.env.flush_all()
        domain = [("order_id", "in", [o.id for o in orders])]
        for name in ("ecrm.delivery.report", "ecrm.telesales.report"):
            Report = self.env[name].with_user(self.manager)
            by_product = order_report(Report, (domain, ["categ_id"], ["nbr:sum"]), {})
            self.assertFalse(by_product.env.context.get(WITHOUT_PRODUCT))
            plain = order_report(Report, (domain, ["user_id"], ["nbr:sum"]), {})
            self.assertTrue(plain.env.context.get(WITHOUT_PRODUCT))
            # the same figures either way; the category is there when asked for
            total = Report.read_group(domain, ["nbr:sum"], [])[0]["nbr"]
            per_categ = Report.read_group(domain, ["nbr:sum"], ["categ_id"])
            self.assertEqual(total, 3)
            self.assertEqual(sum(g["nbr"] for g in per_categ), 3)
            self.assertEqual(
                {g["categ_id"][0] for g in per_categ},
                {self.product_a.categ_id.id},
            )
        delivery = self.env["ecrm.delivery.report"].with_user(self.manager)
        per_carrier = {
            g["carrier"]: g["failed_count"]
            for g in delivery.read_group(domain, ["failed_count:sum"], ["carrier"])
        }
        self.assertEqual(per_carrier, {"GHN": 1, False: 0})
