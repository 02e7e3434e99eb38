# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestSupplierEscalation(ComplaintCommon):
    def _supplier_complaint(self, **vals):
        return self._complaint(
            name="Áo thun bị phai màu sau lần giặt đầu",
            category_id=self.cat_supplier.id,
            product_id=self.product.id,
            **vals,
        )

    def test_supplier_defaults_to_the_products_vendor(self):
        ticket = self._supplier_complaint()
        self.assertEqual(ticket.supplier_id, self.supplier)

    def test_escalating_a_non_supplier_complaint_is_refused(self):
        ticket = self._complaint(product_id=self.product.id)
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).action_ecrm_escalate_supplier()
        self.assertEqual(ticket.ecrm_supplier_state, "none")

    def test_escalation_takes_the_agreement_deadline(self):
        ticket = self._supplier_complaint()
        before = fields.Datetime.now()
        ticket.with_user(self.agent).action_ecrm_escalate_supplier()
        self.assertEqual(ticket.ecrm_supplier_state, "escalated")
        self.assertEqual(self.agreement.answer_days, 2)
        self.assertAlmostEqual(
            ticket.ecrm_supplier_deadline,
            before + timedelta(days=2),
            delta=timedelta(minutes=1),
        )
        with self.assertRaises(UserError):
            ticket.action_ecrm_escalate_supplier()

    def test_supplier_without_agreement_is_refused(self):
        ticket = self._supplier_complaint(
            supplier_id=self.env.ref("ecrm_core.supplier_5").id
        )
        with self.assertRaises(UserError):
            ticket.action_ecrm_escalate_supplier()

    def test_supplier_sees_only_complaints_escalated_to_it(self):
        escalated = self._supplier_complaint()
        escalated.action_ecrm_escalate_supplier()
        not_escalated = self._supplier_complaint()
        other = self._supplier_complaint(supplier_id=self.other_supplier.id)
        other.action_ecrm_escalate_supplier()
        all_ids = (escalated | not_escalated | other).ids
        Complaint = self.env["ecrm.supplier.complaint"]
        seen = Complaint.with_user(self.supplier_user).search([("id", "in", all_ids)])
        self.assertEqual(seen.ids, escalated.ids)
        self.assertEqual(seen.product_id, self.product)
        seen = Complaint.with_user(self.other_supplier_user).search(
            [("id", "in", all_ids)]
        )
        self.assertEqual(seen.ids, other.ids)
        # The tickets themselves, with the customer on them, stay out of reach.
        for user in (self.supplier_user, self.other_supplier_user):
            self.assertFalse(
                self.Ticket.with_user(user).search([("id", "in", all_ids)])
            )

    def test_answer_flows_back_and_another_supplier_is_refused(self):
        ticket = self._supplier_complaint()
        ticket.action_ecrm_escalate_supplier()
        complaint = self.env["ecrm.supplier.complaint"].browse(ticket.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.other_supplier_user).action_answer(
                "Không phải hàng của chúng tôi"
            )
        # Nor through the ticket, which suppliers cannot read at all.
        with self.assertRaises(AccessError):
            ticket.with_user(self.supplier_user).ecrm_action_supplier_answer("Đã xem")
        with self.assertRaises(UserError):
            complaint.with_user(self.supplier_user).action_answer("  ")
        self.assertEqual(ticket.ecrm_supplier_state, "escalated")

        complaint.with_user(self.supplier_user).action_answer(
            "Lô hàng lỗi nhuộm, chúng tôi đổi áo mới cho khách."
        )
        self.assertEqual(ticket.ecrm_supplier_state, "answered")
        self.assertEqual(
            ticket.ecrm_supplier_answer,
            "Lô hàng lỗi nhuộm, chúng tôi đổi áo mới cho khách.",
        )
        self.assertEqual(ticket.ecrm_supplier_answer_partner_id, self.supplier_contact)
        self.assertFalse(ticket.ecrm_supplier_late)
        self.assertIn("Lô hàng lỗi nhuộm", ticket.message_ids[0].body)
        self.assertNotIn(self.supplier_contact, ticket.message_partner_ids)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.with_user(self.supplier_user).state, "answered")
        with self.assertRaises(UserError):
            complaint.with_user(self.supplier_user).action_answer("Lần 2")

    def test_cron_reminds_and_flags_late_suppliers(self):
        due_soon = self._supplier_complaint()
        overdue = self._supplier_complaint(team_id=self.team_warehouse.id)
        (due_soon | overdue).action_ecrm_escalate_supplier()
        now = fields.Datetime.now()
        # The agreement reminds 12 hours before the deadline.
        due_soon.ecrm_supplier_deadline = now + timedelta(hours=5)
        overdue.ecrm_supplier_deadline = now - timedelta(hours=1)

        self.Ticket._cron_ecrm_deadlines()

        self.assertTrue(due_soon.ecrm_supplier_reminder_sent)
        self.assertFalse(due_soon.ecrm_supplier_late)
        self.assertTrue(overdue.ecrm_supplier_late)
        self.assertEqual(overdue.activity_ids.user_id, self.warehouse_lead)
        notified = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", overdue.id),
                ("partner_ids", "in", self.supplier_contact.ids),
            ]
        )
        self.assertTrue(notified)
        # An answer after the deadline stays counted as late.
        self.env["ecrm.supplier.complaint"].browse(overdue.id).with_user(
            self.supplier_user
        ).action_answer("Xin lỗi")
        self.assertTrue(overdue.ecrm_supplier_late)
