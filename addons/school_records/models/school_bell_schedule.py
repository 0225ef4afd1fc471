from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SchoolBellSchedule(models.Model):
    """Расписание звонков: the start and end of each lesson number.

    A school keeps several: the usual one, the first grade's (35-minute lessons in the
    first half-year), one for shortened days. A timetable names its schedule, or takes
    the default schedule of its class's level."""

    _name = "school.bell.schedule"
    _description = "Bell Schedule"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    level_from = fields.Integer(string="From grade", default=1, required=True)
    level_to = fields.Integer(string="To grade", default=11, required=True)
    is_shortened = fields.Boolean(
        string="Shortened day", help="The schedule of shortened days (before a holiday)."
    )
    line_ids = fields.One2many(
        "school.bell.schedule.line", "schedule_id", string="Lessons", copy=True
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "levels_check",
            "check(level_from >= 1 and level_to <= 11 and level_from <= level_to)",
            "Grades run from 1 to 11, the first not after the last.",
        ),
    ]

    @api.model
    def _default_for_level(self, level):
        """The first ordinary (not shortened) schedule that covers the grade."""
        return self.search(
            [("is_shortened", "=", False), ("level_from", "<=", level), ("level_to", ">=", level)],
            limit=1,
        )


class SchoolBellScheduleLine(models.Model):
    _name = "school.bell.schedule.line"
    _description = "Bell Schedule Line"
    _order = "schedule_id, number"

    schedule_id = fields.Many2one(
        "school.bell.schedule", required=True, ondelete="cascade", index=True
    )
    number = fields.Integer(string="Lesson No.", required=True, default=1)
    time_start = fields.Float(string="Start", required=True)
    time_end = fields.Float(string="End", required=True)

    _sql_constraints = [
        ("number_uniq", "unique(schedule_id, number)", "The lesson number is already scheduled."),
    ]

    @api.constrains("number", "time_start", "time_end")
    def _check_times(self):
        for line in self:
            if not 1 <= line.number <= 12:
                raise ValidationError(self.env._("A lesson number runs from 1 to 12."))
            if not 0 <= line.time_start < line.time_end <= 24:
                raise ValidationError(
                    self.env._("Lesson %(number)s must end after it starts.", number=line.number)
                )
