from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]

CALENDAR_KINDS = [
    ("holiday", "Public holiday"),
    ("vacation", "Vacation"),
    ("workday", "Transferred working day"),
    ("shortened", "Shortened day"),
]


def count_working_days_after(start, end, days_off=(), workdays=()):
    """The working days after ``start`` up to and including ``end``: Monday to Friday,
    without ``days_off`` (public holidays), plus ``workdays`` (Saturdays or Sundays
    made working days by a transfer)."""
    if not start or not end or end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    tail_start = start + timedelta(days=weeks * 7)
    tail = sum(1 for offset in range(1, rest + 1) if (tail_start + timedelta(offset)).weekday() < 5)
    count = weeks * 5 + tail
    count -= sum(1 for day in set(days_off) if start < day <= end and day.weekday() < 5)
    count += sum(1 for day in set(workdays) if start < day <= end and day.weekday() >= 5)
    return count


class SchoolCalendarDay(models.Model):
    """A day of the school calendar that differs from the usual week.

    * ``holiday``: a public holiday or a day off by transfer (the production calendar) —
      no lessons, not a working day;
    * ``vacation``: каникулы of the grades ``level_from``..``level_to`` — no lessons for
      them, still a working day of the staff;
    * ``workday``: a Saturday or Sunday made a working day by a transfer — lessons by the
      timetable of ``weekday_as`` (its own weekday when empty);
    * ``shortened``: a shortened day (before a holiday) — lessons as usual, with the bell
      schedule of the day.

    The production calendar is imported every year from a CSV (wizard «Import the
    production calendar»); vacations and shortened days are entered by the deputy."""

    _name = "school.calendar.day"
    _description = "School Calendar Day"
    _order = "date, level_from"

    date = fields.Date(required=True, index=True)
    kind = fields.Selection(CALENDAR_KINDS, required=True, default="holiday", index=True)
    name = fields.Char(string="Description", translate=True)
    level_from = fields.Integer(string="From grade", default=1, required=True)
    level_to = fields.Integer(string="To grade", default=11, required=True)
    weekday_as = fields.Selection(
        WEEKDAYS,
        string="Timetable of",
        help="A transferred working day follows the timetable of this weekday.",
    )
    bell_schedule_id = fields.Many2one(
        "school.bell.schedule",
        string="Bell schedule",
        help="The bell schedule of a shortened day.",
    )
    weekday = fields.Char(compute="_compute_weekday")

    _sql_constraints = [
        (
            "date_levels_uniq",
            "unique(date, level_from, level_to)",
            "The calendar already has this day for these grades.",
        ),
        (
            "levels_check",
            "check(level_from >= 1 and level_to <= 11 and level_from <= level_to)",
            "Grades run from 1 to 11, the first not after the last.",
        ),
    ]

    @api.depends("date")
    def _compute_weekday(self):
        labels = dict(WEEKDAYS)
        for day in self:
            day.weekday = labels[str(day.date.weekday())] if day.date else False

    @api.depends("date", "kind", "level_from", "level_to")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for day in self:
            levels = (
                ""
                if (day.level_from, day.level_to) == (1, 11)
                else f" ({day.level_from}–{day.level_to})"
            )
            day.display_name = f"{day.date} {kinds.get(day.kind, '')}{levels}"

    @api.constrains("kind", "date")
    def _check_workday(self):
        for day in self:
            if day.kind == "workday" and day.date.weekday() < 5:
                raise ValidationError(
                    self.env._(
                        "%(date)s is a weekday: only a Saturday or a Sunday becomes a "
                        "transferred working day.",
                        date=day.date,
                    )
                )

    # the school's days ---------------------------------------------------------------------
    @api.model
    def _days_between(self, date_from, date_to):
        """{date: calendar days of that date} between the two dates, in one query."""
        result = {}
        for day in self.search([("date", ">=", date_from), ("date", "<=", date_to)]):
            result[day.date] = result.get(day.date, self.browse()) | day
        return result

    @api.model
    def _school_days(self, date_from, date_to, level, exceptions=None):
        """The days of lessons of a grade between the two dates:
        {date: (weekday whose timetable applies, bell schedule or False)}.

        Monday to Saturday study by the timetable (a school of five days has no
        Saturday slots); a holiday or a vacation of the grade has no lessons; a
        transferred working day studies by its ``weekday_as``. ``exceptions`` (from
        :meth:`_days_between`) spares the query when many grades are asked."""
        if exceptions is None:
            exceptions = self._days_between(date_from, date_to)
        days = {}
        day = date_from
        while day <= date_to:
            weekday, bell, school_day = day.weekday(), False, day.weekday() < 6
            for entry in exceptions.get(day, ()):
                if not entry.level_from <= level <= entry.level_to:
                    continue
                if entry.kind in ("holiday", "vacation"):
                    school_day = False
                    break
                if entry.kind == "workday":
                    school_day = True
                    weekday = int(entry.weekday_as) if entry.weekday_as else weekday
                bell = entry.bell_schedule_id or bell
            if school_day:
                days[day] = (weekday, bell)
            day += timedelta(days=1)
        return days

    @api.model
    def _working_days_after(self, start, end):
        """Working days after ``start`` up to ``end`` by the production calendar:
        Monday to Friday without the public holidays, with the transferred working
        days. Vacations are working days of the staff. One query."""
        if not start or not end or end <= start:
            return 0
        return self._working_day_counter(start, end)(start, end)

    @api.model
    def _working_day_counter(self, date_from, date_to):
        """A function (start, end) → working days, for many pairs within the two dates,
        with the calendar read once."""
        entries = self.search(
            [
                ("date", ">", date_from),
                ("date", "<=", date_to),
                ("kind", "in", ("holiday", "workday")),
                ("level_from", "=", 1),
                ("level_to", "=", 11),
            ]
        )
        days_off = {entry.date for entry in entries if entry.kind == "holiday"}
        workdays = {entry.date for entry in entries if entry.kind == "workday"}

        def counter(start, end):
            return count_working_days_after(start, end, days_off, workdays)

        return counter
