"""Import of the state final attestation (ГИА) results as the regional processing centre
(РЦОИ) sends them: one row per student and exam, in a CSV or XLSX file whose layout is
documented in ``data/school_gia_results_sample.csv`` and in the README. Every row is
checked before anything is written: one wrong row refuses the whole file, and each
wrong row is named in Russian and in English."""

import base64
import re
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.school_gia_result import GIA_MAX_POINTS
from .school_lesson_plan_import import DATE_FORMATS, NO, YES, _cell_text, _normalise_header

COLUMNS = {
    "last_name": ("фамилия", "last name", "surname"),
    "first_name": ("имя", "first name"),
    "middle_name": ("отчество", "patronymic", "middle name"),
    "birth_date": ("дата рождения", "birth date", "date of birth"),
    "document": (
        "документ",
        "номер документа",
        "серия и номер документа",
        "document",
        "document number",
    ),
    "form": ("вид экзамена", "форма гиа", "форма", "exam kind", "exam", "form"),
    "subject": ("предмет", "subject"),
    "math_level": ("уровень", "уровень математики", "math level", "level"),
    "exam_date": ("дата экзамена", "exam date"),
    "primary": ("первичный балл", "primary score"),
    "points": ("тестовый балл", "test score"),
    "mark": ("отметка", "оценка", "mark"),
    "retake": ("пересдача", "повторная", "повторная аттестация", "retake"),
}
HEADERS = {header: column for column, headers in COLUMNS.items() for header in headers}
REQUIRED_COLUMNS = ("last_name", "first_name", "form", "subject")
FORMS = {"огэ": "oge", "oge": "oge", "егэ": "ege", "ege": "ege", "гвэ": "gve", "gve": "gve"}
# the form of the exam in each grade that ends a level
FORM_GRADES = {"oge": (9,), "ege": (11,), "gve": (9, 11)}
LEVEL_OF_GRADE = {9: "basic", 11: "secondary"}
HEADER_SEARCH_ROWS = 10


def _norm(text):
    return re.sub(r"\s+", " ", _cell_text(text).lower().replace("ё", "е")).strip()


def _digits(text):
    return re.sub(r"\D", "", text or "")


