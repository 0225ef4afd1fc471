from odoo import http
from odoo.http import request

from .portal_base import document_by_token


class SchoolDiaryExtractController(http.Controller):
    """The page the QR code of a printed diary extract leads to: anyone who scans it
    learns that the school issued the extract (number, date, school, the student's
    initials, range, checksum), never the marks."""

    @http.route(
        "/school/extract/<string:token>",
        type="http",
        auth="public",
        website=False,
        methods=["GET"],
        sitemap=False,
    )
    def school_diary_extract_verify(self, token, **kwargs):
        extract = self._extract_by_token(token)
        return request.render(
            "school_records.school_diary_extract_verification",
            {"extract": extract._public_values()},
        )

    def _extract_by_token(self, token):
        return document_by_token("school.diary.extract", token)
