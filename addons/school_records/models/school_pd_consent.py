from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONSENT_STATES = [
    ("given", "Given"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
]
# What the school office sees for a student or a guardian: a withdrawal counts as a refusal.
CONSENT_STATUSES = [
    ("given", "Given"),
    ("refused", "Refused"),
    ("missing", "Missing"),
]
CONSENT_GROUPS = (
    "school_records.group_class_teacher,school_records.group_secretary,"
    "school_records.group_archivist"
)


def consent_status(states):
    """The status of a set of current consent states: given only if every one is given."""
    if not states:
        return "missing"
    if all(state == "given" for state in states):
        return "given"
    if any(state in ("refused", "withdrawn") for state in states):
        return "refused"
    return "missing"


class SchoolPdConsent(models.Model):
    """Согласие на обработку персональных данных (152-FZ) for the electronic diary.

    A guardian consents (or refuses) for each of their children; a student of 14 or
    more, or an adult one, may sign for themself. Each record is a dated, signed
    document; a later record of the same person for the same student replaces the
    earlier one, which stays as history: only the latest record counts.

    The class teacher of the student's class, the school office, deputies and the
    director record consents; nobody deletes them but the school administrator."""

    _name = "school.pd.consent"
    _description = "Personal Data Consent"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    student_id = fields.Many2one(
        "school.student", required=True, ondelete="cascade", index=True, tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Signed by",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        domain="[('id', 'in', allowed_partner_ids)]",
        help="A guardian of the student, or the student themself (14 years and older).",
    )
    allowed_partner_ids = fields.Many2many(
        "res.partner", string="May sign", compute="_compute_allowed_partner_ids"
    )
    signer_role = fields.Selection(
        [("guardian", "Guardian"), ("student", "Student")],
        string="Signed as",
        compute="_compute_signer_role",
        store=True,
    )
    state = fields.Selection(
        CONSENT_STATES,
        string="Decision",
        required=True,
        default="given",
        tracking=True,
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, index=True)
    document = fields.Binary(
        attachment=True, copy=False, help="The signed consent, refusal or withdrawal."
    )
    document_name = fields.Char(tracking=True, copy=False)
    note = fields.Text()
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        store=True,
        index=True,
        help="The latest record of this person for this student: the one that counts.",
    )
    class_id = fields.Many2one(related="student_id.class_id", string="Class", store=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True)

    @api.depends("student_id.partner_id", "student_id.guardian_ids")
    def _compute_allowed_partner_ids(self):
        for consent in self:
            student = consent.student_id
            consent.allowed_partner_ids = student.guardian_ids | student.partner_id

    @api.depends("partner_id", "student_id.partner_id")
    def _compute_signer_role(self):
        for consent in self:
            is_student = consent.partner_id == consent.student_id.partner_id
            consent.signer_role = "student" if is_student else "guardian"

    @api.depends(
        "student_id.pd_consent_ids.date",
        "student_id.pd_consent_ids.partner_id",
        "partner_id",
        "date",
    )
    def _compute_is_current(self):
        for consent in self:
            same_person = consent.student_id.pd_consent_ids.filtered(
                lambda c, partner=consent.partner_id: c.partner_id == partner
            )
            latest = max(same_person | consent, key=lambda c: c._sort_key())
            consent.is_current = latest == consent

    def _sort_key(self):
        return (self.date or fields.Date.today(), self._origin.id or 0)

    @api.constrains("partner_id", "student_id")
    def _check_partner(self):
        for consent in self:
            student = consent.student_id
            if consent.partner_id not in student.guardian_ids | student.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is neither %(student)s nor one of their guardians.",
                        partner=consent.partner_id.display_name,
                        student=student.display_name,
                    )
                )

    @api.constrains("date")
    def _check_date(self):
        today = self.env["school.journal"]._today()
        for consent in self:
            if consent.date > today:
                raise ValidationError(self.env._("A consent cannot be dated in the future."))

    @api.constrains("state", "document")
    def _check_document(self):
        for consent in self:
            if consent.state == "given" and not consent.document:
                raise ValidationError(
                    self.env._(
                        "Attach the consent signed by %s: without it the consent is not proven.",
                        consent.partner_id.display_name,
                    )
                )

    @api.model
    def _current_states(self, students):
        """{(partner, student): state} of the current records of `students`."""
        consents = self.sudo().search(
            [("student_id", "in", students.ids), ("is_current", "=", True)]
        )
        return {(c.partner_id, c.student_id): c.state for c in consents}

    @api.model
    def _guardian_status(self, partner, students):
        """Whether `partner` consented for every one of `students` they represent."""
        states = self._current_states(students)
        return consent_status([states.get((partner, student)) for student in students])


