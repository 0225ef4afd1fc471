from odoo import api, fields, models
from odoo.exceptions import UserError


class SchoolStudent(models.Model):
    _inherit = "school.student"

    achievement_ids = fields.One2many("school.achievement", "student_id", string="Achievements")
    encouragement_ids = fields.One2many(
        "school.encouragement", "student_id", string="Encouragements"
    )
    portfolio_handover_ids = fields.One2many(
        "school.portfolio.handover", "student_id", string="Portfolio hand-overs"
    )
    achievement_count = fields.Integer(compute="_compute_achievement_count")

    @api.depends("achievement_ids")
    def _compute_achievement_count(self):
        counts = dict(
            self.env["school.achievement"]._read_group(
                [("student_id", "in", self.ids)], ["student_id"], ["__count"]
            )
        )
        for student in self:
            student.achievement_count = counts.get(student, 0)

    def _portfolio_handed_over(self):
        """The students among these whose portfolio was handed over to the family."""
        if not self:
            return self
        return (
            self.env["school.portfolio.handover"]
            .sudo()
            .search([("student_id", "in", self.ids), ("state", "=", "done")])
            .student_id
        )

    def _check_portfolio_open(self):
        handed = self._portfolio_handed_over()
        if handed:
            raise UserError(
                self.env._(
                    "The portfolio of %(student)s was handed over to the family: "
                    "its entries are read-only.",
                    student=", ".join(handed.mapped("name")),
                )
            )

    def action_view_achievements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_portfolio.school_achievement_action"
        )
        action["domain"] = [("student_id", "=", self.id)]
        action["context"] = {"default_student_id": self.id}
        return action

    def action_print_portfolio(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_portfolio.school_portfolio_print_action"
        )
        action["context"] = {"default_student_ids": self.ids}
        return action

    def action_portfolio_handover(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_portfolio.school_portfolio_handover_action"
        )
        handover = self.portfolio_handover_ids[:1]
        action["context"] = {"default_student_id": self.id}
        if handover:
            action.update({"res_id": handover.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action.update({"view_mode": "form", "views": [(False, "form")]})
        return action
