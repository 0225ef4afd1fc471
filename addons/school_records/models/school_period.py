from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PERIOD_SCHEMES = [
    ("quarter", "Quarters"),
    ("half_year", "Half-years"),
    ("trimester", "Trimesters"),
]


class SchoolPeriod(models.Model):
    """Учебный период: a quarter, half-year or trimester of one academic year.

    Classes follow one scheme each (quarters for grades 1-9 and half-years for
    10-11 by default). Once the deputy closes a period its journal is read-only: its
    state, who closed it and when change only through the deputy's buttons (the workflow
    mixin refuses them on ``create`` and ``write``).
    """

    _name = "school.period"
    _description = "Study Period"
    _inherit = ["school.workflow.mixin", "mail.thread"]
    _workflow_fields = ("state", "closed_by_id", "closed_on")
    _order = "year_id desc, scheme, sequence"

    name = fields.Char(required=True)
    year_id = fields.Many2one("school.academic.year", required=True, ondelete="cascade", index=True)
    scheme = fields.Selection(PERIOD_SCHEMES, required=True, default="quarter")
    sequence = fields.Integer(default=1)
    date_start = fields.Date(required=True)
    date_end = fields.Date(required=True)
    date_deadline = fields.Date(
        string="Closing deadline",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        help="Period marks are due by this day (the last day of the period).",
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        default="open",
        required=True,
        tracking=True,
        copy=False,
    )
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        ("dates_check", "check(date_start <= date_end)", "A period must end after it starts."),
    ]

    @api.depends("year_id.name")
    def _compute_display_name(self):
        for period in self:
            period.display_name = f"{period.name} ({period.year_id.name})"

    @api.depends("date_end")
    def _compute_date_deadline(self):
        for period in self:
            period.date_deadline = period.date_end

    @api.constrains("date_start", "date_end", "year_id")
    def _check_within_year(self):
        for period in self:
            year = period.year_id
            if period.date_start < year.date_start or period.date_end > year.date_end:
                raise ValidationError(
                    self.env._(
                        "The period %(period)s must lie within the academic year %(year)s.",
                        period=period.name,
                        year=year.name,
                    )
                )

    @api.constrains("date_start", "date_end", "scheme", "year_id")
    def _check_no_overlap(self):
        for period in self:
            overlapping = self.search_count(
                [
                    ("id", "!=", period.id),
                    ("year_id", "=", period.year_id.id),
                    ("scheme", "=", period.scheme),
                    ("date_start", "<=", period.date_end),
                    ("date_end", ">=", period.date_start),
                ]
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "The period %s overlaps another period of the same scheme.", period.name
                    )
                )

    def action_close(self):
        self._check_can_close()
        self._workflow_write(
            {"state": "closed", "closed_by_id": self.env.uid, "closed_on": fields.Datetime.now()}
        )
        return True

    def action_reopen(self):
        self._check_can_close()
        self._workflow_write({"state": "open", "closed_by_id": False, "closed_on": False})
        return True

    def _check_can_close(self):
        if not self.env["school.roles"]._is_deputy():
            raise UserError(self.env._("Only a deputy director may close or reopen a period."))

    @api.model
    def _find(self, day, scheme, year):
        """The period of `scheme` in `year` that holds `day`, or an empty recordset."""
        return self.search(
            [
                ("year_id", "=", year.id),
                ("scheme", "=", scheme),
                ("date_start", "<=", day),
                ("date_end", ">=", day),
            ],
            limit=1,
        )
