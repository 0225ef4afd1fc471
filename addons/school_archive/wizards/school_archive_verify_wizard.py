from odoo import fields, models

from odoo.addons.school_archive.models.school_archive_retention import ARCHIVE_KINDS


class SchoolArchiveVerifyWizard(models.TransientModel):
    """Verify the archive now: every unit, or those of a year or a kind."""

    _name = "school.archive.verify.wizard"
    _description = "Verify the Archive"

    year_id = fields.Many2one("school.academic.year", string="Academic year")
    kind = fields.Selection(ARCHIVE_KINDS)

    def action_verify(self):
        self.ensure_one()
        domain = [("state", "!=", "destroyed")]
        if self.year_id:
            domain.append(("year_id", "=", self.year_id.id))
        if self.kind:
            domain.append(("kind", "=", self.kind))
        records = self.env["school.archive.record"].search(domain)
        return self.env["school.archive.check"]._run(records)._open()
