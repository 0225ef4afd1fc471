import uuid

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .school_verification_mixin import paper_date

SEQUENCE_CODE = "school.progress.certificate"
# what the family asked for: frozen once the director signed the paper
PAPER_FIELDS = frozenset({"student_id", "request_date", "requested_by", "purpose"})
KIND_TITLES = {"period": "", "year": "Годовая", "exam": "Экзамен", "final": "Итоговая"}


class SchoolProgressCertificate(models.Model):
    """Справка об успеваемости в текущем учебном году (seed 003 §4.7): issued on a
    family's request, which the secretary or the class teacher registers. It shows the
    student's confirmed period marks and intermediate attestation results of the
    current year and the average of the current marks by subject.

    Workflow: draft (the request) → signed (the director signs: the paper gets its
    number, its content as printed, the SHA-256 checksum and the verification token)
    → issued (the secretary hands it to the family). The QR code on the paper leads to
    the public page ``/school/progress/<access_token>`` that confirms the certificate
    without showing a mark."""

    _name = "school.progress.certificate"
    _description = "Progress Certificate"
    _inherit = [
        "school.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "school.verification.mixin",
    ]
    _order = "request_date desc, id desc"
    _mail_post_access = "read"
    _verification_path = "/school/progress"
    _workflow_fields = (
        "state",
        "name",
        "signed_by_id",
        "signed_on",
        "issued_by_id",
        "issued_on",
        "content",
        "checksum",
        "access_token",
    )

    name = fields.Char(string="Number", readonly=True, copy=False, index=True)
    student_id = fields.Many2one(
        "school.student", string="Student", required=True, ondelete="restrict", index=True
    )
    class_id = fields.Many2one(
        "school.class",
        string="Class",
        compute="_compute_class_id",
        store=True,
        index=True,
    )
    year_id = fields.Many2one(
        "school.academic.year", related="class_id.year_id", store=True, string="Academic year"
    )
    company_id = fields.Many2one(related="student_id.company_id", store=True, string="School")
    requested_by = fields.Char(
        string="Requested by", required=True, help="The parent or student who asked for it."
    )
    request_date = fields.Date(required=True, default=fields.Date.context_today)
    purpose = fields.Char(default="для предъявления по месту требования")
    state = fields.Selection(
        [("draft", "Requested"), ("signed", "Signed"), ("issued", "Issued")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    signed_by_id = fields.Many2one("res.users", string="Signed by", readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    issued_by_id = fields.Many2one("res.users", string="Issued by", readonly=True, copy=False)
    issued_on = fields.Datetime(readonly=True, copy=False)
    content = fields.Json(readonly=True, copy=False, help="The certificate as signed.")
    checksum = fields.Char(readonly=True, copy=False, help="SHA-256 of the signed content.")
    access_token = fields.Char(readonly=True, copy=False, index=True)

    _sql_constraints = [
        ("access_token_uniq", "unique(access_token)", "The access token must be unique."),
    ]

    @api.depends("student_id", "request_date")
    def _compute_class_id(self):
        """The student's class on the day of the request."""
        for certificate in self:
            student = certificate.student_id.sudo()
            day = certificate.request_date
            certificate.class_id = (student._class_on(day) if student and day else False) or (
                student.class_id
            )

    # who registers the request ----------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        certificates = super().create(vals_list)
        certificates._check_can_register()
        return certificates

    def write(self, vals):
        if PAPER_FIELDS & vals.keys():
            if self.filtered(lambda c: c.state != "draft"):
                raise UserError(self.env._("A signed progress certificate cannot be changed."))
            result = super().write(vals)
            self._check_can_register()
            return result
        return super().write(vals)

    def _check_can_register(self):
        """The secretary, a deputy or the director register a request for any student;
        a class teacher for the students of their own class. Checked on the record's
        own student and class, never on the context."""
        user = self.env.user
        if self.env.su or user._is_superuser():
            return
        roles = self.env["school.roles"]
        if roles._is_secretary() or roles._is_deputy():
            return
        for certificate in self:
            school_class = certificate.sudo().class_id
            if not (
                roles._is_class_teacher()
                and roles._is_class_teacher_of(school_class)
                and certificate.sudo().student_id._class_on(certificate.request_date)
                == school_class
            ):
                raise AccessError(
                    self.env._(
                        "Only the secretary or the class teacher of %(student)s registers "
                        "a request for a progress certificate.",
                        student=certificate.sudo().student_id.name,
                    )
                )

    # the workflow -----------------------------------------------------------------------------
    def action_sign(self):
        """The director signs: the paper gets its number, content, checksum and token."""
        self._check_school_role("school_records.group_director", role=self.env._("the director"))
        for certificate in self:
            if certificate.state != "draft":
                raise UserError(self.env._("Only a requested certificate can be signed."))
            if not certificate.class_id:
                raise UserError(
                    self.env._("%s is not in a class this year.", certificate.student_id.name)
                )
            number = self.env["ir.sequence"].sudo().next_by_code(SEQUENCE_CODE)
            content = certificate._build_content(number)
            certificate._workflow_write(
                {
                    "state": "signed",
                    "name": number,
                    "signed_by_id": self.env.uid,
                    "signed_on": fields.Datetime.now(),
                    "content": content,
                    "checksum": self._checksum(content),
                    "access_token": uuid.uuid4().hex,
                }
            )
        self._school_activity_done("school_records.mail_activity_school_sign")
        return True

    def action_issue(self):
        """The secretary hands the signed certificate to the family."""
        self._check_school_role(
            "school_records.group_secretary", role=self.env._("the secretary"), director_may=False
        )
        if self.filtered(lambda c: c.state != "signed"):
            raise UserError(self.env._("Only a signed certificate can be issued."))
        self._workflow_write(
            {"state": "issued", "issued_by_id": self.env.uid, "issued_on": fields.Datetime.now()}
        )
        return True

    def action_request_signature(self):
        """Give the directors a to-do to sign the requests."""
        self._check_can_register()
        directors = self.env["school.roles"]._directors()
        self._school_activity(
            "school_records.mail_activity_school_sign",
            directors,
            self.env._("Sign the progress certificate"),
        )
        return True

    def unlink(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("A signed progress certificate is kept in the register."))
        return super().unlink()

    # content ----------------------------------------------------------------------------------
    def _build_content(self, number):
        self.ensure_one()
        paper = self.with_context(lang=self._paper_lang()).sudo()
        return paper._content(number)

    def _content(self, number):
        """The certificate as printed, plain JSON, in the paper's language."""
        student = self.student_id
        year = self.year_id
        marks = self.env["school.period.mark"].search(
            [
                ("student_id", "=", student.id),
                ("year_id", "=", year.id),
                ("state", "=", "confirmed"),
            ],
            order="kind, period_id",
        )
        averages = self.env["school.journal"]._weighted_averages(
            [("student_id", "=", student.id), ("assignment_id.year_id", "=", year.id)],
            group_field="assignment_id",
        )
        current = self.env["school.mark"].search(
            [("student_id", "=", student.id), ("assignment_id.year_id", "=", year.id)],
            order="date, id",
        )
        assignments = self.env["school.teaching.assignment"].browse(list(averages))
        subjects = {}
        for subject in (
            marks.subject_id | assignments.subject_id | current.assignment_id.subject_id
        ).sorted("name"):
            subjects[subject.id] = {
                "subject": subject.name,
                "current": "",
                "marks": [],
                "average": "",
            }
        for mark in current:
            row = subjects[mark.assignment_id.subject_id.id]
            row["current"] = f"{row['current']} {mark.value_id.code}".strip()
        for assignment in assignments:
            subjects[assignment.subject_id.id]["average"] = f"{averages[assignment.id]:.2f}"
        for mark in marks:
            label = mark.period_id.name if mark.kind == "period" else KIND_TITLES[mark.kind]
            subjects[mark.subject_id.id]["marks"].append(
                {"label": label or "", "value": mark.value_id.code or ""}
            )
        return {
            "number": number,
            "school": student.company_id.name,
            "student": student.name,
            "birth_date": paper_date(student.birth_date) if student.birth_date else "",
            "class": self.class_id.name,
            "year": year.name,
            "date": paper_date(self.env["school.journal"]._today()),
            "purpose": self.purpose or "",
            "subjects": list(subjects.values()),
        }

    # verification -----------------------------------------------------------------------------
    def _public_values(self):
        """What the public verification page shows: never a mark or the full name."""
        self.ensure_one()
        certificate = self.sudo()
        student = certificate.student_id
        parts = (student.last_name, student.first_name, student.middle_name)
        return {
            "number": certificate.name,
            "issued_on": paper_date(fields.Datetime.context_timestamp(self, certificate.signed_on)),
            "school": certificate.company_id.name,
            "initials": " ".join(f"{p.strip()[0].upper()}." for p in parts if p and p.strip()),
            "class_name": certificate.class_id.name,
            "year": certificate.year_id.name,
            "checksum": certificate.checksum,
            "valid": certificate._is_intact(),
        }


class ReportSchoolProgressCertificate(models.AbstractModel):
    """The PDF of the certificate: only signed ones, and only those the user may read
    (the record rules on the records served, not the ids sent)."""

    _name = "report.school_records.report_progress_certificate"
    _description = "Progress Certificate Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        certificates = self.env["school.progress.certificate"].browse(docids)
        certificates.check_access("read")
        if certificates.filtered(lambda c: c.state == "draft"):
            raise UserError(
                self.env._("A progress certificate is printed once the director signed it.")
            )
        return {
            "doc_ids": certificates.ids,
            "doc_model": "school.progress.certificate",
            "docs": certificates,
        }
