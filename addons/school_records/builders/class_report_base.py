"""The class statements of seed 004 §4.3–4.5 and the school's other class reports, each
a builder: the base reads what every report shares (the classes the reader may read,
their students and subjects, the confirmed period marks, the absences), each report's
builder writes its sheets into a neutral grid (:mod:`.grid`).

The statements are paper forms the school signs and files: their headings are Russian
whatever the reader's interface language is. Only confirmed period marks count: a
proposal is the teacher's until confirmed."""

import math
from collections import defaultdict
from datetime import timedelta

from odoo.exceptions import AccessError, UserError

from .grid import GridBook

ROMAN = ("I", "II", "III", "IV", "V", "VI")
KIND_HEADERS = {"year": "Год", "exam": "Экз.", "final": "Итог"}
COUNTED = ("5", "4", "3", "2", "н/а")
# the reports a subject or a student narrows down (the wizard's form shows the filters)
SUBJECT_REPORTS = ("summary", "results", "gaps", "final", "forecast", "control")
STUDENT_REPORTS = ("summary", "gaps", "final", "forecast")
# the statements of a span of dates (seed 002 §2.5.3): counted between two dates rather
# than over a period; the marks of a period or the year stay those of the period chosen
SPAN_REPORTS = ("class_teacher", "attendance", "gaps", "movement", "control", "checks")


