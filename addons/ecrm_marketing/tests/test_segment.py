# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestSegment(EcrmMarketingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hn = cls.env.ref("base.state_vn_VN-HN")
        cls.sg = cls.env.ref("base.state_vn_VN-SG")
        now = fields.Datetime.now()
        today = fields.Date.today()
        Partner = cls.env["res.partner"]

        def customer(name, **vals):
            return Partner.create({"name": name, **vals})

        cls.vip_hn = customer(
            "Phạm Quốc Bảo",
            state_id=cls.hn.id,
            ecrm_revenue=12000000,
            ecrm_order_count=8,
            ecrm_last_order_date=now - timedelta(days=10),
            ecrm_gender="male",
            ecrm_birthday=today - relativedelta(years=35),
            ecrm_origin_channel="web",
        )
        cls.small_hn = customer(
            "Đỗ Thu Hà",
            state_id=cls.hn.id,
            ecrm_revenue=800000,
            ecrm_order_count=1,
            ecrm_last_order_date=now - timedelta(days=400),
            ecrm_gender="female",
            ecrm_birthday=today - relativedelta(years=24),
            ecrm_origin_channel="web",
        )
        cls.vip_sg = customer(
            "Võ Minh Tâm",
            state_id=cls.sg.id,
            ecrm_revenue=20000000,
            ecrm_order_count=12,
            ecrm_last_order_date=now - timedelta(days=200),
            ecrm_gender="male",
            ecrm_origin_channel="store",
        )
        cls.segment = cls.env["ecrm.segment"].create(
            {"name": "VIP Hà Nội test", "state_ids": [(6, 0, cls.hn.ids)]}
        )

    def _members(self, segment):
        segment._ecrm_recompute_members()
        return set(segment.member_ids.ids)

    def test_vip_hanoi_membership_equals_hand_written_sql(self):
        self.segment.write({"revenue_min": 5000000, "order_count_min": 2})
        members = self._members(self.segment)
        self.env.cr.execute(
            """SELECT p.id FROM res_partner p
                WHERE p.active AND p.state_id = %s
                  AND (p.ecrm_revenue->>%s)::numeric >= 5000000
                  AND (p.ecrm_order_count->>%s)::int >= 2
                  AND (p.company_id IS NULL OR p.company_id = %s)
                  AND p.id NOT IN (SELECT partner_id FROM res_users
                                    WHERE share IS NOT TRUE)""",
            [self.hn.id, str(self.company.id), str(self.company.id), self.company.id],
        )
        expected = {row[0] for row in self.env.cr.fetchall()}
        self.assertEqual(members, expected)
        self.assertIn(self.vip_hn.id, members)
        self.assertNotIn(self.small_hn.id, members)
        self.assertNotIn(self.vip_sg.id, members)
        self.assertEqual(self.segment.member_count, len(expected))
        self.assertTrue(self.segment.last_run)
        self.assertIn(self.segment, self.vip_hn.ecrm_segment_ids)

    def test_lapsed_customers_and_age_band(self):
        lapsed = self.env["ecrm.segment"].create(
            {"name": "Lâu không mua", "last_order_min_days": 180, "order_count_min": 1}
        )
        members = self._members(lapsed)
        self.assertIn(self.small_hn.id, members)
        self.assertIn(self.vip_sg.id, members)
        self.assertNotIn(self.vip_hn.id, members)
        young = self.env["ecrm.segment"].create(
            {"name": "Nữ trẻ", "gender": "female", "age_min": 18, "age_max": 30}
        )
        self.assertEqual(
            self._members(young) & {self.vip_hn.id, self.small_hn.id},
            {self.small_hn.id},
        )

    def test_members_leave_when_they_no_longer_match(self):
        self.segment.revenue_min = 5000000
        self.assertIn(self.vip_hn.id, self._members(self.segment))
        self.vip_hn.ecrm_revenue = 100000
        self.assertNotIn(self.vip_hn.id, self._members(self.segment))

    def test_segments_recomputed_together_keep_their_own_members(self):
        """Several segments in one call, then again in the same transaction
        (the nightly cron): each keeps exactly its own members, leavers leave."""
        self.segment.revenue_min = 5000000
        south = self.env["ecrm.segment"].create(
            {"name": "Miền Nam", "state_ids": [(6, 0, self.sg.ids)]}
        )
        both = self.segment | south
        both._ecrm_recompute_members()
        self.assertIn(self.vip_hn, self.segment.member_ids)
        self.assertNotIn(self.vip_sg, self.segment.member_ids)
        self.assertIn(self.vip_sg, south.member_ids)
        self.assertNotIn(self.vip_hn, south.member_ids)
        self.vip_hn.ecrm_revenue = 100000
        self.vip_sg.state_id = self.hn
        self.vip_sg.ecrm_revenue = 20000000
        both._ecrm_recompute_members()
        self.assertEqual(
            self.segment.member_ids & (self.vip_hn | self.vip_sg), self.vip_sg
        )
        self.assertNotIn(self.vip_sg, south.member_ids)
        self.assertEqual(self.segment.member_count, len(self.segment.member_ids))
        self.assertEqual(south.member_count, len(south.member_ids))

    def test_products_bought_in_period(self):
        order = self._order(partner=self.vip_sg, amount=500000)
        order.action_confirm()
        bought = self.env["ecrm.segment"].create(
            {
                "name": "Mua nồi cơm",
                "product_ids": [(6, 0, self.product.ids)],
                "bought_within_days": 30,
            }
        )
        self.assertEqual(self._members(bought), {self.vip_sg.id})
        by_categ = self.env["ecrm.segment"].create(
            {
                "name": "Theo nhóm",
                "product_categ_ids": [(6, 0, self.product.categ_id.ids)],
            }
        )
        self.assertIn(self.vip_sg.id, self._members(by_categ))
        self.assertNotIn(self.vip_hn.id, self._members(by_categ))

    def test_domain_rule_combines_with_criteria(self):
        self.segment.domain = "[('ecrm_gender', '=', 'female')]"
        self.assertEqual(
            self._members(self.segment) & {self.vip_hn.id, self.small_hn.id},
            {self.small_hn.id},
        )

    def test_preview_before_saving(self):
        with Form(self.env["ecrm.segment"].with_user(self.marketing)) as form:
            form.name = "Khách TP HCM"
            form.state_ids.add(self.sg)
            form.revenue_min = 10000000
            self.assertGreaterEqual(form.preview_count, 1)
            self.assertIn(self.vip_sg, form.preview_partner_ids[:])
            self.assertNotIn(self.vip_hn, form.preview_partner_ids[:])

    def test_rule_that_does_not_parse_is_refused(self):
        for bad in ("[('ecrm_gender', '=',", "[('no_such_field', '=', 1)]", "42"):
            with self.assertRaisesRegex(ValidationError, "not valid"):
                self.env["ecrm.segment"].create({"name": "Hỏng", "domain": bad})

    def test_inverted_range_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["ecrm.segment"].create(
                {"name": "Sai", "revenue_min": 10, "revenue_max": 5}
            )

    def test_marketing_manages_segments_telesales_cannot(self):
        segment = (
            self.env["ecrm.segment"]
            .with_user(self.marketing)
            .create({"name": "Của marketing", "gender": "male"})
        )
        segment.action_recompute()
        self.assertTrue(segment.member_count)
        with self.assertRaises(AccessError):
            self.env["ecrm.segment"].with_user(self.telesales).create({"name": "x"})
        with self.assertRaises(AccessError):
            segment.with_user(self.service).write({"name": "y"})
