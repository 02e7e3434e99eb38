# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_index

from odoo.addons.ecrm_core.tools import batch as batch_tools

DEADLINE_STATES = [
    ("none", "No Deadline"),
    ("on_time", "On Time"),
    ("soon", "Due Soon"),
    ("late", "Late"),
    ("paused", "On Hold"),
]
# A complaint is "due soon" (orange on the kanban) this many working hours before
# its deadline.
DUE_SOON_HOURS = 2


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Deadline
    ecrm_received_date = fields.Datetime(
        "Received On",
        required=True,
        default=fields.Datetime.now,
        copy=False,
        help="When the platform received the complaint (UTC); the deadline counts "
        "from it.",
    )
    ecrm_deadline = fields.Datetime(
        "Deadline",
        compute="_compute_ecrm_deadline",
        store=True,
        index=True,
        copy=False,
        tracking=True,
        help="Received On plus the resolution time of the category, in the working "
        "hours of the department (public holidays excluded), plus the working time "
        "spent waiting for the customer or the supplier; late after it.",
    )
    ecrm_paused_since = fields.Datetime(
        "On Hold Since",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Set while the complaint waits in a stage that stops the deadline clock.",
    )
    ecrm_pause_hours = fields.Float(
        "Working Hours on Hold",
        copy=False,
        readonly=True,
        help="Working hours spent waiting for the customer or the supplier; they "
        "push the deadline back.",
    )
    ecrm_remaining_hours = fields.Float(
        "Hours Left",
        compute="_compute_ecrm_remaining_hours",
        help="Working hours left before the deadline; negative when late.",
    )
    ecrm_is_late = fields.Boolean(
        "Late", compute="_compute_ecrm_remaining_hours", search="_search_ecrm_is_late"
    )
    ecrm_deadline_state = fields.Selection(
        DEADLINE_STATES,
        "Deadline Status",
        compute="_compute_ecrm_remaining_hours",
        help="Due Soon: less than 2 working hours left; Late: the deadline has "
        "passed; On Hold: waiting for the customer or the supplier.",
    )
    ecrm_countdown = fields.Char(
        "Countdown",
        compute="_compute_ecrm_remaining_hours",
        help="Working time left before the deadline, or how late the complaint is.",
    )
    # Stored (helpdesk_mgmt computes it from the stage on each read): the kanban's
    # Open filter, the late complaints and the deadline cron filter on it with an
    # index instead of a subquery on the stages.
    closed = fields.Boolean(related="stage_id.closed", store=True)
    ecrm_reminder_sent = fields.Boolean(copy=False, readonly=True)
    ecrm_late_escalated = fields.Boolean(
        "Escalated as Late",
        copy=False,
        readonly=True,
        help="The department manager was warned that this complaint is late.",
    )

    @api.depends(
        "category_id",
        "ecrm_received_date",
        "team_id.resource_calendar_id",
        "ecrm_pause_hours",
    )
    def _compute_ecrm_deadline(self):
        for calendar, tickets in self.grouped(
            lambda t: t.team_id.resource_calendar_id
        ).items():
            dated = tickets.filtered("ecrm_received_date")
            (tickets - dated).ecrm_deadline = False
            hours = [
                (t.category_id.ecrm_deadline_hours or 48) + t.ecrm_pause_hours
                for t in dated
            ]
            if calendar:
                deadlines = calendar._ecrm_plan(
                    list(zip(dated.mapped("ecrm_received_date"), hours, strict=False))
                )
            else:
                deadlines = [
                    t.ecrm_received_date + timedelta(hours=h)
                    for t, h in zip(dated, hours, strict=False)
                ]
            for ticket, deadline in zip(dated, deadlines, strict=False):
                ticket.ecrm_deadline = deadline

    @api.depends("ecrm_deadline", "closed", "ecrm_paused_since")
    def _compute_ecrm_remaining_hours(self):
        counted = self.filtered(lambda t: t.ecrm_deadline and not t.closed)
        for ticket in self - counted:
            ticket.ecrm_remaining_hours = 0.0
            ticket.ecrm_is_late = False
            ticket.ecrm_deadline_state = "none"
            ticket.ecrm_countdown = False
        lefts = counted._ecrm_working_hours_left()
        for ticket in counted:
            left = lefts[ticket.id]
            day = ticket.team_id.resource_calendar_id.hours_per_day or 24.0
            ticket.ecrm_remaining_hours = left
            ticket.ecrm_is_late = left < 0 and not ticket.ecrm_paused_since
            duration = self._ecrm_format_duration(abs(left), day)
            if ticket.ecrm_paused_since:
                ticket.ecrm_deadline_state = "paused"
                ticket.ecrm_countdown = _("On hold, %s left", duration)
            elif left < 0:
                ticket.ecrm_deadline_state = "late"
                ticket.ecrm_countdown = _("Late by %s", duration)
            else:
                ticket.ecrm_deadline_state = (
                    "soon" if left < DUE_SOON_HOURS else "on_time"
                )
                ticket.ecrm_countdown = _("%s left", duration)

    def _search_ecrm_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search on late complaints with = or != only."))
        late = [
            ("closed", "=", False),
            ("ecrm_paused_since", "=", False),
            ("ecrm_deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return late
        return ["!", "&", "&", *late]

    def init(self):
        super().init()
        # The deadlines of open complaints: the deadline cron and the late lists
        # read a few hundred of them among hundreds of thousands of settled ones.
        create_index(
            self.env.cr,
            "helpdesk_ticket_ecrm_open_deadline_index",
            self._table,
            ["ecrm_deadline"],
            where="closed IS NOT TRUE AND active",
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
        now = fields.Datetime.now()
        if stage.ecrm_pause_deadline and not stage.closed:
            # A complaint already late when it is put on hold stays late.
            to_pause = self.filtered(
                lambda t: not t.ecrm_paused_since
                and not t.closed
                and t.ecrm_deadline
                and t.ecrm_deadline > now
            )
            to_resume = self.browse()
        else:
            to_pause = self.browse()
            to_resume = self.filtered("ecrm_paused_since")
        res = super().write(vals)
        if to_pause:
            to_pause.write({"ecrm_paused_since": now})
        if to_resume:
            to_resume._ecrm_resume_deadline(now)
        return res

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_format_duration(self, hours, day=24.0):
        """``hours`` (positive) as "2 d 3 h", "5 h 20 min" or "45 min", where a
        day is ``day`` hours (a working day in working time)."""
        minutes = round(hours * 60)
        days, minutes = divmod(minutes, round(day * 60))
        hours, minutes = divmod(minutes, 60)
        if days:
            return _("%(days)s d %(hours)s h", days=days, hours=hours)
        if hours:
            return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
        return _("%s min", minutes)

    def _ecrm_working_hours_left(self, now=None):
        """{ticket id: working hours left before its deadline}, negative when late;
        frozen at the moment a complaint was put on hold. One pass over each
        department's calendar; clock hours where the department has none."""
        now = now or fields.Datetime.now()
        result = {}
        for calendar, tickets in self.grouped(
            lambda t: t.team_id.resource_calendar_id
        ).items():
            pairs = [(t.ecrm_paused_since or now, t.ecrm_deadline) for t in tickets]
            if calendar:
                lefts = calendar._ecrm_hours_left(pairs, now)
            else:
                lefts = [
                    (deadline - since).total_seconds() / 3600.0
                    for since, deadline in pairs
                ]
            result.update(zip([t.id for t in tickets], lefts, strict=True))
        return result

    def _ecrm_schedule_activity(self, summary, note, user_of):
        """One to-do per complaint, created in one batch. The to-dos are listed in
        the assignee's activities without an email each: at volume a department
        leader would get hundreds of emails from one run."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "activity_type_id": todo.id,
                    "summary": summary,
                    "note": note,
                    "user_id": user_of(ticket).id,
                    "date_deadline": today,
                }
                for ticket in self
            ]
        )

    def _ecrm_resume_deadline(self, now):
        """Back from a stage that stops the clock: the working hours spent on hold
        push the deadline back by as much."""
        for calendar, tickets in self.grouped(
            lambda t: t.team_id.resource_calendar_id
        ).items():
            pairs = [(t.ecrm_paused_since, now) for t in tickets]
            if calendar:
                held = calendar._ecrm_hours_left(pairs, now)
            else:
                held = [(now - since).total_seconds() / 3600.0 for since, _n in pairs]
            for ticket, hours in zip(tickets, held, strict=False):
                ticket.write(
                    {
                        "ecrm_paused_since": False,
                        "ecrm_pause_hours": ticket.ecrm_pause_hours + max(hours, 0.0),
                    }
                )

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_ecrm_deadlines(self, limit=1000):
        """Remind before the deadlines, escalate when late; each step is one
        query, one batch write and a flag so nothing is sent twice."""
        now = fields.Datetime.now()
        # Open complaints, as the partial index on their deadlines reads them.
        open_stage = SQL("t.closed IS NOT TRUE AND t.active")
        # 1. Department reminder before the resolution deadline.
        reminders = self._ecrm_ids_by_sql(
            SQL(
                """SELECT t.id FROM helpdesk_ticket t
                   JOIN helpdesk_ticket_category c ON c.id = t.category_id
                  WHERE %s AND NOT COALESCE(t.ecrm_reminder_sent, false)
                    AND t.ecrm_paused_since IS NULL
                    AND t.ecrm_deadline > %s
                    AND t.ecrm_deadline - make_interval(
                        hours => COALESCE(c.ecrm_reminder_hours, 0)) <= %s
                  ORDER BY t.ecrm_deadline LIMIT %s""",
                open_stage,
                now,
                now,
                limit,
            )
        )
        if reminders:
            reminders.write({"ecrm_reminder_sent": True})
            reminders._ecrm_schedule_activity(
                _("Complaint deadline soon"),
                _("This complaint must be settled before its deadline."),
                lambda t: t.user_id or t.team_id.user_id or self.env.user,
            )
        # 2. Late: escalate to the department manager (team leader).
        late = self._ecrm_ids_by_sql(
            SQL(
                """SELECT t.id FROM helpdesk_ticket t
                  WHERE %s AND NOT COALESCE(t.ecrm_late_escalated, false)
                    AND t.ecrm_paused_since IS NULL
                    AND t.ecrm_deadline < %s
                  ORDER BY t.ecrm_deadline LIMIT %s""",
                open_stage,
                now,
                limit,
            )
        )
        if late:
            late.write({"ecrm_late_escalated": True, "priority": "3"})
            late._ecrm_schedule_activity(
                _("Late complaint"),
                _("The deadline of this complaint has passed: please act now."),
                lambda t: t.team_id.user_id or t.user_id or self.env.user,
            )
        # 3. Supplier reminder before its answer deadline.
        supplier_reminders = self._ecrm_ids_by_sql(
            SQL(
                """SELECT t.id FROM helpdesk_ticket t
                   JOIN ecrm_supplier_agreement a
                     ON a.supplier_id = t.ecrm_supplier_commercial_id
                    AND a.company_id = t.company_id
                  WHERE t.ecrm_supplier_state = 'escalated'
                    AND NOT COALESCE(t.ecrm_supplier_reminder_sent, false)
                    AND t.ecrm_supplier_deadline > %s
                    AND t.ecrm_supplier_deadline - make_interval(
                        hours => COALESCE(a.reminder_hours, 0)) <= %s
                  LIMIT %s""",
                now,
                now,
                limit,
            )
        )
        if supplier_reminders:
            supplier_reminders.write({"ecrm_supplier_reminder_sent": True})
            supplier_reminders._ecrm_notify_supplier(
                _("Reminder: your answer to this complaint is due soon.")
            )
        # 4. Supplier late: flag it, warn the supplier and the department manager.
        supplier_late = self.search(
            [
                ("ecrm_supplier_state", "=", "escalated"),
                ("ecrm_supplier_late", "=", False),
                ("ecrm_supplier_deadline", "<", now),
            ],
            limit=limit,
        )
        if supplier_late:
            supplier_late.write({"ecrm_supplier_late": True})
            supplier_late._ecrm_notify_supplier(
                _("Your answer to this complaint is late: please answer now.")
            )
            supplier_late._ecrm_schedule_activity(
                _("Supplier late"),
                _("The supplier did not answer this complaint in time."),
                lambda t: t.team_id.user_id or t.user_id or self.env.user,
            )
        batches = {
            "reminders": reminders,
            "late": late,
            "supplier_reminders": supplier_reminders,
            "supplier_late": supplier_late,
        }
        # A full batch means there may be more: the scheduler runs again at once
        # (this batch committed first).
        full = any(len(batch) >= limit for batch in batches.values())
        batch_tools.batch_done(
            self.env, sum(len(batch) for batch in batches.values()), int(full)
        )
        return batches
