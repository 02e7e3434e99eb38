# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.ecrm_core.tests.portal_rpc import PortalRpcMixin

from .common import ComplaintCommon


class WorkingTimeCommon(ComplaintCommon):
    """Customer service works Monday to Friday, 8:00-12:00 and 13:00-17:00 in
    Vietnam (UTC+7), without the public holidays of the data file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("ecrm_service.resource_calendar_customer_service")
        cls.team_cs.resource_calendar_id = cls.calendar
        cls.stage_awaiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_in_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )

    def _expected(self, received, hours):
        """What Odoo's own planning of the calendar gives."""
        return self.calendar.plan_hours(hours, received, compute_leaves=True)


@tagged("post_install", "-at_install")
class TestDeadlineWorkingTime(WorkingTimeCommon):
    def test_weekend_is_not_counted(self):
        # Friday 27/11/2026 15:00 in Hà Nội: 2 h on Friday, 8 h on Monday and
        # Tuesday, then 6 h on Wednesday: due Wednesday 2/12 15:00 (08:00 UTC).
        friday = datetime(2026, 11, 27, 8, 0)
        ticket = self._complaint(ecrm_received_date=friday)
        self.assertEqual(ticket.ecrm_deadline, datetime(2026, 12, 2, 8, 0))
        self.assertEqual(ticket.ecrm_deadline, self._expected(friday, 24))

    def test_complaint_on_the_eve_of_tet_is_not_late_before_anyone_is_back(self):
        # Friday 13/2/2026 17:55 in Hà Nội, after hours; Tết is 16-20/2: the
        # 24 working hours start on Monday 23/2 and end on Wednesday 25/2 17:00.
        eve = datetime(2026, 2, 13, 10, 55)
        ticket = self._complaint(ecrm_received_date=eve)
        self.assertEqual(ticket.ecrm_deadline, datetime(2026, 2, 25, 10, 0))
        self.assertEqual(ticket.ecrm_deadline, self._expected(eve, 24))

    def test_public_holidays_30_4_and_1_5_are_not_counted(self):
        # Wednesday 29/4/2026 10:00: 6 h that day, 30/4 and 1/5 are holidays,
        # then the weekend, 16 h on Monday and Tuesday, 2 h on Wednesday 6/5.
        received = datetime(2026, 4, 29, 3, 0)
        ticket = self._complaint(ecrm_received_date=received)
        self.assertEqual(ticket.ecrm_deadline, datetime(2026, 5, 6, 3, 0))

    def test_company_day_off_added_as_time_off_moves_the_deadline(self):
        received = datetime(2026, 11, 27, 8, 0)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Ngày hội công ty",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 11, 29, 17, 0),
                "date_to": datetime(2026, 11, 30, 16, 59, 59),
            }
        )
        ticket = self._complaint(ecrm_received_date=received)
        self.assertEqual(ticket.ecrm_deadline, datetime(2026, 12, 3, 8, 0))

    def test_vietnamese_holidays_of_2026_and_2027_are_data(self):
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id), ("resource_id", "=", False)]
        )
        years = {leave.date_to.year for leave in leaves}
        self.assertLessEqual({2026, 2027}, years)
        names = " ".join(leaves.mapped("name"))
        for holiday in ("Tết Nguyên đán", "30/4", "1/5", "2/9", "Hùng Vương"):
            self.assertIn(holiday, names)

    def test_department_without_working_hours_counts_clock_hours(self):
        self.team_cs.resource_calendar_id = False
        received = datetime(2026, 11, 27, 8, 0)
        ticket = self._complaint(ecrm_received_date=received)
        self.assertEqual(ticket.ecrm_deadline, received + timedelta(hours=24))

    def test_transfer_to_another_department_uses_its_working_hours(self):
        received = datetime(2026, 11, 27, 8, 0)
        ticket = self._complaint(ecrm_received_date=received)
        ticket.action_ecrm_transfer(self.team_warehouse)  # no calendar: clock hours
        self.assertEqual(ticket.ecrm_deadline, received + timedelta(hours=24))


