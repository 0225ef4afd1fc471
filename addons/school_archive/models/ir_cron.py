from odoo import fields, models


class IrCron(models.Model):
    _inherit = "ir.cron"

    progress_done = fields.Integer(
        string="Done",
        compute="_compute_progress",
        help="Records processed by the last batch of the last run (Odoo's progress API).",
    )
    progress_remaining = fields.Integer(
        string="Remaining",
        compute="_compute_progress",
        help="Records left to process after the last batch of the last run.",
    )

    def _compute_progress(self):
        last = {}
        progresses = (
            self.env["ir.cron.progress"]
            .sudo()
            .search([("cron_id", "in", self.ids)], order="id desc")
        )
        for progress in progresses:
            last.setdefault(progress.cron_id.id, progress)
        for cron in self:
            progress = last.get(cron.id)
            cron.progress_done = progress.done if progress else 0
            cron.progress_remaining = progress.remaining if progress else 0
