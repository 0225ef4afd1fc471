import re

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .school_attendance import ABSENCE_CODES

ABSENCE_KIND_BY_CODE = {code: kind for kind, code in ABSENCE_CODES.items()}
CELL_SEPARATORS = re.compile(r"[\s/,;]+")


class SchoolJournal(models.AbstractModel):
    """The journal service: what every screen, import, correction and report does with
    the class journal goes through here, so each rule lives in one place.

    It owns:

    - reading a cell as the teacher types it (:meth:`_parse_cell`: «5 4 н»);
    - writing the marks and absences of cells (:meth:`_save_cells` for the grid,
      :meth:`_write_marks` / :meth:`_write_absence` for one cell, :meth:`_create_cells`
      for an import), as the calling user: the record rules and the constraints of
      ``school.mark`` / ``school.attendance`` (scale, enrollment on the lesson's day,
      open period) check them and their audit writes the journal audit;
    - the read rights of a journal (:meth:`_readable_journals`, :meth:`_check_can_read`);
    - THE weighted average of marks: :meth:`_weighted_averages` through the ORM (with
      the user's record rules), :meth:`_average_sql` / :meth:`_average_count_sql` for
      the callers that must stay one SQL statement, and :meth:`_averager` for marks
      already in memory. The mark a weighted average leads to is the scale's
      (``school.mark.value._proposer``, the school's boundaries).

    The journal grid (``school.journal.grid``) is a view of it: its RPC entry points
    check the journal and delegate here."""

    _name = "school.journal"
    _description = "Journal Service"

    # cells -------------------------------------------------------------------------------
    @api.model
    def _parse_cell(self, text):
        """«5 4 н» → (['5', '4'], 'absent'). Unknown tokens raise a clear error."""
        codes, absence = [], False
        scale = set(
            self.env["school.mark.value"].search([("usable_as_current", "=", True)]).mapped("code")
        )
        for token in CELL_SEPARATORS.split((text or "").strip().lower()):
            if not token:
                continue
            if token in ABSENCE_KIND_BY_CODE:
                if absence:
                    raise ValidationError(self.env._("A cell holds one absence code."))
                absence = ABSENCE_KIND_BY_CODE[token]
            elif token in scale:
                codes.append(token)
            else:
                raise ValidationError(
                    self.env._(
                        "«%(token)s» is neither a mark of the school's scale (%(scale)s) "
                        "nor an absence code (%(codes)s).",
                        token=token,
                        scale=", ".join(sorted(scale)),
                        codes=", ".join(ABSENCE_KIND_BY_CODE),
                    )
                )
        return codes, absence

    @api.model
    def _save_cells(self, assignment, cells):
        """Save cells {student_id, lesson_id, text} of `assignment` as the user; return
        {cell key: error} of the cells refused (the others are saved)."""
        errors = {}
        for cell in cells:
            key = f"{cell['student_id']}-{cell['lesson_id']}"
            try:
                with self.env.cr.savepoint():
                    self._save_cell(assignment, cell)
            except (UserError, ValidationError, AccessError) as error:
                errors[key] = str(error.args[0]) if error.args else str(error)
                self.env.invalidate_all()
        return errors

    def _save_cell(self, assignment, cell):
        lesson = self.env["school.lesson"].browse(cell["lesson_id"])
        if lesson.assignment_id != assignment:
            raise UserError(self.env._("This lesson belongs to another journal."))
        student = self.env["school.student"].browse(cell["student_id"])
        codes, absence_kind = self._parse_cell(cell.get("text"))
        self._write_marks(lesson, student, codes)
        self._write_absence(lesson, student, absence_kind)

    def _write_marks(self, lesson, student, codes):
        """Make the student's marks in the lesson be `codes`, in order: the first ones
        are rewritten where they differ, the extra ones deleted or created."""
        Mark = self.env["school.mark"]
        existing = Mark.search(
            [("lesson_id", "=", lesson.id), ("student_id", "=", student.id)], order="id"
        )
        for mark, code in zip(existing, codes, strict=False):
            if mark.value_id.code != code:
                mark.value_id = Mark._value_for_code(code)
        existing[len(codes) :].unlink()
        new_codes = codes[len(existing) :]
        if new_codes:
            Mark.create(
                [
                    {
                        "lesson_id": lesson.id,
                        "student_id": student.id,
                        "value_id": Mark._value_for_code(code).id,
                    }
                    for code in new_codes
                ]
            )

    def _write_absence(self, lesson, student, kind):
        """Make the student's absence in the lesson be `kind` (False: present)."""
        Attendance = self.env["school.attendance"]
        absence = Attendance.search(
            [("lesson_id", "=", lesson.id), ("student_id", "=", student.id)], limit=1
        )
        if absence and not kind:
            absence.unlink()
        elif absence and absence.kind != kind:
            absence.kind = kind
        elif kind and not absence:
            Attendance.create({"lesson_id": lesson.id, "student_id": student.id, "kind": kind})

    @api.model
    def _create_cells(self, cells):
        """Create the marks and absences of new cells {lesson, student, codes, absence}
        (records, parsed codes) as the user, in one batch each; return their counts."""
        value_ids = {
            value.code: value.id
            for value in self.env["school.mark.value"].search([("usable_as_current", "=", True)])
        }
        marks = self.env["school.mark"].create(
            [
                {
                    "lesson_id": cell["lesson"].id,
                    "student_id": cell["student"].id,
                    "value_id": value_ids[code],
                }
                for cell in cells
                for code in cell["codes"]
            ]
        )
        absences = self.env["school.attendance"].create(
            [
                {
                    "lesson_id": cell["lesson"].id,
                    "student_id": cell["student"].id,
                    "kind": cell["absence"],
                }
                for cell in cells
                if cell["absence"]
            ]
        )
        return len(marks), len(absences)

    # read rights -------------------------------------------------------------------------
    @api.model
    def _readable_journals(self, assignments):
        """The journals of `assignments` the user may open: their own, their class's
        (class teacher), those they substitute a lesson in, all for the deputy, the
        director and the archivist."""
        user = self.env.user
        if user.has_group("school_records.group_deputy") or user.has_group(
            "school_records.group_archivist"
        ):
            return assignments
        substituted = (
            self.env["school.lesson"]
            .search(
                [("assignment_id", "in", assignments.ids), ("substitute_teacher_id", "=", user.id)]
            )
            .assignment_id
        )
        return assignments.filtered(
            lambda a: (
                a.teacher_id == user or a.class_id.class_teacher_id == user or a in substituted
            )
        )

    @api.model
    def _check_can_read(self, assignment):
        if not self._readable_journals(assignment):
            raise AccessError(self.env._("You may not open the journal %s.", assignment.name))

    # the weighted average ----------------------------------------------------------------
    @api.model
    def _average_sql(self, alias="school_mark"):
        """The weighted average of the marks of table `alias` (``school_mark`` rows) as
        an SQL aggregate: Σ value × weight / Σ weight over the marks whose value counts
        in averages; NULL without such marks."""
        value = SQL.identifier(alias, "numeric_value")
        weight = SQL.identifier(alias, "weight")
        counts = SQL.identifier(alias, "counts_in_average")
        return SQL(
            "SUM(%(value)s * %(weight)s) FILTER (WHERE %(counts)s)"
            " / NULLIF(SUM(%(weight)s) FILTER (WHERE %(counts)s), 0)",
            value=value,
            weight=weight,
            counts=counts,
        )

    @api.model
    def _average_count_sql(self, alias="school_mark"):
        """How many marks of table `alias` enter the weighted average (SQL aggregate)."""
        return SQL(
            "COUNT(%(id)s) FILTER (WHERE %(counts)s)",
            id=SQL.identifier(alias, "id"),
            counts=SQL.identifier(alias, "counts_in_average"),
        )

    @api.model
    def _weighted_averages(self, domain, group_field="student_id"):
        """{group id: weighted average} of the marks matching `domain` (with the
        user's record rules), computed by the database in one query."""
        Mark = self.env["school.mark"]
        query = Mark._search(domain + [("counts_in_average", "=", True)])
        group_column = SQL.identifier(Mark._table, group_field)
        query.groupby = group_column
        self.env.cr.execute(query.select(group_column, self._average_sql(Mark._table)))
        return {
            group_id: float(average)
            for group_id, average in self.env.cr.fetchall()
            if average is not None
        }

    @api.model
    def _averager(self):
        """A function from marks already read, [(value code, weight)], to their weighted
        average (None without a mark that counts), with the scale read once."""
        numeric = {
            value.code: value.numeric_value
            for value in self.env["school.mark.value"]
            .sudo()
            .search([("counts_in_average", "=", True)])
        }

        def average(marks):
            weighted = weights = 0.0
            for code, weight in marks:
                if code in numeric:
                    weighted += numeric[code] * weight
                    weights += weight
            return weighted / weights if weights else None

        return average
