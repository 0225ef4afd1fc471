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
        tomorrow = self.env["school.journal"]._today() + timedelta(days=1)
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
        (confirmed marks are left alone); return how many students were proposed.
        One SQL statement computes every average and writes the proposals."""
        assignments = assignments.filtered(
            lambda a: (
                (a.class_id.period_scheme or "quarter") == period.scheme
                and a.year_id == period.year_id
            )
        )
        self.browse()._check_can_propose(assignments)
        if not assignments:
            return 0
        return self._store_proposals(self._period_aggregates(assignments, period), "period", period)

    @api.model
    def propose_year_marks(self, assignments):
        """Year marks from the period marks (confirmed ones, else proposed ones)."""
        self.browse()._check_can_propose(assignments)
        if not assignments:
            return 0
        aggregates = SQL(
            """
            SELECT pm.assignment_id, pm.student_id,
                   AVG(v.numeric_value) FILTER (WHERE v.counts_in_average) AS average,
                   COUNT(*) FILTER (WHERE v.counts_in_average) AS mark_count,
                   0 AS control_count
              FROM school_period_mark pm
              JOIN school_mark_value v
                ON v.id = COALESCE(pm.value_id, pm.proposed_value_id)
             WHERE pm.kind = 'period' AND pm.assignment_id = ANY(%s)
             GROUP BY pm.assignment_id, pm.student_id
            """,
            assignments.ids,
        )
        return self._store_proposals(aggregates, "year", self.env["school.period"])

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
        """The SQL of (assignment_id, student_id, average, mark_count, control_count):
        the weighted average, the marks entering it and the control works of every
        student enrolled in the journal's group during the period, with or without
        marks."""
        journal = self.env["school.journal"]
        self.env["school.mark"].flush_model()
        self.env["school.enrollment"].flush_model()
        return SQL(
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
            ),
            marks AS (
                SELECT m.assignment_id, m.student_id, %(average)s AS average,
                       %(count)s AS mark_count,
                       COUNT(m.id) FILTER (WHERE m.work_type_id = ANY(%(controls)s))
                           AS control_count
                  FROM school_mark m
                 WHERE m.period_id = %(period)s AND m.assignment_id = ANY(%(ids)s)
                 GROUP BY m.assignment_id, m.student_id
            )
            SELECT r.assignment_id, r.student_id, k.average,
                   COALESCE(k.mark_count, 0) AS mark_count,
                   COALESCE(k.control_count, 0) AS control_count
              FROM roster r
              LEFT JOIN marks k
                ON k.assignment_id = r.assignment_id AND k.student_id = r.student_id
            """,
            average=journal._average_sql("m"),
            count=journal._average_count_sql("m"),
            ids=assignments.ids,
            controls=self.env["school.work.type"].sudo().search([("is_control", "=", True)]).ids,
            period=period.id,
            date_start=period.date_start,
            date_end=period.date_end,
        )

    def _store_proposals(self, aggregates, kind, period):
        """Write the proposals of `aggregates` (the SQL of :meth:`_period_aggregates`)
        in ONE statement and return how many students it proposed: new marks are
        created, draft ones whose proposal changed are refreshed, confirmed ones and
        unchanged drafts are not touched. The mark a weighted average leads to is
        chosen by the school's boundaries in SQL (``school.mark.value._proposal_sql``),
        the note is looked up in the table of every case (:meth:`_proposal_note_table`).

        A large school proposes some 70,000 marks at once: computing them in the
        database and writing them in the same statement spares their trip to Python
        and back, and the ORM's per-record bookkeeping a proposal does not need (it is
        not tracked, and computes nothing but the journal's related fields, filled
        here from the assignment)."""
        self.flush_model()
        company = self.env.company
        min_marks = company.school_min_marks_per_period if kind == "period" else 0
        min_controls = company.school_min_control_per_period if kind == "period" else 0
        notes = self._proposal_note_table(kind, min_marks, min_controls)
        self.env.cr.execute(
            SQL(
                """
                WITH aggregates AS (%(aggregates)s),
                proposals AS (
                    SELECT g.assignment_id, g.student_id, COALESCE(g.average, 0) AS average,
                           g.mark_count, g.control_count, %(proposed)s AS proposed_value_id,
                           (%(notes)s::varchar[])[%(note_index)s] AS proposal_note
                      FROM aggregates g
                ),
                written AS (
                    INSERT INTO school_period_mark (
                        assignment_id, student_id, subject_id, class_id, year_id, kind,
                        period_id, average, mark_count, control_count, proposed_value_id,
                        confident, proposal_note, state,
                        create_uid, create_date, write_uid, write_date)
                    SELECT p.assignment_id, p.student_id, a.subject_id, a.class_id, a.year_id,
                           %(kind)s, %(period)s, p.average, p.mark_count, p.control_count,
                           p.proposed_value_id, p.proposal_note IS NULL, p.proposal_note, 'draft',
                           %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM proposals p
                      JOIN school_teaching_assignment a ON a.id = p.assignment_id
                      LEFT JOIN school_period_mark old
                        ON old.student_id = p.student_id
                       AND old.assignment_id = p.assignment_id
                       AND old.kind = %(kind)s
                       AND %(same_period)s
                     WHERE old.id IS NULL
                        OR (old.state = 'draft'
                            AND (old.average, old.mark_count, old.control_count,
                                 old.proposed_value_id, old.confident, old.proposal_note)
                                IS DISTINCT FROM
                                (p.average::numeric, p.mark_count::int, p.control_count::int,
                                 p.proposed_value_id, p.proposal_note IS NULL, p.proposal_note))
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
                )
                SELECT count(*) FROM proposals
                """,
                aggregates=aggregates,
                notes=notes,
                note_index=self._proposal_note_index(SQL("g"), min_marks, min_controls),
                proposed=self.env["school.mark.value"]._proposal_sql(SQL("g.average")),
                kind=kind,
                period=period.id or None,
                same_period=SQL("old.period_id = %s", period.id)
                if period
                else SQL("old.period_id IS NULL"),
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        self.invalidate_model()
        return self.env.cr.fetchone()[0]

    def _proposal_note_table(self, kind, min_marks, min_controls):
        """The note (or None: confident) of every case a proposal's note depends on,
        in the order :meth:`_proposal_note_index` finds them: the marks and the
        control works up to the school's minimums (a count at the minimum or above
        reads as the minimum) and whether there is an average."""
        return [
            "; ".join(notes) or None
            for count in range(min_marks + 1)
            for controls in range(min_controls + 1)
            for no_average in (False, True)
            for notes in [self._proposal_notes(count, controls, None if no_average else 0.0, kind)]
        ]

    @api.model
    def _proposal_note_index(self, alias, min_marks, min_controls):
        """The SQL position (from 1) in :meth:`_proposal_note_table` of the case of the
        aggregate row `alias` (mark_count, control_count, average)."""
        return SQL(
            "LEAST(%(row)s.mark_count, %(min_marks)s) * %(per_count)s"
            " + LEAST(%(row)s.control_count, %(min_controls)s) * 2"
            " + (%(row)s.average IS NULL)::int + 1",
            row=alias,
            min_marks=min_marks,
            min_controls=min_controls,
            per_count=(min_controls + 1) * 2,
        )

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
