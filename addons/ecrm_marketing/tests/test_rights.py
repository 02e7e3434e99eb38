# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import EcrmMarketingCase


@tagged("post_install", "-at_install")
class TestMarketingRights(EcrmMarketingCase):
    def test_telesales_opens_customer_form_with_tier_and_points(self):
        self._order(amount=6000000).action_confirm()
        form = Form(self.customer.with_user(self.telesales))
        self.assertEqual(form.ecrm_tier_id, self.tier_silver)
        self.assertEqual(form.ecrm_loyalty_points, 600)
        self.assertTrue(form.ecrm_points_expiry_date)

    def test_department_user_opens_customer_form(self):
        # A department user (complaints) has no right on loyalty cards.
        user = new_test_user(
            self.env,
            "t_dept_user",
            groups="base.group_user,ecrm_core.group_ecrm_department",
        )
        self._order(amount=6000000).action_confirm()
        form = Form(self.customer.with_user(user))
        self.assertEqual(form.ecrm_loyalty_points, 600)
        self.assertEqual(form.ecrm_tier_id, self.tier_silver)

    def test_service_cannot_change_ladder_nor_segments(self):
        with self.assertRaises(AccessError):
            self.tier_gold.with_user(self.service).write({"earn_multiplier": 3})
        with self.assertRaises(AccessError):
            self.env["ecrm.segment"].with_user(self.service).create({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["ecrm.campaign.cost"].with_user(self.service).search([])

    def test_segments_and_costs_stay_in_their_company(self):
        other = self.env["res.company"].create({"name": "Sao Việt Đà Nẵng"})
        segment = self.env["ecrm.segment"].create(
            {"name": "Đà Nẵng", "company_id": other.id}
        )
        campaign = self.env["utm.campaign"].create({"title": "Khai trương Đà Nẵng"})
        cost = self.env["ecrm.campaign.cost"].create(
            {
                "campaign_id": campaign.id,
                "channel": "pr",
                "amount": 1000000,
                "company_id": other.id,
            }
        )
        Segment = self.env["ecrm.segment"].with_user(self.marketing)
        self.assertNotIn(segment, Segment.search([]))
        self.assertNotIn(
            cost, self.env["ecrm.campaign.cost"].with_user(self.marketing).search([])
        )
        self.assertFalse(
            self.env["ecrm.channel.report"]
            .with_user(self.marketing)
            .search([("campaign_id", "=", campaign.id)])
        )