@tagged("post_install", "-at_install")
class TestDeadlinePause(WorkingTimeCommon):
    def test_awaiting_stage_stops_the_clock(self):
        self.assertTrue(self.stage_awaiting.ecrm_pause_deadline)
        self.assertFalse(self.stage_in_progress.ecrm_pause_deadline)

    def test_time_on_hold_pushes_the_deadline_back(self):
        now = fields.Datetime.now()
        received = now - timedelta(days=2)
        ticket = self._complaint(
            ecrm_received_date=received, category_id=self.cat_supplier.id
        )  # 72 working hours: not late yet
        self.assertFalse(ticket.ecrm_is_late)
        ticket.stage_id = self.stage_awaiting
        self.assertTrue(ticket.ecrm_paused_since)
        self.assertEqual(ticket.ecrm_deadline_state, "paused")
        self.assertTrue(ticket.ecrm_countdown.startswith("On hold"))
        # Put on hold five days ago (as if): back in progress now, the working
        # hours of those five days are added.
        held_since = now - timedelta(days=5)
        ticket.ecrm_paused_since = held_since
        ticket.stage_id = self.stage_in_progress
        self.assertFalse(ticket.ecrm_paused_since)
        held = self.calendar.get_work_hours_count(
            held_since, fields.Datetime.now(), compute_leaves=True
        )
        self.assertAlmostEqual(ticket.ecrm_pause_hours, held, delta=0.02)
        self.assertAlmostEqual(
            ticket.ecrm_deadline,
            self._expected(received, 72 + ticket.ecrm_pause_hours),
            delta=timedelta(seconds=1),
        )
        self.assertNotEqual(ticket.ecrm_deadline_state, "paused")

    def test_complaint_on_hold_is_neither_late_nor_escalated(self):
        now = fields.Datetime.now()
        ticket = self._complaint(ecrm_received_date=now)
        ticket.stage_id = self.stage_awaiting
        # Its deadline passes while it waits for the customer.
        ticket.ecrm_received_date = now - timedelta(days=30)
        self.assertLess(ticket.ecrm_deadline, now)
        self.assertFalse(ticket.ecrm_is_late)
        self.assertFalse(
            self.Ticket.search([("id", "=", ticket.id), ("ecrm_is_late", "=", True)])
        )
        self.Ticket._cron_ecrm_deadlines()
        self.assertFalse(ticket.ecrm_late_escalated or ticket.ecrm_reminder_sent)
        ticket.stage_id = self.stage_in_progress
        self.assertTrue(ticket.ecrm_is_late)

    def test_late_complaint_put_on_hold_stays_late(self):
        ticket = self._complaint(
            ecrm_received_date=fields.Datetime.now() - timedelta(days=30)
        )
        self.assertTrue(ticket.ecrm_is_late)
        ticket.stage_id = self.stage_awaiting
        self.assertFalse(ticket.ecrm_paused_since)
        self.assertTrue(ticket.ecrm_is_late)
        self.assertEqual(ticket.ecrm_deadline_state, "late")


@tagged("post_install", "-at_install")
class TestCountdownWorkingTime(WorkingTimeCommon):
    def test_countdown_counts_working_hours_left(self):
        now = fields.Datetime.now()
        ticket = self._complaint(ecrm_received_date=now)
        left = self.calendar.get_work_hours_count(
            now, ticket.ecrm_deadline, compute_leaves=True
        )
        self.assertAlmostEqual(ticket.ecrm_remaining_hours, left, delta=0.02)
        self.assertTrue(ticket.ecrm_countdown.endswith("left"))
        late = self._complaint(ecrm_received_date=now - timedelta(days=30))
        behind = self.calendar.get_work_hours_count(
            late.ecrm_deadline, now, compute_leaves=True
        )
        self.assertAlmostEqual(late.ecrm_remaining_hours, -behind, delta=0.02)
        self.assertTrue(late.ecrm_countdown.startswith("Late by"))

    def test_working_day_of_the_countdown_is_the_calendars(self):
        Ticket = self.Ticket
        self.assertEqual(Ticket._ecrm_format_duration(10, 8.0), "1 d 2 h")
        self.assertEqual(Ticket._ecrm_format_duration(10), "10 h 0 min")
        self.assertEqual(Ticket._ecrm_format_duration(0.5, 8.0), "30 min")

    def test_countdown_on_kanban_list_and_form(self):
        views = self.Ticket.with_user(self.agent).get_views(
            [(False, "kanban"), (False, "list"), (False, "form")]
        )["views"]
        for view_type in ("kanban", "list", "form"):
            self.assertIn('name="ecrm_countdown"', views[view_type]["arch"], view_type)

    def test_many_countdowns_in_one_pass_match_one_by_one(self):
        now = fields.Datetime.now()
        tickets = self.Ticket.browse()
        for days in (0, 1, 3, 8, 20):
            tickets |= self._complaint(ecrm_received_date=now - timedelta(days=days))
        tickets.invalidate_recordset(["ecrm_remaining_hours"])
        together = {t.id: t.ecrm_remaining_hours for t in tickets}
        for ticket in tickets:
            ticket.invalidate_recordset(["ecrm_remaining_hours"])
            self.assertAlmostEqual(
                together[ticket.id], ticket.ecrm_remaining_hours, delta=0.02
            )


