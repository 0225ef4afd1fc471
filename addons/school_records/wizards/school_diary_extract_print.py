from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.school_diary import SCHOOL_DAYS

REPORT_REF = "school_records.school_diary_extract_report"


class SchoolDiaryExtractPrint(models.TransientModel):
    """Print diary extracts for one student (from the student's form) or for every
    student of a class (from the class's form): registers one extract per student and
    returns the PDF with all of them."""

    _name = "school.diary.extract.print"
    _description = "Print Diary Extracts"

    class_id = fields.Many2one("school.class", string="Class")
    student_ids = fields.Many2many(
        "school.student",
        string="Students",
        compute="_compute_student_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    kind = fields.Selection([("week", "Week"), ("period", "Period")], required=True, default="week")
    day = fields.Date(
        string="Any day of the week",
        default=fields.Date.context_today,
        help="The extract covers the school week (Monday to Saturday) of this day.",
    )
    allowed_period_ids = fields.Many2many("school.period", compute="_compute_allowed_period_ids")
    period_id = fields.Many2one(
        "school.period",
        string="Period",
        compute="_compute_period_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('id', 'in', allowed_period_ids)]",
    )
    date_from = fields.Date(compute="_compute_dates")
    date_to = fields.Date(compute="_compute_dates")

    @api.depends("kind", "day", "period_id")
    def _compute_dates(self):
        diary = self.env["school.diary"]
        for wizard in self:
            if wizard.kind == "period":
                wizard.date_from = wizard.period_id.date_start
                wizard.date_to = wizard.period_id.date_end
            elif wizard.day:
                wizard.date_from = diary.week_start(wizard.day)
                wizard.date_to = wizard.date_from + timedelta(days=SCHOOL_DAYS - 1)
            else:
                wizard.date_from = wizard.date_to = False

    @api.depends("class_id", "kind", "day", "period_id")
    def _compute_student_ids(self):
        for wizard in self:
            if wizard.class_id and wizard.date_from:
                wizard.student_ids = wizard._class_students()

    @api.depends("class_id", "student_ids", "day")
    def _compute_allowed_period_ids(self):
        for wizard in self:
            wizard.allowed_period_ids = wizard._periods()

    @api.depends("allowed_period_ids")
    def _compute_period_id(self):
        for wizard in self:
            if wizard.period_id in wizard.allowed_period_ids:
                continue
            day = wizard.day or fields.Date.context_today(wizard)
            periods = wizard.allowed_period_ids.sorted("date_start")
            wizard.period_id = (
                periods.filtered(lambda p, d=day: p.date_start <= d <= p.date_end)[:1]
                or periods[:1]
            )

    def action_print(self):
        """Register the extracts and return their PDF."""
        self.ensure_one()
        extracts = self._issue()
        return self.env.ref(REPORT_REF).report_action(extracts)

    def _issue(self):
        self.ensure_one()
        if not self.student_ids:
            raise UserError(self.env._("Choose the students to print an extract for."))
        if self.kind == "period" and not self.period_id:
            raise UserError(self.env._("Choose the period of the extract."))
        if not self.date_from:
            raise UserError(self.env._("Choose a day of the week of the extract."))
        return self.env["school.diary.extract"].create(
            [self._extract_values(student) for student in self.student_ids]
        )

    def _extract_values(self, student):
        values = {
            "student_id": student.id,
            "kind": self.kind,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "period_id": self.period_id.id if self.kind == "period" else False,
        }
        if self.class_id:
            values["class_id"] = self.class_id.id
        return values

    def _class_students(self):
        """The students in the class at some time during the extract's range."""
        enrollments = (
            self.env["school.enrollment"]
            .sudo()
            .search(
                [
                    ("class_id", "=", self.class_id.id),
                    ("date_from", "<=", self.date_to),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", self.date_from),
                ]
            )
        )
        return enrollments.student_id.sorted("name")

    def _periods(self):
        """The periods of the class (or of the students' classes) in its year."""
        if self.class_id:
            return self.class_id.sudo().year_id.period_ids.filtered(
                lambda p: p.scheme == (self.class_id.sudo().period_scheme or "quarter")
            )
        diary = self.env["school.diary"]
        periods = self.env["school.period"]
        for student in self.student_ids.filtered("enrollment_ids"):
            periods |= diary._periods(student, self.day)
        return periods
