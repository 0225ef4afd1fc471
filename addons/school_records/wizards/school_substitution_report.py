from odoo import fields, models

from ..builders.substitution import SubstitutionBuilder
from ..tools.xlsx import write_grid


class SchoolSubstitutionReport(models.TransientModel):
    """The form of «Замещённые уроки» (``builders/substitution.py``): the month. Only
    the deputy director and the director print it."""

    _name = "school.substitution.report"
    _inherit = ["school.report.download.mixin"]
    _description = "Monthly Substitution Report"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month to report.",
    )

    def action_print(self):
        self.ensure_one()
        self.env["school.lesson.change"]._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )
        start = self.month.replace(day=1)
        content = write_grid(self.env, SubstitutionBuilder(self.env, start).build())
        name = f"Замены {start:%m.%Y}.xlsx"
        return self._download(content, name)
