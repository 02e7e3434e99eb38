# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import EcrmProfileCase


@tagged("post_install", "-at_install")
class TestFigures(EcrmProfileCase):
    def _hand_figures(self, partner):
        orders = self.env["sale.order"].search(
            [("partner_id.commercial_partner_id", "=", partner.id)]
        )
        confirmed = orders.filtered(lambda o: o.state == "sale")
        revenue = sum(confirmed.mapped("amount_untaxed"))
        return {
            "ecrm_order_count": len(confirmed),
            "ecrm_cancelled_order_count": len(
                orders.filtered(lambda o: o.state == "cancel")
            ),
            "ecrm_revenue": revenue,
            "ecrm_margin": sum(confirmed.mapped("margin")),
            "ecrm_average_basket": revenue / len(confirmed) if confirmed else 0,
            "ecrm_first_order_date": min(confirmed.mapped("date_order"), default=False),
            "ecrm_last_order_date": max(confirmed.mapped("date_order"), default=False),
        }

    def _assert_figures(self, partner):
        expected = self._hand_figures(partner)
        for fname, value in expected.items():
            self.assertEqual(partner[fname], value, fname)

    def test_figures_follow_confirm_and_cancel(self):
        self.assertEqual(self.lan.ecrm_order_count, 0)
        first = self._order(self.lan, qty=2, price=150000)
        second = self._order(self.lan, qty=1, price=990000)
        draft = self._order(self.lan, qty=5, price=10000, confirm=False)
        self.assertEqual(self.lan.ecrm_order_count, 2)
        self.assertEqual(self.lan.ecrm_revenue, 1290000)
        self.assertEqual(self.lan.ecrm_average_basket, 645000)
        self._assert_figures(self.lan)
        second._action_cancel()
        self.assertEqual(self.lan.ecrm_order_count, 1)
        self.assertEqual(self.lan.ecrm_cancelled_order_count, 1)
        self.assertEqual(self.lan.ecrm_revenue, 300000)
        self._assert_figures(self.lan)
        draft.action_confirm()
        self._assert_figures(self.lan)
        self.assertEqual(
            self.lan.ecrm_last_order_date, max(first.date_order, draft.date_order)
        )
        self.assertEqual(self.minh.ecrm_order_count, 0)

    def test_orders_of_a_contact_count_for_the_company(self):
        company = self.Partner.create({"name": "Công ty Hoa Sen", "is_company": True})
        buyer = self.Partner.create({"name": "Chị Hoa", "parent_id": company.id})
        self._order(buyer, qty=1, price=500000)
        self.assertEqual(company.ecrm_order_count, 1)
        self.assertEqual(company.ecrm_revenue, 500000)

    def test_nightly_refresh_repairs_the_figures(self):
        self._order(self.minh, qty=3, price=200000)
        self.env.cr.execute(
            "UPDATE res_partner SET ecrm_order_count = NULL, ecrm_revenue = NULL "
            "WHERE id = %s",
            [self.minh.id],
        )
        self.minh.invalidate_recordset()
        self.env["res.partner"]._cron_ecrm_refresh_figures()
        self.assertEqual(self.minh.ecrm_order_count, 1)
        self.assertEqual(self.minh.ecrm_revenue, 600000)
        self._assert_figures(self.minh)

    def test_days_since_last_order_and_its_filter(self):
        order = self._order(self.minh)
        order.date_order = fields.Datetime.now() - timedelta(days=120)
        self.assertEqual(self.minh.ecrm_days_since_last_order, 120)
        idle = self.Partner.search([("ecrm_days_since_last_order", ">", 90)])
        self.assertIn(self.minh, idle)
        self.assertNotIn(self.lan, idle)  # never ordered: not "lapsed"
        self.assertEqual(self.minh.ecrm_open_complaint_count, 0)

    def test_delivery_refreshes_the_figures(self):
        order = self._order(self.lan, qty=1, price=250000)
        self.env.cr.execute(
            "UPDATE res_partner SET ecrm_order_count = NULL WHERE id = %s",
            [self.lan.id],
        )
        self.lan.invalidate_recordset()
        picking = order.picking_ids
        self.assertTrue(picking)
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking._action_done()
        self.assertEqual(self.lan.ecrm_order_count, 1)

    def test_nightly_refresh_resumes_where_it_stopped(self):
        self._order(self.minh, qty=2, price=300000)
        self.env.cr.execute(
            "UPDATE res_partner SET ecrm_order_count = NULL, ecrm_revenue = NULL "
            "WHERE id = %s",
            [self.minh.id],
        )
        self.minh.invalidate_recordset()
        Partner = self.env["res.partner"]
        runs = 1
        while not Partner._cron_ecrm_refresh_figures(batches=1, batch_size=50):
            runs += 1
            self.assertLess(runs, 10000)
        self.assertGreater(runs, 1)
        self.assertEqual(
            self.env["ir.config_parameter"].get_param(
                "ecrm_core.figures_last_partner_id"
            ),
            "0",
        )
        self._assert_figures(self.minh)


@tagged("post_install", "-at_install")
class TestFiguresPerCompany(EcrmProfileCase):
    def test_each_company_sees_its_own_orders(self):
        company_b = self.env["res.company"].create(
            {"name": "Sao Việt Hải Phòng", "currency_id": self.env.ref("base.VND").id}
        )
        user_b = self.env["res.users"].create(
            {
                "name": "Nhân viên Hải Phòng",
                "login": "t_fig_company_b",
                "company_id": company_b.id,
                "company_ids": [(6, 0, company_b.ids)],
                "groups_id": [
                    (6, 0, [self.env.ref("ecrm_core.group_ecrm_manager").id])
                ],
            }
        )
        self._order(self.lan, qty=2, price=300000)
        order_b = self.env["sale.order"].create(
            {
                "partner_id": self.lan.id,
                "company_id": company_b.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "price_unit": 1000000})
                ],
            }
        )
        order_b.with_company(company_b).action_confirm()
        self.assertEqual(self.lan.ecrm_order_count, 1)
        self.assertEqual(self.lan.ecrm_revenue, 600000)
        lan_b = self.lan.with_user(user_b).with_company(company_b)
        self.assertEqual(lan_b.ecrm_order_count, 1)
        self.assertEqual(lan_b.ecrm_revenue, order_b.amount_untaxed)
        self.assertEqual(lan_b.ecrm_last_order_date, order_b.date_order)
        # Searching and grouping read the user's company only.
        Partner_b = self.Partner.with_user(user_b).with_company(company_b)
        self.assertIn(
            self.lan, Partner_b.search([("ecrm_revenue", ">=", order_b.amount_untaxed)])
        )
        self.assertNotIn(
            self.lan,
            self.Partner.search([("ecrm_revenue", ">=", order_b.amount_untaxed)]),
        )
        # The nightly check leaves both companies' figures right.
        self.env["res.partner"]._cron_ecrm_refresh_figures()
        self.assertEqual(self.lan.ecrm_order_count, 1)
        self.assertEqual(lan_b.ecrm_order_count, 1)
