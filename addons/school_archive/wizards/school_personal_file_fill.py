from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class SchoolPersonalFileFill(models.TransientModel):
    """Fill the annual results of every student of the chosen classes in one go: the
    confirmed year marks and the council's decisions. Lines already signed are kept."""

    _name = "school.personal.file.fill"
    _description = "Fill Annual Results of Personal Files"

    class_ids = fields.Many2many("school.class", string="Classes", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "class_ids" in fields_list and not values.get("class_ids"):
            own = self.env["school.roles"]._classes_led()
            values["class_ids"] = [fields.Command.set(own[:1].ids)]
        return values

    def action_fill(self):
        self.ensure_one()
        self._check_can_fill()
        lines = self.env["school.personal.file.year"].sudo()._fill_for_classes(self.class_ids)
        if not lines:
            raise UserError(
                self.env._("No student finished the year in these classes, or all are signed.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Annual results"),
            "res_model": "school.personal.file.year",
            "view_mode": "list,form",
            "domain": [("id", "in", lines.ids)],
        }

    def _check_can_fill(self):
        """The class teacher fills their own class; the deputy, the director and the
        office fill any class."""
        roles = self.env["school.roles"]
        if roles._is_deputy() or roles._is_secretary():
            return
        others = self.class_ids.filtered(lambda c: not roles._is_class_teacher_of(c))
        if others:
            raise AccessError(
                self.env._(
                    "Only the class teacher fills the annual results of %(classes)s.",
                    classes=", ".join(others.mapped("name")),
                )
            )