class ClassReportBuilder:
    """What every class report reads. ``report`` is the key of the wizard's choice;
    a builder's ``write_sheets(book, styles, classes)`` writes its sheets into ``book`` (a
    ``GridBook``). The choices are the wizard's: the year, the classes (all the year's
    the reader may read if none), the period (or the whole year), the subject and the
    student (for the reports they narrow down), and a span of dates (for the reports
    counted between two dates)."""

    report = None

    def __init__(
        self,
        env,
        year,
        classes=None,
        period=None,
        subject=None,
        student=None,
        date_from=None,
        date_to=None,
    ):
        self.env = env
        self.year_id = year
        self.class_ids = classes if classes is not None else env["school.class"]
        self.period_id = period if period is not None else env["school.period"]
        self.subject_id = subject if subject is not None else env["school.subject"]
        self.student_id = student if student is not None else env["school.student"]
        self.date_from = date_from
        self.date_to = date_to

    def with_env(self, env):
        """The same builder reading with ``env`` (e.g. in the paper's language)."""
        return type(self)(
            env,
            self.year_id.with_env(env),
            self.class_ids.with_env(env),
            self.period_id.with_env(env),
            self.subject_id.with_env(env),
            self.student_id.with_env(env),
            self.date_from,
            self.date_to,
        )

    # the grid ------------------------------------------------------------------------------
    def build(self):
        """The report's grid for the chosen classes, checked against the reader."""
        classes = self._filtered_classes(self._classes())
        book = GridBook()
        self.write_sheets(book, book.styles(), classes)
        return book

    def grid(self, classes):
        """The report's sheets as plain JSON (what the PDF statements print); a sheet of
        a class names its class teacher for the signature line."""
        book = GridBook()
        self.write_sheets(book, book.styles(), classes)
        teachers = {c.name: c.class_teacher_id.name or "" for c in classes}
        return [
            {**sheet.content(), "class_teacher": teachers.get(sheet.name, "")}
            for sheet in book.sheets
        ]

    def write_sheets(self, book, styles, classes):
        raise NotImplementedError

    def _council_decisions(self, classes):
        """{(class id, student id): the decision as written in the statement}. The
        archive addon, which keeps the council's protocols, fills it in."""
        return classes._council_decisions(self.year_id)

    def _has_span(self):
        return self.report in SPAN_REPORTS and bool(self.date_from or self.date_to)

    def _subject_filter(self):
        """The subject the report is limited to: none where the report has no such filter."""
        return self.subject_id if self.report in SUBJECT_REPORTS else self.env["school.subject"]

    def _student_filter(self):
        """The student the report is limited to: none where the report has no such filter."""
        return self.student_id if self.report in STUDENT_REPORTS else self.env["school.student"]

    def _filtered_classes(self, classes):
        """The classes the chosen subject is taught in and the chosen student studies in."""
        subject, student = self._subject_filter(), self._student_filter()
        if not subject and not student:
            return classes
        if subject:
            subjects = self._class_subjects(classes)
            classes = classes.filtered(lambda c: subject in subjects[c])
        if student:
            students = self._class_students(classes)
            classes = classes.filtered(lambda c: student in students[c])
        if not classes:
            raise UserError(
                self.env._("The chosen classes have no such subject or student this year.")
            )
        return classes

    def _filters_title(self):
        """What the report is limited to, for its titles: «, Математика, Иванов Пётр»."""
        names = (self._subject_filter().name, self._student_filter().name)
        return "".join(f", {name}" for name in names if name)

    def _classes(self):
        """The chosen classes (all of the year if none), checked against the reader."""
        classes = self.class_ids or self.env["school.class"].search(
            [("year_id", "=", self.year_id.id)]
        )
        user = self.env.user
        if self.env.is_superuser() or self.env["school.roles"]._is_deputy():
            return classes.sorted(lambda c: (c.level_number, c.letter))
        own = self.env["school.class"].search(
            [
                ("id", "in", classes.ids),
                "|",
                ("class_teacher_id", "=", user.id),
                ("assignment_ids.teacher_id", "=", user.id),
            ]
        )
        if self.class_ids - own:
            raise AccessError(
                self.env._(
                    "You may not read the statements of %s.",
                    ", ".join((self.class_ids - own).mapped("name")),
                )
            )
        if not own:
            raise UserError(self.env._("You teach no class of this year."))
        return own.sorted(lambda c: (c.level_number, c.letter))

    def _students(self, classes):
        """{class: the report's students}: the chosen student, or every one of the class."""
        student = self._student_filter()
        students = self._class_students(classes)
        return {c: s & student if student else s for c, s in students.items()}

    def _subjects(self, classes):
        """{class: the report's subjects}: the chosen subject, or every one of the class."""
        subject = self._subject_filter()
        subjects = self._class_subjects(classes)
        return {c: s & subject if subject else s for c, s in subjects.items()}

    def _students_on(self, classes, day):
        """{class: students enrolled on `day`}, read as superuser: a subject teacher may
        not read the enrollments, and `_classes()` checked they may read the class."""
        return classes.sudo()._students_on(day)

    def _class_students(self, classes):
        """{class: students enrolled during the year, by name}."""
        enrollments = (
            self.env["school.enrollment"]
            .sudo()
            .search_fetch(
                [
                    ("class_id", "in", classes.ids),
                    ("date_from", "<=", self.year_id.date_end),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", self.year_id.date_start),
                ],
                ["class_id", "student_id"],
            )
        )
        result = defaultdict(lambda: self.env["school.student"].sudo())
        for enrollment in enrollments:
            result[enrollment.class_id] |= enrollment.student_id
        return {c: result[c].sorted("name") for c in classes}

    def _class_subjects(self, classes):
        """{class: the subjects taught in it, in their order}."""
        assignments = (
            self.env["school.teaching.assignment"]
            .sudo()
            .search_fetch([("class_id", "in", classes.ids)], ["class_id", "subject_id"])
        )
        result = defaultdict(lambda: self.env["school.subject"])
        for assignment in assignments:
            result[assignment.class_id] |= assignment.subject_id
        return {c: result[c].sorted(lambda s: (s.sequence, s.name)) for c in classes}

    def _marks(self, classes):
        """{(class id, student id, subject id, kind, period id or None): code} of the
        confirmed marks, in one query."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT pm.class_id, pm.student_id, pm.subject_id, pm.kind, pm.period_id, v.code
              FROM school_period_mark pm
              JOIN school_mark_value v ON v.id = pm.value_id
             WHERE pm.class_id = ANY(%s) AND pm.state = 'confirmed'
            """,
            [classes.ids],
        )
        return {tuple(row[:5]): row[5] for row in self.env.cr.fetchall()}

    def _periods(self, school_class):
        return self.year_id.period_ids.filtered(
            lambda p: p.scheme == (school_class.period_scheme or "quarter")
        ).sorted("date_start")

    def _range(self):
        """(first day, last day, words for the titles): the chosen period or the year,
        or — for a report counted over a span — the chosen dates, each defaulting to
        the bound of the period or the year."""
        if self.period_id:
            date_from, date_to = self.period_id.date_start, self.period_id.date_end
            what = self.period_id.name
        else:
            date_from, date_to = self.year_id.date_start, self.year_id.date_end
            what = f"{self.year_id.name} учебный год"
        if not self._has_span():
            return date_from, date_to, what
        date_from, date_to = self.date_from or date_from, self.date_to or date_to
        if date_from > date_to:
            raise UserError(self.env._("The start of the span is after its end."))
        return (
            date_from,
            date_to,
            f"с {date_from.strftime('%d.%m.%Y')} по {date_to.strftime('%d.%m.%Y')}",
        )

    def _absence_counts(self, classes, date_from, date_to):
        """{(class id, student id, month, kind): lessons} in one GROUP BY."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT l.class_id, a.student_id, date_trunc('month', a.date)::date, a.kind, count(*)
              FROM school_attendance a
              JOIN school_lesson l ON l.id = a.lesson_id
             WHERE l.class_id = ANY(%s) AND a.date BETWEEN %s AND %s
             GROUP BY 1, 2, 3, 4
            """,
            [classes.ids, date_from, date_to],
        )
        return {tuple(row[:4]): row[4] for row in self.env.cr.fetchall()}

    def _sheet(self, book, styles, name, title, columns, header_rows):
        sheet = book.add_worksheet(name[:31])
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_rows[0], header_rows[1])
        sheet.merge_range(0, 0, 0, max(columns - 1, 1), title, styles["title"])
        sheet.set_header(f"&C{title}")
        sheet.set_footer("&CСтр. &P из &N")
        return sheet


