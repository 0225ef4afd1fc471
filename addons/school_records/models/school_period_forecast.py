from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

RISKS = [
    ("absences", "Not attested: too many absences"),
    ("no_marks", "Not attested: too few marks"),
    ("fail", "Forecast «2»"),
]
# the report is prepared this many days before the period ends (seed 004 §4.4)
DAYS_BEFORE_END = 14


class ResCompany(models.Model):
    _inherit = "res.company"

    school_absence_threshold = fields.Integer(
        string="Absences that leave a student not attested (%)",
        default=50,
        help="A student who missed more than this share of a subject's lessons of the period "
        "is at risk of not being attested (the teacher's preliminary report).",
    )


class SchoolPeriodForecast(models.Model):
    """Предварительный отчёт учителя за учебный период (seed 004 §4.4): for one journal
    and period, the forecast of every student's period mark from the current marks, the
    students at risk (a forecast «2», or not attested for too few marks or too many
    absences) and the hours given against the calendar-thematic plan.

    A cron prepares it two weeks before the period ends and gives the teacher a to-do;
    the teacher refreshes the figures if needed and sends it, which gives the class
    teacher and the deputy a to-do to read it. The figures and the sending are written
    only by the actions, after checking who the user is."""

    _name = "school.period.forecast"
    _description = "Teacher's Preliminary Report for the Period"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "period_id desc, class_id, subject_id, id"
    _workflow_fields = (
        "state",
        "sent_by_id",
        "sent_on",
        "prepared_on",
        "hours_given",
        "hours_plan",
        "hours_plan_to_date",
    )

    name = fields.Char(compute="_compute_name", store=True)
    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        required=True,
        index=True,
        ondelete="cascade",
    )
    period_id = fields.Many2one("school.period", required=True, index=True, ondelete="cascade")
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True, index=True)
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, index=True)
    subject_id = fields.Many2one(related="assignment_id.subject_id", store=True)
    state = fields.Selection(
        [("draft", "Prepared"), ("sent", "Sent")],
        default="draft",
        required=True,
        tracking=True,
    )
    prepared_on = fields.Date(string="Figures as of", readonly=True)
    hours_given = fields.Integer(string="Lessons given", readonly=True)
    hours_plan = fields.Float(string="Hours of the plan for the period", readonly=True)
    hours_plan_to_date = fields.Float(string="Hours of the plan to date", readonly=True)
    hours_behind = fields.Float(string="Hours behind the plan", compute="_compute_hours_behind")
    sent_by_id = fields.Many2one("res.users", string="Sent by", readonly=True)
    sent_on = fields.Datetime(readonly=True)
    line_ids = fields.One2many("school.period.forecast.line", "report_id", string="Students")
    risk_count = fields.Integer(string="Students at risk", compute="_compute_risk_count")

    _sql_constraints = [
        (
            "unique_journal_period",
            "unique(assignment_id, period_id)",
            "A journal has one preliminary report per period.",
        ),
    ]

    @api.depends("assignment_id.name", "period_id.name")
    def _compute_name(self):
        for report in self:
            report.name = f"{report.assignment_id.name or ''}: {report.period_id.name or ''}"

    @api.depends("hours_given", "hours_plan_to_date")
    def _compute_hours_behind(self):
        for report in self:
            report.hours_behind = max(report.hours_plan_to_date - report.hours_given, 0.0)

    @api.depends("line_ids.risk")
    def _compute_risk_count(self):
        for report in self:
            report.risk_count = len(report.line_ids.filtered("risk"))

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        if not self.env.su:
            reports._check_journal_teacher()
        reports.sudo()._compute_figures()
        return reports

    def write(self, vals):
        if not self.env.su and {"assignment_id", "period_id"} & vals.keys():
            raise UserError(
                self.env._(
                    "A preliminary report stays with its journal and period: make a new one "
                    "for another journal."
                )
            )
        return super().write(vals)

    # who may act ------------------------------------------------------------------------
    def _check_journal_teacher(self):
        """The journal's teacher, or the deputy or the director."""
        user = self.env.user
        if self.env["school.roles"]._is_deputy():
            return
        for report in self:
            if report.sudo().assignment_id.teacher_id != user:
                self._check_school_role(
                    "school_records.group_deputy",
                    role=self.env._("the teacher of the journal or the deputy director"),
                )

    # the figures ----------------------------------------------------------------------------
    def _students(self):
        """The students of the journal during the period: the study group's, or those
        enrolled in the class at any time of the period."""
        self.ensure_one()
        assignment, period = self.assignment_id, self.period_id
        if assignment.study_group_id:
            return assignment.study_group_id.student_ids
        return assignment.class_id.enrollment_ids.filtered(
            lambda e: (
                e.date_from <= period.date_end and (not e.date_to or e.date_to >= period.date_start)
            )
        ).student_id.sorted("name")

    def _plan_hours(self, date_to):
        """Hours of the journal's КТП planned from the period's start up to ``date_to``
        (a line with a week and no date falls on that week's Monday)."""
        self.ensure_one()
        year_start = self.period_id.year_id.date_start
        total = 0.0
        for line in self.assignment_id.plan_line_ids:
            day = line.planned_date or (
                year_start + timedelta(weeks=line.planned_week - 1) if line.planned_week else None
            )
            if day and self.period_id.date_start <= day <= date_to:
                total += line.hours
        return total

    def _compute_figures(self):
        """Takes the figures of the journal as of today (as superuser: the callers
        checked the user): one row a student, in three queries a report."""
        today = fields.Date.context_today(self)
        company = self.env.company
        propose = self.env["school.mark.value"]._proposer()
        journal = self.env["school.journal"]
        self.env.flush_all()
        for report in self:
            period = report.period_id
            until = min(today, period.date_end)
            lessons = self.env["school.lesson"].search_count(
                [
                    ("assignment_id", "=", report.assignment_id.id),
                    ("date", ">=", period.date_start),
                    ("date", "<=", until),
                ]
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT m.student_id, %(average)s, %(count)s
                      FROM school_mark m
                     WHERE m.assignment_id = %(assignment)s
                       AND m.date BETWEEN %(date_from)s AND %(date_to)s
                     GROUP BY m.student_id
                    """,
                    average=journal._average_sql("m"),
                    count=journal._average_count_sql("m"),
                    assignment=report.assignment_id.id,
                    date_from=period.date_start,
                    date_to=period.date_end,
                )
            )
            marks = {row[0]: row[1:] for row in self.env.cr.fetchall()}
            self.env.cr.execute(
                """
                SELECT student_id, COUNT(*)
                  FROM school_attendance
                 WHERE assignment_id = %s AND date BETWEEN %s AND %s AND kind != 'late'
                 GROUP BY student_id
                """,
                [report.assignment_id.id, period.date_start, period.date_end],
            )
            absences = dict(self.env.cr.fetchall())
            lines = []
            for student in report._students():
                average, count = marks.get(student.id, (None, 0))
                average = float(average) if average is not None else None
                forecast = propose(average)
                missed = absences.get(student.id, 0)
                if lessons and missed * 100.0 > company.school_absence_threshold * lessons:
                    risk = "absences"
                elif count < company.school_min_marks_per_period:
                    risk = "no_marks"
                elif forecast.is_failing:
                    risk = "fail"
                else:
                    risk = False
                lines.append(
                    {
                        "student_id": student.id,
                        "marks_count": count,
                        "average": round(average, 2) if average is not None else 0.0,
                        "forecast_id": forecast.id,
                        "absences": missed,
                        "risk": risk,
                    }
                )
            report.write(
                {
                    "line_ids": [fields.Command.clear()]
                    + [fields.Command.create(vals) for vals in lines],
                    "prepared_on": today,
                    "hours_given": lessons,
                    "hours_plan": report._plan_hours(period.date_end),
                    "hours_plan_to_date": report._plan_hours(until),
                }
            )

    # the actions ----------------------------------------------------------------------------
    def action_refresh(self):
        """Takes the figures again (the teacher, before sending)."""
        self._check_journal_teacher()
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("A sent report keeps the figures it was sent with."))
        self.sudo()._compute_figures()
        return True

    def action_send(self):
        """The teacher sends the report: the class teacher and the deputy get a to-do to
        read it, and the chatter keeps who sent it and when."""
        self._check_journal_teacher()
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("The report was sent already."))
        roles = self.env["school.roles"]
        deputies = roles._deputies()
        for report in self:
            report._workflow_write(
                {"state": "sent", "sent_by_id": self.env.uid, "sent_on": fields.Datetime.now()}
            )
            sudo = report.sudo()
            sudo.activity_feedback(["mail.mail_activity_data_todo"])
            readers = (roles._class_teacher(report.class_id) | deputies) - self.env.user
            sudo._school_activity(
                "school_records.mail_activity_school_check",
                readers,
                self.env._("Read the preliminary report %(name)s", name=sudo.name),
            )
            sudo.message_post(
                body=self.env._(
                    "Preliminary report sent: %(risk)s students at risk, %(given)s lessons "
                    "given, %(plan)s hours planned to date.",
                    risk=sudo.risk_count,
                    given=sudo.hours_given,
                    plan=sudo.hours_plan_to_date,
                ),
                partner_ids=readers.partner_id.ids,
            )
        return True

    def action_print(self):
        return self.env.ref("school_records.school_period_forecast_report").report_action(self)

    # the cron -------------------------------------------------------------------------------
    @api.model
    def _cron_prepare(self):
        """Two weeks before a period ends: a report for every journal of the period's
        classes that has none, and a to-do for its teacher to check and send it."""
        today = self.env["school.journal"]._today()
        periods = self.env["school.period"].search(
            [
                ("date_end", ">=", today),
                ("date_end", "<=", today + timedelta(days=DAYS_BEFORE_END)),
            ]
        )
        created = self.browse()
        for period in periods:
            assignments = self.env["school.teaching.assignment"].search(
                [("year_id", "=", period.year_id.id), ("teacher_id", "!=", False)]
            )
            assignments = assignments.filtered(
                lambda a, p=period: (a.class_id.period_scheme or "quarter") == p.scheme
            )
            done = self.search([("period_id", "=", period.id)]).assignment_id
            todo = assignments - done
            if todo:
                created |= self.sudo().create(
                    [{"assignment_id": a.id, "period_id": period.id} for a in todo]
                )
        for report in created:
            report.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=report.period_id.date_end - timedelta(days=7),
                summary=self.env._("Check and send the preliminary report for the period"),
                user_id=report.teacher_id.id,
            )
        return created


class SchoolPeriodForecastLine(models.Model):
    _name = "school.period.forecast.line"
    _description = "Student in the Teacher's Preliminary Report"
    _order = "report_id, student_id"

    report_id = fields.Many2one(
        "school.period.forecast", required=True, index=True, ondelete="cascade"
    )
    student_id = fields.Many2one("school.student", required=True, ondelete="cascade")
    marks_count = fields.Integer(string="Marks")
    average = fields.Float(string="Weighted average", digits=(3, 2))
    forecast_id = fields.Many2one("school.mark.value", string="Forecast")
    absences = fields.Integer(string="Lessons missed")
    risk = fields.Selection(RISKS)
