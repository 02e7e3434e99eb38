# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestTelesalesSeesComplaints(ComplaintCommon):
    """While calling, the telesales agent sees the customer's complaints."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.telesales = new_test_user(
            cls.env,
            "t_cs_telesales",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )
        cls.marketing = new_test_user(
            cls.env,
            "t_cs_marketing",
            groups="base.group_user,ecrm_core.group_ecrm_marketing",
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Nguyễn Văn Tuấn", "parent_id": cls.customer.id}
        )

    def _order(self, partner):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )

    def test_agent_sees_open_complaints_first_with_counts(self):
        settled = self._complaint(name="Sai màu sản phẩm")
        self._close(settled)
        open_ = self._complaint(name="Giao hàng trễ", partner_id=self.contact.id)
        others = self._complaint(partner_id=self.other_customer.id)
        order = self._order(self.customer)
        other_order = self._order(self.other_customer)
        # Both orders computed together, as in a list: each gets its own.
        orders = (order | other_order).with_user(self.telesales)
        as_agent = orders[0]
        self.assertEqual(
            as_agent.ecrm_partner_complaint_ids.ids, [open_.id, settled.id]
        )
        self.assertEqual(as_agent.ecrm_partner_complaint_count, 2)
        self.assertEqual(as_agent.ecrm_partner_open_complaint_count, 1)
        self.assertEqual(orders[1].ecrm_partner_complaint_ids, others)
        # The calling view reads what it shows with the agent's rights.
        data = as_agent.web_read(
            {
                "ecrm_partner_complaint_ids": {
                    "fields": {
                        "number": {},
                        "name": {},
                        "stage_id": {"fields": {"display_name": {}}},
                        "category_id": {"fields": {"display_name": {}}},
                        "closed": {},
                    }
                }
            }
        )
        names = [t["name"] for t in data[0]["ecrm_partner_complaint_ids"]]
        self.assertEqual(names, ["Giao hàng trễ", "Sai màu sản phẩm"])

    def test_order_of_a_contact_shows_its_company_complaints(self):
        ticket = self._complaint()
        order = self._order(self.contact).with_user(self.telesales)
        self.assertEqual(order.ecrm_partner_complaint_ids, ticket)

    def test_customer_without_complaint_shows_none(self):
        order = self._order(self.other_customer).with_user(self.telesales)
        self.assertFalse(order.ecrm_partner_complaint_ids)
        self.assertEqual(order.ecrm_partner_complaint_count, 0)

    def test_agent_reads_complaints_but_cannot_change_them(self):
        ticket = self._complaint()
        as_agent = ticket.with_user(self.telesales)
        self.assertEqual(as_agent.name, "Giao hàng trễ 3 ngày")
        with self.assertRaises(AccessError):
            as_agent.write({"name": "Sửa bởi telesales"})
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.telesales).create(
                {"name": "Mới", "description": "<p>x</p>"}
            )
        # Other roles keep helpdesk_mgmt's rule: only the tickets they follow.
        self.assertFalse(
            self.env["helpdesk.ticket"]
            .with_user(self.marketing)
            .search([("id", "=", ticket.id)])
        )

    def test_other_roles_do_not_see_complaints_on_orders(self):
        self._complaint()
        salesman = new_test_user(
            self.env,
            "t_cs_salesman",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        order = self._order(self.customer).with_user(salesman)
        with self.assertRaises(AccessError):
            order.read(["ecrm_partner_complaint_ids"])
        view = self.env.ref("ecrm_core.sale_order_view_form_telesales")
        arch = (
            self.env["sale.order"]
            .with_user(salesman)
            .get_views([(view.id, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("ecrm_partner_complaint_ids", arch)
        self.assertNotIn("ecrm_complaints_summary", arch)
