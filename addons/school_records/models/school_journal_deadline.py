from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.osv import expression

FILL_HOUR = time(20, 0)  # seed 004: the journal is filled on the lesson day, by 20:00
DEFAULT_TZ = "Europe/Moscow"
PERIOD_MARKS_DAYS = 7  # seed 004 §2.3: period marks in the last week of the period


class SchoolLesson(models.Model):
    """The journal's deadlines on a lesson (seed 004): topic and attendance by 20:00 of
    the lesson day, control work marks within one day."""

    _inherit = "school.lesson"

    fill_deadline = fields.Datetime(
        compute="_compute_fill_deadline",
        store=True,
        help="The lesson day at 20:00, in the school's time zone.",
    )
    is_filled = fields.Boolean(
        string="Filled",
        compute="_compute_is_filled",
        store=True,
        help="The topic is written and attendance is taken.",
    )
    filled_on = fields.Datetime(compute="_compute_filled_on", store=True, copy=False)
    filled_late = fields.Boolean(compute="_compute_filled_late", store=True)
    is_control = fields.Boolean(related="work_type_id.is_control", string="Control work")
    marks_deadline = fields.Date(
        string="Control work marks due",
        compute="_compute_marks_deadline",
        store=True,
        help="Marks of a control work are due within one day of the lesson.",
    )
    deadline_state = fields.Selection(
        [
            ("pending", "Due today"),
            ("overdue", "Overdue"),
            ("done_late", "Filled late"),
            ("done", "Filled on time"),
        ],
        string="Deadline",
        compute="_compute_deadline_state",
        search="_search_deadline_state",
    )

    @api.depends("date")
    def _compute_fill_deadline(self):
        # the school's zone, never the teacher's own: a teacher may change it in their
        # preferences, and the deadlines of all their lessons, filled late or not, with it
        zone = pytz.timezone(self.env["school.journal"]._school_tz())
        for lesson in self:
            if not lesson.date:
                lesson.fill_deadline = False
                continue
            local = zone.localize(datetime.combine(lesson.date, FILL_HOUR))
            lesson.fill_deadline = local.astimezone(pytz.utc).replace(tzinfo=None)

    @api.depends("topic", "attendance_taken")
    def _compute_is_filled(self):
        for lesson in self:
            lesson.is_filled = bool(lesson.topic and lesson.attendance_taken)

    @api.depends("is_filled")
    def _compute_filled_on(self):
        now = fields.Datetime.now()
        for lesson in self:
            if not lesson.is_filled:
                lesson.filled_on = False
            elif not lesson.filled_on:
                lesson.filled_on = now

    @api.depends("filled_on", "fill_deadline")
    def _compute_filled_late(self):
        for lesson in self:
            lesson.filled_late = bool(
                lesson.filled_on
                and lesson.fill_deadline
                and lesson.filled_on > lesson.fill_deadline
            )

    @api.depends("date", "work_type_id.is_control")
    def _compute_marks_deadline(self):
        for lesson in self:
            is_control = lesson.date and lesson.work_type_id.is_control
            lesson.marks_deadline = lesson.date + timedelta(days=1) if is_control else False

    @api.depends("is_filled", "filled_late", "fill_deadline")
    def _compute_deadline_state(self):
        now = fields.Datetime.now()
        for lesson in self:
            if lesson.is_filled:
                lesson.deadline_state = "done_late" if lesson.filled_late else "done"
            elif lesson.fill_deadline and lesson.fill_deadline < now:
                lesson.deadline_state = "overdue"
            else:
                lesson.deadline_state = "pending"

    def _search_deadline_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(self.env._("Unsupported search on the deadline."))
        values = [value] if isinstance(value, str) else list(value or [])
        now = fields.Datetime.now()
        domains = {
            "done": [("is_filled", "=", True), ("filled_late", "=", False)],
            "done_late": [("is_filled", "=", True), ("filled_late", "=", True)],
            "overdue": [("is_filled", "=", False), ("fill_deadline", "<", now)],
            "pending": [("is_filled", "=", False), ("fill_deadline", ">=", now)],
        }
        domain = expression.OR([domains[v] for v in values if v in domains] or [[(0, "=", 1)]])
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain


