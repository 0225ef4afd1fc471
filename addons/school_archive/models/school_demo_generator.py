from odoo import api, models


class SchoolDemoGenerator(models.AbstractModel):
    _inherit = "school.demo.generator"

    @api.model
    def generate(self, size="small", year_start=None):
        """The demo school also has certificate and annex blanks in stock."""
        counts = super().generate(size, year_start)
        batches = self.env["school.certificate.blank.batch"].sudo()._create_demo_batches()
        counts["certificate_blanks"] = (
            self.env["school.certificate.blank"]
            .sudo()
            .search_count([("batch_id", "in", batches.ids)])
        )
        return counts
