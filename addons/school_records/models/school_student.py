from odoo import api, fields, models

# Personal data under 152-FZ: only the roles that need it read these fields.
PERSONAL_DATA_GROUPS = (
    "school_records.group_class_teacher,school_records.group_secretary,"
    "school_records.group_archivist"
)


class SchoolStudent(models.Model):
    """Обучающийся. The partner carries the name for mail and the portal;
    the personal data stay here behind field groups."""

    _name = "school.student"
    _description = "Student"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"

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

    # Personal data (152-FZ)
    birth_date = fields.Date(groups=PERSONAL_DATA_GROUPS)
    gender = fields.Selection([("male", "Male"), ("female", "Female")], groups=PERSONAL_DATA_GROUPS)
    snils = fields.Char(string="SNILS", groups=PERSONAL_DATA_GROUPS)
    identity_document = fields.Char(
        help="Birth certificate or passport: series, number, issued by, date",
        groups=PERSONAL_DATA_GROUPS,
    )
    address = fields.Char(string="Home address", groups=PERSONAL_DATA_GROUPS)
    health_group = fields.Char(groups=PERSONAL_DATA_GROUPS)
    personal_note = fields.Text(groups=PERSONAL_DATA_GROUPS)

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

    @api.depends("enrollment_ids.class_id", "enrollment_ids.date_from", "enrollment_ids.date_to")
    def _compute_class_id(self):
        today = fields.Date.context_today(self)
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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("partner_id"):
                vals["partner_id"] = self._create_partner(vals).id
        students = super().create(vals_list)
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