class SchoolGiaImport(models.TransientModel):
    _name = "school.gia.import"
    _description = "Import of State Final Attestation Results"

    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        default=lambda self: self._default_year(),
    )
    file = fields.Binary(string="РЦОИ protocol file", required=True, attachment=False)
    file_name = fields.Char()

    @api.model
    def _default_year(self):
        today = fields.Date.context_today(self)
        return self.env["school.academic.year"].search(
            [("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        )

    # ------------------------------------------------------------------ the action
    def action_import(self):
        self.ensure_one()
        self._check_may_import()
        content = self._content()
        rows = self._parse_rows(self._read_table(content))
        errors = [(row["row"], error) for row in rows for error in row["errors"]]
        if errors:
            raise UserError(self._errors_text(errors))
        protocol = self._write(rows, content)
        return {
            "type": "ir.actions.act_window",
            "res_model": "school.gia.protocol",
            "res_id": protocol.id,
            "view_mode": "form",
            "target": "current",
        }

    def _check_may_import(self):
        roles = self.env["school.roles"]
        if self.env.user._is_superuser() or roles._is_deputy() or roles._is_secretary():
            return
        raise AccessError(
            self.env._(
                "Only the deputy director, the director or the secretary import the results "
                "of the state final attestation."
            )
        )

    def _errors_text(self, errors):
        """Each wrong row in Russian, then in English."""
        lines = []
        for row, error in errors[:50]:
            texts = []
            for lang in ("ru_RU", "en_US"):
                if not self.env["res.lang"]._lang_get(lang):
                    continue
                env = self.with_context(lang=lang).env
                text = env._("Row %(row)s: %(error)s", row=row, error=error(env))
                if text not in texts:  # the same twice where Russian is not installed
                    texts.append(text)
            lines += texts
        if len(errors) > 50:
            lines.append(self.env._("… and %(count)s more errors", count=len(errors) - 50))
        head = self.env._("Nothing was imported: correct the file and import it again.")
        return "\n".join([head, *lines])

    # ------------------------------------------------------------------ reading
    def _content(self):
        if not self.file:
            raise UserError(self.env._("Choose the file of the РЦОИ protocol."))
        content = base64.b64decode(self.file)
        if not content.strip():
            raise UserError(self.env._("The file is empty."))
        return content

    def _read_table(self, content):
        reader = self.env["school.lesson.plan.import"]
        if content.startswith(b"\xd0\xcf\x11\xe0"):
            raise UserError(
                self.env._("Old Excel files (.xls) are not read: save as .xlsx or .csv.")
            )
        if content.startswith(b"PK"):
            return reader._read_xlsx(content)
        return reader._read_csv(content)

    def _find_header(self, table):
        for index, cells in enumerate(table[:HEADER_SEARCH_ROWS]):
            columns = {}
            for position, cell in enumerate(cells):
                column = HEADERS.get(_normalise_header(cell))
                if column and column not in columns:
                    columns[column] = position
            if all(column in columns for column in REQUIRED_COLUMNS):
                return index, columns
        raise UserError(
            self.env._(
                "No header row was recognised. The file must name its columns: Фамилия, Имя, "
                "Отчество, Дата рождения, Документ, Вид экзамена, Предмет, Уровень, Дата "
                "экзамена, Первичный балл, Тестовый балл, Отметка, Пересдача (or in English: "
                "Last name, First name, Patronymic, Birth date, Document, Exam kind, Subject, "
                "Level, Exam date, Primary score, Test score, Mark, Retake)."
            )
        )

    def _parse_rows(self, table):
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
            rows.append(self._parse_row(index + 1, raw))
        if not rows:
            raise UserError(self.env._("The file has a header but no results under it."))
        return rows

    def _parse_row(self, row_number, raw):
        errors = []
        row = {"row": row_number, "errors": errors}
        row["form"] = FORMS.get(_norm(raw.get("form")).split("-")[0].strip())
        if not row["form"]:
            text = _cell_text(raw.get("form"))
            errors.append(
                lambda env: env._("the exam kind «%(value)s» is not ОГЭ, ЕГЭ or ГВЭ", value=text)
            )
        row["student"] = self._find_student(raw, errors)
        row["level"] = self._level(row, errors)
        self._parse_subject(row, raw, errors)
        row["exam_date"] = self._parse_date(raw.get("exam_date"), errors)
        row["primary"] = self._parse_int(raw.get("primary"), errors, "primary")
        row["points"] = self._parse_int(raw.get("points"), errors, "points")
        row["value"] = self._parse_mark(raw.get("mark"), errors)
        row["retake"] = self._parse_retake(raw.get("retake"), errors)
        if row["form"] and row["exam_subject"] and not errors:
            self._check_result(row, errors)
        return row

    def _find_student(self, raw, errors):
        last, first = _norm(raw.get("last_name")), _norm(raw.get("first_name"))
        middle = _norm(raw.get("middle_name"))
        birth = self._parse_date(raw.get("birth_date"), errors)
        document = _digits(_cell_text(raw.get("document")))
        if not last or not first:
            errors.append(lambda env: env._("the last name and the first name are required"))
            return None
        if not birth and not document:
            errors.append(
                lambda env: env._("identify the student by the birth date or the document number")
            )
            return None
        # matched as the server: the importing role reads every student's personal data
        Student = self.env["school.student"].sudo().with_context(active_test=False)
        candidates = Student.search([("last_name", "=ilike", re.sub("[её]", "_", last))])
        name = " ".join(
            _cell_text(raw.get(key)) for key in ("last_name", "first_name", "middle_name")
        ).strip()
        found = candidates.filtered(
            lambda s: (
                _norm(s.last_name) == last
                and _norm(s.first_name) == first
                and (not middle or _norm(s.middle_name) == middle)
                and (not birth or s.birth_date == birth)
                and (not document or document in _digits(s.identity_document))
            )
        )
        if not found:
            errors.append(
                lambda env: env._("no student %(name)s with this birth date or document", name=name)
            )
            return None
        if len(found) > 1:
            errors.append(
                lambda env: env._(
                    "%(count)s students match %(name)s: give the birth date and the document",
                    count=len(found),
                    name=name,
                )
            )
            return None
        return found

    def _level(self, row, errors):
        student, form = row["student"], row["form"]
        if not student or not form:
            return None
        year = self.year_id
        enrollment = (
            self.env["school.enrollment"]
            .sudo()
            .search(
                [
                    ("student_id", "=", student.id),
                    ("class_id.year_id", "=", year.id),
                ],
                order="date_from desc",
                limit=1,
            )
        )
        grade = enrollment.class_id.level_number
        if grade not in FORM_GRADES[form]:
            errors.append(
                lambda env: env._(
                    "%(student)s is not in a grade that takes this exam in %(year)s",
                    student=student.name,
                    year=year.name,
                )
            )
            return None
        return LEVEL_OF_GRADE[grade]

    def _parse_subject(self, row, raw, errors):
        text = _norm(raw.get("subject"))
        level_text = _norm(raw.get("math_level")) or text
        row["exam_subject"] = row["subject"] = row["math_level"] = False
        if not text:
            errors.append(lambda env: env._("the subject is missing"))
            return
        if text.startswith("русск"):
            row["exam_subject"] = "russian"
        elif text.startswith("математ"):
            row["exam_subject"] = "mathematics"
            if "баз" in level_text or "base" in level_text:
                row["math_level"] = "base"
            elif "проф" in level_text or "profile" in level_text:
                row["math_level"] = "profile"
        else:
            subject = (
                self.env["school.subject"]
                .sudo()
                .search([("name", "=ilike", _cell_text(raw.get("subject")))], limit=1)
            )
            if not subject:
                name = _cell_text(raw.get("subject"))
                errors.append(
                    lambda env: env._(
                        "the subject «%(value)s» is not in the curriculum", value=name
                    )
                )
                return
            row["exam_subject"], row["subject"] = "other", subject

    def _parse_date(self, value, errors):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _cell_text(value)
        if not text:
            return False
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        errors.append(lambda env: env._("«%(value)s» is not a date like 25.05.2026", value=text))
        return False

    def _parse_int(self, value, errors, what):
        text = _cell_text(value)
        if not text:
            return None
        if re.fullmatch(r"\d+", text):
            return int(text)
        if what == "primary":
            errors.append(
                lambda env: env._("the primary score «%(value)s» is not a number", value=text)
            )
        else:
            errors.append(
                lambda env: env._("the test score «%(value)s» is not a number", value=text)
            )
        return None

    def _parse_mark(self, value, errors):
        text = _cell_text(value)
        if not text:
            return None
        mark = (
            self.env["school.mark.value"]
            .sudo()
            .search([("code", "=", text), ("counts_in_average", "=", True)], limit=1)
        )
        if not mark:
            errors.append(lambda env: env._("the mark «%(value)s» is not 2, 3, 4 or 5", value=text))
        return mark or None

    def _parse_retake(self, value, errors):
        text = _norm(value)
        if not text or text in NO:
            return False
        if text in YES:
            return True
        errors.append(lambda env: env._("the retake flag «%(value)s» is not да or нет", value=text))
        return False

    def _check_result(self, row, errors):
        if row["form"] == "ege" and row["exam_subject"] == "mathematics" and not row["math_level"]:
            errors.append(
                lambda env: env._("the ЕГЭ in mathematics needs its level: базовый or профильный")
            )
            return
        in_points = row["form"] == "ege" and not (
            row["exam_subject"] == "mathematics" and row["math_level"] == "base"
        )
        if in_points:
            if row["points"] is None or row["points"] > GIA_MAX_POINTS:
                errors.append(
                    lambda env: env._(
                        "the ЕГЭ needs a test score from 0 to %(max)s", max=GIA_MAX_POINTS
                    )
                )
        elif not row["value"]:
            errors.append(lambda env: env._("this exam needs its mark (2 to 5)"))

    # ------------------------------------------------------------------ writing
    def _write(self, rows, content):
        """The protocol, its results (a result of the same exam imported before, e.g.
        before an appeal, is replaced), and its file kept in the archive."""
        protocol = (
            self.env["school.gia.protocol"]
            .sudo()
            .create(
                {
                    "name": self.file_name or self.env._("РЦОИ protocol"),
                    "year_id": self.year_id.id,
                    "file": self.file,
                    "file_name": self.file_name,
                    "imported_by_id": self.env.uid,
                    "imported_on": fields.Datetime.now(),
                }
            )
        )
        Result = self.env["school.gia.result"].sudo()
        existing = {
            result._exam_key(): result
            for result in Result.search(
                [
                    ("student_id", "in", [row["student"].id for row in rows]),
                    ("year_id", "=", self.year_id.id),
                ]
            )
        }
        to_create = []
        for row in rows:
            values = {
                "student_id": row["student"].id,
                "year_id": self.year_id.id,
                "level": row["level"],
                "protocol_id": protocol.id,
                "form": row["form"],
                "exam_subject": row["exam_subject"],
                "subject_id": row["subject"].id if row["subject"] else False,
                "math_level": row["math_level"],
                "exam_date": row["exam_date"],
                "primary_points": row["primary"] or 0,
                "points": row["points"] or 0,
                "value_id": row["value"].id if row["value"] else False,
                "is_retake": row["retake"],
            }
            key = (
                values["student_id"],
                values["year_id"],
                values["form"],
                values["exam_subject"],
                values["subject_id"],
                values["math_level"] or False,
                values["is_retake"],
            )
            if key in existing:
                existing[key].write(values)
            else:
                to_create.append(values)
        Result.create(to_create)
        protocol._archive_protocol(content)
        return protocol.with_env(self.env)
