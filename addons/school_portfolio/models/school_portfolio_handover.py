from odoo import api, fields, models
from odoo.exceptions import UserError


class SchoolPortfolioHandover(models.Model):
    """Выдача портфолио на руки (seed 000 §3.5.4): when a student leaves for another school
    the portfolio is handed to the parents under signature. The class teacher (or the
    office) records the hand-over and prints the receipt; once confirmed, the student's
    portfolio entries are read-only. When a student's enrollment is closed with a transfer
    to another school, a draft hand-over is prepared and the class teacher gets a to-do."""

    _name = "school.portfolio.handover"
    _description = "Portfolio Hand-over"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    # who handed the portfolio over signs the receipt: set by the confirmation only
    _workflow_fields = ("state", "handed_by_id")
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    student_id = fields.Many2one(
        "school.student", required=True, index=True, ondelete="restrict", tracking=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    receiver_partner_id = fields.Many2one(
        "res.partner",
        string="Receiver (guardian)",
        help="The parent or legal representative who receives the portfolio.",
    )
    receiver_name = fields.Char(
        compute="_compute_receiver_name",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
    )
    receiver_document = fields.Char(
        string="Identity document", help="The receiver's passport: series, number, issued by."
    )
    reason = fields.Char(default=lambda self: self.env._("Transfer to another school"))
    handed_by_id = fields.Many2one(
        "res.users", string="Handed over by", readonly=True, copy=False, tracking=True
    )
    achievement_count = fields.Integer(compute="_compute_counts")
    encouragement_count = fields.Integer(compute="_compute_counts")
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Handed over")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("student_id.name", "date")
    def _compute_name(self):
        for handover in self:
            handover.name = self.env._(
                "Portfolio hand-over: %(student)s", student=handover.student_id.name or ""
            )

    @api.depends("receiver_partner_id")
    def _compute_receiver_name(self):
        for handover in self:
            handover.receiver_name = handover.receiver_partner_id.name or handover.receiver_name

    def _compute_counts(self):
        for handover in self:
            handover.achievement_count = len(handover._achievements())
            handover.encouragement_count = len(
                self.env["school.encouragement"].search(
                    [("student_id", "=", handover.student_id.id)]
                )
            )

    def write(self, vals):
        if any(handover.state == "done" for handover in self):
            raise UserError(self.env._("A confirmed hand-over cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(handover.state == "done" for handover in self):
            raise UserError(self.env._("A confirmed hand-over cannot be deleted."))

    def action_confirm(self):
        """The receiver has signed: the portfolio is handed over and frozen. The class
        teacher or the school office confirms, and signs the receipt as the one who
        handed it over."""
        self.check_access("write")
        self._check_school_role(
            "school_records.group_class_teacher",
            "school_records.group_secretary",
            role=self.env._("the class teacher or the school office"),
        )
        for handover in self:
            if handover.state != "draft":
                raise UserError(self.env._("This hand-over is already confirmed."))
            if not (handover.receiver_name or "").strip():
                raise UserError(
                    self.env._("Write who receives the portfolio before confirming the hand-over.")
                )
            if handover.student_id._portfolio_handed_over():
                raise UserError(
                    self.env._(
                        "The portfolio of %(student)s was already handed over.",
                        student=handover.student_id.name,
                    )
                )
        self._workflow_write({"state": "done", "handed_by_id": self.env.uid})
        self.sudo().activity_feedback(["school_portfolio.mail_activity_type_portfolio_handover"])
        for handover in self:
            handover._achievements().sudo().activity_unlink(
                ["school_portfolio.mail_activity_type_achievement_review"]
            )

    def action_print_receipt(self):
        self.ensure_one()
        return self.env.ref("school_portfolio.school_portfolio_handover_report").report_action(self)

    def _achievements(self):
        self.ensure_one()
        return self.env["school.achievement"].search(
            [("student_id", "=", self.student_id.id), ("state", "=", "accepted")]
        )

    @api.model
    def _prepare_for_departures(self, enrollments):
        """A draft hand-over (to the first guardian) with a to-do for the class teacher,
        for each student leaving with these enrollments who has no hand-over yet."""
        Handover = self.sudo()
        prepared = Handover.search([("student_id", "in", enrollments.student_id.ids)]).student_id
        for enrollment in enrollments.sudo():
            student = enrollment.student_id
            if student in prepared:
                continue
            prepared |= student
            guardian = student.guardian_ids[:1]
            handover = Handover.create(
                {
                    "student_id": student.id,
                    "date": enrollment.date_to,
                    "receiver_partner_id": guardian.id,
                }
            )
            teacher = self.env["school.roles"]._class_teacher(enrollment.class_id)
            if teacher:
                handover.activity_schedule(
                    "school_portfolio.mail_activity_type_portfolio_handover",
                    date_deadline=enrollment.date_to,
                    user_id=teacher.id,
                )
