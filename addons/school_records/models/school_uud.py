from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# ФГОС levels of general education by the grade (level_number) of the class.
EDUCATION_LEVELS = [
    ("noo", "Primary (grades 1-4)"),
    ("ooo", "Basic (grades 5-9)"),
    ("soo", "Secondary (grades 10-11)"),
]
UUD_KINDS = [
    ("regulatory", "Regulatory"),
    ("cognitive", "Cognitive"),
    ("communicative", "Communicative"),
    ("personal", "Personal"),
]
# The level of formation (сформированность, seed 001 §3.2.1) an assessment records: the
# seeds name no scale, so the three-level one of the school's УУД diagnostics.
UUD_LEVELS = [
    ("high", "High"),
    ("medium", "Medium"),
    ("low", "Low"),
]


def education_level_of(level_number):
    """НОО for grades 1–4, ООО for 5–9, СОО for 10–11."""
    if level_number <= 4:
        return "noo"
    return "ooo" if level_number <= 9 else "soo"


class SchoolUud(models.Model):
    """Универсальное учебное действие: one of the school's list of personal and
    metasubject results (seed 001 §3.2, seed 003 §3.2.3–3.2.4) for a level of education."""

    _name = "school.uud"
    _description = "Universal Learning Action"
    _order = "education_level, kind, sequence, id"

    name = fields.Char(required=True)
    education_level = fields.Selection(EDUCATION_LEVELS, required=True, index=True)
    kind = fields.Selection(UUD_KINDS, required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class SchoolUudAssessment(models.Model):
    """A teacher's assessment of how far a student formed a universal learning action in
    a school year: the class teacher's (no subject) or a subject teacher's (their subject).

    Who assessed is the user who wrote the line; a teacher writes only for the classes
    and subjects they teach (the class teacher: any action of their class)."""

    _name = "school.uud.assessment"
    _description = "Assessment of a Universal Learning Action"
    _order = "year_id desc, class_id, student_id, uud_id, subject_id"

    student_id = fields.Many2one("school.student", required=True, index=True, ondelete="cascade")
    class_id = fields.Many2one("school.class", required=True, index=True, ondelete="cascade")
    year_id = fields.Many2one(related="class_id.year_id", store=True, index=True)
    uud_id = fields.Many2one(
        "school.uud", string="Learning action", required=True, ondelete="restrict"
    )
    kind = fields.Selection(related="uud_id.kind", store=True)
    subject_id = fields.Many2one(
        "school.subject",
        help="The subject teacher's subject, or empty for the class teacher's assessment.",
    )
    level = fields.Selection(UUD_LEVELS)
    comment = fields.Char()
    assessor_id = fields.Many2one(
        "res.users",
        string="Assessed by",
        readonly=True,
        default=lambda self: self.env.user,
        index=True,
    )

    _sql_constraints = [
        (
            "unique_assessment",
            "unique(student_id, class_id, uud_id, subject_id)",
            "A student has one assessment of an action per class and subject.",
        ),
    ]

    @api.constrains("student_id", "class_id", "uud_id")
    def _check_student_and_level(self):
        for assessment in self.sudo():
            school_class = assessment.class_id
            if assessment.student_id not in school_class.enrollment_ids.student_id:
                raise ValidationError(
                    self.env._(
                        "%(student)s is not a student of class %(class)s.",
                        student=assessment.student_id.name,
                        **{"class": school_class.name},
                    )
                )
            if assessment.uud_id.education_level != education_level_of(school_class.level_number):
                raise ValidationError(
                    self.env._(
                        "The action «%(action)s» is not one of the level of class %(class)s.",
                        action=assessment.uud_id.name,
                        **{"class": school_class.name},
                    )
                )

    # who may assess ---------------------------------------------------------------------
    def _may_assess(self, user, school_class, subject):
        """The class teacher assesses without a subject; a subject teacher with the
        subject they teach in that class; the deputy and the director any."""
        roles = self.env["school.roles"]
        if roles._is_deputy(user):
            return True
        if not subject:
            return roles._is_class_teacher_of(school_class, user)
        return bool(
            self.env["school.teaching.assignment"]
            .sudo()
            .search_count(
                [
                    ("class_id", "=", school_class.id),
                    ("subject_id", "=", subject.id),
                    ("teacher_id", "=", user.id),
                ],
                limit=1,
            )
        )

    def _check_may_assess(self):
        if self.env.su:
            return
        for assessment in self:
            if not self._may_assess(self.env.user, assessment.class_id, assessment.subject_id):
                raise AccessError(
                    self.env._(
                        "You may assess the learning actions only of the classes and subjects "
                        "you teach (without a subject: of your own class as its class teacher)."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # the author is who writes the line, never a value sent by the client
            for vals in vals_list:
                vals["assessor_id"] = self.env.uid
        records = super().create(vals_list)
        records._check_may_assess()
        return records

    def write(self, vals):
        if not self.env.su:
            self._check_may_assess()
            vals = {**vals, "assessor_id": self.env.uid}
        result = super().write(vals)
        self._check_may_assess()
        return result

    def unlink(self):
        self._check_may_assess()
        return super().unlink()

    # the entry screen -------------------------------------------------------------------
    @api.model
    def _prepare_grid(self, school_class, subject):
        """Creates the missing lines (no level yet) of every student of the class and
        every active action of its level for the current user's assessment, then returns
        the editable list of them."""
        school_class.check_access("read")
        if not self._may_assess(self.env.user, school_class, subject):
            raise AccessError(
                self.env._(
                    "You may assess the learning actions only of the classes and subjects "
                    "you teach (without a subject: of your own class as its class teacher)."
                )
            )
        students = school_class.sudo().enrollment_ids.student_id
        uuds = self.env["school.uud"].search(
            [("education_level", "=", education_level_of(school_class.level_number))]
        )
        existing = self.sudo().search(
            [("class_id", "=", school_class.id), ("subject_id", "=", subject.id or False)]
        )
        have = {(a.student_id.id, a.uud_id.id) for a in existing}
        self.create(
            [
                {
                    "student_id": student.id,
                    "class_id": school_class.id,
                    "uud_id": uud.id,
                    "subject_id": subject.id or False,
                }
                for student in students
                for uud in uuds
                if (student.id, uud.id) not in have
            ]
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_records.school_uud_assessment_action"
        )
        action["domain"] = [
            ("class_id", "=", school_class.id),
            ("subject_id", "=", subject.id or False),
        ]
        action["context"] = {
            "default_class_id": school_class.id,
            "default_subject_id": subject.id or False,
        }
        action["name"] = self.env._(
            "Learning actions: %(class)s %(subject)s",
            **{"class": school_class.display_name},
            subject=subject.name or self.env._("(class teacher)"),
        )
        return action

    # the class summary ------------------------------------------------------------------
    @api.model
    def _summary(self, classes):
        """{(class id, uud id): {level: count}} of the assessed lines, in one GROUP BY."""
        groups = self._read_group(
            [("class_id", "in", classes.ids), ("level", "!=", False)],
            ["class_id", "uud_id", "level"],
            ["__count"],
        )
        result = {}
        for school_class, uud, level, count in groups:
            result.setdefault((school_class.id, uud.id), {})[level] = count
        return result


class SchoolStudent(models.Model):
    _inherit = "school.student"

    uud_assessment_ids = fields.One2many(
        "school.uud.assessment", "student_id", string="Learning actions (УУД)"
    )
