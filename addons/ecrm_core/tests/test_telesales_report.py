# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import EcrmOrderFlowCommon


@tagged("post_install", "-at_install")
class TestTelesalesReport(EcrmOrderFlowCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_order_flow()
        cls.reason = cls.env["ecrm.cancel.reason"].create({"name": "Giá cao"})
        cls.province = cls.env["res.country.state"].search(
            [("country_id", "=", cls.env.ref("base.vn").id)], limit=1
        )
        cls.customer.state_id = cls.province
        agent = cls.env["sale.order"].with_user(cls.telesales)
        cls.orders = cls.env["sale.order"]
        # web: 2 confirmed (called after 1h and 3h, confirmed after 2h and 4h),
        # 1 cancelled; api: 1 cancelled, 1 still waiting.
        for channel, outcome, hours in (
            ("web", "confirm", 1),
            ("web", "confirm", 3),
            ("web", "cancel", 5),
            ("api", "cancel", 2),
            ("api", None, None),
        ):
            order = cls._queued_order(channel=channel, ecrm_source="report-test")
            cls.orders |= order
            order = agent.browse(order.id)
            if outcome == "confirm":
                order.action_ecrm_telesales_confirm()
            elif outcome == "cancel":
                order._ecrm_cancel(cls.reason)
            if hours:
                order.sudo().write(
                    {
                        "ecrm_first_call_date": order.ecrm_queue_date
                        + timedelta(hours=hours),
                        "ecrm_confirmed_date": outcome == "confirm"
                        and order.ecrm_queue_date + timedelta(hours=hours + 1),
                    }
                )
        cls.env.flush_all()

    def _groups(self, groupby, aggregates):
        return {
            group[0]: group[1:]
            for group in self.env["ecrm.telesales.report"]._read_group(
                [("source", "=", "report-test")], [groupby], aggregates
            )
        }

    def test_confirmation_rate_and_delays_by_channel(self):
        groups = self._groups(
            "channel",
            [
                "nbr:sum",
                "confirmed_count:sum",
                "cancelled_count:sum",
                "confirmation_rate:avg",
                "hours_to_first_call:avg",
                "hours_to_confirm:avg",
            ],
        )
        self.assertEqual(groups["web"][:3], (3, 2, 1))
        self.assertAlmostEqual(groups["web"][3], 200 / 3, places=2)
        self.assertAlmostEqual(groups["web"][4], 3.0, places=2)
        self.assertAlmostEqual(groups["web"][5], 3.0, places=2)
        self.assertEqual(groups["api"][:3], (2, 0, 1))
        self.assertAlmostEqual(groups["api"][3], 0.0)
        self.assertAlmostEqual(groups["api"][4], 2.0, places=2)

    def test_cancellations_by_reason_product_province_and_agent(self):
        for groupby, key in (
            ("cancel_reason_id", self.reason),
            ("product_id", self.product_a),
            ("province_id", self.province),
            ("user_id", self.telesales),
        ):
            with self.subTest(groupby=groupby):
                groups = self._groups(groupby, ["cancelled_count:sum"])
                self.assertEqual(groups[key], (2,))

    def test_only_managers_and_telesales_read_the_report(self):
        self.env["ecrm.telesales.report"].with_user(self.manager).search([])
        with self.assertRaises(AccessError):
            self.env["ecrm.telesales.report"].with_user(self.salesman).search([])

    def test_another_company_does_not_see_the_report(self):
        company_b = self.env["res.company"].create({"name": "Sao Việt Huế"})
        manager_b = self.env["res.users"].create(
            {
                "name": "Quản lý Huế",
                "login": "t_report_manager_b",
                "company_id": company_b.id,
                "company_ids": [(6, 0, company_b.ids)],
                "groups_id": [(6, 0, self.env.ref("ecrm_core.group_ecrm_manager").ids)],
            }
        )
        Report = self.env["ecrm.telesales.report"]
        self.assertTrue(
            Report.with_user(self.manager).search([("source", "=", "report-test")])
        )
        self.assertFalse(
            Report.with_user(manager_b).search([("source", "=", "report-test")])
        )
