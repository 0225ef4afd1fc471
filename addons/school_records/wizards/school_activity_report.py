from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..builders.activity import ActivityBuilder
from ..tools.xlsx import write_grid


class SchoolActivityReport(models.TransientModel):
    """The form of «Активность пользователей» (seed 004 §4.5), the deputy's and the
    director's; the report is ``builders/activity.py``'s."""

    _name = "school.activity.report"
    _inherit = ["school.report.download.mixin"]
    _description = "User Activity Report"

    date_from = fields.Date(required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.model
    def _default_date_from(self):
        today = fields.Date.context_today(self)
        year = self.env["school.academic.year"].search(
            [("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        )
        return year.date_start or today.replace(day=1)

    def action_print(self):
        self.ensure_one()
        if not self.env["school.roles"]._is_deputy():
            raise AccessError(
                self.env._("Only the deputy and the director read the users' activity.")
            )
        if self.date_from > self.date_to:
            raise UserError(self.env._("The report cannot end before it starts."))
        content = write_grid(
            self.env, ActivityBuilder(self.env, self.date_from, self.date_to).build()
        )
        name = f"Активность пользователей {self.date_from:%d.%m.%Y}-{self.date_to:%d.%m.%Y}.xlsx"
        return self._download(content, name)
