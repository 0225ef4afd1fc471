from odoo import api, fields, models
from odoo.exceptions import UserError


class SchoolPeriodMarkPropose(models.TransientModel):
    """«Предложить итоговые» from the period marks list: the teacher picks a journal and
    a period and the system proposes its period marks (the same call as the grid's
    button; who may set the marks may propose them, checked by the period mark model)."""

    _name = "school.period.mark.propose"
    _description = "Propose Period Marks"

    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        required=True,
        default=lambda self: self._default_assignment(),
        domain="[('teacher_id', '=', uid)]",
    )
    year_id = fields.Many2one(related="assignment_id.year_id")
    period_scheme = fields.Selection(related="assignment_id.class_id.period_scheme")
    period_id = fields.Many2one(
        "school.period",
        required=True,
        domain="[('year_id', '=', year_id), ('scheme', '=', period_scheme or 'quarter'), "
        "('state', '=', 'open')]",
    )

    def _default_assignment(self):
        return self.env["school.journal.grid"]._landing_lesson().assignment_id

    @api.onchange("assignment_id")
    def _onchange_assignment_id(self):
        lesson = self.env["school.journal.grid"]._landing_lesson(self.assignment_id._origin)
        if lesson.period_id.state == "open":
            self.period_id = lesson.period_id
        elif self.period_id.year_id != self.assignment_id.year_id:
            self.period_id = False

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if (
            "period_id" in fields_list
            and values.get("assignment_id")
            and not values.get("period_id")
        ):
            assignment = self.env["school.teaching.assignment"].browse(values["assignment_id"])
            lesson = self.env["school.journal.grid"]._landing_lesson(assignment)
            if lesson.period_id.state == "open":
                values["period_id"] = lesson.period_id.id
        return values

    def action_propose(self):
        self.ensure_one()
        self.env["school.journal.grid"].propose_period_marks(
            self.assignment_id.id, self.period_id.id
        )
        if not self.env["school.period.mark"].search_count(
            [("assignment_id", "=", self.assignment_id.id), ("period_id", "=", self.period_id.id)]
        ):
            raise UserError(self.env._("The journal has no students in this period."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_records.school_period_mark_action"
        )
        action["domain"] = [
            ("assignment_id", "=", self.assignment_id.id),
            ("period_id", "=", self.period_id.id),
        ]
        action["context"] = {}
        action["name"] = action["display_name"] = self.env._(
            "Period marks: %(journal)s, %(period)s",
            journal=self.assignment_id.name,
            period=self.period_id.display_name,
        )
        return action
