import base64
import io
import re
import zipfile
from collections import defaultdict
from datetime import date, timedelta

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.school_journal import ABSENCE_KIND_BY_CODE
from ..tools.xlsx import new_workbook

ASSIGNMENT_KEY_PREFIX = "school.teaching.assignment,"
LESSON_KEY = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{1,2})$")
FIRST_LESSON_COLUMN = 2  # column A: student id (hidden), B: student name


class SchoolTemporaryJournalImport(models.TransientModel):
    """Временный журнал (seed 004 §3): while the electronic journal was unavailable
    the teacher kept marks and absences on paper or in a spreadsheet.

    Step 1 downloads an XLSX template of the journal's lessons between two dates
    (students in rows, lessons in columns); step 2 imports the filled template.
    The import is all or nothing: every row is checked first and all errors are
    reported together; the marks and absences are then written as the teacher,
    so the record rules, enrollment and closed-period checks still hold. Each
    import leaves a `school.journal.transfer` record."""

    _name = "school.temporary.journal.import"
    _description = "Temporary Journal Import"

    assignment_id = fields.Many2one(
        "school.teaching.assignment", string="Journal", required=True, ondelete="cascade"
    )
    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) - timedelta(days=6)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    import_file = fields.Binary(string="Filled template", attachment=False)
    import_filename = fields.Char(string="File name")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The start date must not be after the end date."))

    def action_download_template(self):
        self.ensure_one()
        self._check_can_transfer()
        lessons = self._template_lessons()
        students = self._journal_students(lessons)
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._template_filename(),
                "raw": self._template_workbook(lessons, students),
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def action_import(self):
        self.ensure_one()
        self._check_can_transfer()
        transfer = self._import_file()
        return self._import_notification(transfer)

    # access ------------------------------------------------------------------------------
    def _check_can_transfer(self):
        """Only the journal's teacher transfers their temporary journal into it."""
        if self.env.su or self.assignment_id.teacher_id == self.env.user:
            return
        raise AccessError(
            self.env._(
                "Only the teacher of the journal %s may transfer a temporary journal into it.",
                self.assignment_id.name,
            )
        )

    # template ----------------------------------------------------------------------------
    def _template_lessons(self):
        lessons = self.env["school.lesson"].search(
            [
                ("assignment_id", "=", self.assignment_id.id),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            order="date, number, id",
        )
        if not lessons:
            raise UserError(
                self.env._(
                    "The journal %(journal)s has no lessons from %(date_from)s to %(date_to)s: "
                    "create the lessons first.",
                    journal=self.assignment_id.name,
                    date_from=self.date_from,
                    date_to=self.date_to,
                )
            )
        return lessons

    def _journal_students(self, lessons):
        """Everyone enrolled in the journal's group on one of the lessons' days."""
        students = self.env["school.student"].sudo()
        # one query of the enrollments for all the days
        for roster in self.assignment_id._students_on_days(lessons.mapped("date")).values():
            students |= roster
        return students.sorted(lambda student: (student.name or "").lower())

    def _template_filename(self):
        name = re.sub(r"[^\w\-]+", "_", self.assignment_id.name or "").strip("_")
        return f"{name}_{self.date_from}_{self.date_to}.xlsx"

    def _instructions(self):
        scale = self.env["school.mark.value"].search([("usable_as_current", "=", True)])
        return self.env._(
            "Enter marks (%(marks)s) or absence codes (%(codes)s); "
            "several marks separated by a space",
            marks=", ".join(scale.mapped("code")),
            codes=", ".join(ABSENCE_KIND_BY_CODE),
        )

    def _template_workbook(self, lessons, students):
        output = io.BytesIO()
        workbook = new_workbook(self.env, output)
        sheet = workbook.add_worksheet(self.env._("Temporary journal")[:31])
        formats = self._template_formats(workbook)
        key_row = self._write_template_header(sheet, formats)
        self._write_template_columns(sheet, formats, key_row, lessons)
        self._write_template_students(sheet, formats, key_row + 2, lessons, students)
        sheet.freeze_panes(key_row + 2, FIRST_LESSON_COLUMN)
        workbook.close()
        return output.getvalue()

    def _template_formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 13}),
            "note": workbook.add_format({"italic": True}),
            "header": workbook.add_format(
                {"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter"}
            ),
            "cell": workbook.add_format({"num_format": "@", "border": 1, "align": "center"}),
            "student": workbook.add_format({"border": 1}),
        }

    def _write_template_header(self, sheet, formats):
        """The block above the grid; returns the (0-based) row of the lesson keys."""
        assignment = self.assignment_id
        sheet.write(0, 1, self.env._("Temporary journal: %s", assignment.name), formats["title"])
        sheet.write(1, 1, self.env._("Teacher: %s", assignment.teacher_id.name))
        sheet.write(
            2,
            1,
            self.env._(
                "Dates: %(date_from)s — %(date_to)s",
                date_from=self.date_from.strftime("%d.%m.%Y"),
                date_to=self.date_to.strftime("%d.%m.%Y"),
            ),
        )
        sheet.write(3, 1, self._instructions(), formats["note"])
        return 5

    def _write_template_columns(self, sheet, formats, key_row, lessons):
        """A hidden row of lesson keys «YYYY-MM-DD/N», then the visible lesson headers."""
        sheet.write(key_row, 0, f"{ASSIGNMENT_KEY_PREFIX}{self.assignment_id.id}")
        sheet.set_row(key_row, None, None, {"hidden": True})
        sheet.write(key_row + 1, 0, "ID", formats["header"])
        sheet.write(key_row + 1, 1, self.env._("Student"), formats["header"])
        sheet.set_row(key_row + 1, 32)
        sheet.set_column(0, 0, 8, None, {"hidden": True})
        sheet.set_column(1, 1, 36)
        sheet.set_column(FIRST_LESSON_COLUMN, FIRST_LESSON_COLUMN + len(lessons), 11)
        for column, lesson in enumerate(lessons, FIRST_LESSON_COLUMN):
            sheet.write(key_row, column, f"{lesson.date.isoformat()}/{lesson.number}")
            sheet.write(
                key_row + 1,
                column,
                "{}\n{}".format(
                    lesson.date.strftime("%d.%m.%Y"), self.env._("lesson %s", lesson.number)
                ),
                formats["header"],
            )

    def _write_template_students(self, sheet, formats, first_row, lessons, students):
        for row, student in enumerate(students, first_row):
            sheet.write_number(row, 0, student.id)
            sheet.write(row, 1, student.name, formats["student"])
            for column in range(FIRST_LESSON_COLUMN, FIRST_LESSON_COLUMN + len(lessons)):
                sheet.write_blank(row, column, None, formats["cell"])

    # import: reading ---------------------------------------------------------------------
    def _import_file(self):
        if not self.import_file:
            raise UserError(self.env._("Upload the filled template first."))
        rows = self._read_rows()
        key_index = self._key_row_index(rows)
        errors = []
        columns = self._lesson_columns(rows, key_index, errors)
        cells = self._read_cells(rows[key_index + 2 :], columns, errors)
        if not cells and not errors:
            raise UserError(self.env._("The file holds no marks or absences."))
        self._check_cells(cells, errors)
        if errors:
            raise UserError(self._errors_message(errors))
        mark_count, absence_count = self.env["school.journal"]._create_cells(cells)
        return self._create_transfer(columns, cells, mark_count, absence_count)

    def _read_rows(self):
        """[(sheet row number, [cell values])] of the workbook's first sheet."""
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(base64.b64decode(self.import_file)), read_only=True, data_only=True
            )
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
            raise UserError(self.env._("The file is not an Excel workbook (.xlsx).")) from error
        sheet = workbook.worksheets[0]
        rows = [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
        workbook.close()
        return rows

    def _key_row_index(self, rows):
        """The hidden row of the template that names the journal and the lessons."""
        for index, (_number, values) in enumerate(rows):
            first = values[0] if values else None
            if isinstance(first, str) and first.startswith(ASSIGNMENT_KEY_PREFIX):
                self._check_same_journal(first)
                return index
        raise UserError(
            self.env._(
                "This file is not a temporary journal template: download the template "
                "from the journal and fill it in."
            )
        )

    def _check_same_journal(self, key):
        assignment_id = key[len(ASSIGNMENT_KEY_PREFIX) :].strip()
        if assignment_id != str(self.assignment_id.id):
            raise UserError(
                self.env._(
                    "This file is the template of another journal, not of %s.",
                    self.assignment_id.name,
                )
            )

    def _lesson_columns(self, rows, key_index, errors):
        """{column: lesson} from the lesson keys; unknown keys are errors of columns
        that hold data."""
        key_number, keys = rows[key_index]
        data_rows = [values for _number, values in rows[key_index + 2 :]]
        lessons = self._lessons_by_key(keys[FIRST_LESSON_COLUMN:])
        columns = {}
        for column in range(FIRST_LESSON_COLUMN, max(map(len, [keys, *data_rows]))):
            key = _cell_text(keys[column] if column < len(keys) else None)
            has_data = any(_cell_text(_value(values, column)) for values in data_rows)
            if key in lessons:
                columns[column] = lessons[key]
            elif has_data:
                errors.append(
                    (
                        key_number,
                        "",
                        key or self.env._("column %s", column + 1),
                        self.env._(
                            "There is no such lesson in the journal %s.", self.assignment_id.name
                        ),
                    )
                )
        return columns

    def _lessons_by_key(self, keys):
        wanted = {}
        for key in keys:
            match = LESSON_KEY.match(_cell_text(key))
            if match:
                try:
                    wanted[match.group(0)] = (date.fromisoformat(match[1]), int(match[2]))
                except ValueError:
                    continue
        if not wanted:
            return {}
        lessons = self.env["school.lesson"].search(
            [
                ("assignment_id", "=", self.assignment_id.id),
                ("date", "in", list({day for day, _number in wanted.values()})),
            ]
        )
        by_date_number = {(lesson.date, lesson.number): lesson for lesson in lessons}
        return {
            key: by_date_number[value] for key, value in wanted.items() if value in by_date_number
        }

    def _read_cells(self, student_rows, columns, errors):
        """The non-empty cells of the lesson columns, with their parsed marks and
        absence; unknown students, bad texts and cells twice in the file are errors."""
        students = self._journal_students(self.env["school.lesson"].union(*columns.values()))
        by_name = {(student.name or "").strip().lower(): student for student in students}
        by_id = self._students_by_id(student_rows)
        parse = self.env["school.journal"]._cell_parser()  # the scale read once
        cells, seen = [], {}
        for number, values in student_rows:
            texts = {column: _cell_text(_value(values, column)) for column in columns}
            texts = {column: text for column, text in texts.items() if text}
            if not texts:
                continue
            student = self._row_student(values, by_name, by_id)
            if not student:
                label = _cell_text(_value(values, 1)) or _cell_text(_value(values, 0))
                errors.append((number, label, "", self.env._("Unknown student.")))
                continue
            for column, text in texts.items():
                cell = self._read_cell(number, student, columns[column], text, seen, errors, parse)
                if cell:
                    cells.append(cell)
        return cells

    def _students_by_id(self, student_rows):
        """{id: student} of the existing students whose ids the rows give, in one query."""
        ids = {_row_student_id(values) for _number, values in student_rows}
        ids = [student_id for student_id in ids if student_id and student_id > 0]
        students = self.env["school.student"].sudo().browse(ids).exists()
        return {student.id: student for student in students}

    def _row_student(self, values, by_name, by_id):
        """The student of a row: by the hidden id, else by the name in the journal."""
        student_id = _row_student_id(values)
        if student_id is not None:
            return by_id.get(student_id, self.env["school.student"].sudo())
        return by_name.get(_cell_text(_value(values, 1)).lower())

    def _read_cell(self, number, student, lesson, text, seen, errors, parse):
        key = (student.id, lesson.id)
        if key in seen:
            errors.append(
                (
                    number,
                    student.name,
                    _lesson_label(lesson),
                    self.env._(
                        "The same student and lesson are twice in the file (row %s).", seen[key]
                    ),
                )
            )
            return None
        seen[key] = number
        try:
            codes, absence = parse(text)
        except ValidationError as error:
            errors.append((number, student.name, _lesson_label(lesson), error.args[0]))
            return None
        return {
            "row": number,
            "student": student,
            "lesson": lesson,
            "codes": codes,
            "absence": absence,
        }

    # import: checking --------------------------------------------------------------------
    def _check_cells(self, cells, errors):
        """Closed periods, enrollment on the lesson day and what the journal already holds."""
        existing = self._existing_entries(cells)
        lessons = self.env["school.lesson"].union(*(cell["lesson"] for cell in cells))
        enrolled = lessons._students_by_lesson()  # one query for all the lessons
        for cell in cells:
            lesson, student = cell["lesson"], cell["student"]
            message = (
                self._closed_period_error(lesson)
                or (student not in enrolled[lesson] and self._not_enrolled_error(lesson))
                or self._existing_entry_error(cell, existing.get((student.id, lesson.id)))
            )
            if message:
                errors.append((cell["row"], student.name, _lesson_label(lesson), message))

    def _closed_period_error(self, lesson):
        try:
            lesson._check_period_open()
        except UserError as error:
            return error.args[0]
        return False

    def _not_enrolled_error(self, lesson):
        return self.env._(
            "The student is not enrolled in %(group)s on %(date)s.",
            group=lesson.study_group_id.name or lesson.class_id.name,
            date=lesson.date,
        )

    def _existing_entries(self, cells):
        """{(student id, lesson id): (mark codes, absence kind)} already in the journal.

        Read as superuser: a duplicate must be found even where the user's read
        rules would hide it; nothing is written here."""
        if not cells:
            return {}
        domain = [
            ("lesson_id", "in", list({cell["lesson"].id for cell in cells})),
            ("student_id", "in", list({cell["student"].id for cell in cells})),
        ]
        entries = defaultdict(lambda: ([], False))
        for mark in (
            self.env["school.mark"]
            .sudo()
            .search_fetch(domain, ["lesson_id", "student_id", "value_id"], order="id")
        ):
            entries[mark.student_id.id, mark.lesson_id.id][0].append(mark.value_id.code)
        for absence in (
            self.env["school.attendance"]
            .sudo()
            .search_fetch(domain, ["lesson_id", "student_id", "kind"])
        ):
            codes = entries[absence.student_id.id, absence.lesson_id.id][0]
            entries[absence.student_id.id, absence.lesson_id.id] = (codes, absence.kind)
        return dict(entries)

    def _existing_entry_error(self, cell, existing):
        if not existing or existing == ([], False):
            return False
        codes, absence = existing
        journal_text = _entry_text(codes, absence)
        if sorted(codes) == sorted(cell["codes"]) and absence == cell["absence"]:
            return self.env._("«%s» is already in the journal (duplicate).", journal_text)
        return self.env._(
            "The journal already holds «%(journal)s» here, the file says «%(file)s»: "
            "correct the journal itself.",
            journal=journal_text,
            file=_entry_text(cell["codes"], cell["absence"]),
        )

    def _errors_message(self, errors):
        lines = [
            self.env._(
                "Row %(row)s, %(student)s, %(lesson)s: %(message)s",
                row=row,
                student=student or "—",
                lesson=lesson or "—",
                message=message,
            )
            for row, student, lesson, message in sorted(errors, key=lambda error: error[0])
        ]
        return self.env._(
            "Nothing was imported. Correct these rows of the file and import it again:\n%s",
            "\n".join(lines),
        )

    # import: writing ---------------------------------------------------------------------
    def _create_transfer(self, columns, cells, mark_count, absence_count):
        """The record of the transfer; created as superuser, like the journal audit."""
        dates = [lesson.date for lesson in columns.values()]
        lessons = self.env["school.lesson"].union(*(cell["lesson"] for cell in cells))
        return (
            self.env["school.journal.transfer"]
            .sudo()
            .create(
                {
                    "assignment_id": self.assignment_id.id,
                    "user_id": self.env.uid,
                    "transfer_date": self.env["school.journal"]._today(),
                    "date_from": min(dates),
                    "date_to": max(dates),
                    "mark_count": mark_count,
                    "absence_count": absence_count,
                    "lesson_ids": [Command.set(lessons.ids)],
                }
            )
        )

    def _import_notification(self, transfer):
        message = self.env._(
            "%(marks)s marks and %(absences)s absences were transferred into %(journal)s.",
            marks=transfer.mark_count,
            absences=transfer.absence_count,
            journal=self.assignment_id.name,
        )
        if transfer.is_late:
            message += " " + self.env._(
                "%s lessons were transferred more than 2 working days after they took place: "
                "the deputy director has been notified.",
                transfer.late_lesson_count,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Temporary journal transferred"),
                "message": message,
                "type": "warning" if transfer.is_late else "success",
                "sticky": transfer.is_late,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


def _row_student_id(values):
    """The hidden student id of a row (column A), or None."""
    student_id = _value(values, 0)
    if isinstance(student_id, bool):
        return 0  # a TRUE/FALSE cell: an id of nobody
    if isinstance(student_id, float) and student_id.is_integer():
        student_id = int(student_id)
    if isinstance(student_id, str) and student_id.strip().isdigit():
        student_id = int(student_id)
    return student_id if isinstance(student_id, int) else None


def _value(values, column):
    return values[column] if column < len(values) else None


def _cell_text(value):
    """A cell as the teacher typed it: 5 (a number) → "5", "  н " → "н"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        value = value.isoformat()
    return str(value).strip()


def _lesson_label(lesson):
    return f"{lesson.date.strftime('%d.%m.%Y')} / {lesson.number}"


def _entry_text(codes, absence_kind):
    absence_code = {kind: code for code, kind in ABSENCE_KIND_BY_CODE.items()}.get(absence_kind)
    return " ".join([*codes, absence_code] if absence_code else codes)
