from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .school_journal import ABSENCE_KIND_BY_CODE, _columns
from .school_roles import ARCHIVIST, DEPUTY


class SchoolJournalGrid(models.AbstractModel):
    """The server side of the journal grid: one teaching assignment and one period,
    students in rows and lessons in columns.

    A view of the journal service (``school.journal``): its public methods are the
    grid's RPC entry points; parsing and writing cells, the read rights of a journal
    and the weighted averages are the service's. Reads and writes go through the ORM
    as the user, so the record rules decide what may be seen and changed."""

    _name = "school.journal.grid"
    _description = "Journal Grid"

    @api.model
    def load(self, assignment_id=False, period_id=None, study_group_id=None):
        """The grid's data. Without a journal, the user's journal of today's (or the
        latest) lesson; without a period, the period holding that journal's lesson of
        today (or its latest one), not simply the current period."""
        focus = self.env["school.lesson"]
        if not assignment_id:
            focus = self._landing_lesson()
            assignment_id = focus.assignment_id.id or self.default_assignment()
            if not assignment_id:
                return False
        assignment = self._readable_journal(assignment_id)
        if not period_id:
            focus = focus or self._landing_lesson(assignment)
            period_id = focus.period_id.id
        period = self._period(assignment, period_id)
        lessons, students, writable, content = self._journal_content(
            assignment, period, study_group_id
        )
        if focus not in lessons:
            focus = self._landing_lesson(assignment, lessons)
        return {
            "assignment": {
                "id": assignment.id,
                "name": assignment.name,
                "class": assignment.class_id.name or assignment.study_group_id.name or "",
                "subject": assignment.subject_id.name,
                "teacher": assignment.teacher_id.name or "",
            },
            "journals": self._journals_with(assignment),
            "focus_lesson_id": focus.id,
            "readonly_reason": self._readonly_reason(assignment, period, lessons, writable),
            "period_marks": self._period_marks(assignment, period, students),
            "can_set_period_marks": self._can_set_period_marks(assignment),
            "confirm_opens_on": self._confirm_opens_on(assignment, period),
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
            **content,
            "scale": self.env["school.mark.value"]
            .search([("usable_as_current", "=", True)])
            .mapped("code"),
            "period_scale": self.env["school.mark.value"].search([]).mapped("code"),
            "absence_codes": list(ABSENCE_KIND_BY_CODE),
            "work_types": [
                {"id": w.id, "name": w.name, "code": w.code, "weight": w.weight}
                for w in self.env["school.work.type"].search([])
            ],
            "readonly": not writable,
        }

    @api.model
    def _readable_journal(self, assignment_id):
        """The journal `assignment_id` if the user may read it; else a clear error."""
        assignment = self.env["school.teaching.assignment"].browse(assignment_id).exists()
        if not assignment:
            raise UserError(self.env._("This journal does not exist."))
        self.env["school.journal"]._check_can_read(assignment)
        return assignment

    @api.model
    def _journal_content(self, assignment, period, study_group_id=None):
        """(lessons, students, the lessons the user may write, and the content the grid
        shows and the printed pages print: the period, the lessons, the students, the
        cells, the averages) of a journal the user may read, in `period`."""
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
        content = {
            "period": {"id": period.id, "name": period.display_name, "closed": closed},
            "lessons": [
                self._lesson_data(lesson, lesson in writable, changes.get(lesson.id))
                for lesson in lessons
            ],
            "students": [{"id": s.id, "name": s.name} for s in students],
            "cells": self._cells(lessons, students),
            "averages": self._averages(assignment, period, students),
        }
        return lessons, students, writable, content

    @api.model
    def _printed_content(self, assignment_id, period_id):
        """What the printed pages of a journal show for a period (see
        :meth:`_journal_content`), with the checks of :meth:`load` but without the
        screen's own data (the header's journals, the confirmation day, the scales):
        an export or an archiving reads hundreds of journals."""
        assignment = self._readable_journal(assignment_id)
        period = self._period(assignment, period_id)
        return self._journal_content(assignment, period)[3]

    @api.model
    def my_journals(self, year_id=False):
        """The journals the user may open from the grid's header, for the year `year_id`
        (by default the year of today): their own, those they substitute in, and - read
        only - their class's (class teacher) or every journal (deputy, archivist), as the
        rights of ``school.journal._check_can_read`` say. Never another teacher's journal the user
        may not read."""
        Assignment = self.env["school.teaching.assignment"]
        user = self.env.user
        year = self.env["school.academic.year"].browse(year_id).exists() or self.env[
            "school.academic.year"
        ]._year_for_date(fields.Date.context_today(self))
        year_domain = [("year_id", "=", year.id)] if year else []
        roles = self.env["school.roles"]
        if roles._holds_any(DEPUTY, ARCHIVIST):
            journals = Assignment.search(year_domain)
        else:
            substituted = (
                self.env["school.lesson"]
                .search([("substitute_teacher_id", "=", user.id), *year_domain])
                .assignment_id
            )
            journals = (
                Assignment.search(
                    [
                        *year_domain,
                        "|",
                        ("teacher_id", "=", user.id),
                        ("class_id.class_teacher_id", "=", user.id),
                    ]
                )
                | substituted
            )
        journals = journals.sudo()  # names of what the checks above let the user open
        return [
            self._journal_entry(journal)
            for journal in journals.sorted(
                lambda j: (
                    j.teacher_id != user,
                    j.class_id.level_number,
                    j.class_id.name or "",
                    j.subject_id.sequence,
                    j.subject_id.name or "",
                )
            )
        ]

    @api.model
    def propose_period_marks(self, assignment_id, period_id):
        """«Предложить итоговые»: propose the period marks of one journal for one period,
        as the user (only who may set them may propose them); return the grid's period
        column."""
        assignment, period = self._journal_and_period(assignment_id, period_id)
        if period.state == "closed":
            raise UserError(
                self.env._(
                    "The period %s is closed: its marks change only through a correction "
                    "approved by the deputy.",
                    period.display_name,
                )
            )
        self.env["school.period.mark"].propose_period_marks(assignment, period)
        students = self._students(assignment, period)
        return self._period_marks(assignment, period, students)

    @api.model
    def confirm_period_mark(self, mark_id, code=False, reason=False):
        """Confirm one period mark from the grid: the proposal, or `code` instead of it
        with a written `reason`. One call, so a refused confirmation leaves nothing."""
        mark = self.env["school.period.mark"].browse(mark_id).exists()
        if not mark or mark.kind != "period":
            raise UserError(self.env._("This period mark does not exist."))
        mark.check_access("read")
        self.env["school.journal"]._check_can_read(mark.assignment_id)
        vals = {}
        if code:
            value = self.env["school.mark.value"].search([("code", "=", code)], limit=1)
            if not value:
                raise ValidationError(self.env._("«%s» is not a mark of the school's scale.", code))
            if value != (mark.value_id or mark.proposed_value_id):
                vals["value_id"] = value.id
        if reason is not False and (reason or "") != (mark.reason or ""):
            vals["reason"] = reason
        if vals:
            mark.write(vals)
        mark.action_confirm()
        students = self.env["school.student"].sudo().browse(mark.student_id.id)
        return self._period_marks(mark.assignment_id, mark.period_id, students)

    @api.model
    def default_assignment(self):
        """The journal to open from the menu: one's own, else one's class's, else any."""
        Assignment = self.env["school.teaching.assignment"]
        year = self.env["school.academic.year"]._year_for_date(fields.Date.context_today(self))
        for domain in (
            [("teacher_id", "=", self.env.uid)],
            [("class_id.class_teacher_id", "=", self.env.uid)],
            [] if self.env["school.roles"]._is_deputy() else None,
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
        Assignment = self.env["school.teaching.assignment"]
        # exists(), with in the same query what the save reads of the journal (its roster)
        assignment = (
            Assignment.with_context(active_test=False)
            .search_fetch([("id", "=", assignment_id)], _columns(Assignment))
            .with_env(self.env)
        )
        if not assignment:
            raise UserError(self.env._("This journal does not exist."))
        period = self._period(assignment, period_id)
        errors, entries = self.env["school.journal"]._save_cells_entries(assignment, cells)
        lessons = self.env["school.lesson"].browse({c["lesson_id"] for c in cells})
        students = self.env["school.student"].sudo().browse({c["student_id"] for c in cells})
        return {
            # the entries the save knows it left, else those the user reads now
            "cells": self._cells_of(*entries) if entries else self._cells(lessons, students),
            "errors": errors,
            "averages": self._averages(assignment, period, students),
        }

    @api.model
    def parse_cell(self, text):
        """«5 4 н» → (['5', '4'], 'absent'). Unknown tokens raise a clear error."""
        return self.env["school.journal"]._parse_cell(text)

    # reading ---------------------------------------------------------------------------
    def _journal_and_period(self, assignment_id, period_id):
        assignment = self.env["school.teaching.assignment"].browse(assignment_id).exists()
        if not assignment:
            raise UserError(self.env._("This journal does not exist."))
        self.env["school.journal"]._check_can_read(assignment)
        period = self.env["school.period"].browse(period_id).exists()
        if not period or period.year_id != assignment.year_id:
            raise UserError(self.env._("This period is not a period of the journal's year."))
        return assignment, period

    def _landing_lesson(self, assignment=None, lessons=None):
        """The lesson the grid opens on: today's, else the latest one before today, else
        the next one. Of `lessons` if given, else of `assignment`, else of the user's own
        journals."""
        Lesson = self.env["school.lesson"]
        today = fields.Date.context_today(self)
        if lessons is not None:
            past = lessons.filtered(lambda lesson: lesson.date <= today)
            return (past[-1:] if past else lessons[:1]) if lessons else Lesson
        if assignment:
            domain = [("assignment_id", "=", assignment.id)]
        else:
            domain = [("assignment_id.teacher_id", "=", self.env.uid)]
        return Lesson.search(
            [*domain, ("date", "<=", today)], order="date desc, number desc, id desc", limit=1
        ) or Lesson.search([*domain, ("date", ">", today)], order="date, number, id", limit=1)

    def _readonly_reason(self, assignment, period, lessons, writable):
        """Why the grid is read only, in the user's words; False when it is not."""
        if period.state == "closed":
            return self.env._(
                "The period %s is closed: a change goes through a correction request "
                "approved by the deputy («Запросить исправление» on the cell).",
                period.display_name,
            )
        if not lessons:
            return self.env._("This journal has no lessons in %s yet.", period.display_name)
        if writable:
            return False
        if assignment.teacher_id != self.env.user:
            return self.env._(
                "This is the journal of %s: you may read it, not change it.",
                assignment.teacher_id.name or assignment.name,
            )
        return self.env._("You may not change the lessons of this period.")

    def _journals_with(self, assignment):
        """The header's journals, the one shown among them (opened from elsewhere, e.g.
        a lesson the user substitutes in another year)."""
        journals = self.my_journals(assignment.year_id.id)
        if assignment.id not in {journal["id"] for journal in journals}:
            journals.insert(0, self._journal_entry(assignment.sudo()))
        return journals

    def _journal_entry(self, journal):
        return {
            "id": journal.id,
            "class": journal.class_id.name or journal.study_group_id.name or "",
            "subject": journal.subject_id.name or "",
            "teacher": journal.teacher_id.name or "",
            "own": journal.teacher_id == self.env.user,
        }

    def _confirm_opens_on(self, assignment, period):
        day = self.env["school.period.mark"]._last_lesson_day(assignment, period)
        return day.isoformat() if day else False

    def _can_set_period_marks(self, assignment):
        try:
            self.env["school.period.mark"].browse()._check_can_propose(assignment)
        except AccessError:
            return False
        return True

    def _period_marks(self, assignment, period, students):
        """The period column: each student's period mark (proposed or confirmed)."""
        marks = self.env["school.period.mark"].search(
            [
                ("assignment_id", "=", assignment.id),
                ("period_id", "=", period.id),
                ("kind", "=", "period"),
                ("student_id", "in", students.ids),
            ]
        )
        return {
            mark.student_id.id: {
                "id": mark.id,
                "proposed": mark.proposed_value_id.code or "",
                "value": mark.value_id.code or "",
                "average": round(mark.average, 2),
                "mark_count": mark.mark_count,
                "confident": mark.confident,
                "note": mark.proposal_note or "",
                "reason": mark.reason or "",
                "state": mark.state,
            }
            for mark in marks
        }

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
        marks = self.env["school.mark"].search_fetch(
            domain, ["lesson_id", "student_id", "value_id", "work_type_id", "weight"], order="id"
        )
        absences = self.env["school.attendance"].search_fetch(
            domain, ["lesson_id", "student_id", "kind"]
        )
        return self._cells_of(marks, absences)

    def _cells_of(self, marks, absences):
        """The grid's cells of `marks` (by id) and `absences`."""
        cells = defaultdict(lambda: {"marks": [], "absence": False})
        for mark in marks:
            cells[f"{mark.student_id.id}-{mark.lesson_id.id}"]["marks"].append(
                {
                    "id": mark.id,
                    "code": mark.value_id.code,
                    "work_type": mark.work_type_id.code,
                    "weight": mark.weight,
                }
            )
        for absence in absences:
            cells[f"{absence.student_id.id}-{absence.lesson_id.id}"]["absence"] = absence.code
        return dict(cells)

    def _averages(self, assignment, period, students):
        averages = self.env["school.journal"]._weighted_averages(
            [
                ("assignment_id", "=", assignment.id),
                ("period_id", "=", period.id),
                ("student_id", "in", students.ids),
            ]
        )
        # the school's boundaries read once, not once a student
        propose = self.env["school.mark.value"]._proposer()
        return {
            student_id: {
                "average": round(average, 2),
                "proposed": propose(average).code,
            }
            for student_id, average in averages.items()
        }
