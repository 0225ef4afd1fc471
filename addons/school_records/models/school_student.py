from odoo import api, fields, models
from odoo.exceptions import UserError

from .school_student_personal import GENDERS

# Personal data under 152-FZ: only the roles that need it read these fields.
PERSONAL_DATA_GROUPS = (
    "school_records.group_class_teacher,school_records.group_secretary,"
    "school_records.group_archivist"
)
# the student's personal-data fields: computed with the user's rights, never stored here
PERSONAL = {"groups": PERSONAL_DATA_GROUPS, "compute_sudo": False, "store": False}


class SchoolStudent(models.Model):
    """Обучающийся. The partner carries the name for mail and the portal;
    the personal data stay here behind field groups."""

    _name = "school.student"
    _description = "Student"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    # a family member's message to a teacher opens its own thread and the teacher's reply
    # from the inbox joins it: the portal shows each family member only their threads
    _mail_flat_thread = False

    name = fields.Char(compute="_compute_name", store=True, index=True, tracking=True)
    last_name = fields.Char(required=True, tracking=True)
    first_name = fields.Char(required=True, tracking=True)
    middle_name = fields.Char(tracking=True)
    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="restrict", index=True, copy=False
    )
    user_id = fields.Many2one(
        "res.users", string="Portal user", compute="_compute_user_id", store=True
    )
    guardian_ids = fields.Many2many(
        "res.partner",
        "school_student_guardian_rel",
        "student_id",
        "partner_id",
        string="Guardians",
        help="Parents and other legal representatives.",
    )
    family_partner_ids = fields.Many2many(
        "res.partner",
        "school_student_family_rel",
        "student_id",
        "partner_id",
        string="Student and guardians",
        compute="_compute_family_partner_ids",
        store=True,
        help="Who reads the student's records on the portal: the student and the guardians. "
        "One indexed relation, so the portal's rules find a family's children without "
        "scanning every student.",
    )
    enrollment_ids = fields.One2many("school.enrollment", "student_id", string="Movement")
    enrolled_class_ids = fields.Many2many(
        "school.class",
        string="Classes enrolled in",
        compute="_compute_enrolled_class_ids",
        search="_search_enrolled_class_ids",
        help="Every class the student was enrolled in: the pickers of a class's students "
        "search it (a subject teacher does not read the enrollments themselves).",
    )
    class_id = fields.Many2one(
        "school.class",
        string="Current class",
        compute="_compute_class_id",
        store=True,
        index=True,
    )
    study_group_ids = fields.Many2many(
        "school.study.group",
        "school_study_group_student_rel",
        "student_id",
        "group_id",
        string="Study groups",
    )
    state = fields.Selection(
        [("new", "Not enrolled"), ("studying", "Studying"), ("left", "Left")],
        compute="_compute_class_id",
        store=True,
        index=True,
    )
    mark_ids = fields.One2many("school.mark", "student_id")
    attendance_ids = fields.One2many("school.attendance", "student_id")
    audit_ids = fields.One2many("school.journal.audit", "student_id", string="Journal audit")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    # Personal data (152-FZ): kept in school.student.personal behind its own record rules
    # (only the class teacher of the student's class among the teachers); shown here with
    # the user's rights, every read logged in school.personal.data.log.
    personal_ids = fields.One2many(
        "school.student.personal",
        "student_id",
        string="Personal data",
        groups=PERSONAL_DATA_GROUPS,
    )
    personal_data_visible = fields.Boolean(
        compute="_compute_personal_data_visible",
        compute_sudo=False,
        help="Whether the user may read this student's personal data (the form hides the "
        "page otherwise).",
    )
    birth_date = fields.Date(
        compute="_compute_birth_date",
        inverse="_inverse_birth_date",
        search="_search_birth_date",
        **PERSONAL,
    )
    gender = fields.Selection(
        GENDERS,
        compute="_compute_gender",
        inverse="_inverse_gender",
        search="_search_gender",
        **PERSONAL,
    )
    snils = fields.Char(
        string="SNILS",
        compute="_compute_snils",
        inverse="_inverse_snils",
        search="_search_snils",
        **PERSONAL,
    )
    identity_document = fields.Char(
        help="Birth certificate or passport: series, number, issued by, date",
        compute="_compute_identity_document",
        inverse="_inverse_identity_document",
        search="_search_identity_document",
        **PERSONAL,
    )
    address = fields.Char(
        string="Home address",
        compute="_compute_address",
        inverse="_inverse_address",
        search="_search_address",
        **PERSONAL,
    )
    health_group = fields.Char(
        compute="_compute_health_group",
        inverse="_inverse_health_group",
        search="_search_health_group",
        **PERSONAL,
    )
    personal_note = fields.Text(
        compute="_compute_personal_note",
        inverse="_inverse_personal_note",
        search="_search_personal_note",
        **PERSONAL,
    )

    @api.depends("last_name", "first_name", "middle_name")
    def _compute_name(self):
        for student in self:
            parts = (student.last_name, student.first_name, student.middle_name)
            student.name = " ".join(p.strip() for p in parts if p and p.strip())

    @api.depends("partner_id", "guardian_ids")
    def _compute_family_partner_ids(self):
        for student in self:
            student.family_partner_ids = student.partner_id | student.guardian_ids

    @api.depends("partner_id.user_ids")
    def _compute_user_id(self):
        for student in self:
            student.user_id = student.partner_id.user_ids[:1]

    def _compute_enrolled_class_ids(self):
        enrollments = self.env["school.enrollment"].sudo().search([("student_id", "in", self.ids)])
        for student in self:
            student.enrolled_class_ids = enrollments.filtered(
                lambda enrollment, s=student: enrollment.student_id == s
            ).class_id

    def _search_enrolled_class_ids(self, operator, value):
        """Students ever enrolled in the class(es) ``value``. The enrollments are read
        as superuser: which students the user then sees is still the student record
        rule's decision."""
        if operator not in ("=", "in") or not value:
            raise UserError(self.env._("This search is not supported."))
        class_ids = [value] if isinstance(value, int) else list(value)
        enrollments = self.env["school.enrollment"].sudo().search([("class_id", "in", class_ids)])
        return [("id", "in", enrollments.student_id.ids)]

    @api.depends("enrollment_ids.class_id", "enrollment_ids.date_from", "enrollment_ids.date_to")
    def _compute_class_id(self):
        today = self.env["school.journal"]._today()
        for student in self:
            current = student.enrollment_ids.filtered(
                lambda e: e.date_from <= today and (not e.date_to or e.date_to >= today)
            ).sorted("date_from")[-1:]
            student.class_id = current.class_id
            if current:
                student.state = "studying"
            elif any(e.date_from > today for e in student.enrollment_ids):
                student.state = "new"  # enrolled from a later date
            else:
                student.state = "left" if student.enrollment_ids else "new"

    @api.model
    def _cron_refresh_current_class(self):
        """Recompute the stored current class of the students whose class changed with the date.

        ``class_id`` and ``state`` depend on today's date, which no write triggers: an enrollment
        that starts (or ends) on a later day leaves them stale. The daily job finds, in one query,
        every student whose stored class differs from the enrollment covering today — whatever
        the number of days since the last run — and recomputes only those.
        """
        today = self.env["school.journal"]._today()
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT s.id
              FROM school_student s
              LEFT JOIN LATERAL (
                    SELECT e.class_id
                      FROM school_enrollment e
                     WHERE e.student_id = s.id
                       AND e.date_from <= %(today)s
                       AND (e.date_to IS NULL OR e.date_to >= %(today)s)
                  ORDER BY e.date_from DESC
                     LIMIT 1
                   ) current ON TRUE
             WHERE s.class_id IS DISTINCT FROM current.class_id
            """,
            {"today": today},
        )
        students = self.sudo().browse(row[0] for row in self.env.cr.fetchall())
        for fname in ("class_id", "state"):
            self.env.add_to_compute(self._fields[fname], students)
        students.flush_recordset(["class_id", "state"])
        return students

    def _class_on(self, day):
        """The class the student was in on `day` (empty if not at school then)."""
        self.ensure_one()
        return (
            self.enrollment_ids.filtered(
                lambda e: e.date_from <= day and (not e.date_to or e.date_to >= day)
            )
            .sorted("date_from")[-1:]
            .class_id
        )

    # personal data ------------------------------------------------------------------
    def _read_personal(self, field_name):
        """Fill `field_name` from the personal data the user may read (the record rules
        of school.student.personal decide); empty for the others. Each read is logged."""
        values = {}
        Personal = self.env["school.student.personal"]
        origins = self._origin.filtered("id")
        if origins and self.env["ir.model.access"].check(Personal._name, "read", False):
            personal = Personal.search([("student_id", "in", origins.ids)])
            values = {line.student_id.id: line[field_name] for line in personal}
            if not self.env.su:
                read = origins.filtered(lambda s: s.id in values)
                self.env["school.personal.data.log"]._log_read(read, field_name)
        for student in self:
            student[field_name] = values.get(student._origin.id, False)

    def _write_personal(self, field_name):
        """Write `field_name` into the personal data, with the user's rights."""
        students = self.filtered("id")
        missing = students.filtered(lambda s: not s.sudo().personal_ids)
        if missing:
            self.env["school.student.personal"].sudo().create(
                [{"student_id": student.id} for student in missing]
            )
        for student in students:
            personal = student.sudo().personal_ids[:1].with_env(self.env)
            personal.write({field_name: student[field_name]})

    @api.depends_context("uid")
    def _compute_personal_data_visible(self):
        visible = set()
        Personal = self.env["school.student.personal"]
        origins = self._origin.filtered("id")
        if origins and self.env["ir.model.access"].check(Personal._name, "read", False):
            visible = set(Personal.search([("student_id", "in", origins.ids)]).student_id.ids)
        for student in self:
            student.personal_data_visible = (
                not student._origin.id or student._origin.id in visible
            ) and self.env["ir.model.access"].check(Personal._name, "read", False)

    def _search_personal(self, field_name, operator, value):
        """Students whose personal data the user may read and that match."""
        personal = self.env["school.student.personal"]._search([(field_name, operator, value)])
        return [("id", "in", personal.subselect("student_id"))]

    @api.depends_context("uid")
    @api.depends("personal_ids.birth_date")
    def _compute_birth_date(self):
        self._read_personal("birth_date")

    def _inverse_birth_date(self):
        self._write_personal("birth_date")

    def _search_birth_date(self, operator, value):
        return self._search_personal("birth_date", operator, value)

    @api.depends_context("uid")
    @api.depends("personal_ids.gender")
    def _compute_gender(self):
        self._read_personal("gender")

    def _inverse_gender(self):
        self._write_personal("gender")

    def _search_gender(self, operator, value):
        return self._search_personal("gender", operator, value)

    @api.depends_context("uid")
    @api.depends("personal_ids.snils")
    def _compute_snils(self):
        self._read_personal("snils")

    def _inverse_snils(self):
        self._write_personal("snils")

    def _search_snils(self, operator, value):
        return self._search_personal("snils", operator, value)

    @api.depends_context("uid")
    @api.depends("personal_ids.identity_document")
    def _compute_identity_document(self):
        self._read_personal("identity_document")

    def _inverse_identity_document(self):
        self._write_personal("identity_document")

    def _search_identity_document(self, operator, value):
        return self._search_personal("identity_document", operator, value)

    @api.depends_context("uid")
    @api.depends("personal_ids.address")
    def _compute_address(self):
        self._read_personal("address")

    def _inverse_address(self):
        self._write_personal("address")

    def _search_address(self, operator, value):
        return self._search_personal("address", operator, value)

    @api.depends_context("uid")
    @api.depends("personal_ids.health_group")
    def _compute_health_group(self):
        self._read_personal("health_group")

    def _inverse_health_group(self):
        self._write_personal("health_group")

    def _search_health_group(self, operator, value):
        return self._search_personal("health_group", operator, value)

    @api.depends_context("uid")
    @api.depends("personal_ids.personal_note")
    def _compute_personal_note(self):
        self._read_personal("personal_note")

    def _inverse_personal_note(self):
        self._write_personal("personal_note")

    def _search_personal_note(self, operator, value):
        return self._search_personal("personal_note", operator, value)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("partner_id"):
                vals["partner_id"] = self._create_partner(vals).id
        students = super().create(vals_list)
        # every student has one row of personal data (filled by the inverses above)
        without = students.filtered(lambda s: not s.sudo().personal_ids)
        self.env["school.student.personal"].sudo().create(
            [{"student_id": student.id} for student in without]
        )
        students._sync_partner_name()
        return students

    def write(self, vals):
        result = super().write(vals)
        if {"last_name", "first_name", "middle_name"} & vals.keys():
            self._sync_partner_name()
        return result

    @api.model
    def _create_partner(self, vals):
        name = " ".join(
            vals.get(key) or "" for key in ("last_name", "first_name", "middle_name")
        ).strip()
        return self.env["res.partner"].sudo().create({"name": name or "-", "type": "contact"})

    def _sync_partner_name(self):
        for student in self:
            if student.partner_id.name != student.name:
                student.partner_id.sudo().name = student.name

    def action_view_journal_audit(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_records.school_journal_audit_action"
        )
        action["domain"] = [("student_id", "=", self.id)]
        return action
