# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTransferTour(HttpCase):
    def test_transfer_in_one_click_from_the_ticket_form(self):
        agent = new_test_user(
            self.env,
            "t_tour_cskh",
            password="t_tour_cskh",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
        )
        Team = self.env["helpdesk.ticket.team"]
        source = Team.create(
            {"name": "CSKH (tour)", "user_ids": [Command.link(agent.id)]}
        )
        target = Team.create({"name": "Kho vận (tour)"})
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Thiếu hàng trong kiện",
                "description": "<p>Thiếu 1 sản phẩm.</p>",
                "team_id": source.id,
                "category_id": self.env.ref("ecrm_service.category_delivery").id,
            }
        )
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "ecrm_service_transfer_tour",
            login="t_tour_cskh",
        )
        self.assertEqual(ticket.team_id, target)
        self.assertEqual(ticket.ecrm_transfer_ids.note, "Kiểm tra kiện hàng")
        self.assertEqual(ticket.ecrm_transfer_ids.user_id, agent)
