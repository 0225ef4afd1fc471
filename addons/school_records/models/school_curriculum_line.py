from odoo import api, fields, models

from .school_class import LEVELS


class SchoolCurriculumLine(models.Model):
    """A line of the учебный план: hours of a subject in a grade (or one class)."""

    _name = "school.curriculum.line"
    _description = "Curriculum Line"
    _order = "year_id desc, level, subject_id"

    year_id = fields.Many2one("school.academic.year", required=True, index=True)
    level = fields.Selection(LEVELS, required=True)
    class_id = fields.Many2one(
        "school.class", help="Only for a class whose plan differs from its grade's"
    )
    subject_id = fields.Many2one("school.subject", required=True)
    hours_per_week = fields.Float(digits=(4, 1))
    hours_per_year = fields.Integer(compute="_compute_hours_per_year", store=True, readonly=False)
    weeks_per_year = fields.Integer(default=34)

    _sql_constraints = [
        (
            "line_uniq",
            "unique nulls not distinct(year_id, level, class_id, subject_id)",
            "The subject already has a line for this grade.",
        ),
        ("hours_check", "check(hours_per_year >= 0)", "Hours cannot be negative."),
    ]

    @api.depends("hours_per_week", "weeks_per_year")
    def _compute_hours_per_year(self):
        for line in self:
            line.hours_per_year = round(line.hours_per_week * line.weeks_per_year)
