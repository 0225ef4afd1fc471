"""Import of class timetables from a simple XLSX table, for a school that makes its
timetable in a spreadsheet.

The first sheet holds one slot a row under a row of headers (in Russian or English, in
any order; rows above the headers, such as a title, are skipped):

=================  ===================================================================
Класс / Class      the class of the academic year of «Valid from» (``5А``)
День / Weekday     ``1``–``7`` (1 = Monday) or the day's name (``понедельник``, ``пн``,
                   ``Monday``, ``Mon``)
Урок / Lesson No.  the lesson number, 1 to 12
Предмет / Subject  the subject's name
Учитель / Teacher  the teacher's full name as in the school's users
Группа / Group     the subgroup's name, empty for the whole class
Кабинет / Room     the room's name, empty for none; the room must exist
Недели / Weeks     empty or «каждая» (every week), «нечётная» (odd), «чётная» (even)
=================  ===================================================================

Every row is checked first — the class, subject, teacher and room exist, the journal
(class or subgroup, subject, teacher) exists, the row does not clash with another row of
the file — and one wrong row refuses the whole file with every wrong row named; nothing
is written. The result is one draft timetable per class, for the deputy to check and
publish. A sample is ``data/timetable_sample.xlsx`` of the repository."""

import base64
import io
import re
import zipfile

from odoo import api, fields, models
from odoo.exceptions import UserError

COLUMNS = {
    "class": ("класс", "class"),
    "weekday": ("день", "день недели", "weekday", "day"),
    "number": ("урок", "№ урока", "номер урока", "№", "lesson no", "lesson", "number"),
    "subject": ("предмет", "subject"),
    "teacher": ("учитель", "преподаватель", "teacher"),
    "group": ("группа", "подгруппа", "group", "subgroup"),
    "room": ("кабинет", "room"),
    "parity": ("недели", "неделя", "чётность", "четность", "weeks", "week parity", "parity"),
}
REQUIRED = ("class", "weekday", "number", "subject", "teacher")
HEADERS = {header: column for column, headers in COLUMNS.items() for header in headers}
HEADER_SEARCH_ROWS = 10
WEEKDAY_NAMES = {
    **{
        name: index
        for index, names in enumerate(
            (
                ("понедельник", "пн", "monday", "mon"),
                ("вторник", "вт", "tuesday", "tue"),
                ("среда", "ср", "wednesday", "wed"),
                ("четверг", "чт", "thursday", "thu"),
                ("пятница", "пт", "friday", "fri"),
                ("суббота", "сб", "saturday", "sat"),
                ("воскресенье", "вс", "sunday", "sun"),
            )
        )
        for name in names
    },
    **{str(number): number - 1 for number in range(1, 8)},
}
PARITY_NAMES = {
    "": "every",
    "каждая": "every",
    "каждую": "every",
    "все": "every",
    "every": "every",
    "all": "every",
    "нечетная": "odd",
    "нечет": "odd",
    "нечетные": "odd",
    "odd": "odd",
    "четная": "even",
    "чет": "even",
    "четные": "even",
    "even": "even",
}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _key(value):
    return _text(value).lower().replace("ё", "е").rstrip(".:").strip()


