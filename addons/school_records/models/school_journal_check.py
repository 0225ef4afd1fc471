from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

FINDING_KINDS = [
    ("no_topic", "Lessons without topic"),
    ("no_homework", "Lessons without homework"),
    ("no_attendance", "Attendance not taken"),
    ("filled_late", "Lessons filled after the deadline"),
    ("few_marks", "Students with too few marks"),
    ("control_without_marks", "Control works without marks"),
    ("period_mark_far", "Period marks far from the average"),
    ("plan_behind", "Lesson plan behind the curriculum"),
]
# a period mark further than this from the weighted average is worth a look
PERIOD_MARK_GAP = 1.0


class SchoolJournalCheck(models.Model):
    """Проверка электронного журнала (seeds 000 §3.1.9, 002 §2.6, 004 §4.3, §7).

    The deputy creates a check (or the monthly cron does) for one class and a date
    range; the system fills in the findings it can compute. The deputy writes remarks
    to teachers and sends them (``action_send``): each teacher gets an activity and
    answers their remark. The deputy accepts the answers (``action_accept``); a
    quarter-end check then goes to the director, who signs it off (``action_sign``).

    The status and the director's signature change only through these actions (the
    deputy cannot write «signed by the director»); who checked is the deputy who
    creates the check.
    """

    _name = "school.journal.check"
    _description = "Journal Check"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "signed_by_id", "signed_on", "deputy_id")
    _order = "date_to desc, class_id"

    name = fields.Char(compute="_compute_name", store=True)
    class_id = fields.Many2one("school.class", required=True, index=True, tracking=True)
    date_from = fields.Date(required=True, tracking=True)
    date_to = fields.Date(required=True, tracking=True)
    # the view's period domain reads it: a domain cannot follow ``class_id.year_id``
    year_id = fields.Many2one(related="class_id.year_id", string="Academic year")
    period_id = fields.Many2one(
        "school.period",
        domain="[('year_id', '=', year_id)]",
        help="Set for a check at the end of a period: it needs the director.",
    )
    kind = fields.Selection(
        [("monthly", "Monthly"), ("period_end", "End of period"), ("manual", "Unscheduled")],
        default="manual",
        required=True,
    )
    deputy_id = fields.Many2one(
        "res.users", string="Checked by", default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent to teachers"),
            ("accepted", "Accepted"),
            ("signed", "Signed by the director"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    needs_sign_off = fields.Boolean(compute="_compute_needs_sign_off")
    finding_ids = fields.One2many("school.journal.check.finding", "check_id", string="Findings")
    remark_ids = fields.One2many("school.journal.check.remark", "check_id", string="Remarks")
    finding_count = fields.Integer(compute="_compute_finding_count")
    conclusion = fields.Html(help="The deputy's conclusion printed on the certificate.")
    signed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("dates_check", "check(date_from <= date_to)", "A check must end after it starts."),
    ]

    @api.depends("class_id.name", "date_from", "date_to")
    def _compute_name(self):
        for check in self:
            check.name = self.env._(
                "Journal check %(school_class)s, %(date_from)s – %(date_to)s",
                school_class=check.class_id.name,
                date_from=check.date_from and check.date_from.strftime("%d.%m.%Y"),
                date_to=check.date_to and check.date_to.strftime("%d.%m.%Y"),
            )

    @api.depends("kind")
    def _compute_needs_sign_off(self):
        for check in self:
            check.needs_sign_off = check.kind == "period_end"

    @api.onchange("kind", "class_id")
    def _onchange_kind_proposes_the_period(self):
        """An end-of-period check is of the class's period in progress or, in the
        holidays after it, of the period just ended: the latest of its year and scheme
        that has begun."""
        if self.kind != "period_end" or not self.class_id or self.period_id:
            return
        self.period_id = self.env["school.period"].search(
            [
                ("year_id", "=", self.class_id.year_id.id),
                ("scheme", "=", self.class_id.period_scheme or "quarter"),
                ("date_start", "<=", self.env["school.journal"]._today()),
            ],
            order="date_start desc",
            limit=1,
        )

    @api.onchange("period_id")
    def _onchange_period_id(self):
        """An end-of-period check covers its period: choosing the period fills the
        dates not set yet (dates already given, e.g. by the action, are kept)."""
        if self.period_id:
            self.date_from = self.date_from or self.period_id.date_start
            self.date_to = self.date_to or self.period_id.date_end

    @api.depends("finding_ids.count")
    def _compute_finding_count(self):
        for check in self:
            check.finding_count = sum(check.finding_ids.mapped("count"))

    def write(self, vals):
        """A teacher may edit the check only to answer the remarks addressed to her
        (the remarks' own ``write`` checks who writes what); everything else is the
        deputy's."""
        if not self.env.su and not self.env["school.roles"]._is_deputy():
            commands = vals.get("remark_ids") or []
            if vals.keys() - {"remark_ids"} or any(
                not isinstance(command, (list, tuple)) or command[0] != fields.Command.UPDATE
                for command in commands
            ):
                raise AccessError(self.env._("Only a deputy director changes a journal check."))
        return super().write(vals)

    # workflow --------------------------------------------------------------------------
    def action_compute_findings(self):
        self._check_can_review()
        for check in self:
            check._check_state("draft")
            check.finding_ids.unlink()
            check.finding_ids = [fields.Command.create(vals) for vals in check._findings()]

    def action_send(self):
        self._check_can_review()
        for check in self:
            check._check_state("draft")
            if not check.remark_ids:
                raise UserError(self.env._("Write at least one remark before sending the check."))
            check._workflow_write({"state": "sent"})
            check.remark_ids._request_answers()

    def action_accept(self):
        self._check_can_review()
        for check in self:
            check._check_state("sent")
            if check.remark_ids.filtered(lambda r: r.state == "open"):
                raise UserError(self.env._("Some teachers have not answered their remarks yet."))
            check.remark_ids._workflow_write({"state": "accepted"})
            check._workflow_write({"state": "accepted"})
            if check.needs_sign_off:
                check._ask_director()

    def action_sign(self):
        self._check_school_role("school_records.group_director")
        for check in self:
            check._check_state("accepted")
            if not check.needs_sign_off:
                raise UserError(
                    self.env._("Only an end-of-period check needs the director's sign-off.")
                )
            now = fields.Datetime.now()
            check._workflow_write(
                {"state": "signed", "signed_by_id": self.env.uid, "signed_on": now}
            )
            check.activity_feedback(["school_records.mail_activity_type_check_sign_off"])

    def action_reset(self):
        self._check_can_review()
        for check in self:
            if check.state == "signed":
                raise UserError(self.env._("A signed check cannot be changed."))
            check._workflow_write({"state": "draft"})

    def _check_can_review(self):
        if not self.env["school.roles"]._is_deputy():
            raise AccessError(self.env._("Only a deputy director checks journals."))

    def _check_state(self, state):
        if self.state != state:
            raise UserError(
                self.env._(
                    "The check %(check)s is not in the state this step needs.",
                    check=self.name,
                )
            )

    def _ask_director(self):
        director = self.env["school.roles"]._person("school_records.group_director")
        if director:
            self.activity_schedule(
                "school_records.mail_activity_type_check_sign_off", user_id=director.id
            )

    # findings ---------------------------------------------------------------------------
    def _lesson_domain(self):
        held_until = min(self.date_to, self.env["school.journal"]._today())
        return [
            ("class_id", "=", self.class_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", held_until),
        ]

    def _findings(self):
        self.ensure_one()
        findings = []
        lesson_checks = [
            ("no_topic", [("topic", "=", False)]),
            ("no_homework", [("homework", "=", False)]),
            ("no_attendance", [("attendance_taken", "=", False)]),
            ("filled_late", [("filled_late", "=", True)]),
            (
                "control_without_marks",
                [
                    ("work_type_id.is_control", "=", True),
                    ("mark_ids", "=", False),
                    ("date", "<", self.env["school.journal"]._today() - timedelta(days=1)),
                ],
            ),
        ]
        for kind, domain in lesson_checks:
            findings += self._lesson_findings(kind, domain)
        findings += self._few_marks_findings()
        findings += self._period_mark_findings()
        findings += self._plan_findings()
        return findings

    def _lesson_findings(self, kind, domain):
        groups = self.env["school.lesson"]._read_group(
            self._lesson_domain() + domain, ["assignment_id"], ["__count", "date:array_agg"]
        )
        return [
            {
                "kind": kind,
                "assignment_id": assignment.id,
                "count": count,
                "detail": ", ".join(sorted({d.strftime("%d.%m") for d in dates})),
            }
            for assignment, count, dates in groups
        ]

    def _few_marks_findings(self):
        """Students with fewer marks in the range than the school's minimum for a period
        (for a month: no mark at all)."""
        minimum = self.class_id.year_id.company_id.school_min_marks_per_period or 1
        if self.kind == "monthly":
            minimum = 1
        Mark = self.env["school.mark"]
        lessons = self.env["school.lesson"]._read_group(
            self._lesson_domain(), ["assignment_id"], ["__count"]
        )
        counts = {
            (assignment.id, student.id): count
            for assignment, student, count in Mark._read_group(
                [
                    ("lesson_id.class_id", "=", self.class_id.id),
                    ("date", ">=", self.date_from),
                    ("date", "<=", self.date_to),
                    ("counts_in_average", "=", True),
                ],
                ["assignment_id", "student_id"],
                ["__count"],
            )
        }
        findings = []
        for assignment, lesson_count in lessons:
            if lesson_count < minimum or not assignment.subject_id.graded:
                continue
            students = assignment._students_on(self.date_to)
            few = students.filtered(lambda s, a=assignment: counts.get((a.id, s.id), 0) < minimum)
            if few:
                findings.append(
                    {
                        "kind": "few_marks",
                        "assignment_id": assignment.id,
                        "count": len(few),
                        "detail": ", ".join(few.mapped("name")),
                    }
                )
        return findings

    def _period_mark_findings(self):
        if not self.period_id:
            return []
        marks = self.env["school.period.mark"].search(
            [
                ("class_id", "=", self.class_id.id),
                ("period_id", "=", self.period_id.id),
                ("value_id.counts_in_average", "=", True),
                ("average", ">", 0),
            ]
        )
        far = marks.filtered(lambda m: abs(m.value_id.numeric_value - m.average) >= PERIOD_MARK_GAP)
        findings = []
        for assignment in far.assignment_id:
            of_assignment = far.filtered(lambda m, a=assignment: m.assignment_id == a)
            findings.append(
                {
                    "kind": "period_mark_far",
                    "assignment_id": assignment.id,
                    "count": len(of_assignment),
                    "detail": ", ".join(
                        f"{m.student_id.name}: {m.value_id.code} ({m.average:.2f})"
                        for m in of_assignment
                    ),
                }
            )
        return findings

    def _plan_findings(self):
        """КТП behind: fewer lessons held than the plan foresaw by the end of the range."""
        until = min(self.date_to, self.env["school.journal"]._today())
        planned = dict(
            self.env["school.lesson.plan.line"]._read_group(
                [
                    ("assignment_id.class_id", "=", self.class_id.id),
                    ("planned_date", "<=", until),
                ],
                ["assignment_id"],
                ["__count"],
            )
        )
        held = dict(
            self.env["school.lesson"]._read_group(
                [("class_id", "=", self.class_id.id), ("date", "<=", until)],
                ["assignment_id"],
                ["__count"],
            )
        )
        return [
            {
                "kind": "plan_behind",
                "assignment_id": assignment.id,
                "count": count - held.get(assignment, 0),
                "detail": self.env._(
                    "%(held)s lessons held, %(planned)s planned by %(date)s",
                    held=held.get(assignment, 0),
                    planned=count,
                    date=until.strftime("%d.%m.%Y"),
                ),
            }
            for assignment, count in planned.items()
            if count > held.get(assignment, 0)
        ]

    # the monthly check -----------------------------------------------------------------
    @api.model
    def _cron_create_monthly_checks(self):
        """On the first days of a month, a check of the past month for every class."""
        today = self.env["school.journal"]._today()
        date_to = today.replace(day=1) - timedelta(days=1)
        date_from = date_to.replace(day=1)
        classes = self.env["school.class"].search(
            [("year_id.date_start", "<=", date_to), ("year_id.date_end", ">=", date_from)]
        )
        done = self.search(
            [
                ("kind", "=", "monthly"),
                ("date_from", "=", date_from),
                ("class_id", "in", classes.ids),
            ]
        ).class_id
        deputy = self.env["school.roles"]._person("school_records.group_deputy")
        checks = self.create(
            [
                {
                    "class_id": school_class.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "kind": "monthly",
                    "deputy_id": deputy.id,
                }
                for school_class in classes - done
            ]
        )
        for check in checks:
            check.finding_ids = [fields.Command.create(vals) for vals in check._findings()]
            if deputy:
                check.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=deputy.id,
                    summary=self.env._("Review the monthly journal check"),
                )
        return checks


class SchoolJournalCheckFinding(models.Model):
    """What the system found in a journal: a kind, a count and the details."""

    _name = "school.journal.check.finding"
    _description = "Journal Check Finding"
    _order = "check_id, assignment_id, kind"

    check_id = fields.Many2one(
        "school.journal.check", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection(FINDING_KINDS, required=True)
    assignment_id = fields.Many2one("school.teaching.assignment", string="Journal")
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True)
    count = fields.Integer()
    detail = fields.Text()


# what the deputy writes in a remark; the teacher writes only ``answer``
REMARK_DEPUTY_FIELDS = frozenset({"check_id", "assignment_id", "teacher_id", "remark", "deadline"})


class SchoolJournalCheckRemark(models.Model):
    """A remark of the deputy to one teacher, and the teacher's answer
    («Замечания по ведению журнала»).

    The remark is the deputy's (a deputy writes it while the check is a draft); the
    answer is the addressed teacher's, written while the remark waits for it and sent
    with ``action_answer``. The status changes only through the actions: a teacher
    never marks her remark accepted."""

    _name = "school.journal.check.remark"
    _description = "Journal Check Remark"
    _inherit = ["school.workflow.mixin"]
    _order = "check_id, teacher_id, id"
    _workflow_fields = ("state", "answered_on")

    check_id = fields.Many2one(
        "school.journal.check", required=True, ondelete="cascade", index=True
    )
    check_state = fields.Selection(related="check_id.state", string="Check status")
    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        domain="[('class_id', '=', parent.class_id)]",
    )
    teacher_id = fields.Many2one(
        "res.users",
        compute="_compute_teacher_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
    )
    remark = fields.Text(required=True)
    deadline = fields.Date(string="Fix by")
    answer = fields.Text()
    answered_on = fields.Datetime(readonly=True)
    state = fields.Selection(
        [("open", "Waiting for the answer"), ("answered", "Answered"), ("accepted", "Accepted")],
        default="open",
        required=True,
    )

    @api.depends("assignment_id")
    def _compute_teacher_id(self):
        for remark in self:
            if remark.assignment_id:
                remark.teacher_id = remark.assignment_id.teacher_id

    def write(self, vals):
        if not self.env.su:
            if REMARK_DEPUTY_FIELDS & vals.keys():
                self._check_deputy_writes()
            if "answer" in vals:
                self._check_teacher_answers()
        return super().write(vals)

    def _check_deputy_writes(self):
        self._check_school_role("school_records.group_deputy")
        if self.check_id.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("A remark can be changed only while its check is a draft."))

    def _check_teacher_answers(self):
        for remark in self:
            if remark.teacher_id != self.env.user:
                raise AccessError(
                    self.env._("Only the teacher the remark is addressed to answers it.")
                )
            if remark.state != "open":
                raise UserError(self.env._("This remark is not waiting for an answer."))

    def action_answer(self):
        for remark in self:
            if remark.teacher_id != self.env.user:
                raise UserError(
                    self.env._("Only the teacher the remark is addressed to answers it.")
                )
            if remark.check_id.state != "sent" or remark.state != "open":
                raise UserError(self.env._("This remark is not waiting for an answer."))
            if not (remark.answer or "").strip():
                raise UserError(self.env._("Write your answer first."))
        self._workflow_write({"state": "answered", "answered_on": fields.Datetime.now()})
        for remark in self:
            remark.check_id.sudo().activity_feedback(
                ["school_records.mail_activity_type_check_remark"], user_id=remark.teacher_id.id
            )
            remark.check_id.sudo().message_post(
                body=self.env._(
                    "%(teacher)s answered: %(answer)s",
                    teacher=remark.teacher_id.name,
                    answer=remark.answer,
                ),
                author_id=self.env.user.partner_id.id,
            )

    def _request_answers(self):
        for remark in self:
            remark.check_id.activity_schedule(
                "school_records.mail_activity_type_check_remark",
                user_id=remark.teacher_id.id,
                date_deadline=remark.deadline or self.env["school.journal"]._today(),
                note=remark.remark,
            )
