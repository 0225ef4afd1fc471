from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

ADULT_AGE = 18
SECRETARY = "school_records.group_secretary"


class SchoolPersonalFileTransfer(models.Model):
    """Заявление о выдаче личного дела (seed 001 §4.2.3, 003 §7.3.4): when a student
    moves to another school, the file is given to a parent (or the adult student) on a
    written application to the director.

    The secretary registers the application; only the director approves or refuses it;
    the secretary then issues the file once, which marks the file as issued."""

    _name = "school.personal.file.transfer"
    _description = "Personal File Transfer Application"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "approved_by_id", "approved_on", "issued_by_id")
    _order = "application_date desc, id desc"

    file_id = fields.Many2one(
        "school.personal.file",
        string="Personal file",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    student_id = fields.Many2one(related="file_id.student_id", store=True, index=True)
    applicant_id = fields.Many2one(
        "res.partner",
        string="Applicant",
        required=True,
        tracking=True,
        help="A parent (legal representative) of the student, or the adult student.",
    )
    application_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    destination_school = fields.Char(required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Application"),
            ("approved", "Approved"),
            ("issued", "Issued"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True, copy=False)
    approved_on = fields.Date(readonly=True, copy=False)
    issue_date = fields.Date(copy=False, tracking=True)
    issue_method = fields.Selection(
        [
            ("in_person", "Handed to the applicant"),
            ("post", "Sent by registered mail"),
            ("school", "Sent to the receiving school"),
        ],
        string="How issued",
        copy=False,
    )
    issued_by_id = fields.Many2one("res.users", string="Issued by", readonly=True, copy=False)
    note = fields.Text()

    @api.constrains("applicant_id", "file_id", "application_date")
    def _check_applicant(self):
        for transfer in self:
            if not transfer._applicant_may_apply():
                raise ValidationError(
                    self.env._(
                        "%(applicant)s may not apply for the personal file of %(student)s: "
                        "only a parent (legal representative) or the adult student may.",
                        applicant=transfer.applicant_id.name,
                        student=transfer.student_id.name,
                    )
                )

    def _applicant_may_apply(self):
        student = self.student_id.sudo()
        if self.applicant_id in student.guardian_ids:
            return True
        return (
            self.applicant_id == student.partner_id
            and bool(student.birth_date)
            and student.birth_date + relativedelta(years=ADULT_AGE) <= self.application_date
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_issued(self):
        if self.filtered(lambda t: t.state == "issued"):
            raise UserError(self.env._("An issued personal file's application cannot be deleted."))

    # the workflow --------------------------------------------------------------------------
    def action_approve(self):
        self._check_director()
        self._check_state("draft")
        self._workflow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_on": self.env["school.journal"]._today(),
            }
        )
        return True

    def action_refuse(self):
        self._check_director()
        self._check_state("draft")
        self._workflow_write({"state": "refused"})
        return True

    def action_issue(self):
        """Give the file out: once, after the director's approval."""
        self._check_school_role(SECRETARY, role=self.env._("the secretary"))
        self._check_can_issue()
        for transfer in self:
            transfer._workflow_write(
                {
                    "state": "issued",
                    "issue_date": transfer.issue_date or self.env["school.journal"]._today(),
                    "issued_by_id": self.env.uid,
                }
            )
            transfer._mark_file_issued()
        return True

    def _check_director(self):
        if not self.env["school.roles"]._is_director():
            raise AccessError(self.env._("Only the director decides on a transfer application."))

    def _check_state(self, state):
        if self.filtered(lambda t: t.state != state):
            raise UserError(self.env._("The application is not in the right state for this."))

    def _check_can_issue(self):
        for transfer in self:
            if transfer.state != "approved":
                raise UserError(
                    self.env._(
                        "The personal file is issued only on an application the director approved."
                    )
                )
            if not transfer.issue_method:
                raise UserError(self.env._("Say how the personal file is issued."))
            if transfer.file_id.state == "transferred":
                raise UserError(
                    self.env._(
                        "The personal file %(number)s has already been issued.",
                        number=transfer.file_id.number,
                    )
                )
        self.file_id._check_no_certificate_kept()

    def _mark_file_issued(self):
        """The mark in the file itself (seed 003 §7.3.4: «о чем в личном деле делается
        соответствующая пометка»)."""
        personal_file = self.file_id.sudo()
        personal_file._workflow_write({"state": "transferred"})
        personal_file.message_post(
            body=self.env._(
                "Personal file issued on %(date)s to %(applicant)s (%(method)s) on the "
                "application of %(application_date)s, for %(school)s.",
                date=self.issue_date.strftime("%d.%m.%Y"),
                applicant=self.applicant_id.name,
                method=dict(self._fields["issue_method"]._description_selection(self.env))[
                    self.issue_method
                ],
                application_date=self.application_date.strftime("%d.%m.%Y"),
                school=self.destination_school,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
