from odoo import api, models


class SchoolDemoGenerator(models.AbstractModel):
    _inherit = "school.demo.generator"

    @api.model
    def generate(self, size="small", year_start=None):
        """The demo student's portfolio has entries to review and print."""
        counts = super().generate(size, year_start)
        counts["portfolio_entries"] = len(self.env["school.achievement"]._create_demo_portfolio())
        return counts
