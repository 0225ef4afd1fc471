from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .school_journal_entry_mixin import APPLYING_CORRECTION

CORRECTION_KINDS = [
    ("mark", "Marks"),
    ("absence", "Absence"),
    ("period_mark", "Period mark"),
]
CORRECTION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
ACTIVITY_TYPE = "school_records.mail_activity_type_journal_correction"
# What a request asks for: fixed once it is submitted.
REQUEST_FIELDS = {
    "lesson_id",
    "student_id",
    "kind",
    "period_mark_id",
    "old_value",
    "new_value",
    "reason",
    "requested_by",
}
DEPUTY = "school_records.group_deputy"


class SchoolJournalCorrection(models.Model):
    """Исправление в закрытом периоде: a request to change a student's marks, absence or
    period mark after the deputy has closed the period (seed 004).

    Who does what:
    - the teacher of the journal (or a deputy) writes the request for a closed period
      and submits it; the old value is read from the journal;
    - a deputy director other than the requester approves it (``action_approve``),
      which applies the new value to the journal as superuser, the audit rows linked to
      this request and carrying its reason, or refuses it with a written reason;
    - the requester may take a submitted or refused request back to draft."""

    _name = "school.journal.correction"
    _description = "Journal Correction"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    # what only the request's actions write: nobody approves their own request by a write
    _workflow_fields = ("state", "approved_by", "approved_on", "requested_by")

    lesson_id = fields.Many2one(
        "school.lesson",
        ondelete="restrict",
        index=True,
        help="Required for marks and absences; a period mark has no lesson.",
    )
    student_id = fields.Many2one("school.student", required=True, ondelete="restrict", index=True)
    kind = fields.Selection(CORRECTION_KINDS, string="What", required=True, default="mark")
    period_mark_id = fields.Many2one("school.period.mark", ondelete="restrict", index=True)
    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        compute="_compute_journal",
        store=True,
        index=True,
    )
    period_id = fields.Many2one("school.period", compute="_compute_journal", store=True, index=True)
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, index=True)
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True, index=True)
    old_value = fields.Char(
        compute="_compute_old_value",
        store=True,
        help="The journal's value when the request was written (read again on submission).",
    )
    new_value = fields.Char(
        help="As typed in the journal grid, e.g. «5 4» or «н»; empty clears the value."
    )
    reason = fields.Text(required=True, tracking=True)
    requested_by = fields.Many2one(
        "res.users",
        string="Requested by",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    state = fields.Selection(
        CORRECTION_STATES,
        string="Status",
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    approved_by = fields.Many2one(
        "res.users", string="Approved by", readonly=True, copy=False, tracking=True
    )
    approved_on = fields.Datetime(string="Approved on", readonly=True, copy=False)
    refusal_reason = fields.Text(string="Refusal reason", copy=False, tracking=True)
    can_approve = fields.Boolean(compute="_compute_can_approve")
    cannot_approve_reason = fields.Char(compute="_compute_can_approve")
    can_reset = fields.Boolean(compute="_compute_can_reset")

    @api.depends(
        "kind",
        "lesson_id.assignment_id",
        "lesson_id.period_id",
        "period_mark_id.assignment_id",
        "period_mark_id.period_id",
    )
    def _compute_journal(self):
        for correction in self:
            source = correction._journal_source()
            correction.assignment_id = source.assignment_id
            correction.period_id = source.period_id

    @api.depends("kind", "lesson_id", "student_id", "period_mark_id")
    def _compute_old_value(self):
        # the request's fields are frozen once submitted: this only runs on drafts
        for correction in self:
            correction.old_value = correction._journal_value()

    def _compute_display_name(self):
        for correction in self:
            correction.display_name = (
                self.env._("Correction #%s", correction.id)
                if correction.id
                else self.env._("New correction")
            )

    @api.depends_context("uid")
    @api.depends("state", "requested_by")
    def _compute_can_approve(self):
        user = self.env.user
        is_deputy = self.env.su or self.env["school.roles"]._is_deputy(user)
        for correction in self:
            reason = False
            if not is_deputy:
                reason = self.env._(
                    "%s: only a deputy director approves or refuses corrections.",
                    correction.display_name,
                )
            elif correction.requested_by == user:
                reason = self.env._(
                    "%s: you cannot approve or refuse your own request.", correction.display_name
                )
            elif correction.state != "submitted":
                reason = self.env._("%s: the request is not submitted.", correction.display_name)
            correction.can_approve = not reason
            correction.cannot_approve_reason = reason

    @api.depends_context("uid")
    @api.depends("state", "requested_by")
    def _compute_can_reset(self):
        user = self.env.user
        is_deputy = self.env["school.roles"]._is_deputy(user)
        for correction in self:
            correction.can_reset = correction.state in ("submitted", "refused") and (
                is_deputy or correction.requested_by == user
            )

    # constraints ------------------------------------------------------------------------------
    @api.constrains("kind", "lesson_id", "period_mark_id", "student_id")
    def _check_target(self):
        for correction in self:
            if correction.kind == "period_mark":
                if not correction.period_mark_id:
                    raise ValidationError(self.env._("Choose the period mark to correct."))
                if correction.period_mark_id.student_id != correction.student_id:
                    raise ValidationError(self.env._("The period mark belongs to another student."))
            else:
                if not correction.lesson_id:
                    raise ValidationError(self.env._("Choose the lesson to correct."))
                if correction.student_id not in correction.lesson_id._students():
                    raise ValidationError(
                        self.env._(
                            "%(student)s is not in the journal of %(lesson)s.",
                            student=correction.student_id.name,
                            lesson=correction.lesson_id.display_name,
                        )
                    )

    @api.constrains("kind", "lesson_id", "period_mark_id")
    def _check_period_closed(self):
        """A correction is for a closed period, or for a confirmed year, exam or final
        mark, which only a correction changes (seed 001 §5.3)."""
        for correction in self:
            period_mark = correction.period_mark_id
            if (
                correction.kind == "period_mark"
                and period_mark.kind != "period"
                and period_mark.state == "confirmed"
            ):
                continue
            if correction.period_id.state != "closed":
                raise ValidationError(
                    self.env._(
                        "The period of %(what)s is open: change the journal directly, "
                        "a correction request is only for a closed period.",
                        what=correction._journal_source().display_name,
                    )
                )

    @api.constrains("kind", "new_value")
    def _check_new_value(self):
        for correction in self:
            correction._parse_new_value()

    @api.constrains("assignment_id", "requested_by")
    def _check_requester_teaches(self):
        for correction in self:
            requester = correction.requested_by
            if self.env["school.roles"]._is_deputy(requester):
                continue
            if correction.assignment_id.teacher_id != requester:
                raise AccessError(
                    self.env._(
                        "Only the teacher of %(journal)s or a deputy director may request "
                        "its corrections.",
                        journal=correction.assignment_id.sudo().name,
                    )
                )

    # CRUD -----------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        corrections = super().create(vals_list)
        for correction in corrections:
            correction.sudo().message_subscribe(partner_ids=correction.requested_by.partner_id.ids)
        return corrections

    def write(self, vals):
        if not self.env.su:
            if REQUEST_FIELDS & vals.keys() and self.filtered(lambda c: c.state != "draft"):
                raise UserError(
                    self.env._("A submitted request cannot be changed; set it back to draft.")
                )
            if "refusal_reason" in vals:
                self._check_school_role(DEPUTY)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._(
                    "Only draft requests can be deleted: the others are the journal's record."
                )
            )

    # actions --------------------------------------------------------------------------------
    def action_submit(self):
        self._check_can_submit()
        self._do_submit()
        return True

    def action_approve(self):
        self._check_can_approve()
        self._do_approve()
        return True

    def action_refuse(self):
        self._check_can_refuse()
        self._do_refuse()
        return True

    def action_reset_to_draft(self):
        self._check_can_reset()
        self._do_reset_to_draft()
        return True

    # checks ---------------------------------------------------------------------------------
    def _check_can_submit(self):
        for correction in self:
            if correction.state != "draft":
                raise UserError(self.env._("%s is already submitted.", correction.display_name))
            correction._check_period_closed()
            if correction._normalized(correction.new_value) == correction._normalized(
                correction._journal_value()
            ):
                raise UserError(
                    self.env._(
                        "%s: the new value is the one the journal already has.",
                        correction.display_name,
                    )
                )

    def _check_can_approve(self):
        self._check_school_role(DEPUTY)
        if not all(self.mapped("can_approve")):
            raise UserError(self.env._("You cannot approve:\n%s", self._cannot_approve_reasons()))

    def _check_can_refuse(self):
        self._check_school_role(DEPUTY)
        if not all(self.mapped("can_approve")):
            raise UserError(self.env._("You cannot refuse:\n%s", self._cannot_approve_reasons()))
        if any(not (c.refusal_reason or "").strip() for c in self):
            raise UserError(self.env._("Write the reason for the refusal first."))

    def _cannot_approve_reasons(self):
        return "\n".join(reason for reason in self.mapped("cannot_approve_reason") if reason)

    def _check_can_reset(self):
        if not all(self.mapped("can_reset")):
            raise UserError(
                self.env._(
                    "Only the requester or a deputy director may set a request back to draft."
                )
            )

    # transitions ----------------------------------------------------------------------------
    def _do_submit(self):
        for correction in self:
            correction._workflow_write(
                {"old_value": correction._journal_value(), "state": "submitted"}
            )
        self._update_activities()

    def _do_approve(self):
        for correction in self:
            correction._apply()
        self._workflow_write(
            {
                "state": "approved",
                "approved_by": self.env.uid,
                "approved_on": fields.Datetime.now(),
            }
        )
        self._update_activities()
        for correction in self:
            correction._notify_requester(
                self.env._(
                    "%(user)s approved the correction: %(old)s → %(new)s is in the journal.",
                    user=self.env.user.name,
                    old=correction.old_value or "—",
                    new=correction.new_value or "—",
                )
            )

    def _do_refuse(self):
        self._workflow_write({"state": "refused"})
        self._update_activities()
        for correction in self:
            correction._notify_requester(
                self.env._(
                    "%(user)s refused the correction: %(reason)s",
                    user=self.env.user.name,
                    reason=correction.refusal_reason,
                )
            )

    def _do_reset_to_draft(self):
        self._workflow_write({"state": "draft", "refusal_reason": False})
        self._update_activities()

    def _update_activities(self):
        """The deputies' «Journal correction» task: scheduled on submission, done when a
        deputy decides (the other deputies' copies are removed), removed on reset."""
        for correction in self.sudo():
            if correction.state == "submitted":
                for deputy in correction._deputies():
                    correction.activity_schedule(
                        ACTIVITY_TYPE,
                        summary=correction._activity_summary(),
                        note=correction.reason,
                        user_id=deputy.id,
                    )
            elif correction.state in ("approved", "refused"):
                correction.activity_feedback(
                    [ACTIVITY_TYPE],
                    user_id=self.env.uid,
                    feedback=correction.refusal_reason or False,
                )
                correction.activity_unlink([ACTIVITY_TYPE])
            else:
                correction.activity_unlink([ACTIVITY_TYPE])

    def _notify_requester(self, body):
        self.ensure_one()
        self.message_post(
            body=body,
            partner_ids=self.requested_by.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    # business methods -----------------------------------------------------------------------
    def _journal_source(self):
        self.ensure_one()
        return self.period_mark_id if self.kind == "period_mark" else self.lesson_id

    def _journal_value(self):
        """The value as the journal grid shows it now: «5 4», «н» or a period mark code."""
        self.ensure_one()
        if self.kind == "period_mark":
            return self.period_mark_id.sudo().value_id.code or False
        if not (self.lesson_id and self.student_id):
            return False
        domain = [("lesson_id", "=", self.lesson_id.id), ("student_id", "=", self.student_id.id)]
        if self.kind == "absence":
            absence = self.env["school.attendance"].sudo().search(domain, limit=1)
            return absence.code or False
        marks = self.env["school.mark"].sudo().search(domain, order="id")
        return " ".join(marks.mapped("value_id.code")) or False

    def _parse_new_value(self):
        """The new value read as the journal grid reads a cell: a list of mark codes, an
        absence kind (or False), or a period mark value. Invalid text raises."""
        self.ensure_one()
        if self.kind == "period_mark":
            return self._period_mark_value()
        try:
            codes, absence = self.env["school.journal"]._parse_cell(self.new_value)
        except ValidationError as error:
            raise ValidationError(
                self.env._(
                    "The new value «%(value)s» cannot be written in the journal: %(error)s",
                    value=self.new_value,
                    error=error.args[0],
                )
            ) from error
        if self.kind == "mark" and absence:
            raise ValidationError(
                self.env._(
                    "The new value «%s» holds an absence code: correct the absence "
                    "in a request of its own.",
                    self.new_value,
                )
            )
        if self.kind == "absence" and codes:
            raise ValidationError(
                self.env._(
                    "The new value «%s» holds marks: an absence correction holds one "
                    "absence code, or nothing to clear it.",
                    self.new_value,
                )
            )
        return codes if self.kind == "mark" else absence

    def _period_mark_value(self):
        code = (self.new_value or "").strip()
        if not code:
            return self.env["school.mark.value"]
        value = self.env["school.mark.value"].search([("code", "=", code)], limit=1)
        if not value:
            raise ValidationError(
                self.env._(
                    "The new value «%s» is not a mark of the school's scale.", self.new_value
                )
            )
        return value

    def _normalized(self, text):
        """Two spellings of one journal value compare equal («5,4» and «5 4»)."""
        if self.kind == "period_mark":
            return (text or "").strip()
        codes, absence = self.env["school.journal"]._parse_cell(text)
        return codes, absence

    def _audit_reason(self):
        return self.env._("Correction #%(id)s: %(reason)s", id=self.id, reason=self.reason)

    def _apply(self):
        """Write the new value into the closed period, as superuser on behalf of the
        deputy whose approval runs this, the journal audit rows linked to this request
        and carrying its reason (and the reason in the period mark's chatter).

        The closed period opens for this request's lesson or period mark only, and only
        while this method runs: the request marks itself in the cursor's cache, which no
        caller can reach (a context key could be forged over RPC)."""
        self.ensure_one()
        new_value = self._parse_new_value()
        env = self.env(su=True)
        cache = env.cr.cache
        if cache.get(APPLYING_CORRECTION):
            raise UserError(self.env._("Another correction is being applied."))
        cache[APPLYING_CORRECTION] = self.id
        try:
            if self.kind == "period_mark":
                self._apply_period_mark(env, new_value)
            else:
                self._apply_lesson_entries(env, new_value)
            env.flush_all()
        finally:
            cache.pop(APPLYING_CORRECTION, None)

    def _apply_lesson_entries(self, env, new_value):
        model = "school.mark" if self.kind == "mark" else "school.attendance"
        Entry = env[model]
        domain = [("lesson_id", "=", self.lesson_id.id), ("student_id", "=", self.student_id.id)]
        before = Entry.search(domain)
        journal = env["school.journal"]
        lesson, student = self.lesson_id.with_env(env), self.student_id.with_env(env)
        if self.kind == "mark":
            journal._write_marks(lesson, student, new_value)
        else:
            journal._write_absence(lesson, student, new_value)
        # creation is not audited by the entries themselves: a correction must be
        created = Entry.search(domain) - before
        created._log_audit("write", {})

    def _apply_period_mark(self, env, value):
        period_mark = self.period_mark_id.with_env(env)
        vals = {"value_id": value.id}
        if value and value != period_mark.proposed_value_id:
            vals["reason"] = self._audit_reason()
        period_mark.write(vals)
        period_mark.message_post(body=self._audit_reason())

    def _deputies(self):
        """Who approves: the school's deputy directors, except the requester."""
        return self.env["school.roles"]._deputies() - self.requested_by

    def _activity_summary(self):
        return self.env._(
            "%(student)s: %(old)s → %(new)s",
            student=self.student_id.name,
            old=self.old_value or "—",
            new=self.new_value or "—",
        )


class SchoolLesson(models.Model):
    """The corrections requested for a lesson, shown on its form."""

    _inherit = "school.lesson"

    correction_ids = fields.One2many("school.journal.correction", "lesson_id", string="Corrections")
    period_state = fields.Selection(related="period_id.state", string="Period state")


class SchoolJournalAudit(models.Model):
    _inherit = "school.journal.audit"

    correction_id = fields.Many2one(
        "school.journal.correction",
        string="Approved correction",
        ondelete="restrict",
        index="btree_not_null",
        readonly=True,
        help="The approved correction that made this change in a closed period.",
    )
