from odoo import api, fields, models


class SchoolLessonPlanLine(models.Model):
    """A line of the календарно-тематическое планирование (КТП)."""

    _name = "school.lesson.plan.line"
    _description = "Lesson Plan Line"
    _order = "assignment_id, sequence, id"
    _rec_name = "topic"

    assignment_id = fields.Many2one(
        "school.teaching.assignment", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(string="No.", required=True, default=1)
    topic = fields.Char(required=True)
    hours = fields.Float(default=1.0, digits=(4, 1))
    planned_date = fields.Date()
    planned_week = fields.Integer(help="Week of the academic year, when no date is planned")
    is_control_work = fields.Boolean(string="Control work")
    lesson_ids = fields.One2many("school.lesson", "plan_line_id")

    @api.depends("sequence", "topic")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.sequence}. {line.topic or ''}".strip()

    _sql_constraints = [
        (
            "sequence_uniq",
            "unique(assignment_id, sequence)",
            "The lesson plan already has a line with this number.",
        ),
    ]
