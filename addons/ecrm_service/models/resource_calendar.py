# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from bisect import bisect_left, bisect_right
from datetime import timedelta

from pytz import utc

from odoo import fields, models


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
        """The working time of this calendar between ``start`` and ``end``."""
        self.ensure_one()
        return WorkingTime(self, start, end)

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
        span = self._ecrm_working_time(
            floor - timedelta(days=1), max(moments) + timedelta(days=1)
        )
        return [
            span.hours_between(max(since, floor), max(deadline, floor))
            for since, deadline in pairs
        ]
