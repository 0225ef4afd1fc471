"""The class teacher's duties (seeds 004 §4.5, 000 §3.1.8, issue 21 §3): the reasons of
her class's absences, a weekly list of the unexplained ones, and reports of a subject
teacher's marking problem to the deputy."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# what the class teacher may change in an absence of her class: its reason, nothing else
REASON_FIELDS = frozenset({"kind", "comment"})
# the reasons of a missed lesson; «late» is a fact of the lesson, the subject teacher's
REASON_KINDS = frozenset({"absent", "ill", "excused"})


class SchoolAttendance(models.Model):
    _inherit = "school.attendance"

    def write(self, vals):
        """The class teacher corrects the reason of her class's absences (seed 004 §4.5
        «проводить корректировку причин пропуска»); seed 001 §5.5 leaves her the
        journals read-only otherwise. Only ``kind`` between absent/ill/excused and
        ``comment``, only of her class: the subject teacher's rights stay as they are."""
        if self.env.su or not vals or not vals.keys() <= REASON_FIELDS or self.has_access("write"):
            return super().write(vals)
        self._check_class_teacher_reason(vals)
        return super(SchoolAttendance, self.sudo()).write(vals)

    def _check_class_teacher_reason(self, vals):
        roles = self.env["school.roles"]
        if not roles._is_class_teacher():
            raise AccessError(
                self.env._("Only the class teacher corrects the reasons of absences.")
            )
        for absence in self.sudo():
            if not roles._is_class_teacher_of(absence.class_id):
                raise AccessError(
                    self.env._(
                        "You correct the reasons of absences of your own class only, "
                        "not of %(school_class)s.",
                        school_class=absence.class_id.display_name,
                    )
                )
            if absence.kind not in REASON_KINDS or vals.get("kind", absence.kind) not in (
                REASON_KINDS
            ):
                raise AccessError(
                    self.env._(
                        "A lateness is the subject teacher's entry: the class teacher "
                        "changes only the reason of a missed lesson (absent, ill, excused)."
                    )
                )


class SchoolClass(models.Model):
    _name = "school.class"
    _inherit = ["school.class", "mail.activity.mixin"]

    @api.model
    def _cron_unexplained_absences(self):
        """On Mondays: each class teacher gets the past week's absences of her class
        that still have no reason, to correct them with the subject teachers."""
        today = self.env["school.journal"]._today()
        week_start = today - timedelta(days=today.weekday() + 7)
        week_end = week_start + timedelta(days=6)
        absences = self.env["school.attendance"].search(
            [
                ("kind", "=", "absent"),
                ("date", ">=", week_start),
                ("date", "<=", week_end),
                ("class_id.class_teacher_id", "!=", False),
            ],
            order="class_id, student_id, date",
        )
        activity_type = "school_records.mail_activity_type_absence_reasons"
        for school_class in absences.class_id:
            of_class = absences.filtered(lambda a, c=school_class: a.class_id == c)
            items = Markup("").join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(student)s, %(date)s, %(journal)s",
                    student=absence.student_id.name,
                    date=absence.date.strftime("%d.%m.%Y"),
                    journal=absence.assignment_id.display_name,
                )
                for absence in of_class
            )
            school_class.activity_unlink([activity_type])
            school_class.activity_schedule(
                activity_type,
                user_id=school_class.class_teacher_id.id,
                summary=self.env._(
                    "%(count)s absences without a reason, week of %(date)s",
                    count=len(of_class),
                    date=week_start.strftime("%d.%m.%Y"),
                ),
                note=Markup("<ul>%s</ul>") % items,
            )
        return absences


