from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

SECRETARY = "school_records.group_secretary"
ARCHIVIST = "school_records.group_archivist"
# what a read may fetch without it being a read of the file's contents (a reference to
# the file in another record, the file's number)
NOT_PERSONAL = {"id", "display_name", "number", "letter", "book_number", "state", "company_id"}

# a stay that ends with one of these ends the student's time at the school
LEAVING_REASONS = ("transfer_out", "graduation", "family_education", "expulsion", "other")
# seed 000 §3.4: the basic certificates of these grades are kept in the school's safe
SECONDARY_LEVELS = (10, 11)
# seed 003 §7.3.4: after leaving, the file is kept in the archive for 3 years
RETENTION_YEARS = 3


class SchoolPersonalFile(models.Model):
    """Личное дело обучающегося (seed 003 §7.3.4): kept from admission to leaving, numbered
    as in the alphabetical book of students («К-17»), with the results of every year signed
    by the class teacher.

    The secretary opens (automatically at the first enrollment), closes and archives files;
    a file goes to another school only on a written application the director approved
    (`school.personal.file.transfer`)."""

    _name = "school.personal.file"
    _description = "Personal File"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "number", "letter", "book_number", "archive_record_id")
    _order = "letter, book_number, id"
    _rec_name = "number"

    number = fields.Char(
        readonly=True,
        copy=False,
        index=True,
        help="The number in the alphabetical book of students: the first letter of the "
        "surname and the order of admission under that letter. Never given again.",
    )
    letter = fields.Char(readonly=True, copy=False)
    book_number = fields.Integer(string="Number under the letter", readonly=True, copy=False)
    student_id = fields.Many2one(
        "school.student", required=True, ondelete="restrict", index=True, tracking=True
    )
    student_name = fields.Char(related="student_id.name", store=True, string="Student name")
    class_id = fields.Many2one(related="student_id.class_id", string="Current class")
    admission_date = fields.Date(compute="_compute_dates", store=True)
    leaving_date = fields.Date(compute="_compute_dates", store=True)
    leaving_reason = fields.Selection(
        lambda self: self.env["school.enrollment"]._fields["departure_reason"].selection,
        compute="_compute_dates",
        store=True,
    )
    graduation_date = fields.Date(compute="_compute_dates", store=True)
    retention_until = fields.Date(
        compute="_compute_retention_until",
        store=True,
        help="The file is kept in the archive until this date: three years after "
        "graduation or leaving.",
    )
    state = fields.Selection(
        [
            ("open", "Open"),
            ("closed", "Closed"),
            ("transferred", "Issued to another school"),
            ("archived", "In the archive"),
        ],
        default="open",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    year_ids = fields.One2many("school.personal.file.year", "file_id", string="Annual results")
    transfer_ids = fields.One2many(
        "school.personal.file.transfer", "file_id", string="Transfer applications"
    )
    note = fields.Text()
    archive_record_id = fields.Many2one(
        "school.archive.record",
        string="Archival unit",
        readonly=True,
        copy=False,
        help="The unit that keeps the printed file in the archive, 3 years after leaving.",
    )
    company_id = fields.Many2one(related="student_id.company_id", store=True)

    _sql_constraints = [
        ("student_uniq", "unique(student_id)", "The student already has a personal file."),
        ("number_uniq", "unique(company_id, number)", "This personal file number is taken."),
    ]

    @api.depends(
        "student_id.enrollment_ids.date_from",
        "student_id.enrollment_ids.date_to",
        "student_id.enrollment_ids.departure_reason",
    )
    def _compute_dates(self):
        for personal_file in self:
            enrollments = personal_file.student_id.enrollment_ids.sorted("date_from")
            last = enrollments[-1:]
            left = bool(last.date_to) and last.departure_reason in LEAVING_REASONS
            personal_file.admission_date = enrollments[:1].date_from
            personal_file.leaving_date = last.date_to if left else False
            personal_file.leaving_reason = last.departure_reason if left else False
            personal_file.graduation_date = (
                last.date_to if left and last.departure_reason == "graduation" else False
            )

    @api.depends("leaving_date", "graduation_date")
    def _compute_retention_until(self):
        for personal_file in self:
            end = personal_file.graduation_date or personal_file.leaving_date
            personal_file.retention_until = end and end + relativedelta(years=RETENTION_YEARS)

    @api.model_create_multi
    def create(self, vals_list):
        files = super().create(vals_list)
        files._assign_number()
        return files

    @api.ondelete(at_uninstall=False)
    def _unlink_only_open_unsigned(self):
        if self.filtered(lambda f: f.state != "open") or self.year_ids.filtered("signed"):
            raise UserError(
                self.env._(
                    "A personal file with signed annual results, or one already closed, "
                    "cannot be deleted."
                )
            )

    # numbering -----------------------------------------------------------------------------
    def _assign_number(self):
        """The next number of the alphabetical book under the surname's letter. The counter
        lives in a gap-free sequence per letter, so a deleted file's number is never given
        again (the paper book keeps its line)."""
        sequences = {}
        for personal_file in self:
            letter = personal_file._surname_letter()
            key = (letter, personal_file.company_id)
            if key not in sequences:
                sequences[key] = self._letter_sequence(letter, personal_file.company_id)
            book_number = int(sequences[key].next_by_id())
            personal_file.sudo().write(
                {
                    "letter": letter,
                    "book_number": book_number,
                    "number": f"{letter}-{book_number}",
                }
            )

    def _surname_letter(self):
        surname = (self.student_id.last_name or "").strip()
        return surname[:1].upper() or "?"

    @api.model
    def _letter_sequence(self, letter, company):
        code = f"school.personal.file.{letter}"
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        return sequence or Sequence.create(
            {
                "name": self.env._("Alphabetical book of students: %s", letter),
                "code": code,
                "company_id": company.id,
                "implementation": "no_gap",
                "padding": 0,
                "number_next": 1,
                "number_increment": 1,
            }
        )

    @api.model
    def _open_missing_files(self):
        """At installation: a file for every student already enrolled."""
        students = (
            self.env["school.student"]
            .with_context(active_test=False)
            .search([("enrollment_ids", "!=", False)])
        )
        return students._ensure_personal_files()

    def web_read(self, specification):
        result = super().web_read(specification)
        if len(self) == 1 and self.state == "archived" and not self.env.su:
            # the file in the archive is read: logged as a read of its archival unit
            self.env["school.archive.access.log"]._log_open(self.sudo().archive_record_id)
        return result

    def _read_format(self, fnames, load="_classic_read"):
        """Every read of a file's contents by a user is logged, whatever the path:
        ``read``, ``web_read`` (the forms and lists) and ``search_read`` all format
        their result here, after the access rights were checked."""
        result = super()._read_format(fnames, load=load)
        if not self.env.su and set(fnames) - NOT_PERSONAL:
            self.env["school.archive.access.log"]._log_personal_file_read(self)
        return result

    # the workflow --------------------------------------------------------------------------
    def action_close(self):
        """The secretary closes the file of a student who left or graduated."""
        self._check_school_role(
            SECRETARY,
            ARCHIVIST,
            role=self.env._("the secretary or the archivist"),
            director_may=False,
        )
        self._check_can_close()
        self._workflow_write({"state": "closed"})
        return True

    def action_archive_file(self):
        """The archivist takes a closed file into the archive: its print (PDF) becomes
        a file of the student's archival unit, kept from the leaving date."""
        self._check_school_role(ARCHIVIST, role=self.env._("the archivist"), director_may=False)
        if self.filtered(lambda f: f.state != "closed"):
            raise UserError(self.env._("Only a closed personal file goes to the archive."))
        for personal_file in self:
            personal_file._store_in_archive()
        self._workflow_write({"state": "archived"})
        return True

    def _store_in_archive(self):
        """A file reopened and archived again adds its new print to the same unit."""
        self.ensure_one()
        self.sudo().archive_record_id = self.env["school.archive.record"]._archive_print(
            self,
            "school_archive.school_personal_file_report",
            self.env._(
                "Personal file %(number)s, %(student)s",
                number=self.number,
                student=self.student_name,
            ),
            "personal_file",
            student_id=self.student_id.id,
        )

    def action_reopen(self):
        """A student who comes back continues the same file."""
        self._check_school_role(
            SECRETARY,
            ARCHIVIST,
            role=self.env._("the secretary or the archivist"),
            director_may=False,
        )
        if self.filtered(lambda f: f.state not in ("closed", "archived")):
            raise UserError(self.env._("Only a closed personal file can be reopened."))
        self._workflow_write({"state": "open"})
        return True

    def action_view_transfers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer applications"),
            "res_model": "school.personal.file.transfer",
            "view_mode": "list,form",
            "domain": [("file_id", "=", self.id)],
            "context": {"default_file_id": self.id},
        }

    def action_add_other_school_year(self):
        """The secretary copies the results of a year the student spent at another
        school from the documents that school issued."""
        self.ensure_one()
        arrival = self.student_id.enrollment_ids.filtered(
            lambda e: e.arrival_reason == "transfer_in"
        ).sorted("date_from")[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Year at another school"),
            "res_model": "school.personal.file.year",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_file_id": self.id,
                "default_source": "other_school",
                "default_previous_school": arrival.arrived_from,
            },
        }

    def _check_can_close(self):
        for personal_file in self:
            if personal_file.state != "open":
                raise UserError(
                    self.env._(
                        "The personal file %(number)s is not open.", number=personal_file.number
                    )
                )
            if not personal_file.leaving_date:
                raise UserError(
                    self.env._(
                        "%(student)s has not left the school: close the last enrollment with "
                        "the departure order first.",
                        student=personal_file.student_name,
                    )
                )
        self._check_no_certificate_kept()

    def _check_no_certificate_kept(self):
        """Seed 000 §3.4.4: the basic certificate kept in the safe goes back to the
        student as soon as they leave; the file is not closed before that."""
        kept = (
            self.env["school.certificate.custody"]
            .sudo()
            .search([("student_id", "in", self.student_id.ids), ("state", "=", "kept")])
        )
        if kept:
            raise UserError(
                self.env._(
                    "The basic general education certificate of %(students)s is still kept in "
                    "the safe: return it to the student first.",
                    students=", ".join(kept.student_id.mapped("name")),
                )
            )


