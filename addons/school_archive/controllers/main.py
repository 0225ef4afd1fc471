from odoo import http
from odoo.http import content_disposition, request


class SchoolArchiveController(http.Controller):
    @http.route("/school_archive/file/<int:file_id>", type="http", auth="user")
    def download(self, file_id):
        """An archived file from an intact copy; reads of personal files are logged."""
        archived = request.env["school.archive.file"].browse(file_id).exists()
        if not archived:
            return request.not_found()
        content = archived._read_for_download()
        headers = [
            ("Content-Type", archived.mimetype or "application/octet-stream"),
            ("Content-Length", str(len(content))),
            ("Content-Disposition", content_disposition(archived.name)),
        ]
        return request.make_response(content, headers)
