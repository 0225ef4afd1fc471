from collections import defaultdict, deque

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class SchoolLesson(models.Model):
    """Урок: one lesson of a journal, with its topic, homework and work type.

    A recorded substitute teacher may fill this lesson (and only this one)."""

    _name = "school.lesson"
    _description = "Lesson"
    _inherit = ["mail.thread"]
    _order = "date desc, number, id"

    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        required=True,
        ondelete="restrict",
        index=True,
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    number = fields.Integer(string="Lesson No.", required=True, default=1)
    topic = fields.Char(tracking=True)
    homework = fields.Text(tracking=True)
    homework_attachment_ids = fields.Many2many(
        "ir.attachment",
        "school_lesson_homework_attachment_rel",
        "lesson_id",
        "attachment_id",
        string="Homework files",
    )
    work_type_id = fields.Many2one(
        "school.work.type",
        string="Work type",
        default=lambda self: self.env.ref(
            "school_records.school_work_type_answer", raise_if_not_found=False
        ),
    )
    attendance_taken = fields.Boolean(tracking=True)
    teacher_id = fields.Many2one(
        related="assignment_id.teacher_id", store=True, index=True, string="Teacher"
    )
    substitute_teacher_id = fields.Many2one(
        "res.users", string="Substitute teacher", index=True, tracking=True
    )
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, index=True)
    study_group_id = fields.Many2one(related="assignment_id.study_group_id", store=True, index=True)
    subject_id = fields.Many2one(related="assignment_id.subject_id", store=True, index=True)
    year_id = fields.Many2one(related="assignment_id.year_id", store=True)
    period_id = fields.Many2one(
        "school.period", compute="_compute_period_id", store=True, index=True
    )
    plan_line_id = fields.Many2one("school.lesson.plan.line", string="Lesson plan line")
    timetable_slot_id = fields.Many2one(
        "school.timetable.slot", string="Timetable slot", index=True, ondelete="set null"
    )
    mark_ids = fields.One2many("school.mark", "lesson_id", string="Marks")
    attendance_ids = fields.One2many("school.attendance", "lesson_id", string="Absences")
    audit_ids = fields.One2many("school.journal.audit", "lesson_id", string="Journal audit")

    @api.depends("date", "year_id", "class_id.period_scheme")
    def _compute_period_id(self):
        periods = self.env["school.period"].search([("year_id", "in", self.year_id.ids)])
        by_year_scheme = defaultdict(list)
        for period in periods:
            by_year_scheme[period.year_id.id, period.scheme].append(period)
        for lesson in self:
            scheme = lesson.class_id.period_scheme or "quarter"
            lesson.period_id = next(
                (
                    period
                    for period in by_year_scheme[lesson.year_id.id, scheme]
                    if lesson.date and period.date_start <= lesson.date <= period.date_end
                ),
                False,
            )

    @api.depends("assignment_id.name", "date", "number")
    def _compute_display_name(self):
        for lesson in self:
            lesson.display_name = _(
                "%(journal)s, %(date)s, lesson %(number)s",
                journal=lesson.assignment_id.name,
                date=lesson.date,
                number=lesson.number,
            )

    @api.constrains("date", "assignment_id")
    def _check_date_in_year(self):
        for lesson in self:
            year = lesson.year_id
            if not year.date_start <= lesson.date <= year.date_end:
                raise ValidationError(
                    _(
                        "The lesson date %(date)s is outside the academic year %(year)s.",
                        date=lesson.date,
                        year=year.name,
                    )
                )

    @api.constrains("date", "number", "assignment_id")
    def _check_number_unique(self):
        for lesson in self:
            if not 1 <= lesson.number <= 12:
                raise ValidationError(_("A lesson number runs from 1 to 12."))
            clash = self.search_count(
                [
                    ("id", "!=", lesson.id),
                    ("date", "=", lesson.date),
                    ("number", "=", lesson.number),
                    ("class_id", "=", lesson.class_id.id),
                    ("study_group_id", "=", lesson.study_group_id.id),
                ]
            )
            if clash:
                raise ValidationError(
                    _(
                        "%(group)s already has lesson No. %(number)s on %(date)s.",
                        group=lesson.study_group_id.name or lesson.class_id.name,
                        number=lesson.number,
                        date=lesson.date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lessons = super().create(self._take_topics_from_plan(vals_list))
        lessons._check_period_open()
        return lessons

    def write(self, vals):
        self._check_period_open()
        result = super().write(vals)
        if {"date", "assignment_id"} & vals.keys():
            self._check_period_open()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty_open_lessons(self):
        self._check_period_open()
        if self.mark_ids or self.attendance_ids:
            raise UserError(
                _("Delete the lesson's marks and absences first: they are audited one by one.")
            )

    @api.model
    def _take_topics_from_plan(self, vals_list):
        """A lesson created without a topic nor a plan line takes the next line of its
        journal's КТП: the first one by number that no lesson uses yet, in the order of
        `vals_list`. A control-work line also sets the control work type when no work
        type is given. Values given (or defaulted by the context) are never replaced.

        One query for all the journals of the batch; read as superuser, as the lesson's
        own access is checked when it is created. Returns the values to create, the
        caller's dicts left untouched."""
        context = self.env.context
        if context.get("default_topic") or context.get("default_plan_line_id"):
            return vals_list
        default_assignment = context.get("default_assignment_id")
        wanting = [
            (index, vals.get("assignment_id", default_assignment))
            for index, vals in enumerate(vals_list)
            if not vals.get("topic") and not vals.get("plan_line_id")
        ]
        wanting = [(index, assignment) for index, assignment in wanting if assignment]
        if not wanting:
            return vals_list
        vals_list = list(vals_list)
        for index, _assignment in wanting:
            vals_list[index] = dict(vals_list[index])
        assignment_ids = {assignment for _index, assignment in wanting}
        taken = {vals["plan_line_id"] for vals in vals_list if vals.get("plan_line_id")}
        free_lines = (
            self.env["school.lesson.plan.line"]
            .sudo()
            .search_fetch(
                [("assignment_id", "in", list(assignment_ids)), ("lesson_ids", "=", False)],
                ["assignment_id", "topic", "is_control_work"],
                order="assignment_id, sequence, id",
            )
        )
        queues = defaultdict(deque)
        for line in free_lines:
            if line.id not in taken:
                queues[line.assignment_id.id].append(line)
        control_type = None
        work_type_given = "default_work_type_id" in context
        for index, assignment in wanting:
            vals, queue = vals_list[index], queues[assignment]
            if not queue:
                continue
            line = queue.popleft()
            vals["plan_line_id"] = line.id
            vals["topic"] = line.topic
            if line.is_control_work and "work_type_id" not in vals and not work_type_given:
                if control_type is None:
                    control_type = self.env.ref(
                        "school_records.school_work_type_control", raise_if_not_found=False
                    )
                if control_type:
                    vals["work_type_id"] = control_type.id
        return vals_list

    def _check_period_open(self):
        """Closed periods are read-only, except for approved corrections."""
        if self.env.context.get("school_period_correction"):
            return
        closed = self.filtered(lambda lesson: lesson.period_id.state == "closed")
        if closed:
            raise UserError(
                _(
                    "The period %(period)s is closed: the journal can only be changed "
                    "through a correction approved by the deputy.",
                    period=closed[0].period_id.display_name,
                )
            )

    def _students(self):
        """The students the lesson's journal covers on the lesson day."""
        self.ensure_one()
        return self.assignment_id._students_on(self.date)