class SchoolTimetableXlsxImport(models.TransientModel):
    _name = "school.timetable.xlsx.import"
    _inherit = ["school.timetable.import.mixin"]
    _description = "Import of Timetables from an XLSX Table"

    file = fields.Binary(required=True)
    filename = fields.Char()
    date_from = fields.Date(string="Valid from", required=True, default=fields.Date.context_today)

    def action_import(self):
        self.ensure_one()
        timetables = self._import_xlsx(base64.b64decode(self.file or b""), self.date_from)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported timetables"),
            "res_model": "school.timetable",
            "view_mode": "list,form",
            "domain": [("id", "in", timetables.ids)],
        }

    @api.model
    def _import_xlsx(self, content, date_from):
        """Check every row of the table, then create the draft timetables (all or
        nothing)."""
        self._check_importer()
        table = self._read_table(content)
        rows, errors = self._read_rows(table, date_from)
        if errors:
            raise UserError(
                self.env._(
                    "The timetable table was not imported, nothing was changed:\n%(errors)s",
                    errors=self._errors_text(errors),
                )
            )
        if not rows:
            raise UserError(self.env._("The timetable table has no rows of lessons."))
        note = self.env._("Imported from an XLSX table.")
        return self._create_timetables(self._timetables_vals(rows, date_from, note))

    @api.model
    def _read_table(self, content):
        import openpyxl

        if not content.startswith(b"PK"):
            raise UserError(self.env._("The file is not an XLSX workbook."))
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise UserError(
                self.env._("The file cannot be read as an XLSX workbook: %(error)s", error=error)
            ) from error
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()

    @api.model
    def _find_header(self, table):
        """(index of the header row, {column: cell index}) or raise."""
        for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
            columns = {}
            for position, cell in enumerate(row):
                column = HEADERS.get(_key(cell))
                if column and column not in columns:
                    columns[column] = position
            if all(column in columns for column in REQUIRED):
                return index, columns
        raise UserError(
            self.env._(
                "No row of headers found: the table needs the columns Класс (Class), "
                "День (Weekday), Урок (Lesson No.), Предмет (Subject) and Учитель (Teacher); "
                "Группа (Group), Кабинет (Room) and Недели (Weeks) may be added."
            )
        )

    @api.model
    def _read_rows(self, table, date_from):
        """([slot rows], [errors]) of the table."""
        year = self._year_of(date_from)
        if not year:
            return [], [self.env._("No academic year covers %(date)s.", date=date_from)]
        header, columns = self._find_header(table)
        find = self._record_finder(year)
        rows, errors = [], []
        for index in range(header + 1, len(table)):
            raw = table[index]
            cells = {
                column: _text(raw[position]) if position < len(raw) else ""
                for column, position in columns.items()
            }
            if not any(cells.values()):
                continue
            row, row_errors = self._read_row(index + 1, cells, find, year)
            errors += row_errors
            if row:
                rows.append(row)
        if not errors:
            errors = self._clashes_in_file(rows)
        return rows, errors

    @api.model
    def _read_row(self, number, cells, find, year):
        where = self.env._("Row %(row)s", row=number)
        errors = []
        school_class = find("class", cells["class"])
        if not school_class:
            errors.append(
                self.env._(
                    "%(where)s: class «%(name)s» not found in %(year)s.",
                    where=where,
                    name=cells["class"],
                    year=year.name,
                )
            )
        weekday = WEEKDAY_NAMES.get(_key(cells["weekday"]))
        if weekday is None:
            errors.append(
                self.env._(
                    "%(where)s: «%(value)s» is not a weekday (1 = Monday … 7 = Sunday, "
                    "or the day's name).",
                    where=where,
                    value=cells["weekday"],
                )
            )
        try:
            lesson_number = int(cells["number"])
        except ValueError:
            lesson_number = 0
        if not 1 <= lesson_number <= 12:
            errors.append(
                self.env._(
                    "%(where)s: lesson number «%(value)s» is not 1 to 12.",
                    where=where,
                    value=cells["number"],
                )
            )
        subject = find("subject", cells["subject"])
        if not subject:
            errors.append(
                self.env._(
                    "%(where)s: subject «%(name)s» not found.", where=where, name=cells["subject"]
                )
            )
        teacher = find("teacher", cells["teacher"])
        if not teacher:
            errors.append(
                self.env._(
                    "%(where)s: teacher «%(name)s» not found.", where=where, name=cells["teacher"]
                )
            )
        room = False
        if cells.get("room"):
            room = find("room", cells["room"])
            if not room:
                errors.append(
                    self.env._(
                        "%(where)s: room «%(name)s» not found.", where=where, name=cells["room"]
                    )
                )
        parity = PARITY_NAMES.get(_key(cells.get("parity")))
        if not parity:
            errors.append(
                self.env._(
                    "%(where)s: weeks «%(value)s» are not empty, «каждая» (every), "
                    "«нечётная» (odd) or «чётная» (even).",
                    where=where,
                    value=cells.get("parity"),
                )
            )
        if errors:
            return None, errors
        group_name = cells.get("group") or None
        assignment = self._find_assignment(school_class, subject, teacher, group_name)
        if not assignment:
            return None, [self._no_journal_error(where, school_class, subject, teacher, group_name)]
        return {
            "where": where,
            "class": school_class,
            "weekday": weekday,
            "number": lesson_number,
            "week_parity": parity,
            "assignment": assignment,
            "room": room.id if room else False,
        }, []
