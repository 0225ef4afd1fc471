from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CATEGORIES = [
    ("olympiad", "Olympiad"),
    ("contest", "Intellectual or creative contest"),
    ("conference", "Conference"),
    ("project", "Project or research work"),
    ("sport", "Sport competition"),
    ("gto", "GTO norms"),
    ("volunteering", "Volunteering"),
    ("self_government", "Student self-government"),
    ("additional_education", "Additional education result"),
    ("other", "Other"),
]
LEVELS = [
    ("school", "School"),
    ("municipal", "Municipal"),
    ("regional", "Regional"),
    ("federal", "Federal"),
    ("international", "International"),
]
RESULTS = [
    ("participant", "Participant"),
    ("prize_winner", "Prize-winner"),
    ("winner", "Winner"),
    ("badge", "Badge"),
]
GTO_BADGES = [("gold", "Gold"), ("silver", "Silver"), ("bronze", "Bronze")]
DOCUMENT_TYPES = [
    ("diploma", "Diploma"),
    ("certificate", "Certificate"),
    ("honour", "Certificate of honour"),
    ("letter", "Letter of thanks"),
    ("other", "Other document"),
]
SOURCES = [
    ("school", "The school"),
    ("external", "Other organisation (on the family's request)"),
]
# only a reviewer sets these (the family and the teachers submit and withdraw)
# seed 000 §3.5.2: the portfolio is kept for 1-4, 5-9 and 10-11 classes
PORTFOLIO_PERIODS = [
    ("primary", "Classes 1-4"),
    ("basic", "Classes 5-9"),
    ("secondary", "Classes 10-11"),
]


def portfolio_period_of(level):
    """The portfolio period of a class level (1..11), False without a class."""
    if not level:
        return False
    if level <= 4:
        return "primary"
    return "basic" if level <= 9 else "secondary"


