# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEcrmFoundation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.telesales = new_test_user(
            cls.env,
            "t_telesales",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )
        cls.marketing = new_test_user(
            cls.env,
            "t_marketing",
            groups="base.group_user,ecrm_core.group_ecrm_marketing",
        )
        cls.department = new_test_user(
            cls.env,
            "t_department",
            groups="base.group_user,ecrm_core.group_ecrm_department",
        )

    def test_groups_live_in_the_ecrm_category(self):
        category = self.env.ref("ecrm_core.module_category_ecrm")
        groups = self.env["res.groups"].search([("category_id", "=", category.id)])
        self.assertEqual(
            set(groups.mapped(lambda g: g.get_external_id()[g.id])),
            {
                "ecrm_core.group_ecrm_telesales",
                "ecrm_core.group_ecrm_customer_service",
                "ecrm_core.group_ecrm_department",
                "ecrm_core.group_ecrm_marketing",
                "ecrm_core.group_ecrm_manager",
            },
        )

    def test_manager_implies_every_other_role(self):
        manager = self.env.ref("ecrm_core.group_ecrm_manager")
        for xmlid in (
            "ecrm_core.group_ecrm_telesales",
            "ecrm_core.group_ecrm_customer_service",
            "ecrm_core.group_ecrm_department",
            "ecrm_core.group_ecrm_marketing",
        ):
            self.assertIn(self.env.ref(xmlid), manager.trans_implied_ids)

    def test_telesales_reads_and_confirms_orders(self):
        order = self.env.ref("ecrm_core.sale_order_001").with_user(self.telesales)
        self.assertTrue(order.partner_id.name)
        self.assertTrue(order.ecrm_sales_channel)

    def test_internal_user_outside_ecrm_opens_a_customer_form(self):
        # An accountant or a warehouse clerk opens contacts too: no access error.
        clerk = new_test_user(self.env, "t_clerk", groups="base.group_user")
        customer = self.env.ref("ecrm_core.customer_001").with_user(clerk)
        form = Form(customer)
        self.assertEqual(form.name, self.env.ref("ecrm_core.customer_001").name)

    def test_department_user_reads_the_customer_timeline(self):
        customer = self.env.ref("ecrm_core.customer_001").with_user(self.department)
        form = Form(customer)
        self.assertTrue(form.name)

    def test_marketing_and_department_cannot_touch_orders(self):
        order = self.env.ref("ecrm_core.sale_order_001")
        for user in (self.marketing, self.department):
            with self.assertRaises(AccessError):
                order.with_user(user).read(["amount_total"])

    def test_demo_customers_are_vietnamese_with_phones_in_one_format(self):
        customers = self.env["res.partner"].search(
            [
                (
                    "id",
                    "in",
                    [
                        self.env.ref(f"ecrm_core.customer_{i:03d}").id
                        for i in range(1, 201)
                    ],
                )
            ]
        )
        self.assertEqual(len(customers), 200)
        self.assertEqual(set(customers.country_id.mapped("code")), {"VN"})
        # typed every way in the demo data, shown in one national format
        phones = customers.mapped("phone")
        self.assertTrue(
            all(re.fullmatch(r"0\d{2,3} \d{3,4} \d{3,4}", p) for p in phones if p)
        )
        self.assertTrue(customers.ecrm_phone_ids)

    def test_demo_orders_cover_several_channels_and_states(self):
        orders = self.env["sale.order"].search([("partner_id.customer_rank", ">", 0)])
        channels = set(orders.mapped("ecrm_sales_channel"))
        self.assertTrue({"store", "web", "phone"} <= channels)
        self.assertIn("sale", orders.mapped("state"))
        self.assertIn("draft", orders.mapped("state"))

    def test_company_is_vietnamese_with_vnd(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.country_id.code, "VN")
        self.assertEqual(company.currency_id.name, "VND")
        self.assertEqual(company.name, "Công ty TNHH Bán lẻ Sao Việt")
        self.assertTrue(self.env["res.lang"]._lang_get("vi_VN"))

    def test_vietnamese_translation_is_loaded(self):
        menu = self.env.ref("ecrm_core.menu_ecrm_customers").with_context(lang="vi_VN")
        self.assertEqual(menu.name, "Khách hàng")
        label = self.env["ir.model.fields"]._get("sale.order", "ecrm_sales_channel")
        self.assertEqual(
            label.with_context(lang="vi_VN").field_description, "Kênh bán hàng"
        )
        # the demo customers' language: mails to them are written in Vietnamese
        self.assertEqual(self.env.ref("ecrm_core.customer_001").lang, "vi_VN")

    def test_demo_users_have_their_roles(self):
        self.assertTrue(
            self.env.ref("ecrm_core.user_telesales").has_group(
                "ecrm_core.group_ecrm_telesales"
            )
        )
        self.assertFalse(
            self.env.ref("ecrm_core.user_telesales").has_group(
                "ecrm_core.group_ecrm_manager"
            )
        )
        self.assertTrue(
            self.env.ref("ecrm_core.user_manager").has_group(
                "ecrm_core.group_ecrm_marketing"
            )
        )

    def test_links_to_customers_and_orders_are_indexed(self):
        """Deleting or merging a customer, an order, a transfer or a complaint
        checks every column that points to it: each eCRM column doing so has an
        index, or each deletion scans a whole table (at 1,000,000 customers,
        minutes for a merge of a few profiles)."""
        self.env.cr.execute(
            """SELECT c.conrelid::regclass::text, a.attname
                 FROM pg_constraint c
                 JOIN pg_attribute a
                   ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                 JOIN ir_model m ON m.model = ANY(
                      SELECT f.model FROM ir_model_fields f
                       WHERE f.name = a.attname AND f.ttype = 'many2one'
                         AND replace(f.model, '.', '_') = c.conrelid::regclass::text)
                WHERE c.contype = 'f'
                  AND c.confrelid::regclass::text = ANY(%s)
                  AND (a.attname LIKE 'ecrm%%'
                       OR c.conrelid::regclass::text LIKE 'ecrm%%')
                  AND NOT m.transient
                  AND NOT EXISTS (
                      SELECT 1 FROM pg_index i
                       WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
                ORDER BY 1, 2""",
            [
                [
                    "res_partner",
                    "sale_order",
                    "sale_order_line",
                    "stock_picking",
                    "helpdesk_ticket",
                ]
            ],
        )
        self.assertEqual(self.env.cr.fetchall(), [])
