# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestSegmentScoreCriteria(AnalyticsCase):
    """Marketing's segments target customers by their scores."""

    def test_segment_by_rfm_segment_clv_churn_and_cluster(self):
        a, b, c = self._customers(3, prefix="Điểm")
        cluster = self.env["ecrm.customer.cluster"].create({"name": "Mua thường xuyên"})
        # scores as the nightly chain writes them
        a.write(
            {"ecrm_rfm_segment": "champions", "ecrm_clv": 9e6, "ecrm_churn_risk": 0.1}
        )
        b.write(
            {"ecrm_rfm_segment": "at_risk", "ecrm_clv": 5e6, "ecrm_churn_risk": 0.8}
        )
        c.write(
            {"ecrm_rfm_segment": "at_risk", "ecrm_clv": 1e5, "ecrm_churn_risk": 0.9}
        )
        a.ecrm_cluster_id = b.ecrm_cluster_id = cluster
        Segment = self.env["ecrm.segment"]
        at_risk = Segment.create(
            {
                "name": "Khách giá trị sắp rời bỏ",
                "rfm_segment": "at_risk",
                "clv_min": 1e6,
                "churn_risk_min": 0.6,
            }
        )
        at_risk._ecrm_recompute_members()
        ours = at_risk.member_ids & (a | b | c)
        self.assertEqual(ours, b)
        by_cluster = Segment.create(
            {"name": "Cụm", "cluster_ids": [(6, 0, cluster.ids)]}
        )
        by_cluster._ecrm_recompute_members()
        self.assertEqual(by_cluster.member_ids & (a | b | c), a | b)

    def test_churn_bounds_are_probabilities(self):
        with self.assertRaises(ValidationError):
            self.env["ecrm.segment"].create({"name": "Sai", "churn_risk_min": 60})
