from odoo import http
from odoo.http import request

from odoo.addons.school_records.controllers.portal_base import document_by_token


class SchoolCertificateController(http.Controller):
    """The page the QR code of a printed certificate annex leads to: anyone who scans it
    learns the certificate's number, year and whether it is valid, cancelled or replaced
    by a duplicate, never the graduate's name or marks. The token, not the id, finds
    the certificate."""

    @http.route(
        "/school/certificate/<string:token>",
        type="http",
        auth="public",
        website=False,
        methods=["GET"],
        sitemap=False,
    )
    def school_certificate_verify(self, token, **kwargs):
        certificate = self._certificate_by_token(token)
        return request.render(
            "school_archive.school_certificate_verification",
            {"certificate": certificate._public_values()},
        )

    def _certificate_by_token(self, token):
        return document_by_token(
            "school.certificate", token, [("state", "in", ("issued", "duplicate", "cancelled"))]
        )
