# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintDeadline(ComplaintCommon):
    def test_deadline_crosses_the_day_boundary_in_utc(self):
        # 21/11 22:30 in Hà Nội (UTC+7) is 15:30 UTC; a 24 h delivery complaint
        # is due 22/11 15:30 UTC, i.e. 22:30 the next evening in Hà Nội.
        ticket = self._complaint(ecrm_received_date=datetime(2026, 11, 21, 15, 30))
        self.assertEqual(ticket.ecrm_deadline, datetime(2026, 11, 22, 15, 30))
        # A complaint received at 23:50 UTC with a 48 h category lands two days on.
        late_night = self._complaint(
            category_id=self.cat_product.id,
            ecrm_received_date=datetime(2026, 12, 31, 23, 50),
        )
        self.assertEqual(late_night.ecrm_deadline, datetime(2027, 1, 2, 23, 50))

    def test_category_hours_are_configurable_and_apply_at_creation(self):
        self.cat_delivery.ecrm_deadline_hours = 6
        ticket = self._complaint(ecrm_received_date=datetime(2026, 11, 21, 20, 0))
        self.assertEqual(ticket.ecrm_deadline, datetime(2026, 11, 22, 2, 0))

    def test_platform_faults_are_due_in_24_hours(self):
        for xmlid in ("delivery", "payment", "service_quality"):
            category = self.env.ref(f"ecrm_service.category_{xmlid}")
            self.assertEqual(category.ecrm_deadline_hours, 24, xmlid)

    def test_countdown_and_late_search(self):
        now = fields.Datetime.now()
        soon = self._complaint(ecrm_received_date=now - timedelta(hours=20))
        late = self._complaint(ecrm_received_date=now - timedelta(hours=30))
        self.assertAlmostEqual(soon.ecrm_remaining_hours, 4, delta=0.1)
        self.assertFalse(soon.ecrm_is_late)
        self.assertLess(late.ecrm_remaining_hours, 0)
        self.assertTrue(late.ecrm_is_late)
        found = self.Ticket.search(
            [("id", "in", (soon | late).ids), ("ecrm_is_late", "=", True)]
        )
        self.assertEqual(found, late)
        self._close(late)
        self.assertFalse(late.ecrm_is_late)
        self.assertFalse(
            self.Ticket.search([("id", "=", late.id), ("ecrm_is_late", "=", True)])
        )

    def test_cron_reminds_before_and_escalates_late_once(self):
        now = fields.Datetime.now()
        Activity = self.env["mail.activity"]
        soon = self._complaint(
            team_id=self.team_warehouse.id,
            ecrm_received_date=now - timedelta(hours=22),
        )
        late = self._complaint(
            team_id=self.team_warehouse.id,
            ecrm_received_date=now - timedelta(hours=30),
        )
        fresh = self._complaint(ecrm_received_date=now - timedelta(hours=1))
        tickets = soon | late | fresh

        self.Ticket._cron_ecrm_deadlines()

        self.assertTrue(soon.ecrm_reminder_sent)
        self.assertFalse(soon.ecrm_late_escalated)
        self.assertTrue(late.ecrm_late_escalated)
        self.assertEqual(late.priority, "3")
        self.assertFalse(fresh.ecrm_reminder_sent or fresh.ecrm_late_escalated)
        late_activity = late.activity_ids
        self.assertEqual(len(late_activity), 1)
        self.assertEqual(late_activity.user_id, self.warehouse_lead)
        lead_view = self.Ticket.with_user(self.warehouse_lead)
        self.assertEqual(lead_view.search([("id", "=", late.id)]), late)
        domain = [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)]
        count = Activity.search_count(domain)

        self.Ticket._cron_ecrm_deadlines()
        self.assertEqual(Activity.search_count(domain), count, "escalated twice")

    def test_cron_works_in_batches_and_resumes(self):
        old = fields.Datetime.now() - timedelta(days=30)
        first = self._complaint(ecrm_received_date=old)
        second = self._complaint(ecrm_received_date=old - timedelta(hours=1))
        # Older complaints of the demo data come first: run until ours are done.
        for _run in range(50):
            batches = self.Ticket._cron_ecrm_deadlines(limit=1)
            self.assertLessEqual(len(batches["late"]), 1)
            if not batches["late"]:
                break
        self.assertTrue(first.ecrm_late_escalated and second.ecrm_late_escalated)
