from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONTROL_SHARE = 10  # per cent of the subject's hours in the year


class SchoolAssessmentPlan(models.Model):
    """Единый график оценочных процедур: a control work planned for a class (or one of
    its subgroups) in a subject, on a date, of a work type.

    The joint letter of the Ministry of Education (Минпросвещения России) and
    Rosobrnadzor of 6 August 2021 No СК-228/03, 01-169/08-01 «О направлении
    рекомендаций» asks schools to plan their assessment procedures in one schedule,
    published in advance, and checks two of its recommendations at planning:

    * not more than one such work a day in a class (the subgroups of one subject writing
      the same work count once);
    * not more than 10 % of the subject's hours in the class's year (by the curriculum,
      or the journal's own hours when the curriculum has no line).

    The deputy director keeps the schedule; teachers, the office and the families of the
    class read it."""

    _name = "school.assessment.plan"
    _description = "Planned Control Work"
    _inherit = ["mail.thread"]
    _order = "date, class_id, id"

    name = fields.Char(string="Work", required=True, tracking=True)
    assignment_id = fields.Many2one(
        "school.teaching.assignment", string="Journal", required=True, index=True, tracking=True
    )
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, index=True)
    study_group_id = fields.Many2one(related="assignment_id.study_group_id", store=True)
    subject_id = fields.Many2one(related="assignment_id.subject_id", store=True, index=True)
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True, string="Teacher")
    year_id = fields.Many2one(related="assignment_id.year_id", store=True, index=True)
    date = fields.Date(required=True, index=True, tracking=True)
    work_type_id = fields.Many2one(
        "school.work.type",
        string="Work type",
        required=True,
        domain=[("is_control", "=", True)],
        default=lambda self: self.env.ref(
            "school_records.school_work_type_control", raise_if_not_found=False
        ),
    )
    note = fields.Text()

    @api.constrains("date", "assignment_id")
    def _check_one_a_day(self):
        """Not more than one control work a day in a class."""
        plans = self.filtered("class_id")
        if not plans:
            return
        groups = self.sudo()._read_group(
            [
                ("class_id", "in", plans.class_id.ids),
                ("date", "in", list(set(plans.mapped("date")))),
            ],
            ["class_id", "date:day", "subject_id"],
            ["__count"],
        )
        subjects = defaultdict(list)
        for school_class, day, subject, _count in groups:
            subjects[school_class.id, day].append(subject.name)
        for plan in plans:
            names = subjects.get((plan.class_id.id, plan.date), [])
            if len(names) > 1:
                raise ValidationError(
                    self.env._(
                        "Class %(school_class)s already has a control work on %(date)s "
                        "(%(subjects)s): not more than one a day (letter No СК-228/03, "
                        "01-169/08-01 of 6 August 2021).",
                        school_class=plan.class_id.name,
                        date=plan.date,
                        subjects=", ".join(sorted(names)),
                    )
                )

    @api.constrains("assignment_id", "date")
    def _check_share_of_hours(self):
        """Not more than 10 % of the subject's hours in the year."""
        if not self:
            return
        counts = {
            (assignment.id): count
            for assignment, count in self.sudo()._read_group(
                [("assignment_id", "in", self.assignment_id.ids)], ["assignment_id"], ["__count"]
            )
        }
        for plan in self:
            hours = plan._year_hours()
            count = counts.get(plan.assignment_id.id, 0)
            if not hours:
                raise ValidationError(
                    self.env._(
                        "The hours of %(subject)s in a year are unknown for %(journal)s: add "
                        "the subject to the curriculum first.",
                        subject=plan.subject_id.name,
                        journal=plan.assignment_id.name,
                    )
                )
            if count * 100 > hours * CONTROL_SHARE:
                raise ValidationError(
                    self.env._(
                        "%(journal)s would have %(count)s control works for %(hours)s hours "
                        "a year: not more than 10%% of the hours (%(limit)s) by the letter "
                        "No СК-228/03, 01-169/08-01 of 6 August 2021.",
                        journal=plan.assignment_id.name,
                        count=count,
                        hours=hours,
                        limit=hours * CONTROL_SHARE // 100,
                    )
                )

    def _year_hours(self):
        """The hours of the subject in the class's year: the curriculum line of the
        class, else of its grade, else the journal's own hours."""
        self.ensure_one()
        school_class = self.class_id.sudo()
        lines = (
            self.env["school.curriculum.line"]
            .sudo()
            .search(
                [
                    ("year_id", "=", self.year_id.id),
                    ("subject_id", "=", self.subject_id.id),
                    ("level", "=", school_class.level),
                    ("class_id", "in", [school_class.id, False]),
                ]
            )
        )
        line = lines.filtered("class_id")[:1] or lines[:1]
        return line.hours_per_year or self.assignment_id.sudo().hours_per_year
