from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# what may still change on a signed line: the sign-off itself (reset by the director)
SIGN_FIELDS = {"signed", "signed_by_id", "signed_on"}


class SchoolPersonalFileYear(models.Model):
    """The results of one year of study in the personal file (seed 001 §4.2.3): the
    confirmed year marks per subject and the council's decision, certified by the class
    teacher's signature. Once signed, the line does not change."""

    _name = "school.personal.file.year"
    _description = "Personal File Annual Results"
    _order = "file_id, year_start, id"
    _rec_name = "class_id"

    file_id = fields.Many2one("school.personal.file", required=True, ondelete="cascade", index=True)
    student_id = fields.Many2one(related="file_id.student_id", store=True, index=True)
    year_id = fields.Many2one(
        "school.academic.year", string="Academic year", required=True, index=True
    )
    year_start = fields.Date(related="year_id.date_start", store=True, string="Year start")
    class_id = fields.Many2one("school.class", required=True, ondelete="restrict", index=True)
    class_teacher_id = fields.Many2one(related="class_id.class_teacher_id", store=True)
    result_ids = fields.One2many("school.personal.file.result", "year_line_id", string="Results")
    results_summary = fields.Char(string="Year marks", compute="_compute_results_summary")
    council_text = fields.Char(
        string="Council decision",
        help="«переведен в 7А класс, протокол от 28.05.2036 № 12»",
    )
    signed = fields.Boolean(readonly=True, copy=False)
    signed_by_id = fields.Many2one("res.users", string="Signed by", readonly=True, copy=False)
    signed_on = fields.Date(readonly=True, copy=False)
    can_sign = fields.Boolean(compute="_compute_can_sign")

    _sql_constraints = [
        (
            "file_year_uniq",
            "unique(file_id, year_id)",
            "The personal file already has the results of this year.",
        )
    ]

    @api.depends("result_ids.subject_id", "result_ids.value_id")
    def _compute_results_summary(self):
        for line in self:
            line.results_summary = "; ".join(
                f"{result.subject_id.name} {result.value_id.code}" for result in line.result_ids
            )

    @api.depends_context("uid")
    @api.depends("class_id.class_teacher_id", "signed")
    def _compute_can_sign(self):
        for line in self:
            line.can_sign = not line.signed and line._may_sign()

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get(name) for vals in vals_list for name in SIGN_FIELDS):
            self._check_signing_by_button()
        return super().create(vals_list)

    def write(self, vals):
        if vals.keys() - SIGN_FIELDS:
            self._check_not_signed()
        if vals.keys() & SIGN_FIELDS:
            self._check_signing_by_button()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_unsigned_only(self):
        self._check_not_signed()

    # signing -------------------------------------------------------------------------------
    def action_sign(self):
        """The class teacher of the year's class (or the deputy, or the director)
        certifies the results; the line is read-only afterwards."""
        self._check_can_sign()
        self.with_context(school_personal_file_signing=True).write(
            {
                "signed": True,
                "signed_by_id": self.env.uid,
                "signed_on": fields.Date.context_today(self),
            }
        )
        return True

    def action_unsign(self):
        """Only the director withdraws a signature, to correct a mistake."""
        if not self.env.user.has_group("school_records.group_director"):
            raise AccessError(self.env._("Only the director may withdraw a signature."))
        self.with_context(school_personal_file_signing=True).write(
            {"signed": False, "signed_by_id": False, "signed_on": False}
        )
        return True

    def _may_sign(self):
        user = self.env.user
        return user.has_group("school_records.group_deputy") or (
            self.class_id.class_teacher_id == user
        )

    def _check_can_sign(self):
        for line in self:
            if line.signed:
                raise UserError(
                    self.env._(
                        "The results of %(student)s for %(year)s are already signed.",
                        student=line.student_id.name,
                        year=line.year_id.name,
                    )
                )
            if not line._may_sign():
                raise AccessError(
                    self.env._(
                        "Only the class teacher of %(school_class)s signs its annual results.",
                        school_class=line.class_id.name,
                    )
                )

    def _check_signing_by_button(self):
        if not self.env.context.get("school_personal_file_signing"):
            raise UserError(self.env._("Sign the annual results with the Sign button."))

    def _check_not_signed(self):
        signed = self.filtered("signed")
        if signed:
            raise UserError(
                self.env._(
                    "The annual results of %(student)s for %(year)s are signed: they cannot "
                    "change.",
                    student=signed[0].student_id.name,
                    year=signed[0].year_id.name,
                )
            )

    # filling -------------------------------------------------------------------------------
    @api.model
    def _fill_for_classes(self, classes):
        """Create or update the year line of every student whose year ended in one of
        `classes`: confirmed year marks and the confirmed council decisions. Signed lines
        stay as they are. Returns the lines written."""
        written = self.browse()
        for school_class in classes:
            students = school_class._students_finishing_year()
            if not students:
                continue
            students._ensure_personal_files()
            files = {
                f.student_id: f
                for f in self.env["school.personal.file"].search(
                    [("student_id", "in", students.ids)]
                )
            }
            marks = self._confirmed_year_marks(school_class, students)
            decisions = self._council_texts(school_class.year_id, students)
            existing = {
                line.file_id: line
                for line in self.search(
                    [
                        ("file_id", "in", [f.id for f in files.values()]),
                        ("year_id", "=", school_class.year_id.id),
                    ]
                )
            }
            for student in students:
                line = existing.get(files[student], self.browse())
                if line.signed:
                    continue
                vals = {
                    "class_id": school_class.id,
                    "council_text": decisions.get(student.id, False),
                    "result_ids": [fields.Command.clear()]
                    + [
                        fields.Command.create({"subject_id": subject.id, "value_id": value.id})
                        for subject, value in marks[student.id]
                    ],
                }
                if line:
                    line.write(vals)
                else:
                    line = self.create(
                        {"file_id": files[student].id, "year_id": school_class.year_id.id, **vals}
                    )
                written |= line
        return written

    @api.model
    def _confirmed_year_marks(self, school_class, students):
        """(subject, mark) pairs by student id: one query for the whole class."""
        groups = (
            self.env["school.period.mark"]
            .sudo()
            ._read_group(
                [
                    ("student_id", "in", students.ids),
                    ("class_id", "=", school_class.id),
                    ("kind", "=", "year"),
                    ("state", "=", "confirmed"),
                    ("value_id", "!=", False),
                ],
                ["student_id", "subject_id", "value_id"],
            )
        )
        result = defaultdict(list)
        for student, subject, value in sorted(groups, key=lambda g: (g[1].sequence, g[1].name)):
            result[student.id].append((subject, value))
        return result

    @api.model
    def _council_texts(self, year, students):
        """The confirmed decisions of the year, by student id, in protocol order."""
        lines = (
            self.env["school.council.decision.line"]
            .sudo()
            .search_fetch(
                [
                    ("student_id", "in", students.ids),
                    ("year_id", "=", year.id),
                    ("state", "=", "confirmed"),
                ],
                ["student_id", "text"],
                order="protocol_date, id",
            )
        )
        result = {}
        for line in lines:
            result[line.student_id.id] = "; ".join(
                filter(None, (result.get(line.student_id.id), line.text))
            )
        return result


