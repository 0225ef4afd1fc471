from odoo import api, fields, models

# units archived per click: the wizard comes back with the progress in between
WIZARD_BATCH = 25


class SchoolArchiveYearWizard(models.TransientModel):
    """Year-end archiving on demand (due by 30 June, seed 004 §7; the scheduler goes
    on with an archiving started here).

    It proposes the last finished academic year that is not archived yet, never the
    current one, and archives it in batches, showing how far it got; or hands the rest
    to the scheduled action (``ir.cron`` reports its progress)."""

    _name = "school.archive.year.wizard"
    _description = "Year-end Archiving"

    year_id = fields.Many2one("school.academic.year", string="Academic year", required=True)
    with_pdf = fields.Boolean(string="PDF of the journals", default=True)
    act_id = fields.Many2one(
        "school.archive.transfer.act", string="Act of transfer", compute="_compute_act_id"
    )
    units_done = fields.Integer(related="act_id.units_done", string="Units archived")
    units_total = fields.Integer(related="act_id.units_total", string="Units in all")
    progress = fields.Float(related="act_id.progress")
    act_state = fields.Selection(related="act_id.state", string="Archiving status")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        today = fields.Date.context_today(self)
        values.setdefault(
            "year_id", self.env["school.archive.transfer.act"]._last_finished_year(today).id
        )
        return values

    @api.depends("year_id")
    def _compute_act_id(self):
        Act = self.env["school.archive.transfer.act"]
        for wizard in self:
            wizard.act_id = wizard.year_id and Act.search(
                [("year_id", "=", wizard.year_id.id)], limit=1
            )

    def action_archive(self):
        """Archive the next batch of the year: back to the wizard with the progress while
        units remain, the act once the year is archived."""
        self.ensure_one()
        act = self.env["school.archive.transfer.act"]._archive_year(
            self.year_id, limit=WIZARD_BATCH, with_pdf=self.with_pdf
        )
        if act.state == "collecting":
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "target": "new",
                "name": self.env._("Year-end archiving"),
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": act._name,
            "res_id": act.id,
            "view_mode": "form",
        }

    def action_archive_in_background(self):
        """Start the archiving and let the scheduled action go on with it."""
        self.ensure_one()
        act = self.env["school.archive.transfer.act"]._archive_year(
            self.year_id, limit=0, with_pdf=self.with_pdf
        )
        self.env.ref("school_archive.ir_cron_school_archive_year_end").sudo()._trigger()
        return {
            "type": "ir.actions.act_window",
            "res_model": act._name,
            "res_id": act.id,
            "view_mode": "form",
        }
