# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.ecrm_core.tests.common import EcrmManagerCase


@tagged("post_install", "-at_install")
class TestMergeConflict(EcrmManagerCase):
    """A clash on a unique rule stops the merge: nothing moved, nothing lost
    (Odoo's own wizard deletes the clashing rows)."""

    manager_login = "t_merge_conflict_mgr"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.supplier = Partner.create(
            {"name": "Công ty May Sài Gòn", "is_company": True}
        )
        cls.twin = Partner.create({"name": "May Sài Gòn (cũ)", "is_company": True})
        Agreement = cls.env["ecrm.supplier.agreement"]
        cls.agreements = Agreement.create(
            [
                {"supplier_id": cls.supplier.id, "answer_days": 2},
                {"supplier_id": cls.twin.id, "answer_days": 5},
            ]
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Vải lỗi",
                "description": "<p>Vải lỗi</p>",
                "partner_id": cls.twin.id,
            }
        )

    def _merge(self, survivor, sources):
        return (
            self.env["ecrm.merge"]
            .with_user(self.manager)
            .ecrm_merge_partners(survivor.id, sources.ids)
        )

    def test_conflicting_merge_is_refused_with_nothing_lost(self):
        with self.assertRaisesRegex(UserError, "one complaint agreement per company"):
            self._merge(self.supplier, self.twin)
        self.assertTrue(self.twin.active)
        self.assertEqual(self.agreements.exists(), self.agreements)
        self.assertEqual(self.agreements[1].supplier_id, self.twin)
        self.assertEqual(self.ticket.partner_id, self.twin)
        self.assertFalse(
            self.env["ecrm.merge"].search([("survivor_id", "=", self.supplier.id)])
        )
        # once one agreement is settled, the merge goes through
        self.agreements[1].unlink()
        merge_id = self._merge(self.supplier, self.twin)
        self.assertTrue(merge_id)
        self.assertEqual(self.ticket.partner_id, self.supplier)
