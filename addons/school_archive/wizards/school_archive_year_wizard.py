from odoo import api, fields, models


class SchoolArchiveYearWizard(models.TransientModel):
    """Year-end archiving on demand (the scheduler does it by 30 June)."""

    _name = "school.archive.year.wizard"
    _description = "Year-end Archiving"

    year_id = fields.Many2one("school.academic.year", string="Academic year", required=True)
    with_pdf = fields.Boolean(string="PDF of the journals", default=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        today = fields.Date.context_today(self)
        year = self.env["school.academic.year"].search(
            [("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        )
        values.setdefault("year_id", year.id)
        return values

    def action_archive(self):
        self.ensure_one()
        act = self.env["school.archive.transfer.act"]._archive_year(
            self.year_id, with_pdf=self.with_pdf
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": act._name,
            "res_id": act.id,
            "view_mode": "form",
        }