class SchoolAchievement(models.Model):
    """Запись портфолио: an achievement of a student with its document (seeds 000 §3.5,
    001 §4.2.1, 003 §V).

    The student and the parents add entries on the portal (``action_submit``); teachers
    may add the olympiads of their subjects. The class teacher of the student's class, or
    a deputy director, reviews them: accepts (``action_accept``) or returns them with a
    comment (``action_return``); a returned entry may be corrected and submitted again.
    The portfolio is not scored (seed 001 §4.2.1.5): entries are only ranked. After the
    portfolio is handed over to the family the entries are read-only.
    """

    _name = "school.achievement"
    _description = "Portfolio Achievement"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "reviewer_id", "reviewed_on")
    _order = "date desc, sequence, id desc"

    name = fields.Char(string="Event", required=True, tracking=True)
    student_id = fields.Many2one(
        "school.student", required=True, index=True, ondelete="restrict", tracking=True
    )
    class_id = fields.Many2one(
        "school.class",
        compute="_compute_class_id",
        store=True,
        index=True,
        help="The class the student was in on the date of the achievement.",
    )
    class_level = fields.Integer(compute="_compute_class_id", store=True, aggregator=False)
    portfolio_period = fields.Selection(
        PORTFOLIO_PERIODS, compute="_compute_class_id", store=True, index=True
    )
    academic_year_id = fields.Many2one(
        "school.academic.year", compute="_compute_academic_year_id", store=True, index=True
    )
    category = fields.Selection(CATEGORIES, required=True, default="olympiad", tracking=True)
    gto_badge = fields.Selection(GTO_BADGES, string="GTO badge")
    level = fields.Selection(LEVELS, required=True, default="school", tracking=True)
    result = fields.Selection(RESULTS, required=True, default="participant", tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    organiser = fields.Char()
    subject_id = fields.Many2one("school.subject")
    direction = fields.Char(help="The direction when there is no school subject.")
    document_type = fields.Selection(DOCUMENT_TYPES, default="diploma")
    document_ids = fields.Many2many(
        "ir.attachment",
        "school_achievement_attachment_rel",
        "achievement_id",
        "attachment_id",
        string="Documents",
        help="Scans or photos of the diploma, certificate or certificate of honour.",
    )
    certified = fields.Boolean(
        string="Confirmed by a document",
        help="The result is confirmed by an official document (diploma, certificate).",
    )
    source = fields.Selection(SOURCES, required=True, default="school", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("accepted", "Accepted"),
            ("returned", "Returned"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    review_comment = fields.Text(
        copy=False, help="Why the class teacher returned the entry: what to correct."
    )
    reviewer_id = fields.Many2one("res.users", string="Reviewed by", readonly=True, copy=False)
    reviewed_on = fields.Date(readonly=True, copy=False)
    sequence = fields.Integer(
        string="Rank", default=10, help="The class teacher ranks the entries with the student."
    )
    description = fields.Text()
    can_review = fields.Boolean(compute="_compute_can_review")
    locked = fields.Boolean(
        compute="_compute_locked", help="The portfolio was handed over: the entry is read-only."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends(
        "date",
        "student_id.enrollment_ids.class_id",
        "student_id.enrollment_ids.date_from",
        "student_id.enrollment_ids.date_to",
    )
    def _compute_class_id(self):
        for entry in self:
            school_class = (
                entry.student_id._class_on(entry.date) if entry.student_id and entry.date else False
            )
            if not school_class and entry.student_id:
                school_class = entry.student_id.class_id
            entry.class_id = school_class
            entry.class_level = school_class.level_number if school_class else 0
            entry.portfolio_period = portfolio_period_of(entry.class_level)

    @api.depends("date")
    def _compute_academic_year_id(self):
        Year = self.env["school.academic.year"].sudo()
        for entry in self:
            entry.academic_year_id = entry.date and Year.search(
                [("date_start", "<=", entry.date), ("date_end", ">=", entry.date)], limit=1
            )

    @api.depends("student_id.class_id.class_teacher_id", "class_id.class_teacher_id")
    @api.depends_context("uid")
    def _compute_can_review(self):
        for entry in self:
            entry.can_review = entry._is_reviewer(self.env.user)

    @api.depends("student_id")
    def _compute_locked(self):
        handed = self.student_id._portfolio_handed_over()
        for entry in self:
            entry.locked = entry.student_id in handed

    @api.constrains("document_ids")
    def _check_documents_are_the_entry_s(self):
        """A document is a file uploaded for a portfolio entry: linking another record's
        attachment by its id (an archive copy, a personal file) would let the family
        download it from the portal."""
        for entry in self:
            foreign = entry.document_ids.sudo().filtered(
                lambda a, e=entry: a.res_model != e._name or a.res_id not in (0, e.id)
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(file)s is not a document of this portfolio entry: upload the file "
                        "itself.",
                        file=foreign[0].name,
                    )
                )

    @api.onchange("category")
    def _onchange_category(self):
        if self.category == "gto" and self.result == "participant":
            self.result = "badge"

    @api.model_create_multi
    def create(self, vals_list):
        students = self.env["school.student"].browse(
            [vals["student_id"] for vals in vals_list if vals.get("student_id")]
        )
        students._check_portfolio_open()
        entries = super().create(vals_list)
        entries._check_teacher_may_add()
        return entries

    def write(self, vals):
        self.student_id._check_portfolio_open()
        if vals.get("student_id"):
            self.env["school.student"].browse(vals["student_id"])._check_portfolio_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        self.student_id._check_portfolio_open()
        if any(entry.state == "accepted" for entry in self):
            raise UserError(self.env._("An accepted portfolio entry cannot be deleted."))

    # workflow ----------------------------------------------------------------------------
    def action_submit(self):
        """The family or the teacher sends the entry to the class teacher."""
        self.check_access("write")
        for entry in self:
            entry._check_state(("draft", "returned"))
        self._workflow_write({"state": "submitted"})
        self._schedule_review()

    def action_accept(self):
        """The class teacher of the student's class (or a deputy) accepts the entry."""
        self._check_can_review()
        for entry in self:
            entry._check_state(("submitted",))
        self._workflow_write(
            {
                "state": "accepted",
                "reviewer_id": self.env.uid,
                "reviewed_on": self.env["school.journal"]._today(),
            }
        )
        self._done_review()

    def action_return(self):
        """The reviewer returns the entry with a comment saying what to correct."""
        self._check_can_review()
        for entry in self:
            entry._check_state(("submitted", "accepted"))
            if not (entry.review_comment or "").strip():
                raise UserError(self.env._("Write a comment saying why the entry is returned."))
        self._workflow_write(
            {
                "state": "returned",
                "reviewer_id": self.env.uid,
                "reviewed_on": self.env["school.journal"]._today(),
            }
        )
        for entry in self:
            entry.message_post(
                body=self.env._("Returned: %(comment)s", comment=entry.review_comment),
                subtype_xmlid="mail.mt_comment",
                partner_ids=entry._family_partners().ids,
            )
        self._done_review()

    def action_reset_to_draft(self):
        self.check_access("write")
        for entry in self:
            entry._check_state(("submitted", "returned"))
        self._workflow_write({"state": "draft"})
        self._done_review()

    def _return_with_comment(self, comment):
        self.write({"review_comment": comment})
        self.action_return()

    # rules -------------------------------------------------------------------------------
    def _is_reviewer(self, user):
        self.ensure_one()
        roles = self.env["school.roles"]
        if roles._is_deputy(user):
            return True
        if not roles._is_class_teacher(user):
            return False
        classes = self.sudo().student_id.class_id | self.sudo().class_id
        return any(roles._is_class_teacher_of(school_class, user) for school_class in classes)

    def _check_can_review(self):
        for entry in self:
            if not entry._is_reviewer(self.env.user):
                raise UserError(
                    self.env._(
                        "Only the class teacher of %(student)s or a deputy director reviews "
                        "portfolio entries.",
                        student=entry.sudo().student_id.name,
                    )
                )

    def _check_state(self, states):
        if self.state not in states:
            raise UserError(
                self.env._(
                    "The portfolio entry %(entry)s is not in the state this step needs.",
                    entry=self.name,
                )
            )

    def _check_teacher_may_add(self):
        """A subject teacher (not the class teacher, not a deputy) adds only the olympiads
        of the subjects they teach."""
        user = self.env.user
        roles = self.env["school.roles"]
        if self.env.su or roles._is_deputy():
            return
        if not roles._is_teacher():
            return
        subjects = (
            self.env["school.teaching.assignment"]
            .sudo()
            .search([("teacher_id", "=", user.id)])
            .subject_id
        )
        for entry in self:
            if entry._is_reviewer(user):
                continue
            if entry.category != "olympiad" or entry.subject_id not in subjects:
                raise UserError(
                    self.env._(
                        "A subject teacher adds only the olympiads of the subjects they teach."
                    )
                )

    def _family_partners(self):
        student = self.sudo().student_id
        return student.partner_id | student.guardian_ids

    # activities --------------------------------------------------------------------------
    def _schedule_review(self):
        roles = self.env["school.roles"]
        for entry in self.sudo():
            teacher = roles._class_teacher(entry.student_id.class_id) or roles._class_teacher(
                entry.class_id
            )
            if teacher:
                entry.activity_schedule(
                    "school_portfolio.mail_activity_type_achievement_review", user_id=teacher.id
                )

    def _done_review(self):
        self.sudo().activity_unlink(["school_portfolio.mail_activity_type_achievement_review"])

    # portfolio ---------------------------------------------------------------------------
    def _in_period(self, period):
        """The entries of a portfolio period ('all' for every year)."""
        if not period or period == "all":
            return self
        return self.filtered(lambda e: e.portfolio_period == period)
