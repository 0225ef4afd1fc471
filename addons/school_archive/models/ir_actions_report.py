import io

from odoo import models
from odoo.exceptions import UserError
from odoo.tools.pdf import PdfFileReader, merge_pdf

REGISTER_REPORT = "school_archive.school_certificate_register_document"
# the certificate is alone on the last page: the second print of a book already states
# its own page count, a third one is a safety margin
MAX_PRINTS = 3


def pdf_page_count(content):
    return len(PdfFileReader(io.BytesIO(content)).pages)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """The registration book certifies the number of pages of the printed PDF itself
        (title, entries, sign-offs, corrections and the certificate page): each book is
        printed on its own until its certificate states its page count, then the books
        are merged."""
        if not res_ids or self._get_report(report_ref).report_name != REGISTER_REPORT:
            return super()._render_qweb_pdf(report_ref, res_ids, data=data)
        res_ids = [res_ids] if isinstance(res_ids, int) else res_ids
        books = []
        for register_id in res_ids:
            content, kind = self._render_registration_book(report_ref, register_id, data)
            if kind != "pdf":
                # the tests get the HTML instead of a PDF: no pages to count
                return super()._render_qweb_pdf(report_ref, res_ids, data=data)
            books.append(content)
        return (books[0] if len(books) == 1 else merge_pdf(books)), "pdf"

    def _render_registration_book(self, report_ref, register_id, data):
        counts = {}
        for _print in range(MAX_PRINTS):
            values = dict(data or {}, register_page_counts=counts)
            content, kind = super()._render_qweb_pdf(report_ref, [register_id], data=values)
            if kind != "pdf":
                return content, kind
            pages = pdf_page_count(content)
            if counts.get(register_id) == pages:
                return content, kind
            counts = {register_id: pages}
        raise UserError(
            self.env._(
                "The registration book %(book)s could not be printed: its number of pages "
                "changes from one print to the next.",
                book=self.env["school.certificate.register"].browse(register_id).display_name,
            )
        )
