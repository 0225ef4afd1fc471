from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .school_archive_retention import MINIMUM_YEARS

ATTESTATION_FORMS = [
    ("test", "Test"),
    ("control_work", "Control work"),
    ("dictation", "Dictation"),
    ("exam", "Oral examination"),
    ("project", "Defence of a project"),
    ("credit", "Pass/fail assessment"),
    ("other", "Other"),
]
ATTEMPTS = [
    ("main", "Intermediate attestation"),
    ("retake1", "First retake"),
    ("retake2", "Second retake (before a commission)"),
]
NEXT_ATTEMPT = {"main": "retake1", "retake1": "retake2"}

# Seed 003 §7.3 lists the protocols of the intermediate attestation among the paper
# records kept in the archive but, like seed 001 §VII, names no term; the year marks
# they lead to are the summary statement's, so they are kept as long (25 years), as the
# archive already keeps the council's protocols.
PROTOCOL_ARCHIVE_KIND = "attestation_protocols"
MINIMUM_YEARS.setdefault(PROTOCOL_ARCHIVE_KIND, 25)
ARCHIVE_KIND_ADD = [(PROTOCOL_ARCHIVE_KIND, "Intermediate attestation protocols")]


class SchoolArchiveRetention(models.Model):
    _inherit = "school.archive.retention"

    kind = fields.Selection(
        selection_add=ARCHIVE_KIND_ADD, ondelete={PROTOCOL_ARCHIVE_KIND: "cascade"}
    )


class SchoolArchiveRecord(models.Model):
    _inherit = "school.archive.record"

    kind = fields.Selection(
        selection_add=ARCHIVE_KIND_ADD, ondelete={PROTOCOL_ARCHIVE_KIND: "set default"}
    )


