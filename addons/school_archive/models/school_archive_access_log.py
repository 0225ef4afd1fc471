from odoo import api, fields, models


class SchoolArchiveAccessLog(models.Model):
    """Who read a personal file, and when (152-FZ: personal data): the downloads and the
    opened cards of archived personal files, and every read of a personal file's fields
    or annual results by a user, whatever the path (form, list, JSON-RPC ``read``,
    ``search_read``, ``web_read``)."""

    _name = "school.archive.access.log"
    _description = "Archive Access Log"
    _order = "date desc, id desc"
    _log_access = True

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one("res.users", string="Read by", required=True, readonly=True)
    record_id = fields.Many2one("school.archive.record", string="Unit", readonly=True, index=True)
    personal_file_id = fields.Many2one(
        "school.personal.file", string="Personal file", readonly=True, index=True
    )
    file_id = fields.Many2one("school.archive.file", string="File", readonly=True)
    how = fields.Selection(
        [
            ("download", "File downloaded"),
            ("open", "Card opened"),
            ("read", "Personal file read"),
        ],
        string="Read",
        required=True,
        default="download",
        readonly=True,
    )
    student_id = fields.Many2one(
        "school.student", compute="_compute_student_id", store=True, string="Student"
    )

    @api.depends("record_id.student_id", "personal_file_id.student_id")
    def _compute_student_id(self):
        for log in self:
            log.student_id = log.personal_file_id.student_id or log.record_id.student_id

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

    @api.model
    def _log_personal_file_read(self, personal_files):
        """Log that the user of the request read the fields of `personal_files`."""
        if self.env.su or not personal_files:
            return self.browse()
        return self.sudo().create(
            [
                {"user_id": self.env.uid, "personal_file_id": personal_file.id, "how": "read"}
                for personal_file in personal_files
            ]
        )
