from odoo import http
from odoo.http import request

from .portal_base import document_by_token


class SchoolClassStatementController(http.Controller):
    """The page the QR code of a printed class statement leads to: anyone who scans it
    learns that the school issued the statement (number, kind, year, classes, date,
    checksum), never a student's name or mark."""

    @http.route(
        "/school/statement/<string:token>",
        type="http",
        auth="public",
        website=False,
        methods=["GET"],
        sitemap=False,
    )
    def school_class_statement_verify(self, token, **kwargs):
        statement = self._statement_by_token(token)
        return request.render(
            "school_records.school_class_statement_verification",
            {"statement": statement._public_values()},
        )

    def _statement_by_token(self, token):
        return document_by_token("school.class.statement", token)
