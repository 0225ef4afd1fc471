"""Import of a journal's lesson plan (КТП, календарно-тематическое планирование).

A teacher uploads an XLSX or CSV file with one row per lesson; every row is checked
before anything is written, and the whole file is refused when one row is wrong."""

import base64
import csv
import io
import re
import zipfile
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

# Column -> the headers that name it, normalised (lower case, ё as е, no trailing dot).
COLUMNS = {
    "number": (
        "№",
        "n",
        "no",
        "nr",
        "#",
        "number",
        "lesson number",
        "lesson no",
        "номер",
        "номер урока",
        "№ урока",
        "№ п/п",
        "n п/п",
        "п/п",
    ),
    "topic": ("тема", "тема урока", "topic", "lesson topic", "title"),
    "hours": (
        "часы",
        "часов",
        "кол-во часов",
        "количество часов",
        "hours",
        "hour",
    ),
    "date": (
        "дата",
        "дата по плану",
        "плановая дата",
        "дата проведения",
        "date",
        "planned date",
    ),
    "week": ("неделя", "учебная неделя", "номер недели", "week", "planned week"),
    "control": (
        "контрольная",
        "контрольная работа",
        "кр",
        "control",
        "control work",
    ),
}
HEADERS = {header: column for column, headers in COLUMNS.items() for header in headers}
# Rows above the header (a title, the teacher's name) that are skipped while looking for it.
HEADER_SEARCH_ROWS = 10

YES = {"да", "д", "1", "x", "х", "+", "yes", "y", "true", "v", "✓", "✔", "кр"}
NO = {"нет", "н", "0", "-", "—", "no", "n", "false"}
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y")