class SchoolStudent(models.Model):
    _inherit = "school.student"

    personal_file_ids = fields.One2many(
        "school.personal.file",
        "student_id",
        string="Personal file",
        groups="school_records.group_class_teacher,school_records.group_secretary,"
        "school_records.group_archivist",
    )
    personal_file_number = fields.Char(
        compute="_compute_personal_file_number",
        groups="school_records.group_class_teacher,school_records.group_secretary,"
        "school_records.group_archivist",
    )

    def _compute_personal_file_number(self):
        numbers = dict(
            self.env["school.personal.file"]
            .sudo()
            .search_fetch([("student_id", "in", self.ids)], ["student_id", "number"])
            .mapped(lambda f: (f.student_id.id, f.number))
        )
        for student in self:
            student.personal_file_number = numbers.get(student.id, False)

    def _ensure_personal_files(self):
        """Open a personal file for every student who has none yet (at admission)."""
        Files = self.env["school.personal.file"].sudo().with_context(mail_create_nolog=True)
        with_file = set(Files.search([("student_id", "in", self.ids)]).student_id.ids)
        missing = self.filtered(lambda s: s.id not in with_file)
        # admission order decides the numbers: by surname within one batch
        return Files.create([{"student_id": s.id} for s in missing.sorted("name")])

    def action_view_personal_file(self):
        self.ensure_one()
        personal_file = self.personal_file_ids[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Personal file"),
            "res_model": "school.personal.file",
            "view_mode": "form",
            "res_id": personal_file.id,
            "context": {"default_student_id": self.id},
        }


