from odoo import Command, api, fields, models

from .school_student import PERSONAL_DATA_GROUPS

KINSHIPS = [
    ("mother", "Mother"),
    ("father", "Father"),
    ("guardian", "Guardian"),
    ("trustee", "Trustee"),
    ("foster_parent", "Foster parent"),
    ("other", "Other legal representative"),
]
# the guardian's personal data (seed 004 §1.7): every read of them is logged
GUARDIAN_PERSONAL_FIELDS = ("birth_date", "identity_document", "snils", "phone", "email")


class SchoolStudentGuardian(models.Model):
    """A legal representative of a student (seed 004 §1.7, 152-FZ): the kinship, the
    identity document and the contacts, kept with the student under the same rules as
    the student's personal data (``security/school_student_guardian_security.xml``):
    the class teacher of the student's class, the deputy and the director, the secretary
    and the archivist; every read of the data by a user leaves a line in
    ``school.personal.data.log``.

    ``school.student.guardian_ids`` stays the guardians' partners (the portal, the diary
    and ``family_partner_ids`` read it): a guardian record adds its partner there, and
    removing it removes the partner; a partner linked there gets a record."""

    _name = "school.student.guardian"
    _description = "Legal representative of a student"
    _order = "student_id, kinship, id"
    _rec_name = "partner_id"

    student_id = fields.Many2one("school.student", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Guardian",
        required=True,
        ondelete="restrict",
        index=True,
        help="The guardian's contact: the portal, the diary and mail use it.",
    )
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True)
    kinship = fields.Selection(KINSHIPS, help="Who the guardian is to the student.")
    birth_date = fields.Date()
    identity_document = fields.Char(
        help="Passport or another identity document: series, number, issued by, date"
    )
    authority_document = fields.Char(
        string="Document of the authority",
        help="For a guardian or a trustee: the act of the guardianship body appointing them.",
    )
    snils = fields.Char(string="SNILS")
    phone = fields.Char()
    email = fields.Char()

    _sql_constraints = [
        (
            "student_partner_uniq",
            "unique(student_id, partner_id)",
            "A guardian is recorded once for a student.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        guardians = super().create(vals_list)
        guardians.student_id._sync_guardian_partners()
        return guardians

    def write(self, vals):
        students = self.student_id
        result = super().write(vals)
        if not self.env.su:
            # Odoo checks the record rules on the records as they were: a guardian moved to
            # a student outside the user's scope must be refused as they are now.
            self.check_access("write")
        if {"student_id", "partner_id"} & set(vals):
            (students | self.student_id)._sync_guardian_partners()
        return result

    def unlink(self):
        students = self.student_id
        result = super().unlink()
        students._sync_guardian_partners()
        return result

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        self._log_personal_reads(fnames)
        return result

    def _log_personal_reads(self, fnames):
        if self.env.su:
            return
        read = [name for name in GUARDIAN_PERSONAL_FIELDS if name in fnames]
        if not read or not self:
            return
        Log = self.env["school.personal.data.log"]
        for name in read:
            Log._log_read(self.student_id, f"guardian: {name}")


class SchoolStudent(models.Model):
    _inherit = "school.student"

    guardian_record_ids = fields.One2many(
        "school.student.guardian",
        "student_id",
        string="Legal representatives",
        groups=PERSONAL_DATA_GROUPS,
    )

    @api.model_create_multi
    def create(self, vals_list):
        students = super().create(vals_list)
        students._sync_guardian_records()
        return students

    def write(self, vals):
        result = super().write(vals)
        if "guardian_ids" in vals:
            self._sync_guardian_records()
        return result

    def _sync_guardian_partners(self):
        """``guardian_ids`` made the partners of the guardian records, in one write: the
        user created, changed or removed the records under their rules; the partner list
        follows as the server's own bookkeeping."""
        for student in self.sudo().exists():
            wanted = student.guardian_record_ids.partner_id
            current = student.guardian_ids
            commands = [Command.link(p.id) for p in wanted - current]
            commands += [Command.unlink(p.id) for p in current - wanted]
            if commands:
                student.write({"guardian_ids": commands})

    def _sync_guardian_records(self):
        """Every partner of ``guardian_ids`` has its guardian record and every record
        its partner there: the partners linked by hand, by the portal access wizard or
        by an import get a record (kinship to be filled in), the partners removed lose
        it. Idempotent; run as the server (the user's write was checked already)."""
        Guardian = self.env["school.student.guardian"].sudo()
        for student in self.sudo():
            records = student.guardian_record_ids
            missing = student.guardian_ids - records.partner_id
            if missing:
                Guardian.create(
                    [{"student_id": student.id, "partner_id": partner.id} for partner in missing]
                )
            partners = student.guardian_ids
            stale = records.filtered(lambda g, partners=partners: g.partner_id not in partners)
            if stale:
                stale.unlink()

    @api.model
    def _sync_all_guardian_records(self):
        """Run at every update of the module (data function): the students recorded
        before the guardian records existed get theirs. Idempotent."""
        self.env.cr.execute(
            """
            SELECT DISTINCT rel.student_id
              FROM school_student_guardian_rel rel
             WHERE NOT EXISTS (
                   SELECT 1 FROM school_student_guardian g
                    WHERE g.student_id = rel.student_id AND g.partner_id = rel.partner_id)
            """
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.sudo().with_context(active_test=False).browse(ids)._sync_guardian_records()


class SchoolGuardianCheck(models.Model):
    """The class teacher's monthly check of the class's guardian data (seed 004 §4.5):
    one per class and month, made by the scheduled job with a to-do for the class
    teacher; «Checked» records who checked and when."""

    _name = "school.guardian.check"
    _description = "Check of the guardians' data of a class"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "checked_by_id", "checked_on", "class_id", "month", "company_id")
    _order = "month desc, class_id"

    class_id = fields.Many2one(
        "school.class", required=True, ondelete="cascade", index=True, readonly=True
    )
    class_teacher_id = fields.Many2one(related="class_id.class_teacher_id", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    month = fields.Date(required=True, readonly=True, help="The first day of the month checked.")
    state = fields.Selection(
        [("todo", "To check"), ("done", "Checked")],
        default="todo",
        required=True,
        readonly=True,
        tracking=True,
    )
    checked_by_id = fields.Many2one("res.users", string="Checked by", readonly=True)
    checked_on = fields.Datetime(string="Checked on", readonly=True)
    guardian_ids = fields.Many2many(
        "school.student.guardian",
        string="Legal representatives",
        compute="_compute_guardian_ids",
        compute_sudo=False,
    )

    _sql_constraints = [
        ("class_month_uniq", "unique(class_id, month)", "One check per class and month."),
    ]

    @api.depends("class_id")
    def _compute_guardian_ids(self):
        Guardian = self.env["school.student.guardian"]
        for check in self:
            check.guardian_ids = Guardian.search(
                [("student_id.enrollment_ids", "any", [("class_id", "=", check.class_id.id)])]
            )

    def _compute_display_name(self):
        for check in self:
            check.display_name = "%s — %s" % (
                check.class_id.display_name or "",
                check.month.strftime("%m.%Y") if check.month else "",
            )

    def action_checked(self):
        """«Проверено»: the class teacher of the class (or the deputy, the director)."""
        for check in self:
            if not self.env["school.roles"]._is_class_teacher_of(check.class_id):
                check._check_school_role(
                    "school_records.group_deputy",
                    role=self.env._("the class teacher of the class or the deputy director"),
                )
        self._workflow_write(
            {"state": "done", "checked_by_id": self.env.uid, "checked_on": fields.Datetime.now()}
        )
        self._school_activity_done("school_records.mail_activity_school_check")
        return True

    @api.model
    def _cron_monthly_checks(self, today=None):
        """On the first days of each month: a check of the month for every class of
        the current year that has a class teacher, with its to-do (once)."""
        today = today or self.env["school.journal"]._today()
        month = today.replace(day=1)
        classes = self.env["school.class"].search(
            [
                ("class_teacher_id", "!=", False),
                ("year_id.date_start", "<=", today),
                ("year_id.date_end", ">=", today),
            ]
        )
        existing = self.search([("month", "=", month), ("class_id", "in", classes.ids)])
        todo = classes - existing.class_id
        checks = self.browse()
        if todo:
            checks = self._workflow_create([{"class_id": c.id, "month": month} for c in todo])
        for check in checks:
            check._school_activity(
                "school_records.mail_activity_school_check",
                check.class_teacher_id,
                self.env._(
                    "Verify the guardians' data of %(school_class)s",
                    school_class=check.class_id.display_name,
                ),
            )
        return checks