class SchoolAttestationProtocol(models.Model):
    """Протокол промежуточной аттестации (seed 003 §7.3, §7.3.1): one class and subject
    (a journal), the form of the attestation, its date, the commission and each
    student's result with the year mark it leads to.

    An unsatisfactory result (or not appearing) is an academic debt. By Federal Law
    273-ФЗ art. 58 (the seeds are silent on retakes) the student retakes it at most
    twice within one year of the debt, not counting illness or an academic or maternity
    leave; the second retake is before a commission of at least three teachers. Each
    retake has its own protocol (``origin_id`` the protocol whose debts it takes); a
    debt is closed when a signed retake protocol passes it.

    The teacher of the journal (or the deputy) drafts the protocol and submits it;
    every member of the commission and its chairman sign it. Once all have signed,
    the protocol and its results are frozen, the year marks are set from it and its
    print goes to the archive."""

    _name = "school.attestation.protocol"
    _description = "Intermediate Attestation Protocol"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = (
        "state",
        "signed_user_ids",
        "signed_on",
        "archive_record_id",
        # a retake is made by «Retake» from its origin's open debts, never typed
        "attempt",
        "origin_id",
    )
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, index=True)
    subject_id = fields.Many2one(related="assignment_id.subject_id", store=True, index=True)
    year_id = fields.Many2one(related="assignment_id.year_id", store=True, index=True)
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True)
    form = fields.Selection(ATTESTATION_FORMS, required=True, default="control_work", tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    attempt = fields.Selection(ATTEMPTS, required=True, default="main", readonly=True)
    origin_id = fields.Many2one(
        "school.attestation.protocol",
        string="Retake of",
        readonly=True,
        index=True,
        ondelete="restrict",
        help="The protocol whose academic debts this retake takes.",
    )
    main_id = fields.Many2one(
        "school.attestation.protocol",
        string="Attestation",
        compute="_compute_main",
        store=True,
        recursive=True,
        index=True,
        help="The intermediate attestation where the debts arose.",
    )
    debt_date = fields.Date(
        related="main_id.date", string="Debt arose on", store=True, help="The year runs from it."
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        help="Debts are retaken within one year of the attestation (273-ФЗ art. 58 §5); a "
        "student's days of illness or leave extend that student's term.",
    )
    chairman_id = fields.Many2one(
        "res.users", string="Chairman", tracking=True, domain=[("share", "=", False)]
    )
    commission_ids = fields.Many2many(
        "res.users",
        "school_attestation_protocol_commission_rel",
        "protocol_id",
        "user_id",
        string="Commission members",
        domain=[("share", "=", False)],
    )
    line_ids = fields.One2many(
        "school.attestation.protocol.line", "protocol_id", string="Results", copy=False
    )
    retake_ids = fields.One2many("school.attestation.protocol", "origin_id", string="Retakes")
    state = fields.Selection(
        [("draft", "Draft"), ("signing", "Being signed"), ("signed", "Signed")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    signed_user_ids = fields.Many2many(
        "res.users",
        "school_attestation_protocol_signed_rel",
        "protocol_id",
        "user_id",
        string="Signed by",
        readonly=True,
        copy=False,
    )
    signed_on = fields.Datetime(readonly=True, copy=False)
    signers_left = fields.Char(string="Still to sign", compute="_compute_signers_left")
    can_sign = fields.Boolean(compute="_compute_signers_left")
    debt_count = fields.Integer(string="Debts", compute="_compute_debt_count")
    archive_record_id = fields.Many2one(
        "school.archive.record", string="Archive unit", readonly=True, copy=False
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("assignment_id.name", "date", "attempt")
    def _compute_name(self):
        attempts = dict(self._fields["attempt"]._description_selection(self.env))
        for protocol in self:
            date = protocol.date.strftime("%d.%m.%Y") if protocol.date else ""
            attempt = attempts.get(protocol.attempt, "")
            protocol.name = f"{attempt} — {protocol.assignment_id.name or ''}, {date}"

    @api.depends("origin_id", "origin_id.main_id")
    def _compute_main(self):
        for protocol in self:
            origin = protocol.origin_id
            protocol.main_id = (origin.main_id or origin) if origin else protocol

    @api.depends("main_id.date")
    def _compute_deadline(self):
        for protocol in self:
            start = protocol.main_id.date
            protocol.deadline = start + relativedelta(years=1) if start else False

    @api.depends("state", "chairman_id", "commission_ids", "signed_user_ids")
    @api.depends_context("uid")
    def _compute_signers_left(self):
        for protocol in self:
            left = protocol._signers() - protocol.signed_user_ids
            protocol.signers_left = ", ".join(left.mapped("name"))
            protocol.can_sign = protocol.state == "signing" and self.env.user in left

    def _compute_debt_count(self):
        for protocol in self:
            protocol.debt_count = len(protocol.line_ids.filtered("is_debt"))

    def _signers(self):
        self.ensure_one()
        return (self.commission_ids | self.chairman_id).sudo()

    @api.constrains("assignment_id", "origin_id")
    def _check_origin(self):
        for protocol in self.filtered("origin_id"):
            if protocol.origin_id.assignment_id != protocol.assignment_id:
                raise ValidationError(
                    self.env._("A retake protocol is kept in the journal of its attestation.")
                )

    # the guard of a signed or submitted protocol ------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        protocols = super().create(vals_list)
        if not self.env.su:
            protocols._check_drafter()  # no protocol on another teacher's journal
        return protocols

    def write(self, vals):
        if not self.env.su and self.filtered(lambda p: p.state != "draft"):
            if vals.keys() - {"message_main_attachment_id"}:
                raise UserError(
                    self.env._(
                        "A protocol being signed or signed cannot be changed; the deputy "
                        "returns a protocol being signed to draft."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda p: p.state != "draft"):
            raise UserError(self.env._("Only a draft protocol is deleted."))

    # the workflow ---------------------------------------------------------------------------
    def _check_drafter(self):
        """The teacher of the journal or the deputy (the director) prepares the protocol."""
        user = self.env.user
        if user._is_superuser() or self.env["school.roles"]._is_deputy(user):
            return
        for protocol in self:
            if protocol.assignment_id.sudo().teacher_id != user:
                raise AccessError(
                    self.env._(
                        "Only the teacher of %(journal)s or the deputy director prepares "
                        "its attestation protocol.",
                        journal=protocol.assignment_id.sudo().name,
                    )
                )

    def action_fill_students(self):
        """One line per student the journal covers on the protocol's date who has none."""
        self._check_drafter()
        for protocol in self:
            if protocol.state != "draft":
                raise UserError(self.env._("Only a draft protocol is filled."))
            if protocol.attempt != "main":
                continue  # a retake takes the debtors of its origin
            have = protocol.line_ids.student_id
            students = protocol.assignment_id._students_on(protocol.date) - have
            self.env["school.attestation.protocol.line"].create(
                [
                    {"protocol_id": protocol.id, "student_id": student.id}
                    for student in students.sorted("name")
                ]
            )
        return True

    def action_submit(self):
        self._check_drafter()
        for protocol in self:
            if protocol.state != "draft":
                raise UserError(self.env._("Only a draft protocol is submitted for signing."))
            protocol._check_ready()
        self._workflow_write({"state": "signing"})
        for protocol in self:
            protocol._school_activity(
                "school_records.mail_activity_school_sign",
                protocol._signers(),
                self.env._("Sign the attestation protocol %s", protocol.name),
            )
        return True

    def _check_ready(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("%s has no results.", self.name))
        if not self.chairman_id:
            raise UserError(self.env._("Name the chairman of the commission."))
        if not self.env["school.roles"]._is_deputy(self.chairman_id.sudo()):
            raise UserError(
                self.env._(
                    "The chairman of the commission is the deputy or the director: the "
                    "protocol sets the year marks, which only the administration changes."
                )
            )
        if self.attempt == "retake2" and len(self._signers()) < 3:
            raise UserError(
                self.env._(
                    "The second retake is taken before a commission of at least three "
                    "teachers (273-ФЗ art. 58 §6): the chairman and two members."
                )
            )
        missing = self.line_ids.filtered(lambda line: not line.value_id and not line.absent)
        if missing:
            raise UserError(
                self.env._(
                    "%(protocol)s: no result for %(students)s.",
                    protocol=self.name,
                    students=", ".join(missing.student_id.mapped("name")),
                )
            )
        if self.attempt != "main":
            self._check_retake_date()

    def _check_retake_date(self):
        """A retake is held within each student's term and on a school day of the class
        (not a public holiday nor in the vacation)."""
        late = self.line_ids.filtered(lambda line: line.deadline and self.date > line.deadline)
        if late:
            raise UserError(
                self.env._(
                    "The term to retake the debt of %(students)s ended on %(deadline)s.",
                    students=", ".join(late.student_id.mapped("name")),
                    deadline=min(late.mapped("deadline")).strftime("%d.%m.%Y"),
                )
            )
        level = self.class_id.level_number or 1
        if not self.env["school.calendar.day"].sudo()._school_days(self.date, self.date, level):
            raise UserError(
                self.env._(
                    "%(date)s is not a school day of the class (a Sunday, a public holiday "
                    "or the vacation): hold the retake on another day.",
                    date=self.date.strftime("%d.%m.%Y"),
                )
            )

    def action_sign(self):
        """A member of the commission or its chairman signs; the last signature makes
        the protocol signed, sets the year marks and archives the print."""
        for protocol in self:
            if protocol.state != "signing":
                raise UserError(self.env._("Only a protocol submitted for signing is signed."))
            user = self.env.user
            if user not in protocol._signers():
                raise AccessError(
                    self.env._(
                        "Only the members of the commission and its chairman sign %s.",
                        protocol.name,
                    )
                )
            if user in protocol.signed_user_ids:
                raise UserError(self.env._("You have already signed %s.", protocol.name))
            protocol._workflow_write({"signed_user_ids": [fields.Command.link(user.id)]})
            protocol.sudo().activity_ids.filtered(
                lambda a, user=user: (
                    a.user_id == user
                    and a.activity_type_id
                    == self.env.ref("school_records.mail_activity_school_sign")
                )
            ).action_feedback(feedback=self.env._("Signed"))
            if not protocol._signers() - protocol.signed_user_ids:
                protocol._workflow_write({"state": "signed", "signed_on": fields.Datetime.now()})
                protocol._apply_year_marks()
                protocol._store_in_archive()
        return True

    def action_reset_draft(self):
        """The deputy returns a protocol being signed to draft (a result to correct); the
        signatures already given are dropped. A signed protocol is final."""
        self._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )
        if self.filtered(lambda p: p.state != "signing"):
            raise UserError(
                self.env._("Only a protocol being signed returns to draft; a signed one is final.")
            )
        self._workflow_write({"state": "draft", "signed_user_ids": [fields.Command.clear()]})
        self._school_activity_done("school_records.mail_activity_school_sign")
        return True

    def action_create_retake(self):
        """A draft retake protocol for the students whose debt is still open."""
        self.ensure_one()
        self._check_drafter()
        if self.state != "signed":
            raise UserError(self.env._("Retakes follow a signed protocol."))
        attempt = NEXT_ATTEMPT.get(self.attempt)
        if not attempt:
            raise UserError(
                self.env._("A debt is retaken at most twice: this was the second retake.")
            )
        debtors = self.line_ids.filtered(lambda line: line.is_debt and line.debt_state == "open")
        if not debtors:
            raise UserError(self.env._("%s leaves no open academic debt.", self.name))
        if self.retake_ids:
            raise UserError(self.env._("%s already has its retake protocol.", self.name))
        retake = self._workflow_create(
            [
                {
                    "assignment_id": self.assignment_id.id,
                    "form": self.form,
                    "date": self.env["school.journal"]._today(),
                    "attempt": attempt,
                    "origin_id": self.id,
                    "chairman_id": self.chairman_id.id,
                    "commission_ids": [fields.Command.set(self.commission_ids.ids)],
                    "company_id": self.company_id.id,
                }
            ]
        )
        self.env["school.attestation.protocol.line"].sudo().create(
            [
                {
                    "protocol_id": retake.id,
                    "student_id": line.student_id.id,
                    "excused_days": line.excused_days,
                }
                for line in debtors
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": retake.id,
            "view_mode": "form",
        }

    def action_print(self):
        return self.env.ref("school_archive.school_attestation_protocol_report").report_action(self)

    # what a signed protocol leads to ---------------------------------------------------------
    def _apply_year_marks(self):
        """The year mark of each student with a result is the one the line leads to,
        confirmed with the protocol as its reason (a retake replaces the failing year
        mark of the attestation)."""
        self.ensure_one()
        Mark = self.env["school.period.mark"].sudo()
        reason = self.env._("By the protocol %s", self.name)
        for line in self.line_ids.filtered("year_value_id"):
            values = {
                "value_id": line.year_value_id.id,
                "reason": reason,
                "state": "confirmed",
                "confirmed_by_id": self.env.uid,
                "confirmed_on": fields.Datetime.now(),
            }
            mark = Mark.search(
                [
                    ("student_id", "=", line.student_id.id),
                    ("assignment_id", "=", self.assignment_id.id),
                    ("kind", "=", "year"),
                ],
                limit=1,
            )
            if mark:
                mark.write(values)
            else:
                Mark.create(
                    {
                        "student_id": line.student_id.id,
                        "assignment_id": self.assignment_id.id,
                        "kind": "year",
                        **values,
                    }
                )

    def _store_in_archive(self):
        self.ensure_one()
        unit = self.env["school.archive.record"]._archive_print(
            self,
            "school_archive.school_attestation_protocol_report",
            self.name,
            PROTOCOL_ARCHIVE_KIND,
            year_id=self.year_id.id,
        )
        self._workflow_write({"archive_record_id": unit.id})

    @api.model
    def _cron_archive_signed(self):
        """The signed protocols not in the archive yet (signed before the archive took
        them, or whose print failed) are archived."""
        for protocol in self.sudo().search(
            [("state", "=", "signed"), ("archive_record_id", "=", False)]
        ):
            protocol._store_in_archive()


class SchoolAttestationProtocolLine(models.Model):
    """One student's result in an attestation protocol, and the year mark it leads to.

    The year mark (the school's rule, chosen here since the seeds leave it to the
    Положение о промежуточной аттестации): the mean of the student's period marks of
    the journal and the attestation mark, each counting once, rounded by the school's
    boundaries (those that propose the period marks); an unsatisfactory result, or not
    appearing, is an academic debt and the year mark is «2»; a passed attestation or
    retake gives at least «3». A pass/fail result («зач»/«незач») is the year mark."""

    _name = "school.attestation.protocol.line"
    _description = "Intermediate Attestation Result"
    _order = "protocol_id, student_name, id"

    protocol_id = fields.Many2one(
        "school.attestation.protocol", required=True, ondelete="cascade", index=True
    )
    state = fields.Selection(related="protocol_id.state")
    student_id = fields.Many2one("school.student", required=True, ondelete="restrict", index=True)
    student_name = fields.Char(related="student_id.name", store=True, string="Student name")
    value_id = fields.Many2one("school.mark.value", string="Result")
    absent = fields.Boolean(
        string="Did not appear", help="Without a valid reason: the result is an academic debt."
    )
    note = fields.Char()
    period_average = fields.Float(
        string="Period marks", digits=(4, 2), compute="_compute_year_value", store=True
    )
    year_value_id = fields.Many2one(
        "school.mark.value", string="Year mark", compute="_compute_year_value", store=True
    )
    is_debt = fields.Boolean(string="Academic debt", compute="_compute_year_value", store=True)
    excused_days = fields.Integer(
        string="Days excused",
        help="Days of illness, academic or maternity leave since the debt arose: they "
        "extend this student's term to retake it.",
    )
    deadline = fields.Date(string="Retake by", compute="_compute_deadline")
    debt_state = fields.Selection(
        [("none", "No debt"), ("open", "Open"), ("closed", "Closed")],
        string="Debt",
        compute="_compute_debt_state",
    )

    _sql_constraints = [
        (
            "student_uniq",
            "unique(protocol_id, student_id)",
            "The student already has a result in this protocol.",
        )
    ]

    @api.depends("value_id", "absent", "student_id", "protocol_id.assignment_id")
    def _compute_year_value(self):
        MarkValue = self.env["school.mark.value"]
        failing = MarkValue._by_xmlid("school_records.school_mark_value_2")
        three = MarkValue._by_xmlid("school_records.school_mark_value_3")
        propose = MarkValue._proposer()
        for line in self:
            value = line.value_id
            line.is_debt = bool(line.absent or (value and value.is_failing))
            line.period_average = 0.0
            if line.absent:
                line.year_value_id = failing
                continue
            if not value:
                line.year_value_id = False
                continue
            if not value.counts_in_average:
                line.year_value_id = value
                continue
            numbers = line._period_numbers()
            line.period_average = sum(numbers) / len(numbers) if numbers else 0.0
            mean = (sum(numbers) + value.numeric_value) / (len(numbers) + 1)
            proposed = propose(mean)
            if value.is_failing:
                proposed = value if value.numeric_value < failing.numeric_value else failing
            elif proposed.numeric_value < three.numeric_value:
                proposed = three
            line.year_value_id = proposed

    def _period_numbers(self):
        """The numeric period marks of the student in the protocol's journal."""
        self.ensure_one()
        marks = (
            self.env["school.period.mark"]
            .sudo()
            .search(
                [
                    ("student_id", "=", self.student_id.id),
                    ("assignment_id", "=", self.protocol_id.assignment_id.id),
                    ("kind", "=", "period"),
                ]
            )
        )
        values = [mark.value_id or mark.proposed_value_id for mark in marks]
        return [value.numeric_value for value in values if value.counts_in_average]

    @api.depends("protocol_id.deadline", "excused_days")
    def _compute_deadline(self):
        for line in self:
            deadline = line.protocol_id.deadline
            line.deadline = deadline + relativedelta(days=line.excused_days) if deadline else False

    def _compute_debt_state(self):
        Line = self.env["school.attestation.protocol.line"].sudo()
        for line in self:
            if not line.is_debt:
                line.debt_state = "none"
                continue
            passed = Line.search_count(
                [
                    ("protocol_id.main_id", "=", line.protocol_id.main_id.id),
                    ("protocol_id.state", "=", "signed"),
                    ("protocol_id.date", ">=", line.protocol_id.date),
                    ("student_id", "=", line.student_id.id),
                    ("is_debt", "=", False),
                    ("value_id", "!=", False),
                ],
                limit=1,
            )
            line.debt_state = "closed" if passed else "open"

    # the results are frozen once the protocol leaves its draft ----------------------------
    def _check_draft(self):
        if self.env.su:
            return
        if self.protocol_id.filtered(lambda p: p.state != "draft"):
            raise UserError(
                self.env._("The results of a protocol being signed or signed are frozen.")
            )
        self.protocol_id._check_drafter()

    def _check_students(self):
        """A result is for a student the journal covers on the protocol's date, or, in a
        retake, for a debtor of the protocol it retakes."""
        if self.env.su:
            return
        for line in self.sudo():
            protocol = line.protocol_id
            if protocol.attempt == "main":
                allowed = protocol.assignment_id._students_on(protocol.date)
            else:
                allowed = protocol.origin_id.line_ids.filtered("is_debt").student_id
            if line.student_id not in allowed:
                raise UserError(
                    self.env._(
                        "%(student)s is not a student of %(protocol)s.",
                        student=line.student_id.name,
                        protocol=protocol.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_draft()
        lines._check_students()
        return lines

    def write(self, vals):
        self._check_draft()
        result = super().write(vals)
        if "protocol_id" in vals:
            self._check_draft()
        if {"protocol_id", "student_id"} & vals.keys():
            self._check_students()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_drafts(self):
        self._check_draft()
