# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import numpy as np

from odoo.tests import tagged

from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestRecommendations(AnalyticsCase):
    """Shirt and trousers are bought together; twelve other products are more
    popular but bought by other customers, all together."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shirt = cls._product("Áo sơ mi trắng", cls.category)
        cls.trousers = cls._product("Quần âu đen", cls.category)
        cls.socks = cls._product("Tất cổ ngắn", cls.category)
        cls.fillers = cls.env["product.product"]
        for i in range(12):
            cls.fillers |= cls._product(f"Hàng bán chạy {i}", cls.category)
        together = cls._customers(20, "Khách mua bộ")
        later = cls._customers(20, "Khách mua sau")
        crowd = cls._customers(25, "Khách đại trà")
        cls.newcomer = cls._customers(1, "Khách mới")
        specs = []
        for i, p in enumerate(together):
            specs.append((p, cls._days_ago(90 + i), 900000, cls.shirt | cls.trousers))
            specs.append((p, cls._days_ago(30 + i), 50000, cls.socks))
        for i, p in enumerate(later):
            specs.append((p, cls._days_ago(80 + i), 400000, cls.shirt))
            specs.append((p, cls._days_ago(20 + i), 500000, cls.trousers))
        for i, p in enumerate(crowd):
            specs.append((p, cls._days_ago(10 + i), 1200000, cls.fillers))
        specs.append((cls.newcomer, cls._days_ago(2), 400000, cls.shirt))
        cls._orders(specs)

    def test_planted_co_purchase_is_recommended_first(self):
        self.analytics.run_nightly()
        recos = self.newcomer.ecrm_recommendation_ids
        self.assertEqual(recos[0].product_id, self.trousers)
        self.assertEqual(recos[0].rank, 1)
        self.assertNotIn(self.shirt, recos.product_id, "already bought")
        self.assertFalse(recos.product_id & self.fillers, "never bought with a shirt")

    def test_hit_rate_is_recorded_and_beats_popularity(self):
        self.analytics.run_nightly()
        run = self.env["ecrm.analytics.run"].search(
            [("name", "=", "recommendations")], limit=1
        )
        # The "later" customers' trousers are found from the "together" ones;
        # popularity only offers the twelve fillers.
        self.assertAlmostEqual(run.score_model, 0.5)
        self.assertEqual(run.score_baseline, 0.0)
        self.assertIn("hit-rate@10", run.message)

    def test_rerun_replaces_recommendations(self):
        self.analytics.run_nightly()
        Reco = self.env["ecrm.recommendation"]
        count = Reco.search_count([("company_id", "=", self.company.id)])
        self.assertGreater(count, 0)
        self.analytics.run_nightly()
        self.assertEqual(
            Reco.search_count([("company_id", "=", self.company.id)]), count
        )

    def test_telesales_reads_recommendations(self):
        self.analytics.run_nightly()
        recos = self.newcomer.with_user(self.telesales).ecrm_recommendation_ids
        self.assertEqual(recos[0].product_id.name, "Quần âu đen")


@tagged("post_install", "-at_install")
class TestRecommendationsByFactors(AnalyticsCase):
    """Four tastes of 24 products each; customers buy two products of their
    taste, then a third one. Few pairs are ever bought together, so co-purchase
    knows little, while the taste shows in the factorised matrix."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rng = np.random.default_rng(1)
        cls.tastes = []
        cls.taste_customers = []
        specs = []
        for taste in range(4):
            products = cls.env["product.product"]
            for i in range(24):
                products |= cls._product(f"Vị {taste} sản phẩm {i}", cls.category)
            cls.tastes.append(products)
            customers = cls._customers(30, f"Khách vị {taste}")
            cls.taste_customers.append(customers)
            for n, customer in enumerate(customers):
                first, second, third = rng.choice(24, size=3, replace=False)
                specs.append(
                    (
                        customer,
                        cls._days_ago(60 + n),
                        200000,
                        products[int(first)] | products[int(second)],
                    )
                )
                specs.append(
                    (customer, cls._days_ago(10 + n), 100000, products[int(third)])
                )
        cls._orders(specs)

    def test_factorisation_serves_where_it_beats_co_purchase(self):
        self.analytics.run_nightly()
        run = self.env["ecrm.analytics.run"].search(
            [("name", "=", "recommendations")], limit=1
        )
        self.assertIn("recommended by matrix factorisation", run.message)
        self.assertGreater(run.score_model, run.score_baseline)
        # Both evaluations are in the run's message; the one serving is better.
        rates = dict(
            part.rsplit(" ", 1) for part in run.message.split(": ", 1)[1].split(", ")
        )
        self.assertGreater(
            float(rates["matrix factorisation"]), float(rates["co-purchase"])
        )
        self.assertAlmostEqual(run.score_model, float(rates["matrix factorisation"]))
        # A customer is offered products of their own taste.
        for customer in self.taste_customers[2][:5]:
            recos = customer.ecrm_recommendation_ids
            self.assertIn(recos[:1].product_id, self.tastes[2])
            in_taste = recos.filtered(lambda r: r.product_id in self.tastes[2])
            self.assertGreaterEqual(len(in_taste), 8, recos.product_id.mapped("name"))
