# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..const import SCORE_FIELDS
from .common import AnalyticsCase


@tagged("post_install", "-at_install")
class TestScoreRights(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = new_test_user(
            cls.env,
            "ana_mkt",
            groups="base.group_user,ecrm_core.group_ecrm_marketing",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.service = new_test_user(
            cls.env,
            "ana_cs",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.customer = cls._customers(1)
        cls.customer.write({"ecrm_clv": 12500000, "ecrm_churn_risk": 0.4})

    def test_fields_are_stored_and_searchable_as_designed(self):
        Partner = self.env["res.partner"]
        for name in SCORE_FIELDS:
            field = Partner._fields[name]
            self.assertTrue(field.store, name)
            self.assertEqual(
                field.groups,
                "ecrm_core.group_ecrm_manager,ecrm_core.group_ecrm_marketing",
            )
        found = Partner.search(
            [("ecrm_clv", ">=", 12000000), ("ecrm_churn_risk", ">", 0.3)]
        )
        self.assertIn(self.customer, found)

    def test_manager_and_marketing_read_scores(self):
        for user in (self.manager, self.marketing):
            values = self.customer.with_user(user).read(
                ["ecrm_clv", "ecrm_churn_risk"]
            )[0]
            self.assertEqual(values["ecrm_clv"], 12500000)

    def test_telesales_and_service_do_not_read_or_search_scores(self):
        for user in (self.telesales, self.service):
            partner = self.customer.with_user(user)
            self.assertEqual(partner.name, self.customer.name)  # the profile, yes
            for name in SCORE_FIELDS:
                with self.assertRaises(AccessError):
                    partner.read([name])
            with self.assertRaises(AccessError):
                self.env["res.partner"].with_user(user).search([("ecrm_clv", ">", 0)])

    def test_only_managers_start_runs_and_read_models(self):
        with self.assertRaises(AccessError):
            self.env["ecrm.analytics.run"].with_user(self.telesales).action_run_now()
        with self.assertRaises(AccessError):
            self.env["ecrm.churn.model"].with_user(self.telesales).search([])
        self.env["ecrm.churn.model"].with_user(self.marketing).search([])
        with self.assertRaises(AccessError):
            self.env["ecrm.analytics"].with_user(self.telesales)._scores_xlsx()

    def test_partner_form_shows_scores_to_managers_recommendations_to_telesales(self):
        Partner = self.env["res.partner"]
        manager_arch = Partner.with_user(self.manager).get_views([(False, "form")])
        telesales_arch = Partner.with_user(self.telesales).get_views([(False, "form")])
        manager_arch = manager_arch["views"]["form"]["arch"]
        telesales_arch = telesales_arch["views"]["form"]["arch"]
        self.assertIn('name="ecrm_clv"', manager_arch)
        self.assertIn('name="ecrm_recommendation_ids"', manager_arch)
        self.assertNotIn('name="ecrm_clv"', telesales_arch)
        self.assertIn('name="ecrm_recommendation_ids"', telesales_arch)