def _fives_needed(weighted, weights, boundary):
    """How many «5» of weight 1 lift the weighted average to `boundary`."""
    if boundary is None:
        return None
    missing = boundary * weights - weighted
    return max(0, math.ceil(missing / (5 - boundary) - 1e-9)) if boundary < 5 else None


MONTH_NAMES = (
    "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
    "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
)  # fmt: skip


def _months(date_from, date_to):
    """The first days of the months from `date_from` to `date_to`."""
    months, month = [], date_from.replace(day=1)
    while month <= date_to:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _month_name(month):
    return MONTH_NAMES[month.month - 1]


def _percent(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def _class_results(students, subjects, mark_of):
    """Counts per subject and per student from `mark_of(student, subject)` codes."""
    lines = []
    for subject in subjects:
        codes = [mark_of(student, subject) for student in students]
        counts = {code: codes.count(code) for code in COUNTED}
        total = sum(counts.values())
        lines.append(
            {
                "subject": subject.name,
                "counts": counts,
                "total": total,
                "success": _percent(counts["5"] + counts["4"] + counts["3"], total),
                "quality": _percent(counts["5"] + counts["4"], total),
            }
        )
    names = {"excellent": [], "good": [], "one_three": [], "failing": []}
    assessed = 0
    for student in students:
        marks = {subject.name: mark_of(student, subject) for subject in subjects}
        codes = [code for code in marks.values() if code in COUNTED]
        if not codes:
            continue
        assessed += 1
        if any(code in ("2", "н/а") for code in codes):
            failed = ", ".join(name for name, code in marks.items() if code in ("2", "н/а"))
            names["failing"].append(f"{student.name} ({failed})")
        elif all(code == "5" for code in codes):
            names["excellent"].append(student.name)
        elif "3" not in codes:
            names["good"].append(student.name)
        elif codes.count("3") == 1:
            subject = next(name for name, code in marks.items() if code == "3")
            names["one_three"].append(f"{student.name} ({subject})")
    excellent, good = len(names["excellent"]), len(names["good"])
    failing = len(names["failing"])
    return {
        "subjects": lines,
        "names": names,
        "totals": {
            "students": len(students),
            "excellent": excellent,
            "good": good,
            "one_three": len(names["one_three"]),
            "failing": failing,
            "success": _percent(assessed - failing, assessed),
            "quality": _percent(excellent + good, assessed),
        },
    }
