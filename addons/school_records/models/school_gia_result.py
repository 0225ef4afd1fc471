from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the same keys as school_archive's certificate exam lines (school.certificate.exam),
# which take these results: school_archive depends on school_records, so the results
# live here and the certificate reads them without a cycle
GIA_FORMS = [
    ("ege", "Unified State Exam (ЕГЭ)"),
    ("gve", "State Final Exam (ГВЭ)"),
    ("oge", "Basic State Exam (ОГЭ)"),
]
GIA_SUBJECTS = [
    ("russian", "Russian language"),
    ("mathematics", "Mathematics"),
    ("other", "Subject of choice"),
]
GIA_MATH_LEVELS = [("base", "Base level"), ("profile", "Profile level")]
GIA_LEVELS = [
    ("basic", "Basic general (9th grade)"),
    ("secondary", "Secondary general (11th grade)"),
]
GIA_MAX_POINTS = 100


class SchoolGiaProtocol(models.Model):
    """A results protocol of the state final attestation (ГИА) as the regional
    processing centre (РЦОИ) sent it: the imported file itself, who imported it and
    when, and the results it brought. Made only by the import (``school.gia.import``);
    school_archive keeps the file in an archival unit."""

    _name = "school.gia.protocol"
    _description = "State Final Attestation Results Protocol"
    _order = "imported_on desc, id desc"

    name = fields.Char(required=True, readonly=True)
    year_id = fields.Many2one(
        "school.academic.year", string="Academic year", required=True, readonly=True
    )
    file = fields.Binary(string="Protocol file", attachment=True, readonly=True)
    file_name = fields.Char(readonly=True)
    imported_by_id = fields.Many2one("res.users", string="Imported by", readonly=True)
    imported_on = fields.Datetime(string="Imported on", readonly=True)
    result_ids = fields.One2many("school.gia.result", "protocol_id", string="Results")
    result_count = fields.Integer(compute="_compute_result_count", string="Number of results")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    @api.depends("result_ids")
    def _compute_result_count(self):
        for protocol in self:
            protocol.result_count = len(protocol.result_ids)

    def _archive_protocol(self, content):
        """Keep the protocol's file in the archive: school_archive does it."""
        return False


class SchoolGiaResult(models.Model):
    """One result of a student's state final attestation (ОГЭ, ЕГЭ or ГВЭ), as the
    РЦОИ protocol gives it: the ЕГЭ in test points (the base level of mathematics in
    a mark), the ОГЭ and the ГВЭ in marks; the primary score as the protocol has it.
    The certificates of the year take these results (school_archive)."""

    _name = "school.gia.result"
    _description = "State Final Attestation Result"
    _order = "year_id desc, student_id, exam_date, id"

    student_id = fields.Many2one(
        "school.student", required=True, ondelete="restrict", index=True, readonly=True
    )
    year_id = fields.Many2one(
        "school.academic.year", string="Academic year", required=True, index=True, readonly=True
    )
    level = fields.Selection(GIA_LEVELS, required=True, readonly=True)
    protocol_id = fields.Many2one(
        "school.gia.protocol", string="Protocol", ondelete="restrict", index=True, readonly=True
    )
    form = fields.Selection(GIA_FORMS, required=True, readonly=True)
    exam_subject = fields.Selection(GIA_SUBJECTS, string="Exam", required=True, readonly=True)
    subject_id = fields.Many2one(
        "school.subject", string="Subject", ondelete="restrict", readonly=True
    )
    math_level = fields.Selection(GIA_MATH_LEVELS, string="Mathematics level", readonly=True)
    exam_date = fields.Date(readonly=True)
    primary_points = fields.Integer(string="Primary score", readonly=True)
    points = fields.Integer(string="Test score", readonly=True, help="ЕГЭ test points (0–100).")
    value_id = fields.Many2one(
        "school.mark.value", string="Mark", ondelete="restrict", readonly=True
    )
    is_retake = fields.Boolean(string="Repeated attestation", readonly=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True)

    def _scored_in_points(self):
        self.ensure_one()
        return self.form == "ege" and not (
            self.exam_subject == "mathematics" and self.math_level == "base"
        )

    @api.constrains("form", "exam_subject", "math_level", "points", "value_id", "subject_id")
    def _check_result(self):
        for result in self:
            if result.exam_subject == "other" and not result.subject_id:
                raise ValidationError(self.env._("Name the subject of the exam of choice."))
            if result._scored_in_points():
                if not 0 <= result.points <= GIA_MAX_POINTS:
                    raise ValidationError(
                        self.env._("ЕГЭ points are from 0 to %(max)s.", max=GIA_MAX_POINTS)
                    )
            elif not result.value_id:
                raise ValidationError(self.env._("Enter the mark of the exam."))

    def _exam_key(self):
        """What makes two results the same exam: a later protocol (after an appeal)
        replaces the earlier result."""
        self.ensure_one()
        return (
            self.student_id.id,
            self.year_id.id,
            self.form,
            self.exam_subject,
            self.subject_id.id,
            self.math_level or False,
            self.is_retake,
        )
