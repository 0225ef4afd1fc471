from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# the statements of a span of dates (seed 002 §2.5.3): counted between two dates rather
# than over a period; the marks of a period or the year stay those of the period chosen
SPAN_REPORTS = ("class_teacher", "attendance", "gaps", "movement", "control", "checks")


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

    def _range(self):
        """The chosen dates, each defaulting to the bound of the period or the year."""
        date_from, date_to, what = super()._range()
        if not self._has_span():
            return date_from, date_to, what
        date_from, date_to = self.date_from or date_from, self.date_to or date_to
        if date_from > date_to:
            raise UserError(self.env._("The start of the span is after its end."))
        return (
            date_from,
            date_to,
            f"с {date_from.strftime('%d.%m.%Y')} по {date_to.strftime('%d.%m.%Y')}",
        )

    def action_print_pdf(self):
        if self._has_span():
            raise UserError(
                self.env._(
                    "A signed statement covers a whole period or year: clear the dates to "
                    "print it, or download the XLSX."
                )
            )
        return super().action_print_pdf()
