from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# the journal's layout, imported from here by the tests
from ..builders.journal import (  # noqa: F401
    FIRST_LESSON_COL,
    REPORT_REF,
    TABLE_ROW,
    JournalBuilder,
)
from ..tools.xlsx import SHEET_NAME_FORBIDDEN, write_grid


class SchoolJournalExport(models.TransientModel):
    """Export a class's journals (or one journal) for one period as the paper class
    journal lays them out: per subject a page of marks and absences and a page of
    lesson topics and homework, as an XLSX workbook or a printable PDF.

    Whoever may open a journal in the grid may export it: the content comes from
    ``school.journal.grid.load``, which checks the reader."""

    _name = "school.journal.export"
    _inherit = ["school.report.download.mixin"]
    _description = "Journal Export"

    class_id = fields.Many2one(
        "school.class",
        string="Class",
        compute="_compute_class_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        domain="[('class_id', '=', class_id)] if class_id else []",
        help="Only this journal; leave empty to export every journal of the class you may read.",
    )
    year_id = fields.Many2one("school.academic.year", compute="_compute_period_filter")
    period_scheme = fields.Selection(
        related="class_id.period_scheme", string="Period scheme", readonly=True
    )
    period_id = fields.Many2one(
        "school.period",
        string="Period",
        compute="_compute_period_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('year_id', '=', year_id), ('scheme', '=', period_scheme or 'quarter')]",
    )
    file_format = fields.Selection(
        [("xlsx", "Excel (XLSX)"), ("pdf", "PDF")],
        string="Format",
        required=True,
        default="xlsx",
    )

    @api.depends("assignment_id")
    def _compute_class_id(self):
        for wizard in self:
            if wizard.assignment_id.class_id:
                wizard.class_id = wizard.assignment_id.class_id

    @api.depends("class_id", "assignment_id")
    def _compute_period_filter(self):
        for wizard in self:
            wizard.year_id = wizard.class_id.year_id or wizard.assignment_id.year_id

    @api.depends("class_id", "assignment_id")
    def _compute_period_id(self):
        for wizard in self:
            if wizard.period_id and wizard.period_id in wizard._periods():
                continue
            wizard.period_id = wizard._current_period()

    @api.onchange("class_id")
    def _onchange_class_id(self):
        if self.assignment_id and self.assignment_id.class_id != self.class_id:
            self.assignment_id = False

    def action_export(self):
        """Build the file and hand it to the browser."""
        self.ensure_one()
        content = self._pdf_content() if self.file_format == "pdf" else self._xlsx_content()
        return self._download(content, self._file_name())

    # what to export ----------------------------------------------------------------------
    def _periods(self):
        scheme = self.period_scheme or "quarter"
        return self.year_id.period_ids.filtered(lambda p: p.scheme == scheme)

    def _current_period(self):
        """The period of today, else the first of the year (as the grid opens)."""
        periods = self._periods()
        if not periods:
            return periods
        today = fields.Date.context_today(self)
        current = self.env["school.period"]._find(today, periods[0].scheme, self.year_id)
        return current or periods.sorted("date_start")[:1]

    def _assignments_to_export(self):
        """The chosen journal, else the journals of the class the user may read."""
        if self.assignment_id:
            return self.assignment_id
        if not self.class_id:
            raise UserError(self.env._("Choose a class or a journal to export."))
        assignments = (
            self.env["school.teaching.assignment"]
            .search([("class_id", "=", self.class_id.id)])
            .sorted(lambda a: (a.subject_id.sequence, a.subject_id.name or "", a.id))
        )
        readable = assignments.filtered(self._may_read)
        if not readable:
            raise UserError(
                self.env._("You may not read any journal of the class %s.", self.class_id.name)
            )
        return readable

    def _may_read(self, assignment):
        try:
            self.env["school.journal"]._check_can_read(assignment)
        except AccessError:
            return False
        return True

    def _journal_pages(self):
        """One dict per journal with all the printed pages show; read through the grid."""
        self.ensure_one()
        if not self.period_id:
            raise UserError(self.env._("Choose the period to export."))
        return JournalBuilder(self.env, self.period_id).pages(self._assignments_to_export())

    def _file_stem(self):
        """«Journal_5А_Математика_Quarter_1», without the extension."""
        subject = self.assignment_id.subject_id.name
        parts = [self.env._("Journal"), self.class_id.name or self.assignment_id.name, subject]
        parts.append(self.period_id.name)
        stem = "_".join(part for part in parts if part)
        return SHEET_NAME_FORBIDDEN.sub("", stem).replace(" ", "_")

    def _file_name(self):
        return f"{self._file_stem()}.{self.file_format}"

    # PDF -----------------------------------------------------------------------------------
    def _pdf_content(self):
        content, _format = self.env["ir.actions.report"]._render_qweb_pdf(REPORT_REF, self.ids)
        return content

    # XLSX ----------------------------------------------------------------------------------
    def _xlsx_content(self):
        builder = JournalBuilder(self.env, self.period_id)
        return write_grid(self.env, builder.build(self._journal_pages()))
