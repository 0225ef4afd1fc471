import io
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.school_archive.report.school_personal_file_book import book_letter_key
from odoo.addons.school_records.tests.common import SchoolRecordsCase

BOOK = "school_archive.school_personal_file_book_report"


@tagged("post_install", "-at_install")
class TestPersonalFileBook(SchoolRecordsCase):
    """The printed alphabetical book of students: letter by letter, the files in the order
    of their numbers, with admission, leaving and the issue of the file to another
    school; printed by the secretary and the director only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Files = cls.env["school.personal.file"]
        cls.file_child = Files.search([("student_id", "=", cls.child.id)])
        cls.file_sibling = Files.search([("student_id", "=", cls.sibling.id)])
        cls.file_classmate = Files.search([("student_id", "=", cls.classmate.id)])
        cls.child.enrollment_ids.arrival_order = "№ 101 от 25.08.2035"
        # the sibling moved to another school, and her file was given to her mother
        cls.sibling.enrollment_ids._close(
            date(2036, 1, 20), "transfer_out", "№ 7 от 20.01.2036", "МБОУ «СОШ № 5»"
        )
        application = cls.env["school.personal.file.transfer"].create(
            {
                "file_id": cls.file_sibling.id,
                "applicant_id": cls.parent_partner.id,
                "application_date": date(2036, 1, 18),
                "destination_school": "МБОУ «СОШ № 5»",
                "issue_method": "in_person",
                "issue_date": date(2036, 1, 21),
            }
        )
        application.with_user(cls.director).action_approve()
        application.with_user(cls.secretary).action_issue()

    def _html(self, files=None, user=None, data=None):
        report = self.env["ir.actions.report"].with_user(user or self.secretary)
        html, _kind = report._render_qweb_html(BOOK, files and files.ids, data=data)
        return html.decode()

    def _wizard(self, user=None, **values):
        form = Form(self.env["school.personal.file.book"].with_user(user or self.secretary))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_letters_in_order_files_by_number_with_admission_and_leaving(self):
        # chosen in any order in the list, printed in the order of the book
        html = self._html(self.file_sibling | self.file_child | self.file_classmate)
        positions = [
            html.index(text)
            for text in (
                "Буква «Б»",
                self.file_classmate.number,
                "Буква «И»",
                self.file_child.number,
                self.file_sibling.number,
            )
        ]
        self.assertEqual(positions, sorted(positions))
        self.assertEqual(html.count("Буква «"), 2)
        self.assertLess(self.file_child.book_number, self.file_sibling.book_number)
        # the child's line: name in its columns, birth, admission with its order and class
        child_row = html[html.index(self.file_child.number) : html.index(self.file_sibling.number)]
        for text in (
            "Иванов",
            "Пётр",
            "Сергеевич",
            "02.03.2015",
            "01.09.2035",
            "№ 101 от 25.08.2035",
        ):
            self.assertIn(text, child_row)
        self.assertIn(self.class_5a.name, child_row)
        # the sibling's line: leaving with its order, reason and destination, file issued
        sibling_row = html[html.index(self.file_sibling.number) :]
        for text in (
            "20.01.2036",
            "№ 7 от 20.01.2036",
            "перевод в другую образовательную организацию",
            "Личное дело выдано 21.01.2036, для МБОУ «СОШ № 5»",
        ):
            self.assertIn(text, sibling_row)
        # the school's name in the header, the pages numbered in the footer (wkhtmltopdf fills
        # them; the Debian build without its patched Qt leaves headers and footers out)
        self.assertIn(self.env.company.name, html)
        self.assertRegex(html, r'стр\. <span class="page"></span> из <span class="topage"></span>')

    def test_whole_book_from_the_menu_one_letter_with_or_without_leavers(self):
        wizard = self._wizard(letter=" и ")
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "school_archive.report_personal_file_book")
        self.assertEqual(action["data"]["letter"], "И")
        html = self._html(data=action["data"])
        self.assertIn(self.file_child.number, html)
        self.assertIn(self.file_sibling.number, html)
        self.assertNotIn(self.file_classmate.number, html)
        self.assertNotIn("Буква «Б»", html)
        # only the students at school now: the sibling who left is not printed
        at_school = self._wizard(letter="И", include_left=False).action_print()["data"]
        html = self._html(data=at_school)
        self.assertIn(self.file_child.number, html)
        self.assertNotIn(self.file_sibling.number, html)
        # the whole book by default: every letter of the company
        whole = self._wizard(user=self.director).action_print()["data"]
        html = self._html(user=self.director, data=whole)
        for personal_file in self.file_child | self.file_sibling | self.file_classmate:
            self.assertIn(personal_file.number, html)

    def test_wizard_refuses_a_word_or_an_empty_letter(self):
        with self.assertRaisesRegex(UserError, "one letter"):
            self._wizard(letter="Ив").action_print()
        with self.assertRaisesRegex(UserError, "no personal file"):
            self._wizard(letter="Щ").action_print()

    def test_letters_follow_the_russian_alphabet(self):
        letters = ["Ж", "Ё", "Е", "A", "Я", "Б"]
        self.assertEqual(sorted(letters, key=book_letter_key), ["Б", "Е", "Ё", "Ж", "Я", "A"])

    def test_printed_as_a_pdf_one_letter_a_page(self):
        report = (
            self.env["ir.actions.report"]
            .with_user(self.secretary)
            .with_context(force_report_rendering=True)
        )
        files = self.file_child | self.file_sibling | self.file_classmate
        pdf, kind = report._render_qweb_pdf(BOOK, files.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        reader = PdfFileReader(io.BytesIO(pdf))
        # one section a letter, each on a page of its own
        self.assertEqual(len(reader.pages), 2)
        self.assertIn(self.file_sibling.number, reader.pages[-1].extract_text())

    def test_only_the_secretary_and_the_director_print_the_book(self):
        # the class teacher reads the file of the child, not the book
        self.assertTrue(self.file_child.with_user(self.class_teacher).number)
        for user in (self.class_teacher, self.teacher, self.deputy):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._html(self.file_child, user=user)
        with self.assertRaises(AccessError):
            self._wizard(user=self.class_teacher)
        self.assertIn(self.file_child.number, self._html(self.file_child, user=self.director))
        # and the print menu of the files offers the book to them alone
        self.assertEqual(
            self.env.ref(BOOK).groups_id,
            self.env.ref("school_records.group_secretary")
            | self.env.ref("school_records.group_director"),
        )
