from odoo import api, fields, models
from odoo.exceptions import ValidationError

GROUP_KINDS = [
    ("subgroup", "Subgroup"),
    ("elective", "Elective"),
    ("extracurricular", "Extracurricular activity"),
    ("additional", "Additional education"),
    ("home_plan", "Individual home study plan"),
]


class SchoolStudyGroup(models.Model):
    """Подгруппа, факультатив, внеурочка, доп. образование or ИУП на дому."""

    _name = "school.study.group"
    _description = "Study Group"
    _inherit = ["mail.thread"]
    _order = "year_id desc, name"

    name = fields.Char(required=True)
    kind = fields.Selection(GROUP_KINDS, required=True, default="subgroup")
    year_id = fields.Many2one("school.academic.year", required=True, index=True)
    class_id = fields.Many2one(
        "school.class",
        index=True,
        help="The class the group is drawn from; required for subgroups.",
    )
    student_ids = fields.Many2many(
        "school.student",
        "school_study_group_student_rel",
        "group_id",
        "student_id",
        string="Students",
    )
    teacher_id = fields.Many2one("res.users", string="Teacher")
    assignment_ids = fields.One2many("school.teaching.assignment", "study_group_id")
    active = fields.Boolean(default=True)

    @api.constrains("kind", "class_id", "student_ids")
    def _check_members(self):
        for group in self:
            if group.kind == "subgroup" and not group.class_id:
                raise ValidationError(self.env._("A subgroup belongs to a class."))
            if group.kind == "home_plan" and len(group.student_ids) > 1:
                raise ValidationError(
                    self.env._("An individual home study plan is for one student only.")
                )
            if group.class_id and group.kind == "subgroup":
                strangers = group.student_ids.filtered(
                    lambda s, g=group: g.class_id not in s.enrollment_ids.class_id
                )
                if strangers:
                    raise ValidationError(
                        self.env._(
                            "%(students)s never studied in class %(school_class)s.",
                            students=", ".join(strangers.mapped("name")),
                            school_class=group.class_id.name,
                        )
                    )
