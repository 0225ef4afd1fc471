from odoo import api, fields, models


class SchoolArchiveAccessLog(models.Model):
    """Who read an archived personal file, and when (152-FZ: personal data)."""

    _name = "school.archive.access.log"
    _description = "Archive Access Log"
    _order = "date desc, id desc"
    _log_access = True

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one("res.users", string="Read by", required=True, readonly=True)
    record_id = fields.Many2one(
        "school.archive.record", string="Unit", required=True, readonly=True, index=True
    )
    file_id = fields.Many2one("school.archive.file", string="File", readonly=True)
    how = fields.Selection(
        [("download", "File downloaded"), ("open", "Card opened")],
        string="Read",
        required=True,
        default="download",
        readonly=True,
    )
    student_id = fields.Many2one(related="record_id.student_id", store=True)

    @api.model
    def _log_read(self, archived):
        """Log a read of `archived` (a school.archive.file) if it is a personal file."""
        if archived.record_id.kind != "personal_file":
            return self.browse()
        return self.sudo().create(
            {"user_id": self.env.uid, "record_id": archived.record_id.id, "file_id": archived.id}
        )

    @api.model
    def _log_open(self, units):
        """Log that the card of each personal-file unit of `units` was opened."""
        units = units.filtered(lambda unit: unit.kind == "personal_file")
        return self.sudo().create(
            [{"user_id": self.env.uid, "record_id": unit.id, "how": "open"} for unit in units]
        )
