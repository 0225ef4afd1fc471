from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PROTOCOL_KINDS = [
    ("transfer", "Promotion to the next class"),
    ("gia_admission", "Admission to the state final attestation"),
    ("graduation", "Graduation"),
    ("other", "Other"),
]
DECISIONS = [
    ("promoted", "Promoted"),
    ("promoted_conditionally", "Promoted conditionally"),
    ("repeat", "Kept for a repeat year"),
    ("admitted_gia", "Admitted to the state final attestation"),
    ("not_admitted_gia", "Not admitted to the state final attestation"),
    ("certificate", "Certificate issued"),
    ("certificate_honours", "Certificate with honours issued"),
    ("training_certificate", "Certificate of training issued"),
    ("study_certificate", "Statement of studies issued"),
]
# the levels that end a programme with the state final attestation and a certificate
FINAL_LEVELS = {9: "об основном общем", 11: "о среднем общем"}


class SchoolCouncilDecision(models.Model):
    """Протокол педагогического совета: its number and date, the agenda, and one
    decision per student (seed 003 §7.3.6). The decisions go, with the protocol's
    date and number, into the summary statement of the class and the personal file.

    The deputy (or the director) drafts the protocol, fills the decisions the year
    marks lead to and corrects them; confirming the protocol fixes them. Seed 003 names
    no chair of the council; it makes the deputy answerable for the records of the
    results and their transfer to the archive (§8.1) and has the director sign the
    archived statements (§7.3.3), so: the deputy (or the director) confirms, and only
    the director reopens a confirmed protocol. The deputy therefore cannot reopen and
    confirm again alone: every change after confirmation passes the director."""

    _name = "school.council.decision"
    _description = "Pedagogical Council Protocol"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state",)
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    number = fields.Char(required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        index=True,
        default=lambda self: self._default_year(),
    )
    kind = fields.Selection(PROTOCOL_KINDS, required=True, default="transfer", tracking=True)
    agenda = fields.Text()
    class_ids = fields.Many2many(
        "school.class",
        string="Classes",
        domain="[('year_id', '=', year_id)]",
        help="The classes whose students the protocol decides on.",
    )
    line_ids = fields.One2many("school.council.decision.line", "decision_id", string="Decisions")
    line_count = fields.Integer(compute="_compute_line_count")
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "number_year_uniq",
            "unique(company_id, year_id, number)",
            "A protocol with this number already exists in this academic year.",
        )
    ]

    @api.model
    def _default_year(self):
        today = fields.Date.context_today(self)
        return self.env["school.academic.year"].search(
            [("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        )

    @api.depends("number", "date")
    def _compute_name(self):
        for protocol in self:
            protocol.name = self.env._(
                "Protocol No. %(number)s of %(date)s",
                number=protocol.number or "—",
                date=protocol.date.strftime("%d.%m.%Y") if protocol.date else "—",
            )

    def _compute_line_count(self):
        counts = dict(
            self.env["school.council.decision.line"]._read_group(
                [("decision_id", "in", self.ids)], ["decision_id"], ["__count"]
            )
        )
        for protocol in self:
            protocol.line_count = counts.get(protocol, 0)

    def write(self, vals):
        if self.filtered(lambda p: p.state == "confirmed") and vals.keys() - {
            "state",
            "message_main_attachment_id",
        }:
            raise UserError(
                self.env._("A confirmed protocol cannot be changed; reset it to draft first.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda p: p.state == "confirmed"):
            raise UserError(self.env._("A confirmed protocol cannot be deleted."))

    # the workflow ------------------------------------------------------------------------
    def action_confirm(self):
        self._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )
        if self.filtered(lambda p: p.state != "draft"):
            raise UserError(self.env._("Only a draft protocol is confirmed."))
        for protocol in self:
            if not protocol.line_ids:
                raise UserError(
                    self.env._(
                        "%(protocol)s has no decisions.",
                        protocol=protocol.name,
                    )
                )
            protocol.line_ids._check_complete()
        self._workflow_write({"state": "confirmed"})
        for protocol in self:
            protocol._store_in_archive()
        return True

    def _store_in_archive(self):
        """The confirmed protocol goes to the archive (council protocols are kept as long
        as the summary statements they back); a protocol confirmed again adds its new
        print to the same unit."""
        self.ensure_one()
        self.env["school.archive.record"]._archive_print(
            self,
            "school_archive.school_council_decision_report",
            self.name,
            "council_protocols",
            year_id=self.year_id.id,
        )

    def action_reset_draft(self):
        if not self.env["school.roles"]._is_director():
            raise UserError(self.env._("Only the director may reopen a confirmed protocol."))
        self._workflow_write({"state": "draft"})
        return True

    def action_view_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "school.council.decision.line",
            "view_mode": "list,form",
            "domain": [("decision_id", "=", self.id)],
            "context": {"default_decision_id": self.id},
        }

    # proposing decisions -----------------------------------------------------------------
    def action_fill_from_classes(self):
        """One decision per student of the chosen classes who has none in this protocol
        yet, proposed from the student's year (or final) marks."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("The protocol is confirmed."))
        classes = self._classes_of_kind()
        if not classes:
            raise UserError(
                self.env._(
                    "Choose the classes this protocol decides on (for admission and "
                    "graduation: 9th and 11th grades)."
                )
            )
        day = min(self.date, self.year_id.date_end)
        decided = set(self.line_ids.student_id.ids)
        pairs = [
            (student, school_class)
            for school_class, students in classes._students_on(day).items()
            for student in students.sorted("name")
            if student.id not in decided
        ]
        students = self.env["school.student"].browse(s.id for s, _c in pairs)
        failing = self._failing_subjects(students)
        excellent = self._excellent_students(students) if self.kind == "graduation" else set()
        next_names = self._next_class_names(classes)
        self.env["school.council.decision.line"].create(
            [
                self._proposed_line(student, school_class, failing, excellent, next_names)
                for student, school_class in pairs
            ]
        )
        return True

    def _classes_of_kind(self):
        if self.kind in ("gia_admission", "graduation"):
            return self.class_ids.filtered(lambda c: c.level_number in FINAL_LEVELS)
        if self.kind == "transfer":
            return self.class_ids.filtered(lambda c: c.level_number < 11)
        return self.class_ids

    def _failing_subjects(self, students):
        """Subjects with a failing year mark (or exam mark), by student id: one query."""
        groups = self.env["school.period.mark"]._read_group(
            [
                ("student_id", "in", students.ids),
                ("year_id", "=", self.year_id.id),
                ("kind", "in", ("year", "exam")),
                ("value_id.is_failing", "=", True),
            ],
            ["student_id", "subject_id"],
        )
        result = defaultdict(lambda: self.env["school.subject"])
        for student, subject in groups:
            result[student.id] |= subject
        return result

    def _excellent_students(self, students):
        """Students whose prepared certificate of the year is with honours (final marks
        and exam results); without a certificate yet, those whose final marks (or, before
        those are set, year marks) are all «5»."""
        certificates = self.env["school.certificate"].search(
            [
                ("student_id", "in", students.ids),
                ("year_id", "=", self.year_id.id),
                ("state", "!=", "cancelled"),
            ]
        )
        by_marks = self._students_with_marks_all_5(students - certificates.student_id)
        return by_marks | set(certificates.filtered("with_honours").student_id.ids)

    def _students_with_marks_all_5(self, students):
        groups = self.env["school.period.mark"]._read_group(
            [
                ("student_id", "in", students.ids),
                ("year_id", "=", self.year_id.id),
                ("kind", "in", ("year", "final")),
                ("value_id", "!=", False),
            ],
            ["student_id", "kind", "value_id"],
        )
        values = defaultdict(lambda: defaultdict(set))
        for student, kind, value in groups:
            values[student.id][kind].add(value.numeric_value)
        return {
            student_id
            for student_id, by_kind in values.items()
            if (by_kind.get("final") or by_kind.get("year")) == {5.0}
        }

    def _next_class_names(self, classes):
        """«7А» for 6А: the class of the next year if it exists, else level + 1."""
        next_year = self.env["school.academic.year"].search(
            [("date_start", ">", self.year_id.date_start)], order="date_start", limit=1
        )
        existing = {
            (c.level_number, c.letter): c.name
            for c in self.env["school.class"].search([("year_id", "=", next_year.id)])
        }
        return {
            school_class: existing.get(
                (school_class.level_number + 1, school_class.letter),
                f"{school_class.level_number + 1}{school_class.letter}",
            )
            for school_class in classes
        }

    def _proposed_line(self, student, school_class, failing, excellent, next_names):
        debts = failing[student.id]
        vals = {
            "decision_id": self.id,
            "student_id": student.id,
            "class_id": school_class.id,
            "debt_subject_ids": [fields.Command.set(debts.ids)],
        }
        if self.kind == "transfer":
            vals["decision"] = "promoted_conditionally" if debts else "promoted"
            vals["next_class_name"] = next_names[school_class]
        elif self.kind == "gia_admission":
            vals["decision"] = "not_admitted_gia" if debts else "admitted_gia"
        elif self.kind == "graduation":
            if debts:
                vals["decision"] = "study_certificate"
            elif student.id in excellent:
                vals["decision"] = "certificate_honours"
                vals["medal"] = school_class.level_number == 11
            else:
                vals["decision"] = "certificate"
        return vals


class SchoolCouncilDecisionLine(models.Model):
    """One student's decision in a protocol, worded as the summary statement and the
    personal file write it: «переведен в 7А класс, протокол от 28.05.2036 № 12»."""

    _name = "school.council.decision.line"
    _description = "Pedagogical Council Decision"
    _order = "decision_id desc, class_id, student_name, id"
    _rec_name = "student_id"

    decision_id = fields.Many2one(
        "school.council.decision",
        string="Protocol",
        required=True,
        ondelete="cascade",
        index=True,
    )
    student_id = fields.Many2one("school.student", required=True, ondelete="restrict", index=True)
    student_name = fields.Char(related="student_id.name", store=True)
    class_id = fields.Many2one("school.class", required=True, ondelete="restrict", index=True)
    decision = fields.Selection(DECISIONS)
    next_class_name = fields.Char(string="Next class", help="For example «7А».")
    debt_subject_ids = fields.Many2many(
        "school.subject",
        string="Academic debts",
        help="Subjects with a failing year mark: the debt a conditionally promoted student "
        "must clear.",
    )
    medal = fields.Boolean(help="Medal «За особые успехи в учении» (11th grade, with honours).")
    note = fields.Char()
    text = fields.Char(string="Record", compute="_compute_text", store=True)
    protocol_date = fields.Date(related="decision_id.date", store=True)
    protocol_number = fields.Char(related="decision_id.number")
    year_id = fields.Many2one(related="decision_id.year_id", store=True, index=True)
    state = fields.Selection(related="decision_id.state", store=True)

    _sql_constraints = [
        (
            "student_uniq",
            "unique(decision_id, student_id)",
            "The protocol already has a decision for this student.",
        )
    ]

    @api.depends(
        "decision",
        "next_class_name",
        "medal",
        "class_id.level_number",
        "decision_id.date",
        "decision_id.number",
    )
    def _compute_text(self):
        for line in self:
            wording = line._wording()
            if wording and line.decision_id.date:
                line.text = "%s, протокол от %s № %s" % (
                    wording,
                    line.decision_id.date.strftime("%d.%m.%Y"),
                    line.decision_id.number,
                )
            else:
                line.text = wording

    @api.depends("student_id.name", "text")
    def _compute_display_name(self):
        """The student and the decision as recorded: what a certificate shows as the
        council decision it rests on (the student's name alone told the deputy nothing)."""
        for line in self:
            name = line.student_id.name or ""
            line.display_name = f"{name} — {line.text}" if line.text else name

    def _wording(self):
        """The legal wording of the decision (seed 003 §7.3.6): Russian whatever the
        reader's language, as it is written on the paper statement."""
        level = self.class_id.level_number
        programme = FINAL_LEVELS.get(level, "")
        return {
            "promoted": f"переведен в {self.next_class_name} класс",
            "promoted_conditionally": f"условно переведен в {self.next_class_name} класс",
            "repeat": f"оставлен на повторное обучение в {level} классе",
            "admitted_gia": "допущен к ГИА",
            "not_admitted_gia": "не допущен к ГИА",
            "certificate": f"выдан аттестат {programme} образовании",
            "certificate_honours": f"выдан аттестат {programme} образовании с отличием"
            + (", награжден медалью «За особые успехи в учении»" if self.medal else ""),
            "training_certificate": "выдано свидетельство об обучении",
            "study_certificate": "выдана справка об обучении",
        }.get(self.decision, "")

    @api.constrains("decision", "next_class_name", "class_id", "medal", "debt_subject_ids")
    def _check_decision(self):
        for line in self:
            level = line.class_id.level_number
            if line.decision in ("promoted", "promoted_conditionally"):
                if not (line.next_class_name or "").strip():
                    raise ValidationError(
                        self.env._(
                            "%(student)s: say which class the student is promoted to.",
                            student=line.student_id.name,
                        )
                    )
                if level >= 11:
                    raise ValidationError(
                        self.env._(
                            "%(student)s: an 11th grade student is not promoted.",
                            student=line.student_id.name,
                        )
                    )
            if line.decision == "promoted_conditionally" and not line.debt_subject_ids:
                raise ValidationError(
                    self.env._(
                        "%(student)s: a conditional promotion names the academic debts.",
                        student=line.student_id.name,
                    )
                )
            if line.decision in ("certificate", "certificate_honours", "admitted_gia") and (
                level not in FINAL_LEVELS
            ):
                raise ValidationError(
                    self.env._(
                        "%(student)s: certificates and admission to the state final "
                        "attestation are for the 9th and 11th grades only.",
                        student=line.student_id.name,
                    )
                )
            if line.medal and not (line.decision == "certificate_honours" and level == 11):
                raise ValidationError(
                    self.env._(
                        "%(student)s: the medal goes with the 11th grade certificate with honours.",
                        student=line.student_id.name,
                    )
                )

    def _check_complete(self):
        undecided = self.filtered(lambda line: not line.decision)
        if undecided:
            raise UserError(
                self.env._(
                    "Decide on every student before confirming: %(students)s.",
                    students=", ".join(undecided.student_id.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_protocol_draft()
        return lines

    def write(self, vals):
        self._check_protocol_draft()
        return super().write(vals)

    def unlink(self):
        self._check_protocol_draft()
        return super().unlink()

    def _check_protocol_draft(self):
        if self.decision_id.filtered(lambda p: p.state == "confirmed"):
            raise UserError(self.env._("The protocol is confirmed: its decisions cannot change."))