@tagged("post_install", "-at_install")
class TestSupplierDeadlineWorkingTime(WorkingTimeCommon):
    def test_supplier_days_are_working_days_of_the_agreement(self):
        self.agreement.resource_calendar_id = self.calendar
        # Two days = 16 working hours from Friday 27/11/2026 15:00: Friday 2 h,
        # Monday 8 h, Tuesday 6 h: Tuesday 1/12 15:00 in Hà Nội.
        friday = datetime(2026, 11, 27, 8, 0)
        self.assertEqual(
            self.agreement._ecrm_answer_deadline(friday), datetime(2026, 12, 1, 8, 0)
        )
        # One day from Thursday 4/2/2027 16:00, on the eve of Tết 2027 (5-10/2):
        # 1 h that day, 7 h on Thursday 11/2.
        self.agreement.answer_days = 1
        self.assertEqual(
            self.agreement._ecrm_answer_deadline(datetime(2027, 2, 4, 9, 0)),
            datetime(2027, 2, 11, 9, 0),
        )

    def test_escalation_uses_the_agreements_calendar_not_the_departments(self):
        self.agreement.resource_calendar_id = self.calendar
        self.team_cs.resource_calendar_id = False
        ticket = self._complaint(
            category_id=self.cat_supplier.id, product_id=self.product.id
        )
        ticket.with_user(self.agent).action_ecrm_escalate_supplier()
        escalated = ticket.ecrm_supplier_escalated_date
        self.assertEqual(
            ticket.ecrm_supplier_deadline,
            self.calendar.plan_hours(16, escalated, compute_leaves=True),
        )

    def test_agreement_without_calendar_counts_calendar_days(self):
        self.agreement.resource_calendar_id = False
        friday = datetime(2026, 11, 27, 8, 0)
        self.assertEqual(
            self.agreement._ecrm_answer_deadline(friday), friday + timedelta(days=2)
        )

    def test_supplier_countdown_on_its_complaint_only(self):
        self.agreement.resource_calendar_id = self.calendar
        ticket = self._complaint(
            category_id=self.cat_supplier.id, product_id=self.product.id
        )
        ticket.action_ecrm_escalate_supplier()
        complaint = (
            self.env["ecrm.supplier.complaint"]
            .with_user(self.supplier_user)
            .browse(ticket.id)
        )
        self.assertTrue(complaint.countdown)
        other = (
            self.env["ecrm.supplier.complaint"]
            .with_user(self.other_supplier_user)
            .browse(ticket.id)
        )
        with self.assertRaises(AccessError):
            other.countdown  # noqa: B018
        # Rights unchanged: the supplier reads neither the calendar nor the
        # agreement behind its countdown.
        for model in ("resource.calendar", "ecrm.supplier.agreement"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.supplier_user).search([]).read(["id"])


@tagged("post_install", "-at_install")
class TestWorkingTimeRoutes(PortalRpcMixin, WorkingTimeCommon, HttpCase):
    def test_supplier_portal_shows_the_working_time_countdown(self):
        self.agreement.resource_calendar_id = self.calendar
        ticket = self._complaint(
            category_id=self.cat_supplier.id, product_id=self.product.id
        )
        ticket.action_ecrm_escalate_supplier()
        self.authenticate("t_ncc1", "t_ncc1_pwd")
        for url in ("/my/supplier_complaints", f"/my/supplier_complaint/{ticket.id}"):
            page = self.url_open(url, timeout=60)
            self.assertEqual(page.status_code, 200, url)
            self.assertIn("o_ecrm_supplier_countdown", page.text, url)
        result, error = self.call_kw(
            "ecrm.supplier.complaint", "read", [ticket.ids], {"fields": ["countdown"]}
        )
        self.assertIsNone(error)
        self.assertTrue(result[0]["countdown"])
        # Holidays stay out of reach of suppliers and customers.
        _result, error = self.call_kw(
            "resource.calendar.leaves", "search_read", [[]], {"fields": ["name"]}
        )
        self.assertEqual(error, "odoo.exceptions.AccessError")

    def test_agent_cannot_change_the_pause_of_a_stage_through_call_kw(self):
        self.authenticate("t_cskh", "t_cskh")
        _result, error = self.call_kw(
            "helpdesk.ticket.stage",
            "write",
            [self.stage_in_progress.ids, {"ecrm_pause_deadline": True}],
        )
        self.assertEqual(error, "odoo.exceptions.AccessError")
        self.assertFalse(self.stage_in_progress.ecrm_pause_deadline)
