# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

DEADLINE_STATES = [
    ("none", "No Deadline"),
    ("on_time", "On Time"),
    ("soon", "Due Soon"),
    ("late", "Late"),
]
# A complaint is "due soon" (orange on the kanban) this many hours before its deadline.
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
        help="Received On plus the resolution time of the category; the complaint "
        "is late after it.",
    )
    ecrm_remaining_hours = fields.Float(
        "Hours Left",
        compute="_compute_ecrm_remaining_hours",
        help="Hours left before the deadline; negative when late.",
    )
    ecrm_is_late = fields.Boolean(
        "Late", compute="_compute_ecrm_remaining_hours", search="_search_ecrm_is_late"
    )
    ecrm_deadline_state = fields.Selection(
        DEADLINE_STATES,
        "Deadline Status",
        compute="_compute_ecrm_remaining_hours",
        help="Due Soon: less than 2 hours left; Late: the deadline has passed.",
    )
    ecrm_countdown = fields.Char(
        "Countdown",
        compute="_compute_ecrm_remaining_hours",
        help="Time left before the deadline, or how late the complaint is.",
    )
    ecrm_reminder_sent = fields.Boolean(copy=False, readonly=True)
    ecrm_late_escalated = fields.Boolean(
        "Escalated as Late",
        copy=False,
        readonly=True,
        help="The department manager was warned that this complaint is late.",
    )

    @api.depends("category_id", "ecrm_received_date")
    def _compute_ecrm_deadline(self):
        for ticket in self:
            ticket.ecrm_deadline = self._ecrm_deadline_from(
                ticket.ecrm_received_date, ticket.category_id.ecrm_deadline_hours
            )

    @api.depends("ecrm_deadline", "closed")
    def _compute_ecrm_remaining_hours(self):
        now = fields.Datetime.now()
        for ticket in self:
            if not ticket.ecrm_deadline or ticket.closed:
                ticket.ecrm_remaining_hours = 0.0
                ticket.ecrm_is_late = False
                ticket.ecrm_deadline_state = "none"
                ticket.ecrm_countdown = False
                continue
            left = (ticket.ecrm_deadline - now).total_seconds() / 3600.0
            ticket.ecrm_remaining_hours = left
            ticket.ecrm_is_late = left < 0
            if left < 0:
                ticket.ecrm_deadline_state = "late"
                ticket.ecrm_countdown = _(
                    "Late by %s", self._ecrm_format_duration(-left)
                )
            else:
                ticket.ecrm_deadline_state = (
                    "soon" if left < DUE_SOON_HOURS else "on_time"
                )
                ticket.ecrm_countdown = _("%s left", self._ecrm_format_duration(left))

    def _search_ecrm_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search on late complaints with = or != only."))
        late = [
            ("closed", "=", False),
            ("ecrm_deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return late
        return ["!", "&", *late]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _ecrm_format_duration(self, hours):
        """``hours`` (positive) as "2 d 3 h", "5 h 20 min" or "45 min"."""
        minutes = round(hours * 60)
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        if days:
            return _("%(days)s d %(hours)s h", days=days, hours=hours)
        if hours:
            return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
        return _("%s min", minutes)

    @api.model
    def _ecrm_deadline_from(self, received, hours):
        """Deadline ``hours`` after ``received`` (naive UTC datetimes)."""
        if not received:
            return False
        return fields.Datetime.to_datetime(received) + timedelta(hours=hours or 48)

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------

    @api.model
    def _cron_ecrm_deadlines(self, limit=1000):
        """Remind before the deadlines, escalate when late; each step is one
        query, one batch write and a flag so nothing is sent twice."""
        now = fields.Datetime.now()
        open_stage = SQL(
            "NOT COALESCE((SELECT closed FROM helpdesk_ticket_stage s "
            "WHERE s.id = t.stage_id), false) AND t.active"
        )
        # 1. Department reminder before the resolution deadline.
        reminders = self._ecrm_ids_by_sql(
            SQL(
                """SELECT t.id FROM helpdesk_ticket t
                   JOIN helpdesk_ticket_category c ON c.id = t.category_id
                  WHERE %s AND NOT COALESCE(t.ecrm_reminder_sent, false)
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
        late = self.search(
            [
                ("closed", "=", False),
                ("ecrm_late_escalated", "=", False),
                ("ecrm_deadline", "<", now),
            ],
            order="ecrm_deadline",
            limit=limit,
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
        # A full batch means there may be more: the scheduler runs again at once.
        full = any(len(batch) >= limit for batch in batches.values())
        self.env["ir.cron"]._notify_progress(
            done=sum(len(batch) for batch in batches.values()), remaining=int(full)
        )
        return batches
