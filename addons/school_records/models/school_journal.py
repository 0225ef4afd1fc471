import re
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .school_attendance import ABSENCE_CODES
from .school_journal_deadline import DEFAULT_TZ
from .school_journal_entry_mixin import AUDIT_BUFFER, SAVE_PLAN
from .school_roles import ARCHIVIST, DEPUTY

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
        return self._cell_parser()(text)

    @api.model
    def _scale(self):
        """{code: value id} of the marks a teacher may type in a lesson's cell."""
        # what writing a mark reads of its value comes with it (its checks, its stored
        # related fields, the family's notification)
        fields = ["code", "active", "usable_as_current", "numeric_value", "counts_in_average"]
        return {
            value.code: value.id
            for value in self.env["school.mark.value"].search_fetch(
                [("usable_as_current", "=", True)], [*fields, "is_failing"]
            )
        }

    @api.model
    def _cell_parser(self, scale=None):
        """A function reading cells as :meth:`_parse_cell`, with the scale read once."""
        scale = set(self._scale() if scale is None else scale)

        def parse(text):
            codes, absence = [], False
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

        return parse

    @api.model
    def _save_cells(self, assignment, cells):
        """Save cells {student_id, lesson_id, text} of `assignment` as the user; return
        {cell key: error} of the cells refused (the others are saved).

        Set-based: every cell is parsed and checked first (the scale, the lesson's
        journal, a closed period, the enrollment on the lesson's day), the marks and
        absences of all cells are read in one query each, then created, changed and
        deleted in batches whose audit rows go in one insert. A cell the checks
        foresee failing, or every cell when a batch fails after all (a right or a
        database constraint the checks do not foresee), goes through the cell-by-cell
        path of :meth:`_save_cells_one_by_one`, which gives each its own error."""
        return self._save_cells_entries(assignment, cells)[0]

    @api.model
    def _save_cells_entries(self, assignment, cells):
        """:meth:`_save_cells`, and the marks and absences of the cells' lessons and
        students after it, (marks by id, absences), when the save knows them without
        reading them again: every cell planned, read and written in batches, nothing
        deleted (the ORM's deletion empties the cache). Else None."""
        keys = [_cell_key(cell) for cell in cells]
        if len(set(keys)) != len(keys):
            # a cell sent twice is saved twice, in order: only the cell-by-cell path does
            return self._save_cells_one_by_one(assignment, cells), None
        errors, plan, single = self._plan_cells(assignment, cells)
        created = None
        if plan["cells"]:
            try:
                with self.env.cr.savepoint():
                    created = self._apply_plan(plan)
            except (UserError, ValidationError, AccessError, psycopg2.Error):
                self.env.invalidate_all()
                single += plan["cells"]
                created = None
        else:
            created = (self.env["school.mark"], self.env["school.attendance"])
        if single:
            errors.update(self._save_cells_one_by_one(assignment, single))
        errors = {key: errors[key] for key in keys if key in errors}
        read = plan["read"]
        if (
            single
            or created is None
            or read is None
            or plan["mark_unlink"]
            or plan["absence_unlink"]
            or not {cell["lesson_id"] for cell in cells} <= read["lesson_ids"]
            or not {cell["student_id"] for cell in cells} <= read["student_ids"]
        ):
            return errors, None
        marks = self.env["school.mark"].browse(
            sorted(mark.id for pair in read["marks"].values() for mark in pair)
        )
        absences = self.env["school.attendance"].browse(
            absence.id for absence in read["absences"].values()
        )
        marks |= created[0]
        absences = (absences | created[1]).sorted(
            lambda absence: (-absence.date.toordinal(), absence.id)  # its _order
        )
        return errors, (marks, absences)

    @api.model
    def _save_cells_one_by_one(self, assignment, cells):
        """The cell-by-cell path: each cell on its own savepoint, its error on it."""
        errors = {}
        for cell in cells:
            try:
                with self.env.cr.savepoint():
                    self._save_cell(assignment, cell)
            except (UserError, ValidationError, AccessError) as error:
                errors[_cell_key(cell)] = _error_text(error)
                self.env.invalidate_all()
        return errors

    def _plan_cells(self, assignment, cells):
        """({cell key: error}, the batch plan, [cells for the cell-by-cell path])."""
        errors, single = {}, []
        plan = {
            "cells": [],
            "mark_values": defaultdict(list),  # value id: [marks to rewrite]
            "mark_unlink": [],
            "mark_create": [],
            "absence_kinds": defaultdict(list),  # kind: [absences to change]
            "absence_unlink": [],
            "absence_create": [],
            # what the batches' checks may take from the plan instead of reading it again
            "known": {"rosters": {}, "absences": None},
            # the cells' lessons and students and their entries as read (None: not read)
            "read": None,
        }
        Lesson, Mark, Attendance = (
            self.env["school.lesson"],
            self.env["school.mark"],
            self.env["school.attendance"],
        )
        # the lessons the user may not read (or that are gone) go cell by cell: the
        # error is then the one the ORM gives
        readable = Lesson.search_fetch(
            [("id", "in", list({cell["lesson_id"] for cell in cells}))],
            _columns(Lesson),
        )
        value_ids = self._scale()
        parse = self._cell_parser(value_ids)
        parsed = []
        for cell in cells:
            key = _cell_key(cell)
            lesson = Lesson.browse(cell["lesson_id"])
            if lesson not in readable:
                single.append(cell)
                continue
            if lesson.assignment_id != assignment:
                errors[key] = self.env._("This lesson belongs to another journal.")
                continue
            try:
                codes, kind = parse(cell.get("text"))
            except ValidationError as error:
                errors[key] = _error_text(error)
                continue
            parsed.append((cell, lesson, codes, kind))
        if not parsed:
            return errors, plan, single
        lesson_ids = {lesson.id for _cell, lesson, _c, _k in parsed}
        student_ids = {cell["student_id"] for cell, *_rest in parsed}
        domain = [("lesson_id", "in", list(lesson_ids)), ("student_id", "in", list(student_ids))]
        marks, absences = defaultdict(list), {}
        # every column: the record rules, the checks and the audit read them in batches
        for mark in Mark.search_fetch(domain, _columns(Mark), order="id"):
            marks[mark.student_id.id, mark.lesson_id.id].append(mark)
        for absence in Attendance.search_fetch(domain, _columns(Attendance)):
            absences.setdefault((absence.student_id.id, absence.lesson_id.id), absence)
        plan["read"] = {
            "lesson_ids": lesson_ids,
            "student_ids": student_ids,
            "marks": marks,
            "absences": absences,
        }
        plan["known"]["absences"] = {
            "lessons": lesson_ids,
            "students": student_ids,
            "found": {(lesson_id, student_id) for student_id, lesson_id in absences},
        }
        closed, enrolled = {}, {}
        for cell, lesson, codes, kind in parsed:
            key, student_id = _cell_key(cell), cell["student_id"]
            existing, absence = marks[student_id, lesson.id], absences.get((student_id, lesson.id))
            rewrite = [
                (mark, value_ids[code])
                for mark, code in zip(existing, codes, strict=False)
                if mark.value_id.code != code
            ]
            unlink = existing[len(codes) :]
            create = codes[len(existing) :]
            absence_unlink = absence if absence and not kind else None
            absence_kind = kind if absence and kind and absence.kind != kind else None
            absence_create = kind if kind and not absence else None
            changes = (rewrite, unlink, create, absence_unlink, absence_kind, absence_create)
            if not any(changes):
                continue
            if lesson not in closed:
                try:
                    lesson._check_period_open()
                    closed[lesson] = False
                except UserError as error:
                    closed[lesson] = _error_text(error)
            if closed[lesson]:
                errors[key] = closed[lesson]
                continue
            if create or absence_create:
                if lesson not in enrolled:
                    enrolled[lesson] = frozenset(lesson._students().ids)
                    plan["known"]["rosters"][lesson.id] = enrolled[lesson]
                if student_id not in enrolled[lesson]:
                    # refused by the entries' constraint, in its words
                    single.append(cell)
                    continue
            plan["cells"].append(cell)
            for mark, value_id in rewrite:
                plan["mark_values"][value_id].append(mark.id)
            plan["mark_unlink"] += [mark.id for mark in unlink]
            plan["mark_create"] += [
                {"lesson_id": lesson.id, "student_id": student_id, "value_id": value_ids[code]}
                for code in create
            ]
            if absence_unlink:
                plan["absence_unlink"].append(absence_unlink.id)
            if absence_kind:
                plan["absence_kinds"][absence_kind].append(absence.id)
            if absence_create:
                plan["absence_create"].append(
                    {"lesson_id": lesson.id, "student_id": student_id, "kind": absence_create}
                )
        return errors, plan, single

    def _apply_plan(self, plan):
        """Write the batches of :meth:`_plan_cells` as the user; the audit rows of the
        changes and deletions are collected and inserted at once. Return the marks and
        the absences created."""
        Mark, Attendance = self.env["school.mark"], self.env["school.attendance"]
        cache = self.env.cr.cache
        buffer = cache[AUDIT_BUFFER] = []
        cache[SAVE_PLAN] = plan["known"]
        try:
            for value_id, mark_ids in plan["mark_values"].items():
                Mark.browse(mark_ids).write({"value_id": value_id})
            for kind, absence_ids in plan["absence_kinds"].items():
                Attendance.browse(absence_ids).write({"kind": kind})
            created_marks = Mark.create(plan["mark_create"]) if plan["mark_create"] else Mark
            created_absences = (
                Attendance.create(plan["absence_create"]) if plan["absence_create"] else Attendance
            )
            # deletions last: the ORM's unlink empties the whole cache
            Mark.browse(plan["mark_unlink"]).unlink()
            Attendance.browse(plan["absence_unlink"]).unlink()
        finally:
            cache.pop(AUDIT_BUFFER, None)
            cache.pop(SAVE_PLAN, None)
        if buffer:
            self.env["school.journal.audit"].sudo().create(buffer)
        self.env.flush_all()
        return created_marks, created_absences

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

    # the school's day ----------------------------------------------------------------------
    @api.model
    def _today(self):
        """The school's day: today in the school's time zone (the company's; the user's
        when the school has none set, else Moscow's). Every opening, deadline and date a
        workflow step records is judged on it. Never the context's ``tz``, which any
        caller of a public method may set (east of Kamchatka it is already tomorrow),
        and the user's own time zone only as the fallback: a user may change it in their
        preferences."""
        tz = self.env.company.sudo().partner_id.tz or self.env.user.tz or DEFAULT_TZ
        return fields.Date.context_today(self.with_context(tz=tz))

    @api.model
    def _school_tz(self):
        """The school's time zone, in which the journal's deadlines fall: the company's,
        else Moscow's — never a user's own, which any user may change in their
        preferences."""
        return self.env.company.sudo().partner_id.tz or DEFAULT_TZ

    # read rights -------------------------------------------------------------------------
    @api.model
    def _readable_journals(self, assignments):
        """The journals of `assignments` the user may open: their own, their class's
        (class teacher), those they substitute a lesson in, all for the deputy, the
        director and the archivist."""
        user = self.env.user
        if self.env["school.roles"]._holds_any(DEPUTY, ARCHIVIST):
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


def _cell_key(cell):
    return f"{cell['student_id']}-{cell['lesson_id']}"


def _error_text(error):
    return str(error.args[0]) if error.args else str(error)


def _columns(model):
    """The fields of `model` stored in its table that its user may read (one query
    reads them all)."""
    return [
        name
        for name, field in model._fields.items()
        if field.store and field.column_type and field.is_accessible(model.env)
    ]
