from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .school_period import PERIOD_SCHEMES

LEVELS = [(str(level), str(level)) for level in range(1, 12)]


class SchoolClass(models.Model):
    """Класс of one academic year, such as 5А, with its class teacher."""

    _name = "school.class"
    _description = "Class"
    _inherit = ["mail.thread"]
    _order = "year_id desc, level_number, letter"

    name = fields.Char(compute="_compute_name", store=True, readonly=True, precompute=True)
    year_id = fields.Many2one(
        "school.academic.year", string="Academic year", required=True, index=True
    )
    level = fields.Selection(LEVELS, required=True, default="1")
    level_number = fields.Integer(compute="_compute_level_number", store=True, precompute=True)
    letter = fields.Char(required=True, default="А", size=3)
    class_teacher_id = fields.Many2one(
        "res.users", string="Class teacher", tracking=True, index=True
    )
    period_scheme = fields.Selection(
        PERIOD_SCHEMES,
        compute="_compute_period_scheme",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="Quarters for grades 1-9 and half-years for 10-11 unless changed.",
    )
    enrollment_ids = fields.One2many("school.enrollment", "class_id")
    student_ids = fields.One2many(
        "school.student", "class_id", string="Students", help="Students studying in it now"
    )
    student_count = fields.Integer(compute="_compute_student_count")
    study_group_ids = fields.One2many("school.study.group", "class_id")
    assignment_ids = fields.One2many("school.teaching.assignment", "class_id")
    room = fields.Char()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_year_uniq",
            "unique(year_id, level, letter)",
            "This class already exists in this year.",
        ),
    ]

    @api.depends("level", "letter")
    def _compute_name(self):
        for school_class in self:
            school_class.name = f"{school_class.level}{(school_class.letter or '').upper()}"

    @api.depends("level")
    def _compute_level_number(self):
        for school_class in self:
            school_class.level_number = int(school_class.level or 0)

    @api.depends("level")
    def _compute_period_scheme(self):
        for school_class in self:
            school_class.period_scheme = (
                "half_year" if school_class.level_number >= 10 else "quarter"
            )

    def _compute_student_count(self):
        counts = dict(
            self.env["school.student"]._read_group(
                [("class_id", "in", self.ids)], ["class_id"], ["__count"]
            )
        )
        for school_class in self:
            school_class.student_count = counts.get(school_class, 0)

    @api.depends("name", "year_id.name")
    @api.depends_context("school_class_with_year")
    def _compute_display_name(self):
        """The class's name; with the year in the pickers where classes of several years
        meet. The context key chooses a label only: no right or check reads it."""
        for school_class in self:
            if self.env.context.get("school_class_with_year"):
                school_class.display_name = f"{school_class.name} ({school_class.year_id.name})"
            else:
                school_class.display_name = school_class.name

    @api.constrains("letter")
    def _check_letter(self):
        for school_class in self:
            if not (school_class.letter or "").strip():
                raise ValidationError(self.env._("A class needs a letter."))

    def _students_on(self, day):
        """Students enrolled in these classes on `day`, by class."""
        enrollments = self.env["school.enrollment"].search_fetch(
            [
                ("class_id", "in", self.ids),
                ("date_from", "<=", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
            ],
            ["class_id", "student_id"],
        )
        result = dict.fromkeys(self, self.env["school.student"])
        for enrollment in enrollments:
            result[enrollment.class_id] |= enrollment.student_id
        return result

    def _council_decisions(self, year):
        """{(class id, student id): the pedagogical council's decisions of `year` about
        the students of these classes, as the summary statement writes them}. The
        archive addon, which keeps the council's protocols, fills it in."""
        return {}

    def action_open_journal(self):
        """The class's journal grid, opened on its first subject."""
        self.ensure_one()
        assignment = self.assignment_ids.sorted(lambda a: a.subject_id.sequence)[:1]
        if not assignment:
            raise UserError(self.env._("The class %s has no teaching assignments yet.", self.name))
        return assignment.action_open_journal()

    def action_view_students(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_records.school_student_action"
        )
        action["domain"] = [("class_id", "=", self.id)]
        action["context"] = {"default_class_id": self.id}
        return action
