from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError


class SchoolTimetableGenerate(models.TransientModel):
    """The deputy generates (or regenerates) the lessons of some timetables, or of the
    whole school, between two dates."""

    _name = "school.timetable.generate"
    _description = "Generate Lessons from Timetables"

    timetable_ids = fields.Many2many("school.timetable", string="Timetables")
    date_from = fields.Date(required=True, default=fields.Date.context_today)
    date_to = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=14)
    )
    result = fields.Text(readonly=True)

    def action_generate(self):
        self.ensure_one()
        self.env["school.timetable"]._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )
        if self.date_to < self.date_from:
            raise UserError(self.env._("The last day comes before the first."))
        counts = self.timetable_ids._generate_lessons(self.date_from, self.date_to)
        self.result = self.env._(
            "Lessons created: %(created)s, deleted: %(removed)s, flagged for review: "
            "%(flagged)s, kept: %(kept)s.",
            **counts,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
