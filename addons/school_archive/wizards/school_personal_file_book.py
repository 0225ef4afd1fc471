from odoo import fields, models
from odoo.exceptions import UserError

BOOK_REPORT = "school_archive.school_personal_file_book_report"


class SchoolPersonalFileBookPrint(models.TransientModel):
    """Print the alphabetical book of students of the company: the whole book, or the
    pages of one letter."""

    _name = "school.personal.file.book"
    _description = "Print the Alphabetical Book of Students"

    letter = fields.Char(help="Print only the files under this letter, e.g. К. Empty: all letters.")
    include_left = fields.Boolean(
        string="Students who left",
        default=True,
        help="The book records every student ever admitted. Untick to print only the "
        "students at school now (open files).",
    )

    def action_print(self):
        self.ensure_one()
        letter = self._normalized_letter()
        data = {
            "company_id": self.env.company.id,
            "letter": letter,
            "include_left": self.include_left,
        }
        report = self.env["report.school_archive.report_personal_file_book"]
        if not report._book_files(self.env.company, letter, self.include_left):
            raise UserError(self.env._("There is no personal file to print in the book."))
        return self.env.ref(BOOK_REPORT).report_action(None, data=data)

    def _normalized_letter(self):
        letter = (self.letter or "").strip().upper()
        if len(letter) > 1:
            raise UserError(self.env._("Give one letter, e.g. К, or none for the whole book."))
        return letter or False