class SchoolPersonalFileResult(models.Model):
    """One subject's year mark in the personal file."""

    _name = "school.personal.file.result"
    _description = "Personal File Subject Result"
    _order = "year_line_id, sequence, id"

    year_line_id = fields.Many2one(
        "school.personal.file.year",
        string="Annual results line",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(related="subject_id.sequence", store=True)
    subject_id = fields.Many2one("school.subject", required=True, ondelete="restrict")
    value_id = fields.Many2one("school.mark.value", string="Mark", ondelete="restrict")

    @api.model_create_multi
    def create(self, vals_list):
        results = super().create(vals_list)
        results.year_line_id._check_not_signed()
        return results

    def write(self, vals):
        self.year_line_id._check_not_signed()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_unsigned_only(self):
        self.year_line_id._check_not_signed()


class SchoolClass(models.Model):
    _inherit = "school.class"

    def _students_finishing_year(self):
        """Students whose last class of the year is this one (a student moved to
        another class during the year has their results there)."""
        self.ensure_one()
        enrollments = self.env["school.enrollment"].search(
            [
                ("year_id", "=", self.year_id.id),
                ("student_id", "in", self.enrollment_ids.student_id.ids),
            ],
            order="date_from",
        )
        last_class = {}
        for enrollment in enrollments:
            last_class[enrollment.student_id] = enrollment.class_id
        return self.env["school.student"].concat(
            *(student for student, school_class in last_class.items() if school_class == self)
        )

    def action_fill_personal_files(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_archive.school_personal_file_fill_action"
        )
        action["context"] = {"default_class_ids": self.ids}
        return action
