from odoo import api, models
from odoo.exceptions import AccessError, UserError

# the sections of the book follow the alphabet, not the code points («Ё» after «Е»)
RUSSIAN_ALPHABET = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
# the paper book is written in Russian whatever the reader's language
LEAVING_REASONS_RU = {
    "transfer_out": "перевод в другую образовательную организацию",
    "graduation": "окончание обучения",
    "family_education": "переход на семейное образование",
    "expulsion": "отчисление",
    "other": "иная причина",
}
BOOK_PRINTERS = ("school_records.group_secretary", "school_records.group_director")


def book_letter_key(letter):
    """Russian letters in the order of the alphabet, then any other letter."""
    letter = letter or ""
    if letter in RUSSIAN_ALPHABET:
        return (0, RUSSIAN_ALPHABET.index(letter), letter)
    return (1, 0, letter)


def ru_date(day):
    return day.strftime("%d.%m.%Y") if day else ""


class SchoolPersonalFileBook(models.AbstractModel):
    """Алфавитная книга записи обучающихся (seed 003 §7.3.4): every student ever admitted,
    letter by letter, under the number of their personal file («К-17»), with the
    admission, the leaving and the issue of the file to another school.

    Printed by the secretary, who keeps the book, and by the director: either the files
    chosen in the list (``docids``) or the whole book of the company (``data`` from the
    wizard ``school.personal.file.book``)."""

    _name = "report.school_archive.report_personal_file_book"
    _description = "Alphabetical Book of Students"

    @api.model
    def _get_report_values(self, docids, data=None):
        self._check_can_print()
        data = data or {}
        if docids:
            files = self.env["school.personal.file"].browse(docids)
            company = files.company_id[:1] or self.env.company
        else:
            company = self.env["res.company"].browse(data.get("company_id")) or self.env.company
            files = self._book_files(company, data.get("letter"), data.get("include_left", True))
        if not files:
            raise UserError(self.env._("There is no personal file to print in the book."))
        files = self._in_book_order(files)
        return {
            "doc_ids": files.ids,
            "doc_model": "school.personal.file",
            "docs": files,
            "company": company,
            "sections": self._sections(files),
        }

    @api.model
    def _check_can_print(self):
        if not self.env["school.roles"]._holds_any(*BOOK_PRINTERS):
            raise AccessError(
                self.env._(
                    "Only the secretary and the director print the alphabetical book of students."
                )
            )

    @api.model
    def _book_files(self, company, letter=None, include_left=True):
        """The whole book of the company, or one letter of it; the files of the students
        who left are in the book unless asked otherwise."""
        domain = [("company_id", "=", company.id)]
        if letter:
            domain.append(("letter", "=", letter))
        if not include_left:
            domain.append(("state", "=", "open"))
        return self.env["school.personal.file"].search(domain)

    @api.model
    def _in_book_order(self, files):
        return files.sorted(lambda f: (book_letter_key(f.letter), f.book_number, f.id))

    @api.model
    def _sections(self, files):
        """One section a letter: its letter and its rows, in the order of the book."""
        sections = []
        for personal_file in files:
            if not sections or sections[-1]["letter"] != personal_file.letter:
                sections.append({"letter": personal_file.letter, "rows": []})
            sections[-1]["rows"].append(self._row(personal_file))
        return sections

    @api.model
    def _row(self, personal_file):
        student = personal_file.student_id
        enrollments = student.enrollment_ids.sorted(lambda e: (e.date_from, e.id))
        admission = enrollments[:1]
        leaving = enrollments[-1:] if personal_file.leaving_date else enrollments.browse()
        return {
            "file": personal_file,
            "number": personal_file.number,
            "last_name": student.last_name,
            "first_name": student.first_name,
            "middle_name": student.middle_name or "",
            "birth_date": ru_date(student.birth_date),
            "admission_date": ru_date(personal_file.admission_date),
            "admission_order": admission.arrival_order or "",
            "arrived_from": admission.arrived_from or "",
            "admission_class": admission.class_id.name or "",
            "leaving_date": ru_date(personal_file.leaving_date),
            "leaving_order": leaving.departure_order or "",
            "leaving_reason": self._leaving_reason_text(personal_file),
            "departed_to": leaving.departed_to or "",
            "issued": self._issue_text(personal_file),
        }

    @api.model
    def _leaving_reason_text(self, personal_file):
        reason = personal_file.leaving_reason
        if not reason:
            return ""
        labels = dict(personal_file._fields["leaving_reason"]._description_selection(self.env))
        return LEAVING_REASONS_RU.get(reason) or labels.get(reason, reason)

    @api.model
    def _issue_text(self, personal_file):
        """The mark of the file given to another school (seed 003 §7.3.4)."""
        issued = personal_file.transfer_ids.filtered(lambda t: t.state == "issued")[:1]
        if issued:
            return (
                f"Личное дело выдано {ru_date(issued.issue_date)}, для {issued.destination_school}"
            )
        if personal_file.state == "transferred":
            return "Личное дело выдано"
        return ""
