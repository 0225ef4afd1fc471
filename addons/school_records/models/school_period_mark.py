from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .school_journal_entry_mixin import applying_correction

MARK_KINDS = [
    ("period", "Period"),
    ("year", "Year"),
    ("exam", "Exam"),
    ("final", "Final"),
]


class SchoolPeriodMark(models.Model):
    """Четвертная, полугодовая, годовая, экзаменационная или итоговая отметка.

    The system proposes a period mark from the weighted average of the period's marks
    with the school's boundaries, and the year mark from the period marks; the teacher
    confirms the proposal or sets another mark with a written reason (seed 004 §6).
    Too few marks (or control works) make the proposal unconfident, and say why."""

    _name = "school.period.mark"
    _description = "Period Mark"
    _inherit = ["school.workflow.mixin", "mail.thread"]
    _order = "year_id desc, assignment_id, student_id, kind, period_id"
    # the confirmation is the teacher's signature; the proposal is the server's arithmetic
    _workflow_fields = (
        "state",
        "confirmed_by_id",
        "confirmed_on",
        "proposed_value_id",
        "average",
        "mark_count",
        "control_count",
        "confident",
        "proposal_note",
    )
    _rec_name = "student_id"

    student_id = fields.Many2one("school.student", required=True, ondelete="restrict", index=True)
    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        required=True,
        ondelete="restrict",
        index=True,
    )
    subject_id = fields.Many2one(related="assignment_id.subject_id", store=True, index=True)
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, index=True)
    year_id = fields.Many2one(related="assignment_id.year_id", store=True, index=True)
    kind = fields.Selection(MARK_KINDS, required=True, default="period")
    period_id = fields.Many2one("school.period", index=True, ondelete="restrict")
    average = fields.Float(digits=(4, 2), readonly=True)
    mark_count = fields.Integer(string="Marks", readonly=True)
    control_count = fields.Integer(string="Control works", readonly=True)
    proposed_value_id = fields.Many2one("school.mark.value", string="Proposed", readonly=True)
    confident = fields.Boolean(readonly=True)
    proposal_note = fields.Char(string="Why not confident", readonly=True)
    value_id = fields.Many2one("school.mark.value", string="Mark", tracking=True)
    reason = fields.Text(
        tracking=True, help="Required when the mark differs from the proposed one."
    )
    state = fields.Selection(
        [("draft", "Proposed"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True)
    confirmed_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "mark_uniq",
            "unique nulls not distinct(student_id, assignment_id, kind, period_id)",
            "The student already has this mark in this journal.",
        ),
    ]

    @api.constrains("kind", "period_id")
    def _check_period(self):
        for mark in self:
            if (mark.kind == "period") != bool(mark.period_id):
                raise ValidationError(
                    self.env._("A period mark, and only a period mark, has a period.")
                )

    @api.constrains("value_id", "proposed_value_id", "reason", "state")
    def _check_reason(self):
        for mark in self:
            differs = mark.value_id and mark.value_id != mark.proposed_value_id
            if mark.state == "confirmed" and differs and not (mark.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(student)s: the mark «%(mark)s» differs from the proposed "
                        "«%(proposed)s»; write the reason.",
                        student=mark.student_id.name,
                        mark=mark.value_id.code,
                        proposed=mark.proposed_value_id.code or "—",
                    )
                )

    def write(self, vals):
        if not self.env.su:
            # checked here, before the write below escalates to the superuser
            self._check_workflow_vals(vals)
        if {"value_id", "reason", "state"} & vals.keys():
            # the model's own check stands in for the record rules here: class teachers
            # may set the marks of other teachers' journals when the school allows it
            self._check_can_set()
            self._check_period_open()
            if {"value_id", "reason"} & vals.keys():
                self._check_not_locked()
            return super(SchoolPeriodMark, self.sudo()).write(vals)
        return super().write(vals)

    def action_confirm(self):
        self._check_can_set()
        self._check_period_open()
        self._check_after_last_lesson()
        for mark in self.filtered(lambda m: not m.value_id):
            mark.value_id = mark.proposed_value_id
        self._workflow_write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.uid,
                "confirmed_on": fields.Datetime.now(),
            }
        )
        return True

    def action_reset(self):
        self._check_can_set()
        self._check_not_locked()
        self._workflow_write({"state": "draft", "confirmed_by_id": False, "confirmed_on": False})
        return True

    def _check_not_locked(self):
        """Seed 001 §5.3: a confirmed year, exam or final mark changes only through a
        correction approved by the deputy (audited and visible in the journal); a period
        mark stays the teacher's until the period is closed."""
        if self.env.su and not applying_correction(self.env):
            return  # the server's own jobs: the certificate stores its final marks
        locked = (self - applying_correction(self.env).period_mark_id).filtered(
            lambda m: m.kind != "period" and m.state == "confirmed"
        )
        if locked:
            raise UserError(
                self.env._(
                    "The %(kind)s mark of %(student)s is confirmed: it changes only through "
                    "a correction approved by the deputy.",
                    kind=locked[0]._fields["kind"].convert_to_export(locked[0].kind, locked[0]),
                    student=locked[0].student_id.name,
                )
            )

    # who may set period marks -------------------------------------------------------------
    def _check_can_set(self):
        user, roles = self.env.user, self.env["school.roles"]
        if self.env.is_superuser() or roles._is_deputy():
            return
        class_teachers_may = self.env.company.school_class_teacher_sets_period_marks
        for mark in self:
            assignment = mark.assignment_id
            if assignment.teacher_id == user:
                continue
            if class_teachers_may and roles._is_class_teacher_of(assignment.class_id):
                continue
            raise AccessError(
                self.env._(
                    "Only the teacher of %(journal)s sets its period marks.",
                    journal=assignment.name,
                )
            )

    def _check_after_last_lesson(self):
        """Seed 001 §5.4: period marks are confirmed «после проведения последнего урока
        в отчетном периоде» - from the day of the journal's last lesson of the period.
        The server's own jobs (the demo, imports) are not held to today's date."""
        if self.env.is_superuser():
            return
        today = self.env["school.journal"]._today()
        checked = set()
        for mark in self.filtered(lambda m: m.kind == "period" and m.period_id):
            key = (mark.assignment_id, mark.period_id)
            if key in checked:
                continue
            checked.add(key)
            last = self._last_lesson_day(*key)
            if last and last > today:
                raise UserError(
                    self.env._(
                        "The period marks of %(journal)s for %(period)s can be confirmed "
                        "from %(date)s, the day of the period's last lesson (seed 001 §5.4).",
                        journal=mark.assignment_id.name,
                        period=mark.period_id.display_name,
                        date=last.strftime("%d.%m.%Y"),
                    )
                )

    @api.model
    def _last_lesson_day(self, assignment, period):
        """The day of the journal's last lesson in the period: of the lessons in the
        journal, or of those its published timetable still gives (lessons are made two
        weeks ahead, so the period's end may have none yet). False without lessons."""
        assignment, period = assignment.sudo(), period.sudo()
        days = [
            last
            for [last] in self.env["school.lesson"]
            .sudo()
            ._read_group(
                [("assignment_id", "=", assignment.id), ("period_id", "=", period.id)],
                [],
                ["date:max"],
            )
            if last
        ]
        tomorrow = fields.Date.context_today(self) + timedelta(days=1)
        if assignment.class_id and period.date_end >= tomorrow:
            planned = (
                self.env["school.timetable"]
                .sudo()
                ._desired_lessons(
                    assignment.class_id, max(tomorrow, period.date_start), period.date_end
                )
            )
            days += [
                day
                for (_slot, day), values in planned.items()
                if values["assignment_id"] == assignment.id
            ]
        return max(days) if days else False

    def _check_period_open(self):
        """A closed period's marks change only through the approved correction that the
        deputy's action is applying (never through a context key)."""
        marks = self - applying_correction(self.env).period_mark_id
        closed = marks.period_id.filtered(lambda p: p.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "The period %(period)s is closed: its marks change only through a "
                    "correction approved by the deputy.",
                    period=closed[0].display_name,
                )
            )

    # proposing ------------------------------------------------------------------------------
    @api.model
    def propose_period_marks(self, assignments, period):
        """Create or refresh the proposed period marks of `assignments` for `period`
        (confirmed marks are left alone). One query computes every average."""
        assignments = assignments.filtered(
            lambda a: (
                (a.class_id.period_scheme or "quarter") == period.scheme
                and a.year_id == period.year_id
            )
        )
        self.browse()._check_can_propose(assignments)
        rows = self._period_aggregates(assignments, period)
        self._store_proposals(rows, "period", period)
        return len(rows)

    @api.model
    def propose_year_marks(self, assignments):
        """Year marks from the period marks (confirmed ones, else proposed ones)."""
        self.browse()._check_can_propose(assignments)
        self.env.cr.execute(
            SQL(
                """
                SELECT pm.assignment_id, pm.student_id,
                       AVG(v.numeric_value) FILTER (WHERE v.counts_in_average),
                       COUNT(*) FILTER (WHERE v.counts_in_average), 0
                  FROM school_period_mark pm
                  JOIN school_mark_value v
                    ON v.id = COALESCE(pm.value_id, pm.proposed_value_id)
                 WHERE pm.kind = 'period' AND pm.assignment_id = ANY(%s)
                 GROUP BY pm.assignment_id, pm.student_id
                """,
                assignments.ids,
            )
        )
        rows = self.env.cr.fetchall()
        self._store_proposals(rows, "year", self.env["school.period"])
        return len(rows)

    def _check_can_propose(self, assignments):
        user, roles = self.env.user, self.env["school.roles"]
        if self.env.is_superuser() or roles._is_deputy():
            return
        class_teachers_may = self.env.company.school_class_teacher_sets_period_marks
        foreign = assignments.filtered(
            lambda a: (
                a.teacher_id != user
                and not (class_teachers_may and roles._is_class_teacher_of(a.class_id))
            )
        )
        if foreign:
            raise AccessError(
                self.env._(
                    "You may not set the period marks of %s.", ", ".join(foreign.mapped("name"))
                )
            )

    def _period_aggregates(self, assignments, period):
        """(assignment, student, weighted average, marks, control works) for every student
        enrolled in the journal's group during the period, with or without marks."""
        if not assignments:
            return []
        journal = self.env["school.journal"]
        self.env["school.mark"].flush_model()
        self.env["school.enrollment"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH roster AS (
                    SELECT DISTINCT a.id AS assignment_id, e.student_id
                      FROM school_teaching_assignment a
                      JOIN school_enrollment e ON e.class_id = a.class_id
                       AND e.date_from <= %(date_end)s
                       AND (e.date_to IS NULL OR e.date_to >= %(date_start)s)
                     WHERE a.id = ANY(%(ids)s)
                       AND (a.study_group_id IS NULL OR EXISTS (
                            SELECT 1 FROM school_study_group_student_rel r
                             WHERE r.group_id = a.study_group_id
                               AND r.student_id = e.student_id))
                )
                SELECT r.assignment_id, r.student_id, %(average)s, %(count)s,
                       COUNT(m.id) FILTER (WHERE w.is_control)
                  FROM roster r
                  LEFT JOIN school_mark m
                    ON m.assignment_id = r.assignment_id AND m.student_id = r.student_id
                   AND m.period_id = %(period)s
                  LEFT JOIN school_work_type w ON w.id = m.work_type_id
                 GROUP BY r.assignment_id, r.student_id
                """,
                average=journal._average_sql("m"),
                count=journal._average_count_sql("m"),
                ids=assignments.ids,
                period=period.id,
                date_start=period.date_start,
                date_end=period.date_end,
            )
        )
        return self.env.cr.fetchall()

    def _store_proposals(self, rows, kind, period):
        """Write the proposals in one INSERT … ON CONFLICT: new marks are created, draft
        ones refreshed, confirmed ones left alone. A large school proposes some 70,000
        marks at once; the ORM's create would spend its time on per-record bookkeeping
        a proposal does not need (it is not tracked, and computes nothing but the
        journal's related fields, filled here from the assignment)."""
        if not rows:
            return
        MarkValue = self.env["school.mark.value"]
        propose = MarkValue._proposer()
        not_assessed = MarkValue._by_xmlid("school_records.school_mark_value_na")
        columns = [[] for _column in range(8)]
        notes = {}
        for assignment_id, student_id, average, count, controls in rows:
            average = float(average) if average is not None else None
            key = (count, controls, average is None)
            if key not in notes:
                notes[key] = self._proposal_notes(count, controls, average, kind)
            proposed = propose(average) if average is not None else not_assessed
            values = {
                "average": average or 0.0,
                "proposed_value_id": proposed.id,
                "confident": not notes[key],
                "proposal_note": "; ".join(notes[key]),
            }
            for column, value in zip(
                columns,
                (
                    assignment_id,
                    student_id,
                    values["average"],
                    count,
                    controls,
                    values["proposed_value_id"],
                    values["confident"],
                    values["proposal_note"] or None,
                ),
                strict=True,
            ):
                column.append(value)
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO school_period_mark (
                    assignment_id, student_id, subject_id, class_id, year_id, kind, period_id,
                    average, mark_count, control_count, proposed_value_id, confident,
                    proposal_note, state, create_uid, create_date, write_uid, write_date)
                SELECT r.assignment_id, r.student_id, a.subject_id, a.class_id, a.year_id,
                       %(kind)s, %(period)s, r.average, r.mark_count, r.control_count,
                       r.proposed_value_id, r.confident, r.proposal_note, 'draft',
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(assignments)s::int[], %(students)s::int[],
                              %(averages)s::numeric[], %(counts)s::int[], %(controls)s::int[],
                              %(proposed)s::int[], %(confident)s::bool[], %(notes)s::varchar[])
                       AS r(assignment_id, student_id, average, mark_count, control_count,
                            proposed_value_id, confident, proposal_note)
                  JOIN school_teaching_assignment a ON a.id = r.assignment_id
                ON CONFLICT ON CONSTRAINT school_period_mark_mark_uniq DO UPDATE
                   SET average = EXCLUDED.average,
                       mark_count = EXCLUDED.mark_count,
                       control_count = EXCLUDED.control_count,
                       proposed_value_id = EXCLUDED.proposed_value_id,
                       confident = EXCLUDED.confident,
                       proposal_note = EXCLUDED.proposal_note,
                       write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
                 WHERE school_period_mark.state = 'draft'
                """,
                kind=kind,
                period=period.id or None,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                assignments=columns[0],
                students=columns[1],
                averages=columns[2],
                counts=columns[3],
                controls=columns[4],
                proposed=columns[5],
                confident=columns[6],
                notes=columns[7],
            )
        )
        self.invalidate_model()

    def _proposal_notes(self, count, controls, average, kind):
        """Why a proposal is not confident: too few marks or control works, or none."""
        company = self.env.company
        notes = []
        if kind == "period":
            if count < company.school_min_marks_per_period:
                notes.append(
                    self.env._(
                        "%(count)s marks, at least %(minimum)s needed",
                        count=count,
                        minimum=company.school_min_marks_per_period,
                    )
                )
            if controls < company.school_min_control_per_period:
                notes.append(
                    self.env._(
                        "%(count)s control works, at least %(minimum)s needed",
                        count=controls,
                        minimum=company.school_min_control_per_period,
                    )
                )
        if average is None:
            notes.append(self.env._("no marks: «н/а» unless the teacher decides otherwise"))
        return notes
