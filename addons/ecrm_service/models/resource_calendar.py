# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from bisect import bisect_left, bisect_right
from datetime import datetime, time, timedelta

from pytz import utc

from odoo import fields, models
from odoo.tools import SQL

# Spans of working time built from a calendar, by database, calendar, dates and
# version of the calendar's data (a few dozen at most per process).
_SPANS = {}
SPAN_BLOCK_DAYS = 30


class WorkingTime:
    """The working time of one calendar over a span, for many dates at once.

    Built from ``resource.calendar._work_intervals_batch`` (attendances minus the
    calendar's and the company's public holidays), once per span: then the
    working hours between two dates and the date reached after some working
    hours are a binary search, not a query per complaint. All datetimes are
    naive UTC, as stored."""

    def __init__(self, calendar, start, end):
        self.start, self.end = start, end
        intervals = calendar._work_intervals_batch(
            start.replace(tzinfo=utc), end.replace(tzinfo=utc), compute_leaves=True
        )[False]
        # Working hours done before and after each interval.
        self.starts, self.stops, self.before, self.after = [], [], [], []
        total = 0.0
        for begin, stop, _meta in intervals:
            begin = begin.astimezone(utc).replace(tzinfo=None)
            stop = stop.astimezone(utc).replace(tzinfo=None)
            self.starts.append(begin)
            self.stops.append(stop)
            self.before.append(total)
            total += (stop - begin).total_seconds() / 3600.0
            self.after.append(total)

    def hours_at(self, moment):
        """Working hours from the start of the span to ``moment``."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        reached = min(moment, self.stops[index]) - self.starts[index]
        return self.before[index] + reached.total_seconds() / 3600.0

    def hours_between(self, begin, end):
        """Working hours from ``begin`` to ``end``, negative when ``end`` is
        earlier."""
        return self.hours_at(end) - self.hours_at(begin)

    def plan(self, begin, hours):
        """The moment ``hours`` working hours after ``begin``; None when it falls
        after the span."""
        target = self.hours_at(begin) + hours
        index = bisect_left(self.after, target)
        if index >= len(self.after):
            return None
        return self.starts[index] + timedelta(hours=target - self.before[index])


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _ecrm_working_time(self, start, end):
        """The working time of this calendar from before ``start`` to after
        ``end``, in blocks of 30 days, kept while the calendar, its attendances
        and the time off are unchanged: the columns of a kanban and the next
        pages reuse it instead of building the same intervals again."""
        self.ensure_one()
        first = datetime.combine(start.date(), time.min)
        first -= timedelta(days=first.toordinal() % SPAN_BLOCK_DAYS + 1)
        last = datetime.combine(end.date(), time.min)
        last += timedelta(days=SPAN_BLOCK_DAYS - last.toordinal() % SPAN_BLOCK_DAYS + 1)
        key = (self.env.cr.dbname, self.id, first, last, self._ecrm_version())
        span = _SPANS.get(key)
        if span is None:
            span = WorkingTime(self, first, last)
            if len(_SPANS) >= 64:
                _SPANS.pop(next(iter(_SPANS)))
            _SPANS[key] = span
        return span

    def _ecrm_version(self):
        """What the working time of this calendar depends on, in one query."""
        for model in ("resource.calendar", "resource.calendar.attendance"):
            self.env[model].flush_model()
        self.env["resource.calendar.leaves"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT c.write_date, c.tz,
                          (SELECT array_agg(ROW(a.id, a.write_date)::text ORDER BY a.id)
                             FROM resource_calendar_attendance a
                            WHERE a.calendar_id = c.id),
                          (SELECT array_agg(ROW(l.id, l.write_date)::text ORDER BY l.id)
                             FROM resource_calendar_leaves l
                            WHERE l.calendar_id = c.id OR l.calendar_id IS NULL)
                     FROM resource_calendar c WHERE c.id = %s""",
                self.id,
            )
        )
        return repr(self.env.cr.fetchone())

    def _ecrm_plan(self, starts_hours):
        """For a list of ``(start, hours)``, the moments ``hours`` working hours
        after each start (naive UTC), in one pass over the calendar."""
        self.ensure_one()
        if not starts_hours:
            return []
        first = min(start for start, _hours in starts_hours)
        last = max(start for start, _hours in starts_hours)
        most = max(hours for _start, hours in starts_hours)
        # Enough calendar days for the longest plan, weekends and Tết included.
        days = most / (self.hours_per_day or 8.0) * 7 / 5 + 21
        span = self._ecrm_working_time(first, last + timedelta(days=days))
        planned = []
        for start, hours in starts_hours:
            moment = span.plan(start, hours)
            if moment is None:
                moment = self.plan_hours(hours, start, compute_leaves=True)
            planned.append(moment)
        return planned

    def _ecrm_hours_left(self, pairs, now=None):
        """For a list of ``(since, deadline)``, the working hours left from
        ``since`` (now when empty) to ``deadline``; negative when late."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        pairs = [(since or now, deadline) for since, deadline in pairs]
        if not pairs:
            return []
        moments = [moment for pair in pairs for moment in pair]
        # How late a complaint is counts over 90 days at most.
        floor = max(min(moments), now - timedelta(days=90))
        span = self._ecrm_working_time(floor, max(moments))
        return [
            span.hours_between(max(since, floor), max(deadline, floor))
            for since, deadline in pairs
        ]
