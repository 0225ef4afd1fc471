from odoo import http
from odoo.http import request

from .portal_base import document_by_token


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
        certificate = document_by_token(
            "school.progress.certificate", token, [("state", "!=", "draft")]
        )
        return request.render(
            "school_records.school_progress_certificate_verification",
            {"certificate": certificate._public_values()},
        )
