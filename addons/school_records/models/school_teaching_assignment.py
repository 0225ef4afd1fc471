from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SchoolTeachingAssignment(models.Model):
    """Нагрузка: a teacher teaches a subject to a class or a study group.

    It is the journal of that subject: its lessons, marks and attendance."""

    _name = "school.teaching.assignment"
    _description = "Teaching Assignment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year_id desc, class_id, subject_id"

    name = fields.Char(compute="_compute_name", store=True)
    year_id = fields.Many2one(
        "school.academic.year",
        compute="_compute_year_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
    )
    class_id = fields.Many2one(
        "school.class",
        compute="_compute_class_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
    )
    study_group_id = fields.Many2one(
        "school.study.group",
        index=True,
        help="A subgroup, elective or other group instead of the whole class",
    )
    subject_id = fields.Many2one("school.subject", required=True, index=True)
    teacher_id = fields.Many2one(
        "res.users", string="Teacher", required=True, index=True, tracking=True
    )
    hours_per_year = fields.Integer(help="Hours by the curriculum for this journal")
    lesson_ids = fields.One2many("school.lesson", "assignment_id")
    plan_line_ids = fields.One2many("school.lesson.plan.line", "assignment_id")
    lesson_count = fields.Integer(compute="_compute_lesson_count")
    can_open_journal = fields.Boolean(
        string="May open the journal",
        compute="_compute_can_open_journal",
        help="The user may open this journal in the grid (their own, their class's, one they "
        "substitute in; every journal for the deputy and the archivist).",
    )
    active = fields.Boolean(default=True)

    @api.depends("class_id.name", "study_group_id.name", "subject_id.name", "teacher_id.name")
    def _compute_name(self):
        for assignment in self:
            group = assignment.study_group_id.name or assignment.class_id.name or ""
            assignment.name = " — ".join(
                part
                for part in (group, assignment.subject_id.name, assignment.teacher_id.name)
                if part
            )

    @api.depends("class_id.year_id", "study_group_id.year_id")
    def _compute_year_id(self):
        for assignment in self:
            year = assignment.study_group_id.year_id or assignment.class_id.year_id
            if year:
                assignment.year_id = year

    @api.depends("study_group_id.class_id")
    def _compute_class_id(self):
        for assignment in self:
            if assignment.study_group_id.class_id:
                assignment.class_id = assignment.study_group_id.class_id

    def _compute_lesson_count(self):
        counts = dict(
            self.env["school.lesson"]._read_group(
                [("assignment_id", "in", self.ids)], ["assignment_id"], ["__count"]
            )
        )
        for assignment in self:
            assignment.lesson_count = counts.get(assignment, 0)

    @api.constrains("class_id", "study_group_id")
    def _check_group(self):
        for assignment in self:
            if not assignment.class_id and not assignment.study_group_id:
                raise ValidationError(
                    self.env._("A teaching assignment needs a class or a study group.")
                )

    def _students_on(self, day):
        """The students this journal covers on `day`.

        Read as superuser: a teacher checks enrollments they may not read."""
        return self._students_on_days([day])[day]

    def _students_on_days(self, days):
        """{day: :meth:`_students_on` (day)} for many days at once: one query of the
        class's enrollments over the days instead of one a day (an import of a
        fortnight's lessons, the enrollment check of a batch of marks).

        Read as superuser, as :meth:`_students_on`."""
        self.ensure_one()
        days = set(days)
        assignment = self.sudo()
        group, school_class = assignment.study_group_id, assignment.class_id
        if not days:
            return {}
        if group and not school_class:
            return dict.fromkeys(days, group.student_ids)
        enrollments = (
            self.env["school.enrollment"]
            .sudo()
            .search_fetch(
                [
                    ("class_id", "=", school_class.id),
                    ("date_from", "<=", max(days)),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", min(days)),
                ],
                ["student_id", "date_from", "date_to"],
            )
        )
        spans = [(e.date_from, e.date_to, e.student_id.id) for e in enrollments]
        Student = self.env["school.student"].sudo()
        result = {}
        for day in days:
            ids = [sid for start, end, sid in spans if start <= day and (not end or end >= day)]
            students = Student.browse(list(dict.fromkeys(ids)))
            result[day] = students & group.student_ids if group else students
        return result

    def _compute_can_open_journal(self):
        readable = self.env["school.journal"]._readable_journals(self)
        for assignment in self:
            assignment.can_open_journal = assignment in readable

    def action_open_journal(self):
        self.ensure_one()
        self.env["school.journal"]._check_can_read(self)
        return {
            "type": "ir.actions.client",
            "tag": "school_journal_grid",
            "name": self.name,
            "context": {"assignment_id": self.id},
        }

    def action_view_lessons(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_records.school_lesson_action"
        )
        action["domain"] = [("assignment_id", "=", self.id)]
        action["context"] = {"default_assignment_id": self.id}
        return action
