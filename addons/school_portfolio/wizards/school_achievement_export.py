from odoo import api, fields, models

from odoo.addons.school_records.tools.xlsx import write_grid

from ..builders.achievements import AchievementBuilder


class SchoolAchievementExport(models.TransientModel):
    """The achievements of a class as an XLSX workbook, for the class teacher's reports.
    It reads with the user's own rights: a class teacher gets the entries of their class."""

    _name = "school.achievement.export"
    _inherit = ["school.report.download.mixin"]
    _description = "Export Class Achievements"

    class_id = fields.Many2one("school.class", string="Class", required=True)
    accepted_only = fields.Boolean(default=True, help="Leave out entries not yet accepted.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "class_id" in fields_list and not values.get("class_id"):
            own_class = self.env["school.roles"]._classes_led()[:1]
            values["class_id"] = own_class.id
        return values

    def action_export(self):
        self.ensure_one()
        return self._download(
            self._xlsx_content(),
            self.env._("Achievements %(school_class)s.xlsx", school_class=self.class_id.name),
        )

    def _xlsx_content(self):
        builder = AchievementBuilder(self.env, self.class_id, self.accepted_only)
        return write_grid(self.env, builder.build())
