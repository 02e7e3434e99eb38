# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintReports(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A category and a channel of their own, so that figures are exact.
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Thử báo cáo", "ecrm_deadline_hours": 10}
        )
        cls.channel = cls.env["helpdesk.ticket.channel"].create({"name": "Kênh thử"})
        start = datetime(2026, 11, 1, 8, 0)
        # Resolution times 2, 4, 6, 8 and 20 hours: 4 on time, 1 late.
        cls.tickets = cls.env["helpdesk.ticket"]
        for hours in (2, 4, 6, 8, 20):
            ticket = cls._complaint(
                category_id=cls.category.id,
                channel_id=cls.channel.id,
                team_id=cls.team_warehouse.id,
                ecrm_received_date=start,
                ecrm_resolution_type="refund",
            )
            ticket.stage_id = cls.stage_done
            ticket.closed_date = start + timedelta(hours=hours)
            cls.tickets |= ticket
        # One still open: counted, not in the times.
        cls.open_ticket = cls._complaint(
            category_id=cls.category.id,
            channel_id=cls.channel.id,
            ecrm_received_date=start,
        )
        cls.env.flush_all()

    def test_on_time_rate_average_and_p90_by_category(self):
        row = self.env["ecrm.complaint.stat.report"].search(
            [("dimension", "=", "category"), ("category_id", "=", self.category.id)]
        )
        self.assertEqual(len(row), 1)
        self.assertEqual(row.complaint_count, 6)
        self.assertEqual(row.closed_count, 5)
        self.assertAlmostEqual(row.on_time_rate, 80.0)
        self.assertAlmostEqual(row.avg_hours, 8.0)
        # percentile_cont(0.9) of 2, 4, 6, 8, 20 = 8 + 0.6 * (20 - 8) = 15.2
        self.assertAlmostEqual(row.p90_hours, 15.2)

    def test_same_figures_by_channel_and_in_the_analysis(self):
        row = self.env["ecrm.complaint.stat.report"].search(
            [("dimension", "=", "channel"), ("channel_id", "=", self.channel.id)]
        )
        self.assertAlmostEqual(row.p90_hours, 15.2)
        [(count, on_time, hours)] = self.env["ecrm.complaint.report"]._read_group(
            [("category_id", "=", self.category.id)],
            [],
            ["nbr:sum", "on_time_rate:avg", "resolution_hours:avg"],
        )
        self.assertEqual(count, 6)
        self.assertAlmostEqual(on_time, 80.0)
        self.assertAlmostEqual(hours, 8.0)

    def test_per_handler_resolution_time_late_rate_and_csat(self):
        self.tickets[:3].user_id = self.warehouse_lead
        self.tickets[3:].user_id = self.agent
        self.tickets[0].rating_last_value = 5
        self.tickets[4].rating_last_value = 2
        self.env.flush_all()
        rows = {
            user: (count, hours, late, rating)
            for user, count, hours, late, rating in self.env[
                "ecrm.complaint.report"
            ]._read_group(
                [("id", "in", self.tickets.ids)],
                ["user_id"],
                ["nbr:sum", "resolution_hours:avg", "late_rate:avg", "rating:avg"],
            )
        }
        self.assertEqual(rows[self.warehouse_lead], (3, 4.0, 0.0, 5.0))
        count, hours, late, rating = rows[self.agent]
        self.assertEqual((count, hours, late, rating), (2, 14.0, 50.0, 2.0))

    def test_supplier_scorecard_counts_late_answers_and_csat(self):
        supplier = self.env["res.partner"].create(
            {"name": "Công ty TNHH Thử Nghiệm", "is_company": True}
        )
        self.env["ecrm.supplier.agreement"].create(
            {"supplier_id": supplier.id, "answer_days": 1}
        )
        tickets = self.env["helpdesk.ticket"]
        for _i in range(3):
            tickets |= self._complaint(
                category_id=self.cat_supplier.id, supplier_id=supplier.id
            )
        tickets.action_ecrm_escalate_supplier()
        tickets[0].ecrm_supplier_late = True
        self._close(tickets[1])
        tickets[1].rating_apply(4, token=tickets[1].rating_ids.access_token)
        self._close(tickets[2])
        tickets[2].rating_apply(2, token=tickets[2].rating_ids.access_token)
        self.env.flush_all()
        card = self.env["ecrm.supplier.scorecard"].search(
            [("supplier_id", "=", supplier.id)]
        )
        self.assertEqual(card.complaint_count, 3)
        self.assertEqual(card.escalated_count, 3)
        self.assertEqual(card.late_count, 1)
        self.assertAlmostEqual(card.csat, 3.0)
        self.assertEqual(card.rating_count, 2)

    def test_team_dashboard_shows_late_complaints(self):
        self.assertEqual(self.team_warehouse.ecrm_late_count, 0)
        late = self._complaint(
            team_id=self.team_warehouse.id,
            ecrm_received_date=datetime(2026, 1, 1, 0, 0),
        )
        self.team_warehouse.invalidate_recordset()
        self.assertEqual(self.team_warehouse.ecrm_late_count, 1)
        names = [
            d["action"] for d in self.env["helpdesk.ticket.team"].retrieve_dashboard()
        ]
        self.assertIn("ecrm_service.helpdesk_ticket_action_late", names)
        self.assertTrue(late.ecrm_is_late)
