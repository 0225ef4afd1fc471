from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from .school_diary_extract import TOKEN


class SchoolProgressCertificateController(http.Controller):
    """The page the QR code of a signed progress certificate leads to: the number, the
    date, the school, the student's initials, class and year and the checksum, never a
    mark. A certificate not signed yet has no token and no page."""

    @http.route(
        "/school/progress/<string:token>",
        type="http",
        auth="public",
        website=False,
        methods=["GET"],
        sitemap=False,
    )
    def school_progress_certificate_verify(self, token, **kwargs):
        if not TOKEN.match(token or ""):
            raise NotFound()
        certificate = (
            request.env["school.progress.certificate"]
            .sudo()
            .search([("access_token", "=", token), ("state", "!=", "draft")], limit=1)
        )
        if not certificate:
            raise NotFound()
        return request.render(
            "school_records.school_progress_certificate_verification",
            {"certificate": certificate._public_values()},
        )
