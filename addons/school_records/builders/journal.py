"""The paper class journal (приказ о ведении журнала) as a grid: per journal of the
period a sheet of marks and absences and a sheet of lesson topics and homework. The
journal export wizard downloads it as XLSX (or prints the same pages as PDF,
:data:`REPORT_REF`); the archive keeps a year of it per journal."""

from datetime import date

from odoo import fields

from ..tools.xlsx import SHEET_NAME_FORBIDDEN, SHEET_NAME_LIMIT
from .grid import GridBook

# The printed journal is the legal paper form (приказ о ведении журнала): its
# headings are Russian whatever the reader's interface language is.
MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MARKS_TITLE = "Классный журнал — Учёт успеваемости"
TOPICS_TITLE = "Классный журнал — Что пройдено на уроке"
MARKS_SUFFIX = " — отметки"
TOPICS_SUFFIX = " — темы"
MARKS_HEADERS = ("№", "Фамилия, имя обучающегося")
AVERAGE_HEADER = "Средний балл"
PERIOD_MARK_HEADER = "Отметка за период"
TOPICS_HEADERS = (
    "№",
    "Дата",
    "Урок №",
    "Что пройдено на уроке",
    "Домашнее задание",
    "Замена (учитель)",
)
SIGNATURE_LINE = "Подпись классного руководителя ____________________"

# the layout of both sheets: the header block, then the table
TABLE_ROW = 7  # the marks sheet's month row / the topics sheet's column titles
FIRST_LESSON_COL = len(MARKS_HEADERS)
# the QWeb PDF of the same pages
REPORT_REF = "school_records.school_journal_export_report"


