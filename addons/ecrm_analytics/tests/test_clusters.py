# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestClusters(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["product.category"]
        shirt = cls._product("Áo sơ mi", Category.create({"name": "Quần áo"}))
        phone = cls._product("Điện thoại", Category.create({"name": "Điện tử"}))
        pot = cls._product("Nồi cơm điện", Category.create({"name": "Gia dụng"}))
        cls.frequent = cls._customers(20, "Khách thường xuyên")
        cls.big = cls._customers(20, "Khách giỏ lớn")
        cls.bargain = cls._customers(20, "Khách săn giảm giá")
        specs = []
        for i, p in enumerate(cls.frequent):
            specs += [
                (p, cls._days_ago(5 + 25 * k + i), 100000 + 1000 * i, shirt, "web")
                for k in range(10)
            ]
        for i, p in enumerate(cls.big):
            specs += [
                (
                    p,
                    cls._days_ago(60 + 120 * k + i),
                    5000000 + 50000 * i,
                    phone,
                    "store",
                )
                for k in range(2)
            ]
        for i, p in enumerate(cls.bargain):
            specs += [
                (p, cls._days_ago(20 + 60 * k + i), 800000 + 5000 * i, pot, "phone", 30)
                for k in range(4)
            ]
        cls._orders(specs)

    def _partition(self):
        groups = {}
        for partner in self.frequent | self.big | self.bargain:
            groups.setdefault(partner.ecrm_cluster_id, set()).add(partner.id)
        return sorted(sorted(g) for g in groups.values())

    def test_planted_groups_are_found_and_described(self):
        self.analytics.run_nightly()
        clusters = self.env["ecrm.customer.cluster"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(clusters), 3, clusters.mapped("name"))
        self.assertEqual(
            self._partition(),
            sorted(
                [
                    sorted(self.frequent.ids),
                    sorted(self.big.ids),
                    sorted(self.bargain.ids),
                ]
            ),
        )
        self.assertEqual(clusters.mapped("size"), [20, 20, 20])
        frequent = self.frequent[0].ecrm_cluster_id
        self.assertIn("Frequent", frequent.name)
        self.assertIn("small-basket", frequent.name)
        self.assertIn("online", frequent.name)
        self.assertIn("Quần áo", frequent.name)
        self.assertIn("large-basket", self.big[0].ecrm_cluster_id.name)
        self.assertIn("discount-seeking", self.bargain[0].ecrm_cluster_id.name.lower())
        self.assertAlmostEqual(frequent.online_share, 1.0)
        self.assertGreater(clusters[0].silhouette, 0.5)

    def test_clusters_are_stable_for_a_fixed_seed(self):
        self.analytics.run_nightly()
        first = self._partition()
        first_clusters = self.frequent[0].ecrm_cluster_id
        self.analytics.run_nightly()
        self.assertEqual(self._partition(), first)
        # The new fit replaces the old one.
        self.assertFalse(first_clusters.active)
        self.assertNotEqual(self.frequent[0].ecrm_cluster_id, first_clusters)
        self.assertEqual(first_clusters.name, self.frequent[0].ecrm_cluster_id.name)

    def test_killed_clustering_resumes_with_the_same_fit(self):
        Run = self.env["ecrm.analytics.run"]
        Cluster = self.env["ecrm.customer.cluster"]
        # Killed after the fit and the first batch (up to the 10th frequent buyer).
        for step in ("rfm", "clv", "churn"):
            Run.create({"name": step, "chain": "killed", "state": "done"})
        killed = Run.create({"name": "clusters", "chain": "killed"})
        self.analytics._fit_clusters(self.analytics._as_of(), killed)
        fitted = Cluster.search([("run_id", "=", killed.id)])
        killed.write({"cursor": self.frequent[9].id, "rows": 10})
        self.analytics.run_nightly()
        self.assertEqual(killed.state, "done")
        self.assertEqual(killed.rows, 60)
        self.assertEqual(Cluster.search([("company_id", "=", self.company.id)]), fitted)
        self.assertFalse(self.frequent[:10].ecrm_cluster_id, "done before the kill")
        self.assertEqual(len(self.frequent[10:].ecrm_cluster_id), 1)
        self.assertEqual(
            self.frequent[10:].ecrm_cluster_id, self.frequent[-1].ecrm_cluster_id
        )
        self.assertFalse(killed.sudo().payload, "dropped once the step is done")
