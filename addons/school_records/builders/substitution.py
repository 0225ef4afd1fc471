"""«Замещённые уроки» for pay: per month, the lessons each substitute teacher gave
instead of the journal's teacher — date, class, subject, lesson number, the replaced
teacher and the reason of the deputy's change — with each teacher's hours and the
month's total.

Counted from the lessons themselves (``substitute_teacher_id``), so a moved lesson counts
on the day it was given and a cancelled one, which no longer exists, not at all."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import fields

from .class_report_base import _month_name
from .grid import GridBook

# The report goes to the accounts office with the timesheet: its headings are Russian.
HEADINGS = (
    "Замещающий учитель",
    "Дата",
    "Класс",
    "Предмет",
    "Урок №",
    "Замещаемый учитель",
    "Основание",
)


class SubstitutionBuilder:
    """The substitutions of the month that starts on ``start``."""

    def __init__(self, env, start):
        self.env = env
        self.start = start

    # the figures ----------------------------------------------------------------------------
    def _rows(self):
        """{substitute (res.users): [row dicts in date and lesson order]} of the month
        starting ``start``. Read as superuser once the role is checked."""
        start = self.start
        end = start + relativedelta(months=1, days=-1)
        lessons = (
            self.env["school.lesson"]
            .sudo()
            .search(
                [
                    ("substitute_teacher_id", "!=", False),
                    ("date", ">=", start),
                    ("date", "<=", end),
                ],
                order="date, number, id",
            )
        )
        changes = (
            self.env["school.lesson.change"]
            .sudo()
            .search(
                [
                    ("state", "=", "applied"),
                    ("kind", "=", "substitution"),
                    ("lesson_id", "in", lessons.ids),
                ],
                order="decided_on, id",
            )
        )
        reasons = {}
        for change in changes:
            if change.substitute_teacher_id == change.lesson_id.substitute_teacher_id:
                reasons[change.lesson_id.id] = change.reason
        rows = defaultdict(list)
        for lesson in lessons:
            rows[lesson.substitute_teacher_id].append(
                {
                    "date": lesson.date,
                    "class": lesson.class_id.name or "",
                    "subject": lesson.subject_id.name or "",
                    "number": lesson.number,
                    "replaced": lesson.teacher_id.name or "",
                    "reason": reasons.get(lesson.id, ""),
                }
            )
        return dict(
            sorted(rows.items(), key=lambda item: ((item[0].name or "").lower(), item[0].id))
        )

    # the grid ------------------------------------------------------------------------------
    def build(self):
        start = self.start
        rows = self._rows()
        book = GridBook()
        styles = book.styles()
        styles["date"] = book.add_format(
            {"border": 1, "valign": "vcenter", "font_size": 9, "num_format": "dd.mm.yyyy"},
            name="date",
        )
        styles["total"] = book.add_format(
            {"border": 1, "valign": "vcenter", "font_size": 9, "bold": True}, name="total"
        )
        what = f"{_month_name(start)} {start.year}"
        sheet = book.add_worksheet("Замены")
        sheet.write(0, 0, f"Замещённые уроки за {what}", styles["title"])
        for col, heading in enumerate(HEADINGS):
            sheet.write(2, col, heading, styles["head"])
        for col, width in enumerate((28, 11, 8, 22, 7, 28, 30)):
            sheet.set_column(col, col, width)
        row = 3
        total = 0
        for teacher, lessons in rows.items():
            for lesson in lessons:
                sheet.write(row, 0, teacher.name, styles["name"])
                sheet.write_datetime(
                    row, 1, fields.Datetime.to_datetime(lesson["date"]), styles["date"]
                )
                sheet.write(row, 2, lesson["class"], styles["cell"])
                sheet.write(row, 3, lesson["subject"], styles["name"])
                sheet.write_number(row, 4, lesson["number"], styles["cell"])
                sheet.write(row, 5, lesson["replaced"], styles["name"])
                sheet.write(row, 6, lesson["reason"], styles["name"])
                row += 1
            sheet.write(row, 0, f"Итого: {teacher.name}", styles["total"])
            sheet.write_number(row, 4, len(lessons), styles["total"])
            total += len(lessons)
            row += 1
        sheet.write(row, 0, "Всего часов замещения", styles["total"])
        sheet.write_number(row, 4, total, styles["total"])

        summary = book.add_worksheet("Итоги")
        summary.write(0, 0, f"Часы замещения за {what}", styles["title"])
        summary.write(2, 0, "Учитель", styles["head"])
        summary.write(2, 1, "Часов", styles["head"])
        summary.set_column(0, 0, 32)
        for offset, (teacher, lessons) in enumerate(rows.items()):
            summary.write(3 + offset, 0, teacher.name, styles["name"])
            summary.write_number(3 + offset, 1, len(lessons), styles["cell"])
        summary.write(3 + len(rows), 0, "Всего", styles["total"])
        summary.write_number(3 + len(rows), 1, total, styles["total"])
        return book
