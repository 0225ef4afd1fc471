from odoo import http
from odoo.http import content_disposition, request


class SchoolArchiveController(http.Controller):
    @http.route("/school_archive/file/<int:file_id>", type="http", auth="user")
    def download(self, file_id):
        """An archived file from an intact copy; reads of personal files are logged.

        The id in the URL is only a name: the file is looked up under the user's own
        rights (access rights and record rules), and the user must read its unit too.
        A user without the right to read archived files gets 403 (AccessError); a
        file the record rules hide from the user is answered as if it did not exist."""
        archived = request.env["school.archive.file"].search([("id", "=", file_id)], limit=1)
        if not archived:
            return request.not_found()
        archived.record_id.check_access("read")
        content = archived._read_for_download()
        headers = [
            ("Content-Type", archived.mimetype or "application/octet-stream"),
            ("Content-Length", str(len(content))),
            ("Content-Disposition", content_disposition(archived.name)),
        ]
        return request.make_response(content, headers)