_CELL = {"border": 1, "valign": "vcenter", "font_size": 9}
JOURNAL_FORMATS = {
    "company": {"bold": True, "font_size": 12},
    "title": {"bold": True, "font_size": 11},
    "info": {"font_size": 10},
    "head": {**_CELL, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#EEEEEE"},
    "text": _CELL,
    "wrap": {**_CELL, "text_wrap": True, "valign": "top"},
    "center": {**_CELL, "align": "center"},
    "average": {**_CELL, "align": "center", "num_format": "0.00"},
    "period_mark": {**_CELL, "align": "center", "bold": True},
}


class JournalBuilder:
    """The pages of the journals of one period, read through the journal grid (which
    checks the reader), and their grid."""

    def __init__(self, env, period):
        self.env = env
        self.period_id = period

    # the pages -----------------------------------------------------------------------------
    def pages(self, assignments):
        """One dict per journal with all the printed pages show."""
        grid = self.env["school.journal.grid"]
        return [
            self._journal_page(assignment, grid._printed_content(assignment.id, self.period_id.id))
            for assignment in assignments
        ]

    def _journal_page(self, assignment, data):
        lessons = [self._lesson_line(lesson) for lesson in data["lessons"]]
        period_marks = self._confirmed_period_marks(assignment)
        subject = assignment.subject_id
        return {
            "company": self.env.company.name,
            "class_name": assignment.study_group_id.name or assignment.class_id.name or "",
            "class_teacher": assignment.class_id.class_teacher_id.name or "",
            "subject": subject.name,
            "short_name": subject.short_name or subject.name,
            "teacher": assignment.teacher_id.name,
            # the teacher and every substitute who taught a lesson sign the page
            "signing_teachers": list(
                dict.fromkeys(
                    [assignment.teacher_id.name or ""]
                    + [line["substitute"] for line in lessons if line["substitute"]]
                )
            ),
            "period": data["period"]["name"],
            "printed_on": fields.Date.context_today(self.period_id).strftime("%d.%m.%Y"),
            "lessons": lessons,
            "months": self._month_groups(lessons),
            "rows": [
                self._student_row(number, student, data, period_marks)
                for number, student in enumerate(data["students"], start=1)
            ],
        }

    def _lesson_line(self, lesson):
        day = date.fromisoformat(lesson["date"])
        return {
            "id": lesson["id"],
            "day": day,
            "day_month": day.strftime("%d.%m"),
            "date": day.strftime("%d.%m.%Y"),
            "number": lesson["number"],
            "topic": lesson["topic"],
            "homework": lesson["homework"],
            "substitute": lesson["substitute"],
        }

    @staticmethod
    def _month_groups(lessons):
        """[{name, span}] for the month row above the lesson dates."""
        groups = []
        for lesson in lessons:
            name = MONTHS[lesson["day"].month - 1]
            if groups and groups[-1]["name"] == name:
                groups[-1]["span"] += 1
            else:
                groups.append({"name": name, "span": 1})
        return groups

    @staticmethod
    def _cell_text(cell):
        """As the grid shows a cell: the marks, then the absence code."""
        if not cell:
            return ""
        parts = [mark["code"] for mark in cell["marks"]]
        if cell["absence"]:
            parts.append(cell["absence"])
        return " ".join(parts)

    def _student_row(self, number, student, data, period_marks):
        average = data["averages"].get(student["id"]) or {}
        value = average.get("average")
        return {
            "number": number,
            "name": student["name"],
            "cells": [
                self._cell_text(data["cells"].get(f"{student['id']}-{lesson['id']}"))
                for lesson in data["lessons"]
            ],
            "average": value,
            "average_text": "" if value is None else f"{value:.2f}".replace(".", ","),
            "period_mark": period_marks.get(student["id"]) or average.get("proposed") or "",
        }

    def _confirmed_period_marks(self, assignment):
        """{student_id: code} of the confirmed period marks the user may read."""
        marks = self.env["school.period.mark"].search(
            [
                ("assignment_id", "=", assignment.id),
                ("kind", "=", "period"),
                ("period_id", "=", self.period_id.id),
                ("state", "=", "confirmed"),
                ("value_id", "!=", False),
            ]
        )
        return {mark.student_id.id: mark.value_id.code for mark in marks}

    # the grid ------------------------------------------------------------------------------
    @staticmethod
    def new_book():
        return GridBook(JOURNAL_FORMATS)

    def build(self, pages):
        """The workbook's grid: a sheet of marks and a sheet of topics per page."""
        book = self.new_book()
        used_names = set()
        for page in pages:
            self.add_page(book, page, used_names)
        return book

    def add_page(self, book, page, used_names, naming=None):
        """The page's two sheets, named after ``naming`` (the page by default)."""
        styles = {name: name for name in book.formats}
        naming = naming or page
        marks = book.add_worksheet(self._sheet_name(naming, MARKS_SUFFIX, used_names))
        self._write_marks_sheet(marks, page, styles)
        topics = book.add_worksheet(self._sheet_name(naming, TOPICS_SUFFIX, used_names))
        self._write_topics_sheet(topics, page, styles)

    @staticmethod
    def _sheet_name(page, suffix, used_names):
        """«<subject> — отметки», at most 31 characters and unique in the workbook."""
        limit = SHEET_NAME_LIMIT - len(suffix)
        base = page["subject"] if len(page["subject"]) <= limit else page["short_name"]
        base = SHEET_NAME_FORBIDDEN.sub("", base).strip()[:limit].strip()
        name, counter = f"{base}{suffix}", 1
        while name.lower() in used_names:
            counter += 1
            tag = f" {counter}"
            name = f"{base[: limit - len(tag)].strip()}{tag}{suffix}"
        used_names.add(name.lower())
        return name

    @staticmethod
    def _write_header_block(sheet, page, title, styles):
        sheet.write(0, 0, page["company"], styles["company"])
        sheet.write(1, 0, title, styles["title"])
        sheet.write(2, 0, f"Класс: {page['class_name']}", styles["info"])
        sheet.write(3, 0, f"Предмет: {page['subject']}", styles["info"])
        sheet.write(4, 0, f"Учитель: {page['teacher']}", styles["info"])
        sheet.write(5, 0, f"Период: {page['period']}", styles["info"])

    @staticmethod
    def _set_print_layout(sheet, repeat_to_row):
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        sheet.repeat_rows(TABLE_ROW, repeat_to_row)

    def _write_marks_sheet(self, sheet, page, styles):
        self._write_header_block(sheet, page, MARKS_TITLE, styles)
        lessons = page["lessons"]
        average_col = FIRST_LESSON_COL + len(lessons)
        date_row = TABLE_ROW + 1
        titles = [*enumerate(MARKS_HEADERS), (average_col, AVERAGE_HEADER)]
        titles.append((average_col + 1, PERIOD_MARK_HEADER))
        for col, title in titles:
            sheet.merge_range(TABLE_ROW, col, date_row, col, title, styles["head"])
        col = FIRST_LESSON_COL
        for month in page["months"]:
            self._write_span(sheet, TABLE_ROW, col, month["span"], month["name"], styles["head"])
            col += month["span"]
        for col, lesson in enumerate(lessons, start=FIRST_LESSON_COL):
            sheet.write(date_row, col, lesson["day_month"], styles["head"])
        for row, line in enumerate(page["rows"], start=date_row + 1):
            sheet.write(row, 0, line["number"], styles["center"])
            sheet.write(row, 1, line["name"], styles["text"])
            for col, text in enumerate(line["cells"], start=FIRST_LESSON_COL):
                sheet.write(row, col, text, styles["center"])
            if line["average"] is None:
                sheet.write_blank(row, average_col, None, styles["average"])
            else:
                sheet.write_number(row, average_col, line["average"], styles["average"])
            sheet.write(row, average_col + 1, line["period_mark"], styles["period_mark"])
        sheet.set_column(0, 0, 4)
        sheet.set_column(1, 1, 32)
        if lessons:
            sheet.set_column(FIRST_LESSON_COL, average_col - 1, 5.5)
        sheet.set_column(average_col, average_col + 1, 10)
        sheet.set_row(date_row, 18)
        sheet.freeze_panes(date_row + 1, FIRST_LESSON_COL)
        self._set_print_layout(sheet, date_row)
        sheet.repeat_columns(0, 1)

    @staticmethod
    def _write_span(sheet, row, col, span, text, style):
        if span > 1:
            sheet.merge_range(row, col, row, col + span - 1, text, style)
        else:
            sheet.write(row, col, text, style)

    def _write_topics_sheet(self, sheet, page, styles):
        self._write_header_block(sheet, page, TOPICS_TITLE, styles)
        for col, title in enumerate(TOPICS_HEADERS):
            sheet.write(TABLE_ROW, col, title, styles["head"])
        row = TABLE_ROW
        for row, lesson in enumerate(page["lessons"], start=TABLE_ROW + 1):
            sheet.write(row, 0, row - TABLE_ROW, styles["center"])
            sheet.write(row, 1, lesson["date"], styles["center"])
            sheet.write(row, 2, lesson["number"], styles["center"])
            sheet.write(row, 3, lesson["topic"], styles["wrap"])
            sheet.write(row, 4, lesson["homework"], styles["wrap"])
            sheet.write(row, 5, lesson["substitute"], styles["wrap"])
        sheet.write(row + 2, 3, SIGNATURE_LINE, styles["info"])
        sheet.write(row + 3, 3, f"Дата печати: {page['printed_on']}", styles["info"])
        for col, width in enumerate((4, 11, 7, 50, 40, 24)):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(TABLE_ROW + 1, 0)
        self._set_print_layout(sheet, TABLE_ROW)
