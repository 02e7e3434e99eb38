# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintTransfer(ComplaintCommon):
    def test_transfer_in_one_click_is_logged(self):
        ticket = self._complaint().with_user(self.agent)
        action = ticket.action_ecrm_open_transfer_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        wizard.team_id = self.team_warehouse
        wizard.note = "Kiểm tra lại kiện hàng"
        wizard.save().action_transfer()

        self.assertEqual(ticket.team_id, self.team_warehouse)
        transfer = ticket.ecrm_transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.from_team_id, self.team_cs)
        self.assertEqual(transfer.to_team_id, self.team_warehouse)
        self.assertEqual(transfer.user_id, self.agent)
        self.assertEqual(transfer.note, "Kiểm tra lại kiện hàng")
        self.assertTrue(transfer.date)
        self.assertEqual(ticket.ecrm_transfer_count, 1)
        self.assertIn("Kho vận (test)", ticket.message_ids[0].body)

    def test_transfer_to_same_department_or_closed_is_refused(self):
        ticket = self._complaint()
        with self.assertRaises(UserError):
            ticket.action_ecrm_transfer(self.team_cs)
        self._close(ticket)
        with self.assertRaises(UserError):
            ticket.action_ecrm_transfer(self.team_warehouse)
        self.assertFalse(ticket.ecrm_transfer_ids)

    def test_department_sees_only_its_complaints(self):
        mine = self._complaint()
        mine.action_ecrm_transfer(self.team_delivery)
        other = self._complaint(team_id=self.team_warehouse.id)
        Ticket = self.Ticket.with_user(self.delivery_user)
        visible = Ticket.search([("id", "in", (mine | other).ids)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            other.with_user(self.delivery_user).read(["name"])
        # Customer service sees every complaint.
        self.assertEqual(
            self.Ticket.with_user(self.agent).search_count(
                [("id", "in", (mine | other).ids)]
            ),
            2,
        )

    def test_department_hands_a_complaint_back_to_customer_service(self):
        ticket = self._complaint(team_id=self.team_delivery.id)
        ticket.with_user(self.delivery_user).action_ecrm_transfer(
            self.team_cs, "Không phải lỗi giao hàng"
        )
        self.assertEqual(ticket.team_id, self.team_cs)
        self.assertEqual(ticket.ecrm_transfer_ids.user_id, self.delivery_user)
        self.assertFalse(
            self.Ticket.with_user(self.delivery_user).search([("id", "=", ticket.id)])
        )

    def test_department_changed_on_the_form_is_logged_as_a_transfer(self):
        ticket = self._complaint()
        with Form(ticket.with_user(self.agent)) as form:
            form.team_id = self.team_delivery
        self.assertEqual(ticket.team_id, self.team_delivery)
        transfer = ticket.ecrm_transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.from_team_id, self.team_cs)
        self.assertEqual(transfer.to_team_id, self.team_delivery)
        self.assertEqual(transfer.user_id, self.agent)
        self.assertIn("Giao nhận (test)", ticket.message_ids[0].body)
        # Saving the same department again, or routing a new complaint, is not.
        ticket.write({"team_id": self.team_delivery.id})
        self.assertEqual(len(ticket.ecrm_transfer_ids), 1)
        new = self._complaint(team_id=False)
        new.write({"team_id": self.team_warehouse.id})
        self.assertFalse(new.ecrm_transfer_ids)
