import base64
import mimetypes

from odoo import fields, models


class SchoolArchiveFileUpload(models.TransientModel):
    """Add a file (a scanned personal file, a registration book, …) to a unit."""

    _name = "school.archive.file.upload"
    _description = "Add a File to the Archive"

    record_id = fields.Many2one("school.archive.record", string="Unit", required=True)
    file_data = fields.Binary(string="File", required=True, attachment=False)
    file_name = fields.Char(required=True)

    def action_upload(self):
        self.ensure_one()
        self.record_id.check_access("write")
        mimetype = mimetypes.guess_type(self.file_name)[0] or "application/octet-stream"
        self.record_id._add_files([(self.file_name, base64.b64decode(self.file_data), mimetype)])
        return {"type": "ir.actions.act_window_close"}
