from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Usual Russian school calendar: (scheme, sequence, (month, day) start, (month, day) end).
# The first month belongs to the year's first calendar year when it is September or later.
DEFAULT_PERIODS = [
    ("quarter", 1, (9, 1), (10, 25)),
    ("quarter", 2, (11, 5), (12, 28)),
    ("quarter", 3, (1, 9), (3, 21)),
    ("quarter", 4, (3, 31), (5, 26)),
    ("half_year", 1, (9, 1), (12, 28)),
    ("half_year", 2, (1, 9), (5, 26)),
]


class SchoolAcademicYear(models.Model):
    """Учебный год: 1 September to 31 August, with its periods."""

    _name = "school.academic.year"
    _description = "Academic Year"
    _order = "date_start desc"

    name = fields.Char(required=True, help="For example 2026/2027")
    date_start = fields.Date(required=True)
    date_end = fields.Date(required=True)
    active = fields.Boolean(default=True)
    period_ids = fields.One2many("school.period", "year_id", string="Periods")
    class_ids = fields.One2many("school.class", "year_id", string="Classes")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "This academic year exists."),
        ("dates_check", "check(date_start < date_end)", "The year must end after it starts."),
    ]

    @api.model
    def _year_for_date(self, day):
        return self.search([("date_start", "<=", day), ("date_end", ">=", day)], limit=1)

    @api.model
    def _default_dates(self, first_calendar_year):
        return date(first_calendar_year, 9, 1), date(first_calendar_year + 1, 8, 31)

    def action_generate_periods(self):
        """Create the default quarters (grades 1-9) and half-years (10-11)."""
        for year in self:
            if year.period_ids:
                raise ValidationError(self.env._("The year %s already has periods.", year.name))
            year.env["school.period"].create(year._default_period_values())
        return True

    def _default_period_values(self):
        self.ensure_one()
        first = self.date_start.year
        names = {"quarter": self.env._("Quarter %s"), "half_year": self.env._("Half-year %s")}
        values = []
        for scheme, sequence, start, end in DEFAULT_PERIODS:
            start_year = first if start[0] >= 9 else first + 1
            end_year = first if end[0] >= 9 else first + 1
            values.append(
                {
                    "year_id": self.id,
                    "scheme": scheme,
                    "sequence": sequence,
                    "name": names[scheme] % sequence,
                    "date_start": date(start_year, *start),
                    "date_end": date(end_year, *end),
                }
            )
        return values