def _normalise_header(value):
    text = str(value or "").strip().lower().replace("ё", "е")
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(".:").strip()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class SchoolLessonPlanImport(models.TransientModel):
    """Imports the lesson plan of one teaching assignment from an XLSX or CSV file.

    The plan lines are written as the user, so the record rules decide whose plan one
    may import: a teacher imports only into their own journals."""

    _name = "school.lesson.plan.import"
    _description = "Lesson Plan Import"

    assignment_id = fields.Many2one(
        "school.teaching.assignment", string="Journal", required=True, ondelete="cascade"
    )
    file = fields.Binary(string="File", required=True, attachment=False)
    file_name = fields.Char()
    replace_existing = fields.Boolean(
        string="Replace the existing plan",
        default=True,
        help="Remove the plan lines that no lesson uses yet and that the file does not "
        "have. Lines already used by lessons are updated by their number, never removed.",
    )
    accept_hours_difference = fields.Boolean(
        string="Accept a different total",
        help="Import even when the plan's hours differ from the curriculum's hours per year.",
    )
    curriculum_hours = fields.Integer(
        string="Hours by the curriculum", compute="_compute_plan_info"
    )
    plan_line_count = fields.Integer(string="Current plan lines", compute="_compute_plan_info")
    used_line_count = fields.Integer(string="Used by lessons", compute="_compute_plan_info")

    @api.depends("assignment_id")
    def _compute_plan_info(self):
        for wizard in self:
            lines = wizard.assignment_id.plan_line_ids
            wizard.curriculum_hours = wizard._curriculum_hours()
            wizard.plan_line_count = len(lines)
            wizard.used_line_count = len(lines.filtered("lesson_ids"))

    def action_import(self):
        self.ensure_one()
        self._check_can_edit_plan()
        rows = self._parse_rows(self._read_table())
        self._check_rows(rows)
        self._write_plan(rows)
        hours = sum(row["hours"] for row in rows)
        self._post_import_message(len(rows), hours)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Lesson plan imported: %(lessons)s lessons, %(hours)s hours",
                    lessons=len(rows),
                    hours=self._format_hours(hours),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _check_can_edit_plan(self):
        """The access rights and record rules on plan lines, checked before anything
        is read or written: a line of another teacher's plan, hidden from this user,
        would otherwise only show up as a clash of numbers."""
        Line = self.env["school.lesson.plan.line"]
        for operation in ("create", "write", "unlink"):
            Line.check_access(operation)
            domain = self.env["ir.rule"]._compute_domain(Line._name, operation)
            probe = Line.new({"assignment_id": self.assignment_id.id})
            if domain and not probe.filtered_domain(domain):
                raise AccessError(
                    self.env._(
                        "You cannot change the lesson plan of %(journal)s: only its "
                        "teacher or the school administrator can.",
                        journal=self.assignment_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ reading
    def _read_table(self):
        """The file's rows as lists of cell values (str, int, float, date, None)."""
        if not self.file:
            raise UserError(self.env._("Choose the lesson plan file to import."))
        content = base64.b64decode(self.file)
        if not content.strip():
            raise UserError(self.env._("The file is empty."))
        name = (self.file_name or "").lower()
        if name.endswith(".xls") or content.startswith(b"\xd0\xcf\x11\xe0"):
            raise UserError(
                self.env._("Old Excel files (.xls) are not read: save the plan as .xlsx or .csv.")
            )
        if content.startswith(b"PK"):
            return self._read_xlsx(content)
        return self._read_csv(content)

    def _read_xlsx(self, content):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise UserError(
                self.env._("The file cannot be read as an XLSX workbook: %(error)s", error=error)
            ) from error
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()

    def _read_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel's «CSV (разделители — точка с запятой)» is saved in Windows-1251.
            text = content.decode("cp1251", errors="replace")
        sample = "\n".join(text.splitlines()[:20])
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=";,").delimiter
        except csv.Error:
            first = next((line for line in text.splitlines() if line.strip()), "")
            delimiter = ";" if first.count(";") >= first.count(",") else ","
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))

    # ------------------------------------------------------------------ parsing
    def _parse_rows(self, table):
        """Dicts of the data rows: row (its number in the file), the raw cells by
        column, and the parsed values or the row's errors."""
        header_index, columns = self._find_header(table)
        rows = []
        for index in range(header_index + 1, len(table)):
            cells = table[index]
            if not any(_cell_text(cell) for cell in cells):
                continue
            raw = {
                column: cells[position] if position < len(cells) else None
                for column, position in columns.items()
            }
            rows.append(self._parse_row(index + 1, raw, auto_number=len(rows) + 1))
        if not rows:
            raise UserError(self.env._("The file has a header but no lessons under it."))
        return rows

    def _find_header(self, table):
        non_empty = 0
        for index, cells in enumerate(table):
            texts = [_normalise_header(cell) for cell in cells]
            if not any(texts):
                continue
            columns = {}
            for position, text in enumerate(texts):
                column = HEADERS.get(text)
                if column and column not in columns:
                    columns[column] = position
            if "topic" in columns:
                return index, columns
            non_empty += 1
            if non_empty >= HEADER_SEARCH_ROWS:
                break
        if not non_empty:
            raise UserError(self.env._("The file is empty."))
        raise UserError(
            self.env._(
                "No header row was recognised. The first row of the plan must name its "
                "columns: № (Номер), Тема, Часы, Дата or Неделя, Контрольная "
                "(or in English: Number, Topic, Hours, Date or Week, Control work)."
            )
        )

    def _parse_row(self, row_number, raw, auto_number):
        errors = []
        row = {"row": row_number, "errors": errors}
        if "number" in raw:
            row["number"] = self._parse_number(raw["number"], errors)
        else:
            row["number"] = auto_number
        row["topic"] = _cell_text(raw.get("topic"))
        if not row["topic"]:
            errors.append(self.env._("the topic is missing"))
        row["hours"] = self._parse_hours(raw.get("hours"), errors)
        row["date"] = self._parse_date(raw.get("date"), errors)
        row["week"] = self._parse_week(raw.get("week"), errors)
        row["control"] = self._parse_control(raw.get("control"), errors)
        return row

    def _parse_number(self, value, errors):
        text = _cell_text(value).rstrip(".")
        if not text:
            errors.append(self.env._("the lesson number is missing"))
            return None
        if re.fullmatch(r"\d+", text) and int(text) > 0:
            return int(text)
        errors.append(
            self.env._("the number «%(value)s» is not a positive whole number", value=text)
        )
        return None

    def _parse_hours(self, value, errors):
        text = _cell_text(value).replace(",", ".")
        if not text:
            return 1.0
        try:
            hours = float(text)
        except ValueError:
            hours = None
        if hours is None or hours <= 0:
            errors.append(self.env._("the hours «%(value)s» are not a positive number", value=text))
            return 0.0
        return hours

    def _parse_date(self, value, errors):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            day = value
        else:
            text = _cell_text(value)
            if not text:
                return False
            day = None
            for date_format in DATE_FORMATS:
                try:
                    day = datetime.strptime(text, date_format).date()
                    break
                except ValueError:
                    continue
            if day is None:
                errors.append(
                    self.env._("the date «%(value)s» is not a date like 01.09.2025", value=text)
                )
                return False
        year = self.assignment_id.year_id
        if not year.date_start <= day <= year.date_end:
            errors.append(
                self.env._(
                    "the date %(date)s is outside the academic year %(year)s",
                    date=day.strftime("%d.%m.%Y"),
                    year=year.name,
                )
            )
            return False
        return day

    def _parse_week(self, value, errors):
        text = _cell_text(value).rstrip(".")
        if not text:
            return 0
        year = self.assignment_id.year_id
        weeks = ((year.date_end - year.date_start).days) // 7 + 1
        if re.fullmatch(r"\d+", text) and 1 <= int(text) <= weeks:
            return int(text)
        errors.append(
            self.env._(
                "the week «%(value)s» is not a week of the academic year (1 to %(weeks)s)",
                value=text,
                weeks=weeks,
            )
        )
        return 0

    def _parse_control(self, value, errors):
        if isinstance(value, bool):
            return value
        text = _cell_text(value).lower()
        if not text or text in NO:
            return False
        if text in YES:
            return True
        errors.append(
            self.env._("the control work mark «%(value)s» is not да/нет, 1/0, x or +", value=text)
        )
        return False

    # --------------------------------------------------------------- checking
    def _check_rows(self, rows):
        """Every problem of the file in one message; nothing is written when any."""
        first_row_of = {}
        for row in rows:
            number = row["number"]
            if number is None:
                continue
            if number in first_row_of:
                row["errors"].append(
                    self.env._(
                        "the number %(number)s is already used in row %(row)s",
                        number=number,
                        row=first_row_of[number],
                    )
                )
            else:
                first_row_of[number] = row["row"]
        problems = [
            self.env._("Row %(row)s: %(errors)s.", row=row["row"], errors="; ".join(row["errors"]))
            for row in rows
            if row["errors"]
        ]
        hours_problem = self._check_total_hours(rows)
        if hours_problem:
            problems.append(hours_problem)
        if problems:
            raise UserError(
                self.env._("The lesson plan was not imported, nothing was changed:")
                + "\n"
                + "\n".join(problems)
            )

    def _check_total_hours(self, rows):
        expected = self._curriculum_hours()
        if not expected or self.accept_hours_difference:
            return False
        total = sum(row["hours"] for row in rows) + sum(
            self._kept_lines({row["number"] for row in rows}).mapped("hours")
        )
        if float_compare(total, expected, precision_digits=2) == 0:
            return False
        return self.env._(
            "The plan has %(plan)s hours, but the curriculum gives %(curriculum)s hours a "
            "year to this journal. Correct the plan, or tick «Accept a different total».",
            plan=self._format_hours(total),
            curriculum=expected,
        )

    def _curriculum_hours(self):
        """The hours per year of the journal, else of its curriculum line (0: unknown)."""
        assignment = self.assignment_id
        if not assignment:
            return 0
        if assignment.hours_per_year:
            return assignment.hours_per_year
        school_class = assignment.class_id
        if not school_class:
            return 0
        lines = self.env["school.curriculum.line"].search(
            [
                ("year_id", "=", assignment.year_id.id),
                ("subject_id", "=", assignment.subject_id.id),
                ("level", "=", school_class.level),
                ("class_id", "in", [school_class.id, False]),
            ]
        )
        line = lines.filtered("class_id")[:1] or lines[:1]
        return line.hours_per_year

    def _kept_lines(self, numbers):
        """Existing lines the import leaves as they are: all those the file does not
        number, less (when replacing) the ones no lesson uses."""
        lines = self.assignment_id.plan_line_ids.filtered(lambda line: line.sequence not in numbers)
        if self.replace_existing:
            lines = lines.filtered("lesson_ids")
        return lines

    # ---------------------------------------------------------------- writing
    def _write_plan(self, rows):
        """Written set-based, as the user: one check of the user's rights and record
        rules on all the lines the file changes, the removed lines unlinked at once,
        the changed lines updated by one UPDATE … FROM (VALUES …) a thousand lines, the
        new lines created in one batch. A line the file leaves as it is is not written."""
        Line = self.env["school.lesson.plan.line"]
        assignment = self.assignment_id
        existing = {line.sequence: line for line in assignment.plan_line_ids}
        numbers = {row["number"] for row in rows}
        if self.replace_existing:
            removed = assignment.plan_line_ids.filtered(
                lambda line: line.sequence not in numbers and not line.lesson_ids
            )
            removed.unlink()
        to_create = []
        changed, changes = [], []
        for row in rows:
            values = {
                "sequence": row["number"],
                "topic": row["topic"],
                "hours": row["hours"],
                "planned_date": row["date"],
                "planned_week": row["week"],
                "is_control_work": row["control"],
            }
            line = existing.get(row["number"])
            if not line:
                to_create.append(dict(values, assignment_id=assignment.id))
            elif any(line[name] != value for name, value in values.items()):
                changed.append(line.id)
                changes.append(values)
        self._update_lines(Line.browse(changed), changes)
        return Line.create(to_create)

    @staticmethod
    def _update_lines(lines, vals_list):
        """Write `vals_list[i]` on `lines[i]` (the same fields on every line, plain stored
        fields with no ``write`` override on the model) in one statement a thousand lines,
        after checking the user's right to write on all of them: ``write`` line by line
        checked the rules and recomputed the dependencies for each line on its own."""
        if not lines:
            return
        lines.check_access("write")
        names = list(vals_list[0])
        fields = [lines._fields[name] for name in names]
        columns = [
            {field.name: field.convert_to_column(vals[field.name], line) for field in fields}
            for line, vals in zip(lines, vals_list, strict=True)
        ]
        lines.flush_recordset(names)
        lines._write_multi(columns)
        lines.invalidate_recordset([*names, "write_uid", "write_date"])
        lines.modified(names)

    def _post_import_message(self, count, hours):
        """Posted as superuser with the user as author: teachers may read, not write,
        the assignment, and posting needs write access; the plan itself was written as
        the user just before."""
        body = self.env._(
            "Lesson plan imported: %(lessons)s lessons, %(hours)s hours",
            lessons=count,
            hours=self._format_hours(hours),
        )
        attachments = [(self.file_name, base64.b64decode(self.file))] if self.file_name else []
        self.assignment_id.sudo().message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=attachments,
        )

    @staticmethod
    def _format_hours(hours):
        return f"{hours:g}"
