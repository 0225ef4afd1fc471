from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ORGANISATION_KINDS = [
    ("school", "Another school"),
    ("college", "College or university"),
    ("additional", "Additional education"),
    ("other", "Other organisation"),
]


class SchoolResultCredit(models.Model):
    """Зачёт результатов (seed 003 §5.2, seed 001 §1.2): a result a student obtained in
    another organisation — a subject or course at another school, a college, a programme
    of additional education — counted by the director's order as the student's period
    or year mark of a subject here.

    The deputy or the secretary records the result with the document it comes from
    (the organisation, its document, the dates and hours, the scan) and the order's
    number and date, and submits it; the director approves it (the order). The approved
    credit sets the period mark (or, without a period, the year mark) of the subject's
    journal: «зач» for a credit without a mark, else the mark, confirmed with the order
    as its reason. The journal shows a marker for the student, the personal file lists
    the credit among the results."""

    _name = "school.result.credit"
    _description = "Credited Result from Another Organisation"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = (
        "state",
        "prepared_by_id",
        "approved_by_id",
        "approved_on",
        "period_mark_id",
    )
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    student_id = fields.Many2one(
        "school.student", required=True, index=True, ondelete="restrict", tracking=True
    )
    subject_id = fields.Many2one(
        "school.subject", required=True, index=True, ondelete="restrict", tracking=True
    )
    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        index=True,
        default=lambda self: self._default_year(),
    )
    period_id = fields.Many2one(
        "school.period",
        domain="[('year_id', '=', year_id)]",
        help="The period whose mark the credit gives; empty: the year mark.",
    )
    organisation = fields.Char(required=True, tracking=True)
    organisation_kind = fields.Selection(
        ORGANISATION_KINDS, string="Kind of organisation", required=True, default="school"
    )
    programme = fields.Char(help="The subject, course or programme as the document names it.")
    document = fields.Char(
        required=True, help="The document the result comes from: its kind, number and date."
    )
    date_from = fields.Date(string="Studied from")
    date_to = fields.Date(string="Studied to")
    hours = fields.Float(digits=(6, 1))
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "school_result_credit_attachment_rel",
        "credit_id",
        "attachment_id",
        string="Scans",
    )
    result_kind = fields.Selection(
        [("pass", "Credited (зачтено)"), ("mark", "Mark")],
        string="Counted as",
        required=True,
        default="mark",
    )
    value_id = fields.Many2one(
        "school.mark.value", string="Mark", domain=[("counts_in_average", "=", True)]
    )
    order_number = fields.Char(string="Order No.", tracking=True)
    order_date = fields.Date(tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Awaiting the director"),
            ("approved", "Approved by order"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    prepared_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    period_mark_id = fields.Many2one(
        "school.period.mark", string="Mark set", readonly=True, copy=False, ondelete="set null"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.model
    def _default_year(self):
        today = fields.Date.context_today(self)
        return self.env["school.academic.year"].search(
            [("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        )

    @api.depends("student_id.name", "subject_id.name", "organisation")
    def _compute_name(self):
        for credit in self:
            credit.name = (
                f"{credit.student_id.name or ''}: {credit.subject_id.name or ''}"
                f" ({credit.organisation or ''})"
            )

    @api.constrains("result_kind", "value_id")
    def _check_value(self):
        for credit in self:
            if credit.result_kind == "mark" and not credit.value_id:
                raise ValidationError(self.env._("Give the mark the credit counts as."))

    @api.constrains("date_from", "date_to", "hours")
    def _check_dates(self):
        for credit in self:
            if credit.date_from and credit.date_to and credit.date_from > credit.date_to:
                raise ValidationError(self.env._("The studies end before they start."))
            if credit.hours < 0:
                raise ValidationError(self.env._("The hours cannot be negative."))

    def write(self, vals):
        if not self.env.su and self.filtered(lambda c: c.state in ("submitted", "approved")):
            if vals.keys() - {"message_main_attachment_id", "order_number", "order_date"} or (
                self.filtered(lambda c: c.state == "approved")
            ):
                raise UserError(
                    self.env._(
                        "A credit submitted to the director or approved cannot be changed; "
                        "the director refuses it, and it is corrected as a draft."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda c: c.state not in ("draft", "refused")):
            raise UserError(self.env._("Only a draft or refused credit is deleted."))

    # the workflow ---------------------------------------------------------------------------
    def _check_preparer(self):
        self._check_school_role(
            "school_records.group_deputy",
            "school_records.group_secretary",
            role=self.env._("the deputy director or the secretary"),
        )

    def action_submit(self):
        self._check_preparer()
        if self.filtered(lambda c: c.state not in ("draft", "refused")):
            raise UserError(self.env._("Only a draft credit is submitted."))
        for credit in self:
            credit._assignment()  # a journal to count it in must exist
        self._workflow_write({"state": "submitted", "prepared_by_id": self.env.uid})
        directors = self.env["school.roles"]._directors()
        self._school_activity(
            "school_records.mail_activity_school_approve",
            directors,
            self.env._("Approve the credit of a result by order"),
        )
        return True

    def action_approve(self):
        """The director's order: the credit counts in the subject's journal."""
        self._check_school_role("school_records.group_director", role=self.env._("the director"))
        for credit in self:
            if credit.state != "submitted":
                raise UserError(self.env._("Only a submitted credit is approved."))
            if not credit.order_number or not credit.order_date:
                raise UserError(self.env._("Give the number and the date of the order."))
        for credit in self:
            mark = credit._set_mark()
            credit._workflow_write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approved_on": fields.Datetime.now(),
                    "period_mark_id": mark.id,
                }
            )
        self._school_activity_done("school_records.mail_activity_school_approve")
        return True

    def action_refuse(self):
        self._check_school_role("school_records.group_director", role=self.env._("the director"))
        if self.filtered(lambda c: c.state != "submitted"):
            raise UserError(self.env._("Only a submitted credit is refused."))
        self._workflow_write({"state": "refused"})
        self._school_activity_done("school_records.mail_activity_school_approve")
        return True

    def action_draft(self):
        self._check_preparer()
        if self.filtered(lambda c: c.state != "refused"):
            raise UserError(self.env._("Only a refused credit returns to draft."))
        self._workflow_write({"state": "draft"})
        return True

    # counting it --------------------------------------------------------------------------
    def _assignment(self):
        """The journal of the subject in the student's class of the credit's year (or
        period), with the student in its group when it is a group's journal."""
        self.ensure_one()
        day = min(
            (self.period_id or self.year_id).date_end,
            max(fields.Date.context_today(self), (self.period_id or self.year_id).date_start),
        )
        student = self.student_id.sudo()
        school_class = student._class_on(day) or student.class_id
        assignments = (
            self.env["school.teaching.assignment"]
            .sudo()
            .search(
                [
                    ("class_id", "=", school_class.id),
                    ("subject_id", "=", self.subject_id.id),
                    ("year_id", "=", self.year_id.id),
                ]
            )
        )
        assignment = assignments.filtered(
            lambda a: not a.study_group_id or student in a.study_group_id.student_ids
        )[:1]
        if not assignment:
            raise UserError(
                self.env._(
                    "%(student)s has no journal of %(subject)s in %(year)s to count the credit in.",
                    student=student.name,
                    subject=self.subject_id.name,
                    year=self.year_id.display_name,
                )
            )
        return assignment

    def _counted_value(self):
        self.ensure_one()
        if self.result_kind == "pass":
            return self.env.ref("school_records.school_mark_value_pass")
        return self.value_id

    def _set_mark(self):
        """The period (or year) mark of the journal becomes the credited one, confirmed
        with the order as its reason."""
        self.ensure_one()
        assignment = self._assignment()
        kind = "period" if self.period_id else "year"
        Mark = self.env["school.period.mark"].sudo()
        values = {
            "value_id": self._counted_value().id,
            "reason": self.env._(
                "Credited by order No. %(number)s of %(date)s: %(organisation)s",
                number=self.order_number,
                date=self.order_date.strftime("%d.%m.%Y"),
                organisation=self.organisation,
            ),
            "state": "confirmed",
            "confirmed_by_id": self.env.uid,
            "confirmed_on": fields.Datetime.now(),
        }
        mark = Mark.search(
            [
                ("student_id", "=", self.student_id.id),
                ("assignment_id", "=", assignment.id),
                ("kind", "=", kind),
                ("period_id", "=", self.period_id.id),
            ],
            limit=1,
        )
        if mark:
            mark.write(values)
            return mark
        return Mark.create(
            {
                "student_id": self.student_id.id,
                "assignment_id": assignment.id,
                "kind": kind,
                "period_id": self.period_id.id,
                **values,
            }
        )

    def _marker(self):
        """The journal's marker: «зачёт» with the order."""
        self.ensure_one()
        return self.env._(
            "Credit: %(subject)s, %(period)s, order No. %(number)s",
            subject=self.subject_id.name,
            period=self.period_id.name or self.env._("year"),
            number=self.order_number,
        )


class SchoolPeriodMark(models.Model):
    _inherit = "school.period.mark"

    credit_note = fields.Char(
        string="Credited",
        compute="_compute_credit_note",
        help="The approved credit of a result from another organisation that set this mark.",
    )

    def _compute_credit_note(self):
        credits = (
            self.env["school.result.credit"]
            .sudo()
            .search([("period_mark_id", "in", self.ids), ("state", "=", "approved")])
        )
        by_mark = {credit.period_mark_id.id: credit._marker() for credit in credits}
        for mark in self:
            mark.credit_note = by_mark.get(mark.id, False)


class SchoolPersonalFile(models.Model):
    _inherit = "school.personal.file"

    credit_ids = fields.One2many(
        "school.result.credit",
        string="Results credited from other organisations",
        compute="_compute_credit_ids",
    )

    def _compute_credit_ids(self):
        for personal_file in self:
            personal_file.credit_ids = self.env["school.result.credit"].search(
                [("student_id", "=", personal_file.student_id.id), ("state", "=", "approved")]
            )


class SchoolJournalGrid(models.AbstractModel):
    _inherit = "school.journal.grid"

    @api.model
    def load(self, assignment_id=False, period_id=None, study_group_id=None):
        """Each student row carries the markers of the approved credits of the journal's
        subject and year (seed 003 §5.2): the teacher sees which marks come by order."""
        data = super().load(assignment_id, period_id=period_id, study_group_id=study_group_id)
        if not data:
            return data
        assignment = self.env["school.teaching.assignment"].browse(data["assignment"]["id"])
        credits = (
            self.env["school.result.credit"]
            .sudo()
            .search(
                [
                    ("student_id", "in", [s["id"] for s in data["students"]]),
                    ("subject_id", "=", assignment.subject_id.id),
                    ("year_id", "=", assignment.year_id.id),
                    ("state", "=", "approved"),
                ]
            )
        )
        markers = {}
        for credit in credits:
            markers.setdefault(credit.student_id.id, []).append(credit._marker())
        for student in data["students"]:
            student["credits"] = markers.get(student["id"], [])
        return data
