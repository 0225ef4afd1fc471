from odoo import api, fields, models
from odoo.exceptions import UserError

from ..builders.class_report_base import _fives_needed  # noqa: F401  (the tests' import)
from ..builders.class_reports import BUILDERS
from ..tools.xlsx import write_grid

TITLES = {
    "summary": "Сводная ведомость",
    "results": "Итоги успеваемости",
    "class_teacher": "Отчет классного руководителя",
    "attendance": "Посещаемость",
    "gaps": "Пропущенные темы",
    "movement": "Движение обучающихся",
    "final": "Итоговые данные по учащимся",
    "forecast": "Прогноз успеваемости",
    "control": "Контрольные работы ВСОКО",
    "checks": "Заполнение журналов",
}
# the statements signed on paper, which are also printed as PDF and registered
SIGNED_REPORTS = ("summary", "results", "class_teacher", "attendance")
STATEMENT_REPORT = "school_records.school_class_statement_report"


class SchoolClassReport(models.TransientModel):
    """The form of the class reports (seed 004 §4.3–4.5 and the school's own): the
    report, the year, the classes, the period and the filters. The report itself is a
    builder's (``builders/class_reports.py``): the XLSX is its grid written by
    ``tools/xlsx.py``, the PDF statement prints the same grid."""

    _name = "school.class.report"
    _inherit = ["school.report.download.mixin"]
    _description = "Class Statements"

    report = fields.Selection(
        [
            ("summary", "Summary statement of results"),
            ("results", "Results of the period"),
            ("class_teacher", "Class teacher's report for the period"),
            ("attendance", "Attendance by month"),
            ("gaps", "Missed topics and unsatisfactory marks"),
            ("movement", "Movement of students and class sizes"),
            ("final", "Year and final marks per student"),
            ("forecast", "Forecast of the period marks"),
            ("control", "Control works (internal quality assessment)"),
            ("checks", "Completeness and timeliness of the journals"),
        ],
        required=True,
        default="summary",
    )
    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        default=lambda self: self._default_year(),
    )
    class_ids = fields.Many2many(
        "school.class",
        string="Classes",
        domain="[('year_id', '=', year_id)]",
        help="Leave empty for every class of the year you may read.",
    )
    period_id = fields.Many2one(
        "school.period",
        string="Period",
        domain="[('year_id', '=', year_id)]",
        help="A period, or empty for the whole year.",
    )
    subject_id = fields.Many2one(
        "school.subject",
        string="Subject",
        domain="[('id', 'in', allowed_subject_ids)]",
        help="Only this subject's columns or lines, or empty for every subject.",
    )
    student_id = fields.Many2one(
        "school.student",
        string="Student",
        domain="[('id', 'in', allowed_student_ids)]",
        help="Only this student's lines, or empty for the whole class.",
    )
    allowed_subject_ids = fields.Many2many("school.subject", compute="_compute_allowed")
    allowed_student_ids = fields.Many2many("school.student", compute="_compute_allowed")

    @api.model
    def _default_year(self):
        today = fields.Date.context_today(self)
        return self.env["school.academic.year"].search(
            [("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        )

    @api.depends("year_id", "class_ids")
    def _compute_allowed(self):
        """The subjects taught and the students enrolled in the chosen classes (all the
        year's if none): what the subject and the student filters offer."""
        for wizard in self:
            classes = wizard.class_ids or self.env["school.class"].search(
                [("year_id", "=", wizard.year_id.id)]
            )
            builder = wizard._builder()
            wizard.allowed_subject_ids = self.env["school.subject"].union(
                *builder._class_subjects(classes).values()
            )
            students = self.env["school.student"].union(*builder._class_students(classes).values())
            # the filter offers only the students the user may read
            wizard.allowed_student_ids = students.sudo(False)._filtered_access("read")

    @api.onchange("year_id", "class_ids")
    def _onchange_classes(self):
        if self.subject_id not in self.allowed_subject_ids:
            self.subject_id = False
        if self.student_id not in self.allowed_student_ids:
            self.student_id = False

    def _builder(self):
        """The chosen report's builder with the form's choices."""
        self.ensure_one()
        return BUILDERS[self.report](self.env, self.year_id, **self._builder_options())

    def _builder_options(self):
        return {
            "classes": self.class_ids,
            "period": self.period_id,
            "subject": self.subject_id,
            "student": self.student_id,
        }

    def _subject_filter(self):
        """The subject the report is limited to: none where the report has no such filter."""
        return self._builder()._subject_filter()

    def _student_filter(self):
        """The student the report is limited to: none where the report has no such filter."""
        return self._builder()._student_filter()

    def _classes(self):
        """The chosen classes (all of the year if none), checked against the reader."""
        return self._builder()._classes()

    def _range(self):
        return self._builder()._range()

    # the workbook ----------------------------------------------------------------------------
    def action_print(self):
        self.ensure_one()
        return self._download(self._workbook(), self._file_name())

    def _workbook(self):
        """The chosen report as an XLSX file (bytes)."""
        return write_grid(self.env, self._builder().build())

    def _file_name(self):
        return f"{TITLES[self.report]} {self.year_id.name.replace('/', '-')}.xlsx"

    # the PDF statement ---------------------------------------------------------------------
    def action_print_pdf(self):
        """Registers the statement (number, checksum, QR code) and prints it."""
        self.ensure_one()
        if self.report not in SIGNED_REPORTS:
            raise UserError(self.env._("This report is only produced as an XLSX workbook."))
        if self._subject_filter() or self._student_filter():
            raise UserError(
                self.env._(
                    "A signed statement covers whole classes: clear the subject and the "
                    "student to print it, or download the XLSX."
                )
            )
        statement = self.env["school.class.statement"].create(
            {
                "report": self.report,
                "year_id": self.year_id.id,
                "period_id": self.period_id.id if self.report != "summary" else False,
                "class_ids": [fields.Command.set(self.class_ids.ids)],
            }
        )
        return self.env.ref(STATEMENT_REPORT).report_action(statement)

    def _grid(self, classes):
        """The report's sheets as plain JSON, as the PDF statement prints them."""
        return self._builder().grid(classes)
