from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

REMINDER_DAYS = 7  # the last week of August: the plans are due before 1 September
ACTIVITY = "school_records.mail_activity_type_lesson_plan"


class SchoolLessonPlanDeadline(models.TransientModel):
    """«КТП к 1 сентября» (seed 004 §4.4): the calendar-thematic plans of the coming
    year are due before it starts. The deputy lists the journals of that year whose
    plan is missing or whose planned hours differ from the curriculum's hours per year;
    in the last week before the year starts a daily job gives each of their teachers a
    reminder activity on the journal."""

    _name = "school.lesson.plan.deadline"
    _description = "Lesson Plans Due"

    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        default=lambda self: self._coming_year(),
    )
    deadline = fields.Date(related="year_id.date_start", string="Due before")
    line_ids = fields.One2many("school.lesson.plan.deadline.line", "deadline_id")

    @api.model
    def _coming_year(self):
        """The year that starts next, or else the year under way."""
        today = fields.Date.context_today(self)
        Year = self.env["school.academic.year"]
        return Year.search([("date_start", ">", today)], order="date_start", limit=1) or (
            Year.search([("date_start", "<=", today), ("date_end", ">=", today)], limit=1)
        )

    # the problems -------------------------------------------------------------------------
    @api.model
    def _plan_problems(self, year):
        """[{assignment, curriculum_hours, plan_hours, plan_lines, problem}] for the
        active journals of ``year`` whose plan is missing (``missing``) or whose hours
        differ from the curriculum line's hours per year (``hours``). The curriculum
        line of the class comes before the line of its grade; without one, the
        journal's own hours per year count."""
        assignments = self.env["school.teaching.assignment"].search(
            [("year_id", "=", year.id)], order="class_id, subject_id, id"
        )
        curriculum = {}
        for line in self.env["school.curriculum.line"].search([("year_id", "=", year.id)]):
            key = (line.class_id.id or line.level, line.subject_id.id)
            curriculum[key] = line.hours_per_year
        problems = []
        for assignment in assignments:
            school_class = assignment.class_id
            subject = assignment.subject_id.id
            hours = curriculum.get((school_class.id, subject))
            if hours is None:
                hours = curriculum.get((school_class.level, subject))
            if hours is None:
                hours = assignment.hours_per_year or 0
            plan_hours = sum(assignment.plan_line_ids.mapped("hours"))
            if not assignment.plan_line_ids:
                problem = "missing"
            elif hours and round(plan_hours, 1) != hours:
                problem = "hours"
            else:
                continue
            problems.append(
                {
                    "assignment": assignment,
                    "curriculum_hours": hours,
                    "plan_hours": plan_hours,
                    "plan_lines": len(assignment.plan_line_ids),
                    "problem": problem,
                }
            )
        return problems

    def action_show(self):
        """The deputy's list of the journals whose plan is missing or wrong."""
        self.ensure_one()
        if not self.env["school.roles"]._is_deputy():
            raise AccessError(
                self.env._("Only the deputy and the director check the lesson plans.")
            )
        self.line_ids.unlink()
        self.env["school.lesson.plan.deadline.line"].create(
            [
                {
                    "deadline_id": self.id,
                    "assignment_id": problem["assignment"].id,
                    "curriculum_hours": problem["curriculum_hours"],
                    "plan_hours": problem["plan_hours"],
                    "plan_lines": problem["plan_lines"],
                    "problem": problem["problem"],
                }
                for problem in self._plan_problems(self.year_id)
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Lesson plans due before %(date)s", date=self.deadline),
            "res_model": "school.lesson.plan.deadline.line",
            "view_mode": "list",
            "domain": [("deadline_id", "=", self.id)],
            "context": {"create": False},
        }

    # the reminders ------------------------------------------------------------------------
    @api.model
    def _cron_remind_plan_deadline(self):
        """Daily: in the last week before a year starts, each teacher of a journal of
        that year without a correct plan gets a reminder activity on the journal, due
        the day before the year starts; once (an open reminder is not repeated)."""
        today = self.env["school.journal"]._today()
        years = self.env["school.academic.year"].search(
            [
                ("date_start", ">", today),
                ("date_start", "<=", today + timedelta(days=REMINDER_DAYS)),
            ]
        )
        activity_type = self.env.ref(ACTIVITY)
        for year in years:
            for problem in self._plan_problems(year):
                assignment = problem["assignment"]
                if assignment.activity_ids.filtered(
                    lambda a, t=activity_type, u=assignment.teacher_id: (
                        a.activity_type_id == t and a.user_id == u
                    )
                ):
                    continue
                if problem["problem"] == "missing":
                    note = self.env._(
                        "The calendar-thematic plan of %(journal)s is missing: it is due "
                        "before %(date)s.",
                        journal=assignment.name,
                        date=year.date_start,
                    )
                else:
                    note = self.env._(
                        "The calendar-thematic plan of %(journal)s has %(plan)s hours, the "
                        "curriculum %(hours)s: correct it before %(date)s.",
                        journal=assignment.name,
                        plan=problem["plan_hours"],
                        hours=problem["curriculum_hours"],
                        date=year.date_start,
                    )
                assignment.activity_schedule(
                    ACTIVITY,
                    date_deadline=year.date_start - timedelta(days=1),
                    note=note,
                    user_id=assignment.teacher_id.id,
                )


class SchoolLessonPlanDeadlineLine(models.TransientModel):
    _name = "school.lesson.plan.deadline.line"
    _description = "Lesson Plan Due"
    _order = "class_id, subject_id, id"

    deadline_id = fields.Many2one(
        "school.lesson.plan.deadline", required=True, ondelete="cascade", index=True
    )
    assignment_id = fields.Many2one("school.teaching.assignment", string="Journal", required=True)
    teacher_id = fields.Many2one(related="assignment_id.teacher_id")
    class_id = fields.Many2one(related="assignment_id.class_id", store=True)
    study_group_id = fields.Many2one(related="assignment_id.study_group_id")
    subject_id = fields.Many2one(related="assignment_id.subject_id", store=True)
    curriculum_hours = fields.Integer(string="Curriculum hours")
    plan_hours = fields.Float(string="Planned hours", digits=(5, 1))
    plan_lines = fields.Integer(string="Plan lines")
    problem = fields.Selection(
        [("missing", "No plan"), ("hours", "Hours differ from the curriculum")], required=True
    )
