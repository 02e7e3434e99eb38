# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAgentDayTour(HttpCase):
    """A complaint handler's day in the browser: the Complaints app opens on the
    team's kanban with deadlines, a hotline call is logged and transferred."""

    def test_agent_logs_a_hotline_complaint_and_transfers_it(self):
        agent = new_test_user(
            self.env,
            "t_day_cskh",
            password="t_day_cskh",
            name="Lê Thu Trang",
            groups="base.group_user,ecrm_core.group_ecrm_customer_service",
        )
        Team = self.env["helpdesk.ticket.team"]
        # Clock hours: the deadlines below count from now, whatever the day.
        team_cs = Team.create(
            {
                "name": "CSKH (tour)",
                "user_ids": [Command.link(agent.id)],
                "resource_calendar_id": False,
            }
        )
        warehouse = Team.create(
            {"name": "Kho vận (tour)", "resource_calendar_id": False}
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Nguyễn Thị Lan (tour)",
                "phone": "+84912000333",
                "email": "lan.tour@example.vn",
                "customer_rank": 1,
            }
        )
        supplier = self.env["res.partner"].create(
            {"name": "Công ty TNHH Mỹ phẩm Sen (tour)", "is_company": True}
        )
        delivery = self.env.ref("ecrm_service.category_delivery")
        now = fields.Datetime.now()
        Ticket = self.env["helpdesk.ticket"]
        # 24-hour category: received 30 hours ago is 6 hours late; received
        # 23 hours ago is due within the hour.
        late, soon = Ticket.create(
            [
                {
                    "name": "Giao trễ (tour)",
                    "description": "<p>Đơn giao trễ 2 ngày.</p>",
                    "partner_id": customer.id,
                    "team_id": team_cs.id,
                    "category_id": delivery.id,
                    "ecrm_received_date": now - timedelta(hours=30),
                },
                {
                    "name": "Sắp hết hạn (tour)",
                    "description": "<p>Hộp kem bị vỡ.</p>",
                    "partner_id": customer.id,
                    "team_id": team_cs.id,
                    "category_id": delivery.id,
                    "supplier_id": supplier.id,
                    "ecrm_received_date": now - timedelta(hours=23),
                },
            ]
        )
        self.assertEqual(late.ecrm_deadline_state, "late")
        self.assertEqual(soon.ecrm_deadline_state, "soon")

        self.start_tour("/odoo", "ecrm_service_agent_day_tour", login="t_day_cskh")

        ticket = Ticket.search([("create_uid", "=", agent.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "Gọi hotline: kiện hàng bị móp")
        self.assertEqual(ticket.partner_id, customer)
        self.assertEqual(ticket.channel_id.ecrm_code, "hotline")
        self.assertEqual(ticket.category_id, delivery)
        self.assertIn("thiếu 1 chai dầu gội", ticket.description)
        self.assertTrue(ticket.ecrm_deadline)
        self.assertEqual(ticket.create_uid, agent)
        # Transferred from the agent's team to the warehouse, and logged.
        self.assertEqual(ticket.team_id, warehouse)
        transfer = ticket.ecrm_transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.from_team_id, team_cs)
        self.assertEqual(transfer.to_team_id, warehouse)
        self.assertEqual(transfer.user_id, agent)
        self.assertEqual(transfer.note, "Kiểm tra kiện hàng và gửi bù")
