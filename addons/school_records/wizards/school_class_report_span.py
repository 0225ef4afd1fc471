from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..builders.class_report_base import SPAN_REPORTS


class SchoolClassReport(models.TransientModel):
    _inherit = "school.class.report"

    date_from = fields.Date(
        string="Count from",
        help="Count from this date instead of the start of the period (or of the year).",
    )
    date_to = fields.Date(
        string="Count up to",
        help="Count up to this date instead of the end of the period (or of the year).",
    )

    @api.constrains("date_from", "date_to")
    def _check_span(self):
        for wizard in self:
            if wizard.date_from and wizard.date_to and wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The start of the span is after its end."))

    def _has_span(self):
        return self.report in SPAN_REPORTS and bool(self.date_from or self.date_to)

    def _builder_options(self):
        """The span of dates, counted by the builders of the reports of a span."""
        return {**super()._builder_options(), "date_from": self.date_from, "date_to": self.date_to}

    def action_print_pdf(self):
        if self._has_span():
            raise UserError(
                self.env._(
                    "A signed statement covers a whole period or year: clear the dates to "
                    "print it, or download the XLSX."
                )
            )
        return super().action_print_pdf()