class SchoolJournalReminder(models.AbstractModel):
    """The daily reminder of late journals: one activity per journal and teacher, kept
    up to date rather than repeated, listing what is late and since when."""

    _name = "school.journal.reminder"
    _description = "Journal Deadline Reminder"

    @api.model
    def _cron_remind_late_teachers(self):
        today = self.env["school.journal"]._today()
        late = defaultdict(list)  # (assignment id, user id) -> lines of the note
        for (assignment, user), count in self._unfilled_lessons():
            late[assignment.id, user.id].append(
                self.env._(
                    "%(count)s lesson(s) without topic or attendance after 20:00", count=count
                )
            )
        for (assignment, user), count in self._control_works_without_marks(today):
            late[assignment.id, user.id].append(
                self.env._("%(count)s control work(s) without marks after one day", count=count)
            )
        proposed = self._journals_with_proposals()
        for assignment, period in self._period_marks_due(today):
            late[assignment.id, assignment.teacher_id.id].append(
                self.env._(
                    "period marks of %(period)s are due by %(date)s",
                    period=period.name,
                    date=period.date_deadline,
                )
                if (assignment.id, period.id) in proposed
                else self.env._(
                    "period marks of %(period)s are due by %(date)s: propose them with "
                    "«Предложить итоговые» in the journal, then confirm them",
                    period=period.name,
                    date=period.date_deadline,
                )
            )
        for assignment, kinds, period in self._year_marks_due(today):
            late[assignment.id, assignment.teacher_id.id].append(
                self.env._(
                    "%(kinds)s marks of the year are due by %(date)s",
                    kinds=", ".join(kinds),
                    date=period.date_deadline,
                )
            )
        for (assignment_id, user_id), lines in late.items():
            self._remind(
                self.env["school.teaching.assignment"].browse(assignment_id), user_id, lines
            )
        return len(late)

    def _open_lesson_domain(self):
        return [("period_id.state", "=", "open"), ("assignment_id.active", "=", True)]

    def _unfilled_lessons(self):
        Lesson = self.env["school.lesson"]
        domain = self._open_lesson_domain() + [("deadline_state", "=", "overdue")]
        return self._by_responsible(Lesson, domain)

    def _control_works_without_marks(self, today):
        """Control works past their one-day deadline where a student of the roster has
        neither a mark nor an absence (a late-comer was there and needs a mark): one
        mark in does not make the work marked."""
        Lesson = self.env["school.lesson"]
        lessons = Lesson.search(self._open_lesson_domain() + [("marks_deadline", "<", today)])
        if not lessons:
            return []
        covered = defaultdict(set)
        for model, domain in (
            ("school.mark", []),
            ("school.attendance", [("kind", "!=", "late")]),
        ):
            for lesson, student in self.env[model]._read_group(
                [("lesson_id", "in", lessons.ids), *domain], ["lesson_id", "student_id"]
            ):
                covered[lesson.id].add(student.id)
        incomplete = lessons.filtered(
            lambda lesson: (
                set(lesson.assignment_id._students_on(lesson.date).ids) - covered[lesson.id]
            )
        )
        return self._by_responsible(Lesson, [("id", "in", incomplete.ids)])

    def _by_responsible(self, Lesson, domain):
        """Counts per journal and the teacher who must act: the substitute, if any."""
        counts = defaultdict(int)
        for assignment, teacher, substitute, count in Lesson._read_group(
            domain, ["assignment_id", "teacher_id", "substitute_teacher_id"], ["__count"]
        ):
            counts[assignment, substitute or teacher] += count
        return counts.items()

    def _period_marks_due(self, today):
        """Journals of periods in their last week whose period marks are not all confirmed."""
        periods = self.env["school.period"].search(
            [
                ("state", "=", "open"),
                ("date_deadline", ">=", today),
                ("date_deadline", "<", today + timedelta(days=PERIOD_MARKS_DAYS)),
            ]
        )
        if not periods:
            return []
        PeriodMark = self.env["school.period.mark"]
        confirmed = {
            (assignment.id, period.id): count
            for assignment, period, count in PeriodMark._read_group(
                [("period_id", "in", periods.ids), ("state", "=", "confirmed")],
                ["assignment_id", "period_id"],
                ["__count"],
            )
        }
        due = []
        for assignment, period in self.env["school.lesson"]._read_group(
            [("period_id", "in", periods.ids), ("assignment_id.active", "=", True)],
            ["assignment_id", "period_id"],
        ):
            students = assignment._students_on(period.date_end)
            if confirmed.get((assignment.id, period.id), 0) < len(students):
                due.append((assignment, period))
        return due

    def _journals_with_proposals(self):
        return {
            (assignment.id, period.id)
            for assignment, period in self.env["school.period.mark"]._read_group(
                [("kind", "=", "period"), ("period_id.state", "=", "open")],
                ["assignment_id", "period_id"],
            )
        }

    def _year_marks_due(self, today):
        """Journals in the last week of their year's last period whose year marks (and
        final marks in grades 9 and 11, and exam marks entered but not confirmed) are not
        all confirmed: (journal, names of the kinds, the period)."""
        periods = self.env["school.period"].search(
            [
                ("state", "=", "open"),
                ("date_deadline", ">=", today),
                ("date_deadline", "<", today + timedelta(days=PERIOD_MARKS_DAYS)),
            ]
        )
        last_periods = periods.filtered(
            lambda p: (
                not p.year_id.period_ids.filtered(
                    lambda other: other.scheme == p.scheme and other.date_end > p.date_end
                )
            )
        )
        if not last_periods:
            return []
        PeriodMark = self.env["school.period.mark"]
        confirmed = defaultdict(int)
        drafts = set()
        for assignment, kind, state, count in PeriodMark._read_group(
            [("year_id", "in", last_periods.year_id.ids), ("kind", "!=", "period")],
            ["assignment_id", "kind", "state"],
            ["__count"],
        ):
            if state == "confirmed":
                confirmed[assignment.id, kind] += count
            else:
                drafts.add((assignment.id, kind))
        labels = dict(
            self.env["school.period.mark"]._fields["kind"]._description_selection(self.env)
        )
        due = []
        for assignment, period in self.env["school.lesson"]._read_group(
            [("period_id", "in", last_periods.ids), ("assignment_id.active", "=", True)],
            ["assignment_id", "period_id"],
        ):
            students = len(assignment._students_on(period.date_end))
            kinds = ["year"]
            if assignment.class_id.level in ("9", "11"):
                kinds.append("final")
            kinds = [kind for kind in kinds if confirmed[assignment.id, kind] < students]
            if (assignment.id, "exam") in drafts:
                kinds.append("exam")
            if kinds:
                due.append((assignment, [labels[kind] for kind in kinds], period))
        return due

    def _remind(self, assignment, user_id, lines):
        activity_type = self.env.ref("school_records.mail_activity_type_journal_late")
        note = Markup("<ul>%s</ul>") % Markup().join(
            Markup("<li>%s</li>") % escape(line) for line in lines
        )
        summary = self.env._("The journal is late")
        existing = assignment.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type and a.user_id.id == user_id
        )
        if existing:
            existing.write({"note": note, "date_deadline": self.env["school.journal"]._today()})
        else:
            assignment.activity_schedule(
                activity_type_id=activity_type.id, summary=summary, note=note, user_id=user_id
            )
