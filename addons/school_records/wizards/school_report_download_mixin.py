import base64
from urllib.parse import urlencode

from odoo import fields, models


class SchoolReportDownloadMixin(models.AbstractModel):
    """The one way a report wizard hands its file to the browser: the wizard keeps its
    form and builds the file (through a report builder); ``_download`` stores the file
    on the wizard and returns the action that downloads it."""

    _name = "school.report.download.mixin"
    _description = "Report Download"

    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(string="File Name", readonly=True)

    def _download(self, content, file_name):
        """Stores ``content`` (bytes) as ``file_name`` and returns the download action."""
        self.ensure_one()
        self.write({"file_data": base64.b64encode(content), "file_name": file_name})
        query = urlencode(
            {
                "model": self._name,
                "id": self.id,
                "field": "file_data",
                "filename_field": "file_name",
                "download": "true",
            }
        )
        return {"type": "ir.actions.act_url", "url": f"/web/content/?{query}", "target": "self"}
