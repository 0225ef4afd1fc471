from odoo import fields, models

from ..models.school_achievement import PORTFOLIO_PERIODS


class SchoolPortfolioPrint(models.TransientModel):
    """Print the portfolio of one or more students for a portfolio period or all years."""

    _name = "school.portfolio.print"
    _description = "Print Portfolio"

    student_ids = fields.Many2many("school.student", string="Students", required=True)
    period = fields.Selection(
        [*PORTFOLIO_PERIODS, ("all", "All years")], required=True, default="all"
    )

    def action_print(self):
        self.ensure_one()
        return self.env.ref("school_portfolio.school_portfolio_report").report_action(
            self.student_ids, data={"period": self.period}
        )