class SchoolEnrollment(models.Model):
    _inherit = "school.enrollment"

    @api.model_create_multi
    def create(self, vals_list):
        enrollments = super().create(vals_list)
        enrollments.student_id._ensure_personal_files()
        enrollments._notify_certificate_return()
        enrollments._ask_certificate_custody()
        return enrollments

    def write(self, vals):
        result = super().write(vals)
        if {"date_to", "departure_reason"} & vals.keys():
            self._notify_certificate_return()
        return result

    def _ask_certificate_custody(self):
        """A student enrolled into the 10th or 11th grade hands in the basic certificate
        (seed 000 §3.4): the person the director's order makes responsible (or else the
        secretary) gets a to-do on the student until it is accepted."""
        seniors = self.filtered(
            lambda e: not e.date_to and e.class_id.level_number in SECONDARY_LEVELS
        ).student_id
        if not seniors:
            return
        kept = (
            self.env["school.certificate.custody"]
            .sudo()
            .search([("student_id", "in", seniors.ids), ("state", "=", "kept")])
            .student_id
        )
        secretary = (
            self.env["school.roles"]._person("school_records.group_secretary") or self.env.user
        )
        accept = self.env.ref("school_archive.mail_activity_certificate_accept")
        for student in (seniors - kept).sudo():
            if accept in student.activity_ids.activity_type_id:
                continue
            responsible = student.company_id.school_certificate_custody_responsible_id
            student.activity_schedule(
                "school_archive.mail_activity_certificate_accept",
                user_id=(responsible or secretary).id,
                note=self.env._(
                    "%s is enrolled into the senior school: accept the basic general "
                    "education certificate into safe custody.",
                    student.name,
                ),
            )

    def _notify_certificate_return(self):
        leaving = self.filtered(lambda e: e.date_to and e.departure_reason in LEAVING_REASONS)
        if leaving:
            self.env["school.certificate.custody"].sudo().search(
                [("student_id", "in", leaving.student_id.ids), ("state", "=", "kept")]
            )._schedule_return()
