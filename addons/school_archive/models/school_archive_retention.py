from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ARCHIVE_KINDS = [
    ("class_journal", "Class journal"),
    ("summary_statement", "Summary statement"),
    ("registration_book", "Registration book"),
    ("personal_file", "Personal file"),
    ("council_protocols", "Council protocols"),
    ("other", "Other"),
]

# the shortest terms the regulations allow, in years: seed 004 §7.4 and seed 003 §7.3.3
# (journals 5, summary statements 25), seed 003 §7.3.5 (the book of certificates 50),
# seed 003 §7.3.4 (personal files 3 after graduation); the council protocols back the
# summary statements and are kept as long
MINIMUM_YEARS = {
    "class_journal": 5,
    "summary_statement": 25,
    "registration_book": 50,
    "personal_file": 3,
    "council_protocols": 25,
}

RETENTION_EVENTS = [
    ("archiving", "Archiving"),
    ("year_end", "End of the academic year"),
    ("graduation", "Graduation or leaving the school"),
]


class SchoolArchiveRetention(models.Model):
    """Сроки хранения: how long each kind of archival unit is kept and from which event
    the term runs (seed 001 §VII, seed 003 §7.3). The archive schedule is the school's
    номенклатура дел, so the director may change it; units follow at once."""

    _name = "school.archive.retention"
    _description = "Archive Retention Period"
    _order = "kind"

    kind = fields.Selection(ARCHIVE_KINDS, required=True)
    years = fields.Integer(required=True, default=5)
    permanent = fields.Boolean(help="Kept for ever: never proposed for destruction.")
    start_event = fields.Selection(
        RETENTION_EVENTS, string="Term runs from", required=True, default="year_end"
    )
    note = fields.Char(string="Basis", help="The regulation that sets the period.")

    _sql_constraints = [
        ("kind_unique", "unique(kind)", "Each kind of unit has one retention period."),
        ("years_positive", "check(years >= 0)", "The retention period cannot be negative."),
    ]

    @api.constrains("kind", "years", "permanent")
    def _check_minimum_years(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for retention in self.filtered(lambda r: not r.permanent):
            minimum = MINIMUM_YEARS.get(retention.kind, 0)
            if retention.years < minimum:
                raise ValidationError(
                    self.env._(
                        "%(kind)s are kept at least %(minimum)s years by the school's "
                        "regulations: %(years)s years is too short.",
                        kind=labels[retention.kind],
                        minimum=minimum,
                        years=retention.years,
                    )
                )

    def write(self, vals):
        if "start_event" not in vals and "kind" not in vals:
            return super().write(vals)
        # the units' term now runs from another event: their seals cover its start
        return self.env["school.archive.record"]._reseal_after(
            [("retention_id", "in", self.ids)],
            lambda: super(SchoolArchiveRetention, self).write(vals),
        )

    @api.depends("kind", "years", "permanent")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for retention in self:
            retention.display_name = labels.get(retention.kind, "")

    @api.model
    def _for_kind(self, kind):
        return self.search([("kind", "=", kind)], limit=1)

    def _expiry(self, start):
        """The day the term ends, or False when kept for ever or not started."""
        self.ensure_one()
        if self.permanent or not start:
            return False
        return start + relativedelta(years=self.years)
