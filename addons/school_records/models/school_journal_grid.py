import re
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .school_attendance import ABSENCE_CODES

ABSENCE_KIND_BY_CODE = {code: kind for kind, code in ABSENCE_CODES.items()}
CELL_SEPARATORS = re.compile(r"[\s/,;]+")


class SchoolJournalGrid(models.AbstractModel):
    """The server side of the journal grid: one teaching assignment and one period,
    students in rows and lessons in columns.

    Reads and writes go through the ORM as the user, so the record rules decide
    what may be seen and changed; each cell is saved on its own savepoint and an
    error stays on its cell."""

    _name = "school.journal.grid"
    _description = "Journal Grid"

    @api.model
    def load(self, assignment_id, period_id=None, study_group_id=None):
        assignment = self.env["school.teaching.assignment"].browse(assignment_id).exists()
        if not assignment:
            raise UserError(_("This journal does not exist."))
        self._check_can_read(assignment)
        period = self._period(assignment, period_id)
        lessons = self._lessons(assignment, period)
        students = self._students(assignment, period, study_group_id)
        merged = lessons.sudo().merged_lesson_ids
        if merged:
            # merged groups: the other groups' students are marked in these lessons
            for lesson in merged:
                students |= lesson.assignment_id._students_on(lesson.date)
            students = students.sorted(lambda s: (s.name or "").lower())
        closed = period.state == "closed"
        writable = lessons.browse() if closed else lessons._filtered_access("write")
        changes = lessons._change_marks()
        return {
            "assignment": {"id": assignment.id, "name": assignment.name},
            "period": {"id": period.id, "name": period.display_name, "closed": closed},
            "periods": [
                {"id": p.id, "name": p.name}
                for p in assignment.year_id.period_ids.filtered(
                    lambda p: p.scheme == (assignment.class_id.period_scheme or "quarter")
                ).sorted("sequence")
            ],
            "study_groups": [
                {"id": g.id, "name": g.name}
                for g in assignment.class_id.sudo().study_group_ids.filtered(
                    lambda g: g.kind == "subgroup"
                )
            ],
            "class_assignments": self._class_assignments(assignment),
            "lessons": [
                self._lesson_data(lesson, lesson in writable, changes.get(lesson.id))
                for lesson in lessons
            ],
            "students": [{"id": s.id, "name": s.name} for s in students],
            "cells": self._cells(lessons, students),
            "averages": self._averages(assignment, period, students),
            "scale": self.env["school.mark.value"]
            .search([("usable_as_current", "=", True)])
            .mapped("code"),
            "absence_codes": list(ABSENCE_KIND_BY_CODE),
            "work_types": [
                {"id": w.id, "name": w.name, "code": w.code, "weight": w.weight}
                for w in self.env["school.work.type"].search([])
            ],
            "readonly": not writable,
        }

    @api.model
    def default_assignment(self):
        """The journal to open from the menu: one's own, else one's class's, else any."""
        Assignment = self.env["school.teaching.assignment"]
        year = self.env["school.academic.year"]._year_for_date(fields.Date.context_today(self))
        for domain in (
            [("teacher_id", "=", self.env.uid)],
            [("class_id.class_teacher_id", "=", self.env.uid)],
            [] if self.env.user.has_group("school_records.group_deputy") else None,
        ):
            if domain is None:
                continue
            if year:
                domain = domain + [("year_id", "=", year.id)]
            assignment = Assignment.search(domain, limit=1)
            if assignment:
                return assignment.id
        return False

    @api.model
    def save(self, assignment_id, period_id, cells):
        """Save cells {student_id, lesson_id, text}; return the saved cells, the
        errors by cell key and the new averages."""
        assignment = self.env["school.teaching.assignment"].browse(assignment_id).exists()
        if not assignment:
            raise UserError(_("This journal does not exist."))
        period = self._period(assignment, period_id)
        errors = {}
        for cell in cells:
            key = f"{cell['student_id']}-{cell['lesson_id']}"
            try:
                with self.env.cr.savepoint():
                    self._save_cell(assignment, cell)
            except (UserError, ValidationError, AccessError) as error:
                errors[key] = str(error.args[0]) if error.args else str(error)
                self.env.invalidate_all()
        lessons = self.env["school.lesson"].browse({c["lesson_id"] for c in cells})
        students = self.env["school.student"].sudo().browse({c["student_id"] for c in cells})
        return {
            "cells": self._cells(lessons.exists(), students.exists()),
            "errors": errors,
            "averages": self._averages(assignment, period, students),
        }

    @api.model
    def parse_cell(self, text):
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
                    raise ValidationError(_("A cell holds one absence code."))
                absence = ABSENCE_KIND_BY_CODE[token]
            elif token in scale:
                codes.append(token)
            else:
                raise ValidationError(
                    _(
                        "«%(token)s» is neither a mark of the school's scale (%(scale)s) "
                        "nor an absence code (%(codes)s).",
                        token=token,
                        scale=", ".join(sorted(scale)),
                        codes=", ".join(ABSENCE_KIND_BY_CODE),
                    )
                )
        return codes, absence

    # reading ---------------------------------------------------------------------------
    def _check_can_read(self, assignment):
        user = self.env.user
        if (
            assignment.teacher_id == user
            or assignment.class_id.class_teacher_id == user
            or user.has_group("school_records.group_deputy")
            or user.has_group("school_records.group_archivist")
            or self.env["school.lesson"].search_count(
                [("assignment_id", "=", assignment.id), ("substitute_teacher_id", "=", user.id)],
                limit=1,
            )
        ):
            return
        raise AccessError(_("You may not open the journal %s.", assignment.name))

    def _class_assignments(self, assignment):
        """The other journals of the class that the user may open from this one."""
        siblings = self.env["school.teaching.assignment"].search(
            [("class_id", "=", assignment.class_id.id)]
            if assignment.class_id
            else [("id", "=", assignment.id)]
        )
        user = self.env.user
        if not (
            assignment.class_id.class_teacher_id == user
            or user.has_group("school_records.group_deputy")
            or user.has_group("school_records.group_archivist")
        ):
            siblings = siblings.filtered(lambda a: a.teacher_id == user) | assignment
        return [
            {"id": a.id, "name": f"{a.subject_id.name} — {a.teacher_id.name}"}
            for a in siblings.sorted(lambda a: a.subject_id.sequence)
        ]

    def _period(self, assignment, period_id):
        Period = self.env["school.period"]
        if period_id:
            return Period.browse(period_id)
        scheme = assignment.class_id.period_scheme or "quarter"
        today = fields.Date.context_today(self)
        period = Period._find(today, scheme, assignment.year_id)
        return (
            period
            or assignment.year_id.period_ids.filtered(lambda p: p.scheme == scheme).sorted(
                "date_start"
            )[:1]
        )

    def _lessons(self, assignment, period):
        return self.env["school.lesson"].search(
            [("assignment_id", "=", assignment.id), ("period_id", "=", period.id)],
            order="date, number, id",
        )

    def _students(self, assignment, period, study_group_id=None):
        """Everyone enrolled in the journal's group at some day of the period."""
        sudo_assignment = assignment.sudo()
        enrollments = (
            self.env["school.enrollment"]
            .sudo()
            .search(
                [
                    ("class_id", "=", sudo_assignment.class_id.id),
                    ("date_from", "<=", period.date_end),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", period.date_start),
                ]
            )
        )
        students = enrollments.student_id
        group = sudo_assignment.study_group_id or self.env["school.study.group"].sudo().browse(
            study_group_id or []
        )
        if group:
            students = (students & group.student_ids) if students else group.student_ids
        return students.sorted(lambda s: (s.name or "").lower())

    def _lesson_data(self, lesson, editable, changes=None):
        """``changes``: the lesson's marks of :meth:`school.lesson._change_marks`; the
        grid shows a marker titled with them on the lesson's column."""
        work_type = lesson.work_type_id
        return {
            "id": lesson.id,
            "date": lesson.date.isoformat(),
            "number": lesson.number,
            "topic": lesson.topic or "",
            "homework": lesson.homework or "",
            "attendance_taken": lesson.attendance_taken,
            "work_type": {"id": work_type.id, "code": work_type.code, "weight": work_type.weight}
            if work_type
            else False,
            "is_control": work_type.is_control,
            "substitute": lesson.substitute_teacher_id.name or "",
            "change": {
                "kinds": [change["kind"] for change in changes],
                "title": "; ".join(change["text"] for change in changes),
            }
            if changes
            else False,
            "editable": editable,
        }

    def _cells(self, lessons, students):
        if not lessons or not students:
            return {}
        domain = [("lesson_id", "in", lessons.ids), ("student_id", "in", students.ids)]
        cells = defaultdict(lambda: {"marks": [], "absence": False})
        for mark in self.env["school.mark"].search_fetch(
            domain, ["lesson_id", "student_id", "value_id", "work_type_id", "weight"], order="id"
        ):
            cells[f"{mark.student_id.id}-{mark.lesson_id.id}"]["marks"].append(
                {
                    "id": mark.id,
                    "code": mark.value_id.code,
                    "work_type": mark.work_type_id.code,
                    "weight": mark.weight,
                }
            )
        for absence in self.env["school.attendance"].search_fetch(
            domain, ["lesson_id", "student_id", "kind"]
        ):
            cells[f"{absence.student_id.id}-{absence.lesson_id.id}"]["absence"] = absence.code
        return dict(cells)

    def _averages(self, assignment, period, students):
        averages = self.env["school.mark"]._weighted_averages(
            [
                ("assignment_id", "=", assignment.id),
                ("period_id", "=", period.id),
                ("student_id", "in", students.ids),
            ]
        )
        MarkValue = self.env["school.mark.value"]
        return {
            student_id: {
                "average": round(average, 2),
                "proposed": MarkValue._propose_for_average(average).code,
            }
            for student_id, average in averages.items()
        }

    # writing ---------------------------------------------------------------------------
    def _save_cell(self, assignment, cell):
        lesson = self.env["school.lesson"].browse(cell["lesson_id"])
        if lesson.assignment_id != assignment:
            raise UserError(_("This lesson belongs to another journal."))
        student = self.env["school.student"].browse(cell["student_id"])
        codes, absence_kind = self.parse_cell(cell.get("text"))
        self._save_marks(lesson, student, codes)
        self._save_absence(lesson, student, absence_kind)

    def _save_marks(self, lesson, student, codes):
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

    def _save_absence(self, lesson, student, kind):
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
