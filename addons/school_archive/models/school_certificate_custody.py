from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .school_personal_file import LEAVING_REASONS, SECONDARY_LEVELS


class SchoolCertificateCustody(models.Model):
    """Аттестат об основном общем образовании на хранении (seed 000 §3.4): the basic
    certificate (or its copy) of a student of the 10th–11th grade, accepted into the safe
    at enrollment and given back as soon as the student leaves.

    The secretary (or the director) accepts and returns certificates; the person the
    director's order makes responsible gets an activity when a student in custody leaves,
    and the custody shows among those «to return» until it is returned. A record is
    never deleted: a mistake is corrected on it, and a returned one keeps the date of
    the return and who received the certificate.

    The status changes only through «Return» (the secretary, or the director), which
    fixes the date and the recipient filled before; who accepted the certificate is the
    user who recorded it."""

    _name = "school.certificate.custody"
    _description = "Basic Certificate in Safe Custody"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "accepted_by_id")
    _order = "state desc, student_name, id"
    _rec_name = "student_id"

    # the director's order in force when the certificate is accepted, from the company
    def _default_responsible(self):
        return self.env.company.school_certificate_custody_responsible_id

    def _default_order_number(self):
        return self.env.company.school_certificate_custody_order_number

    def _default_order_date(self):
        return self.env.company.school_certificate_custody_order_date

    student_id = fields.Many2one(
        "school.student", required=True, ondelete="restrict", index=True, tracking=True
    )
    student_name = fields.Char(related="student_id.name", store=True)
    class_id = fields.Many2one(related="student_id.class_id", string="Current class")
    certificate = fields.Char(string="Certificate series and number", required=True, tracking=True)
    is_copy = fields.Boolean(string="Copy", help="A copy of the certificate is kept.")
    accepted_on = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    accepted_by_id = fields.Many2one(
        "res.users", string="Accepted by", required=True, default=lambda self: self.env.user
    )
    responsible_id = fields.Many2one(
        "res.users",
        string="Responsible person",
        required=True,
        tracking=True,
        default=_default_responsible,
        help="Appointed by the director's order to keep the certificates.",
    )
    order_number = fields.Char(
        string="Order number",
        default=_default_order_number,
        help="The director's order that appoints the responsible person; by default the "
        "one in the company's school settings.",
    )
    order_date = fields.Date(default=_default_order_date)
    state = fields.Selection(
        [("kept", "Kept"), ("returned", "Returned")],
        default="kept",
        required=True,
        tracking=True,
        index=True,
    )
    returned_on = fields.Date(tracking=True, copy=False)
    returned_to = fields.Char(
        string="Returned to", tracking=True, copy=False, help="Who received the certificate."
    )
    to_return = fields.Boolean(
        compute="_compute_to_return",
        store=True,
        help="The student has left: the certificate must be given back.",
    )

    @api.depends(
        "state",
        "student_id.enrollment_ids.date_to",
        "student_id.enrollment_ids.departure_reason",
    )
    def _compute_to_return(self):
        for custody in self:
            last = custody.student_id.enrollment_ids.sorted("date_from")[-1:]
            custody.to_return = (
                custody.state == "kept"
                and bool(last.date_to)
                and last.departure_reason in LEAVING_REASONS
            )

    @api.model_create_multi
    def create(self, vals_list):
        custodies = super().create(vals_list)
        custodies.student_id.sudo().activity_feedback(
            ["school_archive.mail_activity_certificate_accept"]
        )
        return custodies

    def write(self, vals):
        if not self.env.su and vals.keys() & {"returned_on", "returned_to"}:
            if self.filtered(lambda c: c.state == "returned"):
                raise ValidationError(
                    self.env._("The certificate was returned: when and to whom stay as recorded.")
                )
        return super().write(vals)

    @api.constrains("student_id", "state")
    def _check_one_kept(self):
        for custody in self.filtered(lambda c: c.state == "kept"):
            if self.search_count(
                [
                    ("student_id", "=", custody.student_id.id),
                    ("state", "=", "kept"),
                    ("id", "!=", custody.id),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "The certificate of %(student)s is already kept in the safe.",
                        student=custody.student_id.name,
                    )
                )

    @api.constrains("student_id")
    def _check_secondary_student(self):
        for custody in self:
            levels = custody.student_id.enrollment_ids.class_id.mapped("level_number")
            if not set(levels) & set(SECONDARY_LEVELS):
                raise ValidationError(
                    self.env._(
                        "Certificates are kept only for students of the 10th and 11th "
                        "grades; %(student)s is not enrolled in one.",
                        student=custody.student_id.name,
                    )
                )

    @api.constrains("order_number", "order_date")
    def _check_order(self):
        for custody in self:
            if not ((custody.order_number or "").strip() and custody.order_date):
                raise ValidationError(
                    self.env._(
                        "The certificate of %(student)s is kept under the director's order "
                        "appointing the responsible person: fill in its number and date (or "
                        "set them in the company's school settings).",
                        student=custody.student_id.name,
                    )
                )

    @api.constrains("state", "returned_on", "returned_to")
    def _check_returned(self):
        for custody in self.filtered(lambda c: c.state == "returned"):
            if not custody._has_return_details():
                raise ValidationError(
                    self.env._("Fill in when and to whom the certificate was returned.")
                )

    def _has_return_details(self):
        self.ensure_one()
        return bool(self.returned_on and (self.returned_to or "").strip())

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        """Every certificate accepted into the safe stays on record: a mistake is
        corrected on the record, a certificate given back is marked returned."""
        raise UserError(self.env._("A record of a certificate in safe custody cannot be deleted."))

    # the workflow --------------------------------------------------------------------------
    def action_return(self):
        """Give the certificate back: the date and the person who received it."""
        self._check_school_role("school_records.group_secretary", role=self.env._("the secretary"))
        for custody in self:
            if custody.state != "kept":
                raise UserError(self.env._("The certificate has already been returned."))
            if not custody._has_return_details():
                raise UserError(
                    self.env._("Fill in when and to whom the certificate was returned.")
                )
        self._workflow_write({"state": "returned"})
        self._school_activity_done("school_archive.mail_activity_certificate_return")
        return True

    def _schedule_return(self):
        """Ask the responsible person to give the certificate back to the student who left."""
        activity_type = self.env.ref("school_archive.mail_activity_certificate_return")
        for custody in self:
            if activity_type in custody.activity_ids.activity_type_id:
                continue
            custody.activity_schedule(
                "school_archive.mail_activity_certificate_return",
                user_id=custody.responsible_id.id,
                note=self.env._(
                    "%(student)s has left the school: return the basic general education "
                    "certificate %(certificate)s.",
                    student=custody.student_id.name,
                    certificate=custody.certificate,
                ),
            )
