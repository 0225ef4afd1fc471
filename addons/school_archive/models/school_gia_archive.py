"""The state final attestation (ГИА) results in the archive and on the certificates.

The results and the РЦОИ protocols live in school_records (``school.gia.result``,
``school.gia.protocol``): this addon depends on it, so the certificate reads them
without a cycle. Here: the imported protocol file is kept in an archival unit of its own
kind, and the certificate's exam lines are taken from the imported results; a line
typed by hand stays possible for an exam without an imported result and says so."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .school_archive_retention import MINIMUM_YEARS

# Seed 003 §7.3 lists the ГИА protocols among the papers the archive keeps but sets no
# term; the archive keeps a protocol as long as the documents it backs (the council's
# protocols as the summary statements): the ГИА protocols back the certificates issued,
# whose registration book is kept 50 years (seed 003 §7.3.5).
MINIMUM_YEARS.setdefault("gia_protocols", 50)
GIA_KIND = [("gia_protocols", "ГИА results protocols")]
# the result of an exam line: typed by hand only where no imported result names it
RESULT_FIELDS = (
    "exam_subject",
    "subject_id",
    "form",
    "math_level",
    "points",
    "value_id",
    "is_retake",
)


class SchoolArchiveRecord(models.Model):
    _inherit = "school.archive.record"

    kind = fields.Selection(selection_add=GIA_KIND, ondelete={"gia_protocols": "set default"})


class SchoolArchiveRetention(models.Model):
    _inherit = "school.archive.retention"

    kind = fields.Selection(selection_add=GIA_KIND, ondelete={"gia_protocols": "cascade"})


class SchoolGiaProtocol(models.Model):
    _inherit = "school.gia.protocol"

    archive_record_id = fields.Many2one(
        "school.archive.record", string="Archival unit", readonly=True, copy=False
    )

    def _archive_protocol(self, content):
        """The imported file, as the РЦОИ sent it, in a unit of its own (sealed)."""
        super()._archive_protocol(content)
        for protocol in self.sudo():
            name = protocol.file_name or protocol.name
            mimetype = (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                if content.startswith(b"PK")
                else "text/csv"
            )
            protocol.archive_record_id = self.env["school.archive.record"]._create_unit(
                {
                    "name": self.env._("ГИА protocol %(name)s", name=name),
                    "kind": "gia_protocols",
                    "archive_key": f"school.gia.protocol:{protocol.id}",
                    "res_model": protocol._name,
                    "res_id": protocol.id,
                    "year_id": protocol.year_id.id,
                },
                [(name, content, mimetype)],
            )
        return True


class SchoolCertificateExam(models.Model):
    _inherit = "school.certificate.exam"

    gia_result_id = fields.Many2one(
        "school.gia.result",
        string="Imported result",
        readonly=True,
        ondelete="restrict",
        help="The result of the РЦОИ protocol this line was taken from.",
    )
    source = fields.Selection(
        [("imported", "РЦОИ protocol"), ("manual", "Entered by hand")],
        compute="_compute_source",
        store=True,
    )

    @api.depends("gia_result_id")
    def _compute_source(self):
        for exam in self:
            exam.source = "imported" if exam.gia_result_id else "manual"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("gia_result_id") for vals in vals_list):
            raise AccessError(
                self.env._("Exam results are taken from a protocol only by «Take ГИА results».")
            )
        exams = super().create(vals_list)
        exams._check_hand_entry()
        return exams

    def write(self, vals):
        if not self.env.su:
            if "gia_result_id" in vals:
                raise AccessError(
                    self.env._("Exam results are taken from a protocol only by «Take ГИА results».")
                )
            if set(RESULT_FIELDS) & set(vals) and self.filtered("gia_result_id"):
                raise ValidationError(
                    self.env._(
                        "A result taken from the РЦОИ protocol is not changed by hand: import "
                        "the corrected protocol and take the results again."
                    )
                )
        result = super().write(vals)
        if set(RESULT_FIELDS) & set(vals):
            self._check_hand_entry()
        return result

    def _check_hand_entry(self):
        """A line typed by hand only for an exam the imported results do not have."""
        for exam in self.filtered(lambda e: not e.gia_result_id):
            imported = exam.certificate_id._gia_results().filtered(
                lambda r, exam=exam: (
                    r.form == exam.form
                    and r.exam_subject == exam.exam_subject
                    and (exam.exam_subject != "other" or r.subject_id == exam.subject_id)
                )
            )
            if imported:
                raise ValidationError(
                    self.env._(
                        "%(exam)s: the student's result is imported from the РЦОИ protocol; "
                        "take it with «Take ГИА results» instead of typing it.",
                        exam=exam._label(),
                    )
                )


class SchoolCertificate(models.Model):
    _inherit = "school.certificate"

    def _gia_results(self):
        """The imported results of the student for this certificate's year and level."""
        self.ensure_one()
        return (
            self.env["school.gia.result"]
            .sudo()
            .search(
                [
                    ("student_id", "=", self.student_id.id),
                    ("year_id", "=", self.year_id.id),
                    ("level", "=", self.level),
                ]
            )
        )

    def action_fill_gia_exams(self):
        """«Take ГИА results»: the school office or the deputy, on a draft."""
        self._check_state("draft")
        self._check_school_role(
            "school_records.group_secretary",
            "school_records.group_deputy",
            role=self.env._("the school office or the deputy director"),
        )
        self._fill_gia_exams()
        return True

    def _fill_gia_exams(self):
        """Replace the lines taken from protocols by the imported results of the
        student; the lines typed by hand for exams without a result stay."""
        for certificate in self:
            certificate._check_lines_editable()
            results = certificate._gia_results()
            lines = certificate.sudo().exam_ids
            lines.filtered("gia_result_id").unlink()
            manual = lines.exists()
            duplicates = manual.filtered(
                lambda e, results=results: results.filtered(
                    lambda r, e=e: (
                        r.form == e.form
                        and r.exam_subject == e.exam_subject
                        and (e.exam_subject != "other" or r.subject_id == e.subject_id)
                    )
                )
            )
            duplicates.unlink()
            self.env["school.certificate.exam"].sudo().create(
                [
                    {
                        "certificate_id": certificate.id,
                        "gia_result_id": result.id,
                        "exam_subject": result.exam_subject,
                        "subject_id": result.subject_id.id,
                        "form": result.form,
                        "math_level": result.math_level,
                        "points": result.points,
                        "value_id": result.value_id.id,
                        "is_retake": result.is_retake,
                    }
                    for result in results
                ]
            )
