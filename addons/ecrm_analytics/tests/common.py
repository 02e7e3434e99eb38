# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, time, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class AnalyticsCase(TransactionCase):
    """Customers and orders in a company of their own, so that the demo data of
    the main company does not change the quintiles the tests compute by hand."""

    AS_OF = date(2026, 6, 1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env["res.company"].create(
            {
                "name": "Công ty TNHH Phân tích",
                "currency_id": cls.env.ref("base.VND").id,
            }
        )
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                allowed_company_ids=[company.id],
                ecrm_analytics_date=cls.AS_OF,
            )
        )
        cls.company = company
        cls.analytics = cls.env["ecrm.analytics"]
        cls.category = cls.env["product.category"].create({"name": "Thời trang"})
        cls.product = cls._product("Áo thun cotton", cls.category)
        cls.manager = new_test_user(
            cls.env,
            "ana_mgr",
            groups="base.group_user,ecrm_core.group_ecrm_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.telesales = new_test_user(
            cls.env,
            "ana_tls",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _plant_churn_groups(cls):
        """Three groups of 30 customers with a 60-day churn horizon: group A
        cancelled 130 days ago, group B 64 days ago (and still bought 62 days
        ago), group C never cancelled and buys every 40 days. The orders and
        the cancelled orders to create, as ``(specs, cancels)``."""
        cls.env["ir.config_parameter"].set_param(
            "ecrm_analytics.churn_horizon_days", 60
        )
        cls.group_a = cls._customers(30, "Khách A")
        cls.group_b = cls._customers(30, "Khách B")
        cls.group_c = cls._customers(30, "Khách C")
        specs, cancels = [], []
        for i, partner in enumerate(cls.group_a):
            specs += [
                (partner, cls._days_ago(131 + 40 * k + i % 7), 300000) for k in range(5)
            ]
            cancels.append((partner, cls._days_ago(130), 300000))
        for i, partner in enumerate(cls.group_b):
            specs += [
                (partner, cls._days_ago(62 + 40 * k + i % 7), 300000) for k in range(6)
            ]
            cancels.append((partner, cls._days_ago(64), 300000))
        for i, partner in enumerate(cls.group_c):
            specs += [
                (partner, cls._days_ago(i % 40 + 40 * k), 300000) for k in range(8)
            ]
        return specs, cancels

    @classmethod
    def _product(cls, name, category):
        return cls.env["product.product"].create(
            {
                "name": name,
                "categ_id": category.id,
                "list_price": 100000,
                "taxes_id": [Command.clear()],
            }
        )

    @classmethod
    def _customers(cls, count, prefix="Khách"):
        return cls.env["res.partner"].create(
            [
                {"name": f"{prefix} {i:03d}", "phone": f"+8490{i:07d}"}
                for i in range(count)
            ]
        )

    @classmethod
    def _days_ago(cls, days):
        return datetime.combine(cls.AS_OF, time(9)) - timedelta(days=days)

    @classmethod
    def _orders(cls, specs, state="sale"):
        """Create orders from (partner, datetime, amount[, products[, channel[,
        discount]]]) in
        one batch; confirmed by state so that their dates stay as planned."""
        vals = []
        for spec in specs:
            partner, when, amount = spec[:3]
            products = spec[3] if len(spec) > 3 and spec[3] else cls.product
            channel = spec[4] if len(spec) > 4 else "store"
            discount = spec[5] if len(spec) > 5 else 0.0
            vals.append(
                {
                    "partner_id": partner.id,
                    "company_id": cls.company.id,
                    "date_order": when,
                    "ecrm_sales_channel": channel,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount / len(products),
                                "discount": discount,
                                "tax_id": [Command.clear()],
                            }
                        )
                        for product in products
                    ],
                }
            )
        orders = cls.env["sale.order"].create(vals)
        orders.write({"state": state})
        for order, spec in zip(orders, specs, strict=True):
            order.date_order = spec[1]
        return orders


def create_tickets_dated(env, dates, name, **vals):
    """A complaint ``name i`` with ``vals`` created at each of ``dates``.
    create_date is set by the ORM: planted history goes in by SQL."""
    tickets = env["helpdesk.ticket"].create(
        [{"name": f"{name} {i}", **vals} for i in range(len(dates))]
    )
    env.flush_all()
    for ticket, when in zip(tickets, dates, strict=True):
        env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            (when, ticket.id),
        )
    return tickets