class SchoolJournalReport(models.Model):
    """«Сообщить заместителю»: the class teacher reports a subject teacher's marking
    problem in a journal of her class (seed 000 §3.1.8). The report lands as a remark
    in the class's journal check that is being prepared, or waits for the next one;
    the deputy sees the waiting reports."""

    _name = "school.journal.report"
    _description = "Report to the Deputy"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "reporter_id", "remark_id")
    _order = "id desc"

    assignment_id = fields.Many2one(
        "school.teaching.assignment", string="Journal", required=True, index=True
    )
    lesson_id = fields.Many2one("school.lesson", domain="[('assignment_id', '=', assignment_id)]")
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, index=True)
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", string="Subject teacher")
    reporter_id = fields.Many2one(
        "res.users", string="Reported by", default=lambda self: self.env.user, readonly=True
    )
    problem = fields.Text(required=True)
    state = fields.Selection(
        [("pending", "Waiting for a check"), ("in_check", "In a journal check")],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
    )
    remark_id = fields.Many2one("school.journal.check.remark", readonly=True, copy=False)
    check_id = fields.Many2one(related="remark_id.check_id", string="Journal check")

    @api.depends("assignment_id", "create_date")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._(
                "Report on %(journal)s", journal=report.assignment_id.display_name or ""
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            assignment = self.env["school.teaching.assignment"].browse(vals.get("assignment_id"))
            self._check_can_report(assignment)
            lesson = self.env["school.lesson"].browse(vals.get("lesson_id") or ())
            if lesson and lesson.sudo().assignment_id != assignment.sudo():
                raise UserError(self.env._("The lesson is not one of the journal's."))
        reports = super().create(vals_list)
        reports._land()
        return reports

    def write(self, vals):
        if not self.env.su:
            self._check_school_role(
                "school_records.group_deputy", role=self.env._("the deputy director")
            )
        return super().write(vals)

    @api.model
    def _check_can_report(self, assignment):
        """The class teacher of the journal's class reports (a deputy or the director
        may too); a subject teacher or a class teacher of another class may not."""
        roles = self.env["school.roles"]
        if self.env.user._is_superuser() or roles._is_deputy():
            return
        if not (
            roles._is_class_teacher() and roles._is_class_teacher_of(assignment.sudo().class_id)
        ):
            raise AccessError(
                self.env._("Only the class teacher of the journal's class reports its problems.")
            )

    def _land(self):
        """Each waiting report becomes a remark of its class's check being prepared
        (a draft); without one it waits for the next check and the deputy is told."""
        Check = self.env["school.journal.check"].sudo()
        for report in self.sudo().filtered(lambda r: r.state == "pending"):
            check = Check.search(
                [("class_id", "=", report.class_id.id), ("state", "=", "draft")],
                order="date_to desc, id desc",
                limit=1,
            )
            if check:
                report._land_in(check)
            else:
                deputy = self.env["school.roles"]._person("school_records.group_deputy")
                report._school_activity(
                    "school_records.mail_activity_school_check",
                    deputy,
                    self.env._("A class teacher reports a journal problem"),
                    note=report.problem,
                )

    def _land_in(self, check):
        self.ensure_one()
        lesson = self.lesson_id
        text = self.env._(
            "Reported by the class teacher %(reporter)s: %(problem)s",
            reporter=self.reporter_id.name,
            problem=self.problem,
        )
        if lesson:
            text += "\n" + self.env._("Lesson of %(date)s.", date=lesson.date.strftime("%d.%m.%Y"))
        remark = (
            self.env["school.journal.check.remark"]
            .sudo()
            .create({"check_id": check.id, "assignment_id": self.assignment_id.id, "remark": text})
        )
        self._workflow_write({"state": "in_check", "remark_id": remark.id})
        self._school_activity_done("school_records.mail_activity_school_check")


class SchoolJournalCheck(models.Model):
    _inherit = "school.journal.check"

    @api.model_create_multi
    def create(self, vals_list):
        checks = super().create(vals_list)
        reports = self.env["school.journal.report"].sudo()
        for check in checks.sudo().filtered(lambda c: c.state == "draft"):
            for report in reports.search(
                [("class_id", "=", check.class_id.id), ("state", "=", "pending")]
            ):
                report._land_in(check)
        return checks
