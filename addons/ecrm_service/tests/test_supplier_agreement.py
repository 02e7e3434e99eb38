# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSupplierAgreement(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            "t_cs",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
        )
        cls.manager = new_test_user(
            cls.env, "t_mgr", groups="base.group_user,ecrm_core.group_ecrm_manager"
        )

    def test_demo_departments_and_agreements_are_loaded(self):
        self.assertEqual(
            self.env.ref("ecrm_service.agreement_supplier_3").answer_days, 1
        )
        self.assertTrue(self.env.ref("ecrm_service.team_warehouse").active)

    def test_customer_service_handles_tickets_but_reads_agreements(self):
        self.assertTrue(self.agent.has_group("helpdesk_mgmt.group_helpdesk_user"))
        agreement = self.env.ref("ecrm_service.agreement_supplier_1").with_user(
            self.agent
        )
        self.assertEqual(agreement.answer_days, 2)
        with self.assertRaises(AccessError):
            agreement.write({"answer_days": 30})

    def test_manager_sets_agreements(self):
        supplier = self.env.ref("ecrm_core.supplier_4")
        agreement = (
            self.env["ecrm.supplier.agreement"]
            .with_user(self.manager)
            .create({"supplier_id": supplier.id, "answer_days": 5})
        )
        self.assertEqual(agreement.company_id, self.manager.company_id)

    def test_zero_days_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["ecrm.supplier.agreement"].create(
                {
                    "supplier_id": self.env.ref("ecrm_core.supplier_5").id,
                    "answer_days": 0,
                }
            )
