# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoyaltyTier(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = new_test_user(
            cls.env, "t_mkt", groups="base.group_user,ecrm_core.group_ecrm_marketing"
        )
        cls.telesales = new_test_user(
            cls.env, "t_tls", groups="base.group_user,ecrm_core.group_ecrm_telesales"
        )

    def test_demo_ladder_is_ordered_by_points(self):
        tiers = self.env["ecrm.loyalty.tier"].search(
            [("company_id", "=", self.env.ref("base.main_company").id)]
        )
        self.assertEqual(
            tiers.mapped("name")[:4], ["Thành viên", "Bạc", "Vàng", "Kim cương"]
        )

    def test_marketing_manages_tiers(self):
        tier = (
            self.env["ecrm.loyalty.tier"]
            .with_user(self.marketing)
            .create({"name": "Bạch kim", "min_points": 10000, "earn_multiplier": 2.5})
        )
        self.assertEqual(tier.company_id, self.env.company)

    def test_telesales_reads_but_cannot_change_tiers(self):
        tier = self.env.ref("ecrm_marketing.tier_gold").with_user(self.telesales)
        self.assertEqual(tier.min_points, 2000)
        with self.assertRaises(AccessError):
            tier.write({"min_points": 1})

    def test_negative_threshold_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["ecrm.loyalty.tier"].create({"name": "Âm", "min_points": -1})