class SchoolStudent(models.Model):
    """The consent status of the student's personal data, and the paper route."""

    _inherit = "school.student"

    pd_consent_ids = fields.One2many(
        "school.pd.consent", "student_id", string="Consents", groups=CONSENT_GROUPS
    )
    pd_consent_state = fields.Selection(
        CONSENT_STATUSES,
        string="Personal data consent",
        compute="_compute_pd_consent_state",
        store=True,
        index=True,
        groups=CONSENT_GROUPS,
        help="The student's own current decision when they signed one (14 and older); "
        "otherwise given when a guardian consented, refused when the guardians only "
        "refused or withdrew, missing when nobody signed anything.",
    )
    paper_route = fields.Boolean(
        compute="_compute_pd_consent_state",
        store=True,
        groups=CONSENT_GROUPS,
        help="No consent: the diary is not given on the portal, the school office gives "
        "paper extracts.",
    )
    pd_consent_count = fields.Integer(compute="_compute_pd_consent_count", groups=CONSENT_GROUPS)

    @api.depends(
        "partner_id",
        "pd_consent_ids.is_current",
        "pd_consent_ids.state",
        "pd_consent_ids.partner_id",
    )
    def _compute_pd_consent_state(self):
        for student in self:
            state = student._pd_consent_status()
            student.pd_consent_state = state
            student.paper_route = state != "given"

    @api.depends(
        "partner_id",
        "guardian_ids",
        "pd_consent_ids.is_current",
        "pd_consent_ids.state",
        "pd_consent_ids.partner_id",
    )
    def _compute_family_partner_ids(self):
        """152-FZ: a refused or withdrawn consent closes the child's diary on the portal at
        once — to the whole family when the student's status is refused, otherwise to the
        person who refused; a consent given again opens it."""
        super()._compute_family_partner_ids()
        for student in self.sudo():
            current = student.pd_consent_ids.filtered("is_current")
            if student._pd_consent_status() == "refused":
                student.family_partner_ids = False
            else:
                refused = current.filtered(lambda c: c.state != "given").partner_id
                student.family_partner_ids -= refused

    def _diary_closed_by_consent(self, partner):
        """The students of ``partner``'s family whose diary a refused or withdrawn
        consent closed to them (for the portal to say why)."""
        family = self.sudo().search(
            ["|", ("partner_id", "=", partner.id), ("guardian_ids", "in", partner.ids)]
        )
        return family.filtered(lambda s: partner not in s.family_partner_ids)

    def _compute_pd_consent_count(self):
        for student in self:
            student.pd_consent_count = len(student.pd_consent_ids)

    def _pd_consent_status(self):
        self.ensure_one()
        current = self.pd_consent_ids.filtered("is_current")
        own = current.filtered(lambda c: c.partner_id == self.partner_id)
        if own:
            return "given" if own.state == "given" else "refused"
        if "given" in current.mapped("state"):
            return "given"
        return "refused" if current else "missing"

    def action_view_pd_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_records.school_pd_consent_action"
        )
        action["domain"] = [("student_id", "=", self.id)]
        action["context"] = {"default_student_id": self.id}
        return action


class ResPartner(models.Model):
    """A guardian or a student without consent gets paper extracts, not the portal."""

    _inherit = "res.partner"

    school_paper_route = fields.Boolean(
        string="Paper route",
        compute="_compute_school_paper_route",
        compute_sudo=True,
        groups=CONSENT_GROUPS,
        help="A guardian or a student of the school whose personal data consent is not "
        "given for every child: give paper extracts instead of the portal.",
    )

    def _compute_school_paper_route(self):
        Student = self.env["school.student"]
        for partner in self:
            if not partner.id:
                partner.school_paper_route = False
                continue
            at_school = [("state", "in", ("new", "studying"))]
            own = Student.search([("partner_id", "=", partner.id), *at_school])
            children = Student.search([("guardian_ids", "in", partner.id), *at_school])
            guardian_status = self.env["school.pd.consent"]._guardian_status(partner, children)
            partner.school_paper_route = bool(own.filtered("paper_route")) or (
                bool(children) and guardian_status != "given"
            )
