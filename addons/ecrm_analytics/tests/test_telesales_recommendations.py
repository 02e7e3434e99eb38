# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTelesalesRecommendations(TransactionCase):
    """While calling, the telesales agent sees which products to propose."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.telesales = new_test_user(
            cls.env,
            "t_rec_telesales",
            groups="base.group_user,ecrm_core.group_ecrm_telesales",
        )
        cls.service = new_test_user(
            cls.env,
            "t_rec_service",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
        )
        Product = cls.env["product.product"]
        cls.rice_cooker = Product.create({"name": "Nồi cơm điện", "list_price": 890000})
        cls.kettle = Product.create({"name": "Ấm siêu tốc", "list_price": 350000})
        cls.pan = Product.create({"name": "Chảo chống dính", "list_price": 420000})
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Võ Thị Thu", "phone": "+84909111333"})
        cls.contact = Partner.create(
            {"name": "Võ Văn An", "parent_id": cls.customer.id}
        )
        cls.other = Partner.create({"name": "Đặng Minh Khoa"})
        company = cls.env.company
        Recommendation = cls.env["ecrm.recommendation"]
        cls.recs = Recommendation.create(
            [
                {
                    "partner_id": cls.customer.id,
                    "product_id": product.id,
                    "company_id": company.id,
                    "rank": rank,
                    "score": score,
                }
                for product, rank, score in (
                    (cls.pan, 2, 0.41),
                    (cls.kettle, 1, 0.63),
                    (cls.rice_cooker, 3, 0.2),
                )
            ]
        )
        cls.other_rec = Recommendation.create(
            {
                "partner_id": cls.other.id,
                "product_id": cls.pan.id,
                "company_id": company.id,
                "rank": 1,
                "score": 0.5,
            }
        )

    def _order(self, partner):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": self.rice_cooker.id})],
            }
        )

    def test_agent_sees_products_to_propose_best_first(self):
        order = self._order(self.contact)
        other_order = self._order(self.other)
        orders = (order | other_order).with_user(self.telesales)
        shown = orders[0].ecrm_recommendation_ids
        # Best rank first; the rice cooker is already in the order.
        self.assertEqual(shown.product_id.ids, [self.kettle.id, self.pan.id])
        self.assertEqual(orders[1].ecrm_recommendation_ids, self.other_rec)
        data = orders[0].web_read(
            {
                "ecrm_recommendation_ids": {
                    "fields": {
                        "rank": {},
                        "score": {},
                        "product_id": {"fields": {"display_name": {}}},
                    }
                }
            }
        )
        rows = data[0]["ecrm_recommendation_ids"]
        self.assertEqual(rows[0]["product_id"]["display_name"], "Ấm siêu tốc")
        self.assertEqual(rows[0]["rank"], 1)

    def test_agent_reads_recommendations_but_cannot_change_them(self):
        as_agent = self.recs.with_user(self.telesales)
        self.assertEqual(len(as_agent.read(["product_id", "score"])), 3)
        with self.assertRaises(AccessError):
            as_agent.write({"rank": 9})
        with self.assertRaises(AccessError):
            as_agent.unlink()

    def test_customer_service_does_not_read_recommendations(self):
        with self.assertRaises(AccessError):
            self.recs.with_user(self.service).read(["product_id"])
        order = self._order(self.customer).with_user(self.service)
        with self.assertRaises(AccessError):
            order.read(["ecrm_recommendation_ids"])
        view = self.env.ref("ecrm_core.sale_order_view_form_telesales")
        arch = (
            self.env["sale.order"]
            .with_user(self.service)
            .get_views([(view.id, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("ecrm_recommendation_ids", arch)

    def test_agent_adds_a_proposed_product_to_the_order(self):
        order = self._order(self.contact)
        kettle = self.recs.filtered(lambda r: r.product_id == self.kettle)
        kettle.with_user(self.telesales).with_context(
            ecrm_order_id=order.id
        ).action_ecrm_add_to_order()
        self.assertIn(self.kettle, order.order_line.product_id)
        line = order.order_line.filtered(lambda ln: ln.product_id == self.kettle)
        self.assertEqual(line.product_uom_qty, 1)
        self.assertEqual(line.price_unit, 350000)
        self.assertNotIn(
            self.kettle,
            order.with_user(self.telesales).ecrm_recommendation_ids.product_id,
        )

    def test_proposed_product_is_not_added_to_a_wrong_order(self):
        other_order = self._order(self.other)
        kettle = self.recs.filtered(lambda r: r.product_id == self.kettle)
        as_agent = kettle.with_user(self.telesales)
        with self.assertRaises(UserError):
            as_agent.with_context(
                ecrm_order_id=other_order.id
            ).action_ecrm_add_to_order()
        with self.assertRaises(UserError):
            as_agent.action_ecrm_add_to_order()
        confirmed = self._order(self.customer)
        confirmed.action_confirm()
        with self.assertRaises(UserError):
            as_agent.with_context(ecrm_order_id=confirmed.id).action_ecrm_add_to_order()
        self.assertEqual(len(confirmed.order_line), 1)
        self.assertEqual(len(other_order.order_line), 1)
        order = self._order(self.customer)
        with self.assertRaises(AccessError):
            kettle.with_user(self.service).with_context(
                ecrm_order_id=order.id
            ).action_ecrm_add_to_order()
        self.assertEqual(len(order.order_line), 1)
