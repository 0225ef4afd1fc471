from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# the sign-off: only the Sign button (the class teacher) and the director's withdrawal
SIGN_FIELDS = ("signed", "signed_by_id", "signed_on")
CLASS_TEACHER = "school_records.group_class_teacher"
# what a read may fetch without it being a read of the student's results
NOT_PERSONAL = {"id", "display_name", "file_id", "year_id", "class_id", "signed", "can_sign"}
SOURCES = [("journal", "This school's journal"), ("other_school", "Another school")]


class SchoolPersonalFileYear(models.Model):
    """The results of one year of study in the personal file (seed 001 §4.2.3, seed 003
    §7.3.4): the confirmed year marks per subject and the council's decision, certified
    by the class teacher's signature. Once signed, the line does not change.

    A year at this school comes from its journal: the marks are filled from the confirmed
    year marks and change only by filling again. A year the student studied at another
    school (before coming here) is copied by hand from that school's documents, which the
    line names."""

    _name = "school.personal.file.year"
    _description = "Personal File Annual Results"
    _inherit = ["school.workflow.mixin"]
    _workflow_fields = SIGN_FIELDS
    _order = "file_id, year_start, id"
    _rec_name = "class_id"

    file_id = fields.Many2one("school.personal.file", required=True, ondelete="cascade", index=True)
    student_id = fields.Many2one(related="file_id.student_id", store=True, index=True)
    year_id = fields.Many2one(
        "school.academic.year", string="Academic year", required=True, index=True
    )
    year_start = fields.Date(related="year_id.date_start", store=True, string="Year start")
    source = fields.Selection(
        SOURCES,
        string="Results from",
        required=True,
        default="journal",
        help="This school's journal: the confirmed year marks, filled with «Fill personal "
        "files». Another school: copied by hand from the documents of the school the "
        "student studied at that year.",
    )
    class_id = fields.Many2one("school.class", ondelete="restrict", index=True)
    class_teacher_id = fields.Many2one(related="class_id.class_teacher_id", store=True)
    previous_school = fields.Char(
        string="Previous school",
        help="The school the student studied at that year, as in its documents.",
    )
    previous_class = fields.Char(string="Class there", help="The class at that school: «5Б».")
    source_document = fields.Char(
        string="Copied from",
        help="The document the results are copied from: «личное дело № П-12, выдано "
        "МБОУ СОШ № 5 30.06.2035».",
    )
    class_name = fields.Char(string="Class name", compute="_compute_class_name")
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

    @api.depends("source", "class_id.name", "previous_class")
    def _compute_class_name(self):
        for line in self:
            line.class_name = (
                line.class_id.name if line.source == "journal" else line.previous_class
            )

    @api.depends_context("uid")
    @api.depends("class_id.class_teacher_id", "signed", "source")
    def _compute_can_sign(self):
        for line in self:
            line.can_sign = not line.signed and line._may_sign()

    @api.constrains("source", "class_id", "previous_school", "source_document")
    def _check_source(self):
        for line in self:
            if line.source == "journal" and not line.class_id:
                raise ValidationError(
                    self.env._(
                        "The results of a year at this school come from the journal of its "
                        "class: choose the class."
                    )
                )
            if line.source == "other_school" and not (
                (line.previous_school or "").strip() and (line.source_document or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Results copied by hand need the school they come from and the "
                        "document they are copied from."
                    )
                )

    @api.constrains("source", "year_id", "file_id")
    def _check_other_school_year(self):
        """The journal has the marks of every year the student spent here, even part
        of a year: only the other years are copied by hand."""
        for line in self.filtered(lambda line: line.source == "other_school"):
            if line.year_id in line.student_id.enrollment_ids.year_id:
                raise ValidationError(
                    self.env._(
                        "%(student)s studied at this school in %(year)s: the results of that "
                        "year come from the journal. Fill the personal files of the class.",
                        student=line.student_id.name,
                        year=line.year_id.name,
                    )
                )

    def write(self, vals):
        # the sign-off fields themselves are the mixin's: refused unless an action
        # writes them after its role check
        if vals.keys() - set(SIGN_FIELDS):
            self._check_not_signed()
        return super().write(vals)

    def _read_format(self, fnames, load="_classic_read"):
        """A read of a student's annual results is a read of the personal file: logged,
        whatever the path (``read``, ``web_read``, ``search_read``)."""
        result = super()._read_format(fnames, load=load)
        if not self.env.su and set(fnames) - NOT_PERSONAL:
            self.env["school.archive.access.log"]._log_personal_file_read(self.sudo().file_id)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_unsigned_only(self):
        self._check_not_signed()

    # signing -------------------------------------------------------------------------------
    def action_sign(self):
        """The class teacher of the year's class certifies the results (seed 003 §7.3.4:
        «заверяются подписью классного руководителя»): nobody signs in the class
        teacher's name, not the deputy, not the director. The line is read-only
        afterwards."""
        self._check_school_role(
            CLASS_TEACHER, role=self.env._("the class teacher"), director_may=False
        )
        self._check_can_sign()
        self._workflow_write(
            {
                "signed": True,
                "signed_by_id": self.env.uid,
                "signed_on": self.env["school.journal"]._today(),
            }
        )
        return True

    def action_unsign(self):
        """Only the director withdraws a signature, to correct a mistake."""
        if not self.env["school.roles"]._is_director():
            raise AccessError(self.env._("Only the director may withdraw a signature."))
        self._workflow_write({"signed": False, "signed_by_id": False, "signed_on": False})
        return True

    def _may_sign(self):
        """The class teacher of that year's class; a year copied from another school is
        certified by the class teacher of the student's class at this school (the class
        of the latest enrollment)."""
        roles = self.env["school.roles"]
        if self.source == "other_school":
            enrollments = self.sudo().student_id.enrollment_ids.sorted("date_from")
            return roles._is_class_teacher_of(enrollments[-1:].class_id)
        return roles._is_class_teacher_of(self.sudo().class_id)

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
            if not line._may_sign() and line.source == "other_school":
                raise AccessError(
                    self.env._(
                        "Only a class teacher of %(student)s signs the results copied from "
                        "another school.",
                        student=line.student_id.name,
                    )
                )
            if not line._may_sign():
                raise AccessError(
                    self.env._(
                        "Only the class teacher of %(school_class)s signs its annual results.",
                        school_class=line.class_id.name,
                    )
                )
        self._check_matches_journal()

    def _check_matches_journal(self):
        """A year mark changed (or confirmed, or withdrawn) after filling: the file
        must be filled again, the class teacher does not certify stale marks."""
        for line in self.filtered(lambda line: line.source == "journal" and not line.signed):
            if line._journal_marks() != line._filled_marks():
                raise UserError(
                    self.env._(
                        "The year marks of %(student)s for %(year)s in the journal differ "
                        "from the personal file: they changed after it was filled. Fill the "
                        "personal files of %(school_class)s again, then sign.",
                        student=line.student_id.name,
                        year=line.year_id.name,
                        school_class=line.class_id.name,
                    )
                )

    def _journal_marks(self):
        self.ensure_one()
        marks = self._confirmed_year_marks(self.class_id, self.student_id)[self.student_id.id]
        return {(mark.id, mark.value_id.id) for mark in marks}

    def _filled_marks(self):
        self.ensure_one()
        return {(result.period_mark_id.id, result.value_id.id) for result in self.result_ids}

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
        # the only way the marks of a year at this school get into the file: as superuser,
        # from the fill wizard once it checked the user fills their own class
        lines = self.sudo()
        written = lines.browse()
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
                for line in lines.search(
                    [
                        ("file_id", "in", [f.id for f in files.values()]),
                        ("year_id", "=", school_class.year_id.id),
                    ]
                )
            }
            for student in students:
                line = existing.get(files[student], lines.browse())
                if line.signed:
                    continue
                vals = {
                    "source": "journal",
                    "class_id": school_class.id,
                    "council_text": decisions.get(student.id, False),
                    "result_ids": [fields.Command.clear()]
                    + [
                        fields.Command.create(
                            {
                                "subject_id": mark.subject_id.id,
                                "value_id": mark.value_id.id,
                                "period_mark_id": mark.id,
                            }
                        )
                        for mark in marks[student.id]
                    ],
                }
                if line:
                    line.write(vals)
                else:
                    line = lines.create(
                        {"file_id": files[student].id, "year_id": school_class.year_id.id, **vals}
                    )
                written |= line
        return self.browse(written.ids)

    @api.model
    def _confirmed_year_marks(self, school_class, students):
        """The confirmed year marks (`school.period.mark`) by student id, in the order of
        the subjects: one query for the whole class."""
        PeriodMark = self.env["school.period.mark"].sudo()
        marks = PeriodMark.search_fetch(
            [
                ("student_id", "in", students.ids),
                ("class_id", "=", school_class.id),
                ("kind", "=", "year"),
                ("state", "=", "confirmed"),
                ("value_id", "!=", False),
            ],
            ["student_id", "subject_id", "value_id"],
        )
        result = defaultdict(PeriodMark.browse)
        for mark in marks.sorted(lambda m: (m.subject_id.sequence, m.subject_id.name, m.id)):
            result[mark.student_id.id] |= mark
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
    """One subject's year mark in the personal file: the confirmed year mark of the
    journal it was filled from, or a mark copied from another school's documents."""

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
    source = fields.Selection(related="year_line_id.source", string="Results from")
    period_mark_id = fields.Many2one(
        "school.period.mark",
        string="Year mark in the journal",
        readonly=True,
        ondelete="set null",
        help="The confirmed year mark this result was filled from.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        results = super().create(vals_list)
        results.year_line_id._check_not_signed()
        results._check_not_from_journal()
        return results

    def write(self, vals):
        self.year_line_id._check_not_signed()
        self._check_not_from_journal()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_unsigned_only(self):
        self.year_line_id._check_not_signed()
        self._check_not_from_journal()

    def _check_not_from_journal(self):
        """The marks of a year at this school are the journal's: only filling the
        personal files writes them."""
        if self.env.su:  # filling the personal files from the journal
            return
        from_journal = self.year_line_id.filtered(lambda line: line.source == "journal")
        if from_journal:
            line = from_journal[0]
            raise UserError(
                self.env._(
                    "The marks of %(student)s for %(year)s come from the journal and are not "
                    "edited by hand: correct the year mark in the journal, then fill the "
                    "personal files of %(school_class)s again.",
                    student=line.student_id.name,
                    year=line.year_id.name,
                    school_class=line.class_id.name,
                )
            )


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
