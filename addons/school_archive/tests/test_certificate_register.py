import io

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.school_archive.models.school_certificate_register import ru_plural

from .certificate_common import CertificateFixture

BOOK = "school_archive.school_certificate_register_report"


@tagged("post_install", "-at_install")
class TestCertificateRegister(CertificateFixture, TransactionCase):
    """The registration book: continuous numbering, ascending blanks, sign-offs,
    certified corrections, duplicates, pages, and who may read it."""

    def _issue_both_classes(self):
        certificates = self._prepare(self.class_9a) | self._prepare(self.class_9b)
        self._issue(certificates)
        return certificates

    def _book(self):
        return self.env["school.certificate.register"].search(
            [("level", "=", "basic"), ("state", "=", "open")]
        )

    def test_continuous_numbering_alphabetical_by_class_ascending_blanks(self):
        self._issue_both_classes()
        book = self._book()
        self.assertEqual(book.retention_years, 50)
        self.assertRecordValues(
            book.entry_ids,
            [
                {"sequence": 1, "student_name": "Алексеев Иван", "blank_number": "0000101"},
                {"sequence": 2, "student_name": "Борисова Ева", "blank_number": "0000102"},
                {"sequence": 3, "student_name": "Васильев Лев", "blank_number": "0000103"},
                {"sequence": 4, "student_name": "Григорьева Яна", "blank_number": "0000104"},
            ],
        )
        self.assertEqual(book.entry_ids.mapped("class_id"), self.class_9a | self.class_9b)
        self.assertEqual(book.entry_ids[1].with_honours, True)
        self.assertIn("5 (отлично)", book.entry_ids[1].final_marks)

    def test_blank_out_of_order_is_refused(self):
        certificates_a = self._prepare(self.class_9a)
        certificates_b = self._prepare(self.class_9b)
        self._sign(certificates_a | certificates_b)
        blanks = self.batch.blank_ids.sorted("number_int")
        # 9Б gets the higher blanks and is issued first: 9А's lower blanks are refused
        for certificate, blank in zip(
            certificates_a.sorted("student_name") + certificates_b.sorted("student_name"),
            blanks,
            strict=False,
        ):
            certificate.blank_id = blank
        certificates_b.with_user(self.secretary).action_issue()
        with self.assertRaisesRegex(UserError, "ascending order"):
            certificates_a.with_user(self.secretary).action_issue()
        self.assertEqual(set(certificates_a.mapped("state")), {"signed"})
        self.assertEqual(set(certificates_a.blank_id.mapped("state")), {"available"})

    def test_class_entered_out_of_alphabetical_order_is_refused(self):
        certificates = self._prepare(self.class_9a)
        self._sign(certificates)
        certificates.with_user(self.secretary).action_assign_blanks()
        borisova = self._certificate(certificates, self.borisova)
        alekseev = self._certificate(certificates, self.alekseev)
        # Борисова takes the lower blank and is entered first: Алексеев would follow her
        alekseev.blank_id, borisova.blank_id = borisova.blank_id, alekseev.blank_id
        borisova.with_user(self.secretary).action_issue()
        with self.assertRaisesRegex(UserError, "alphabetical order"):
            alekseev.with_user(self.secretary).action_issue()

    def test_entries_are_never_edited_and_a_correction_leaves_them_intact(self):
        self._issue_both_classes()
        entry = self._book().entry_ids[0]
        for user in (self.secretary, self.director):
            with self.assertRaises(UserError):  # AccessError for the secretary
                entry.with_user(user).write({"student_name": "Алексеев Иван Петрович"})
        with self.assertRaises(UserError):
            entry.sudo().write({"blank_number": "0000999"})
        with self.assertRaises(UserError):
            entry.sudo().unlink()
        correction = (
            self.env["school.certificate.register.correction"]
            .with_user(self.secretary)
            .create(
                {
                    "entry_id": entry.id,
                    "corrected_item": "Фамилия",
                    "wrong_text": "Алексеев Иван",
                    "correct_text": "Алексеев Иван Петрович",
                }
            )
        )
        with self.assertRaises(AccessError):
            correction.with_user(self.secretary).action_certify()
        correction.with_user(self.director).action_certify()
        self.assertRecordValues(
            correction, [{"state": "certified", "entry_number": 1, "director_id": self.director.id}]
        )
        self.assertEqual(entry.student_name, "Алексеев Иван")
        self.assertEqual(entry.correction_ids, correction)
        with self.assertRaises(UserError):
            correction.with_user(self.director).write({"correct_text": "другое"})

    def test_a_duplicate_is_a_new_entry_the_director_signs(self):
        certificates = self._issue_both_classes()
        alekseev = self._certificate(certificates, self.alekseev)
        action = alekseev.with_user(self.secretary).action_duplicate()
        duplicate = self.env["school.certificate"].browse(action["res_id"])
        self.assertRecordValues(
            duplicate, [{"is_duplicate": True, "original_id": alekseev.id, "state": "draft"}]
        )
        self.assertEqual(duplicate.line_ids.value_id, alekseev.line_ids.value_id)
        duplicate.with_user(self.deputy).action_check()
        with self.assertRaises(AccessError):
            duplicate.with_user(self.secretary).action_sign()
        duplicate.with_user(self.director).action_sign()
        duplicate.with_user(self.secretary).action_assign_blanks()
        duplicate.with_user(self.secretary).action_issue()
        book = self._book()
        entry = duplicate.register_entry_ids
        self.assertRecordValues(
            entry,
            [
                {
                    "sequence": 5,
                    "is_duplicate": True,
                    "blank_number": "0000105",
                    "original_entry_id": alekseev.register_entry_ids.id,
                    "director_signed": False,
                }
            ],
        )
        self.assertEqual(alekseev.state, "duplicate")
        self.assertEqual(alekseev.validity, "duplicate")
        signoff = (
            self.env["school.certificate.register.signoff"]
            .with_user(self.secretary)
            .create({"register_id": book.id, "kind": "duplicate", "entry_id": entry.id})
        )
        with self.assertRaises(AccessError):
            signoff.with_user(self.secretary).action_sign_director()
        with self.assertRaisesRegex(UserError, "only through the document.s buttons"):
            signoff.with_user(self.secretary).write(
                {"director_id": self.director.id, "director_signed_on": "2036-07-01"}
            )
        signoff.with_user(self.director).action_sign_director()
        entry.invalidate_recordset(["director_signed"])
        self.assertTrue(entry.director_signed)
        self.assertTrue(signoff.sealed)

    def test_class_sign_off_class_teacher_then_director(self):
        self._issue_both_classes()
        book = self._book()
        signoff = (
            self.env["school.certificate.register.signoff"]
            .with_user(self.secretary)
            .create({"register_id": book.id, "kind": "class", "class_id": self.class_9a.id})
        )
        self.assertEqual((signoff.first_entry, signoff.last_entry), (1, 2))
        with self.assertRaisesRegex(UserError, "class teacher signs"):
            signoff.with_user(self.director).action_sign_director()
        with self.assertRaises(AccessError):
            signoff.with_user(self.teacher).action_sign_class_teacher()
        signoff.with_user(self.class_teacher).action_sign_class_teacher()
        with self.assertRaises(AccessError):
            signoff.with_user(self.secretary).action_sign_director()
        signoff.with_user(self.director).action_sign_director()
        signed = book.entry_ids.filtered("director_signed")
        self.assertEqual(signed.mapped("sequence"), [1, 2])

    def test_pages_are_numbered(self):
        book = self.env["school.certificate.register"].create(
            {"name": "Книга (тест)", "level": "basic", "entries_per_page": 3}
        )
        self._issue_both_classes()
        self.assertEqual(book.entry_ids.mapped("page"), [1, 1, 1, 2])
        self.assertEqual(book.page_count, 2)
        with self.assertRaises(UserError):
            book.entries_per_page = 25

    def _fill_book(self, book, count):
        """`count` entries in the book (the issued certificates entered again and again),
        the first class signed off and two certified corrections."""
        issued = self.env["school.certificate"].search([("state", "=", "issued")])
        Entry = self.env["school.certificate.register.entry"].sudo()
        for sequence in range(len(book.entry_ids) + 1, count + 1):
            certificate = issued[sequence % len(issued)]
            Entry.create(
                {
                    "register_id": book.id,
                    "sequence": sequence,
                    "certificate_id": certificate.id,
                    "student_name": f"{certificate.student_name} ({sequence})",
                    "class_id": certificate.class_id.id,
                    "blank_series": "АА",
                    "blank_number": f"{sequence:07d}",
                    "final_marks": "; ".join(certificate.line_ids.mapped("value_text")),
                    "issue_date": certificate.issue_date,
                    "issued_to": "лично",
                }
            )
        self.env["school.certificate.register.signoff"].with_user(self.secretary).create(
            {"register_id": book.id, "kind": "class", "class_id": self.class_9a.id}
        )
        for entry in book.entry_ids[:2]:
            correction = (
                self.env["school.certificate.register.correction"]
                .with_user(self.secretary)
                .create(
                    {
                        "entry_id": entry.id,
                        "corrected_item": "Фамилия",
                        "wrong_text": entry.student_name,
                        "correct_text": f"{entry.student_name} Петрович",
                    }
                )
            )
            correction.with_user(self.director).action_certify()

    def _pdf(self, books):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, kind = report._render_qweb_pdf(BOOK, books.ids)
        self.assertEqual(kind, "pdf")
        return PdfFileReader(io.BytesIO(pdf))

    @staticmethod
    def _text(page):
        return " ".join(page.extract_text().split())

    def test_printed_book_certifies_its_page_count(self):
        """The preview (HTML) has no pages to count: the certificate, on its own last
        page, leaves the number to write by hand."""
        self._issue_both_classes()
        book = self._book()
        html = self.env["ir.actions.report"]._render_qweb_html(BOOK, book.ids)[0].decode()
        self.assertIn("Григорьева Яна", html)
        certificate = html[html.index("o_register_certificate") :]
        self.assertIn(
            '<div class="o_register_certificate" style="page-break-before: always;">', html
        )
        self.assertIn("В книге пронумеровано ______ страниц.", certificate)
        self.assertNotIn("Григорьева Яна", certificate)
        self.assertRegex(html, r'стр\. <span class="page"></span> из <span class="topage"></span>')
        self.assertEqual(book._page_count_text(1), "В книге пронумерована 1 страница.")
        self.assertEqual(book._page_count_text(3), "В книге пронумеровано 3 страницы.")
        self.assertEqual(book._page_count_text(12), "В книге пронумеровано 12 страниц.")

    def test_printed_page_count_agrees_with_the_number(self):
        """The certificate of the printed PDF states the number of its pages: the title,
        the entries, the sign-offs, the corrections and the certificate page itself."""
        self._issue_both_classes()
        book = self._book()
        self._fill_book(book, 60)
        self.assertEqual(book.page_count, 3)  # the pages of entries: 25 a page
        reader = self._pdf(book)
        pages = len(reader.pages)
        self.assertGreater(pages, book.page_count)
        last_page = self._text(reader.pages[-1])
        self.assertIn(book._page_count_text(pages), last_page)
        # the certificate is alone on the last page, and only there
        self.assertNotIn("Петрович", last_page)
        self.assertNotIn("В книге", " ".join(self._text(page) for page in reader.pages[:-1]))
        everything = " ".join(self._text(page) for page in reader.pages)
        self.assertIn("(60)", everything)
        self.assertIn("Исправленному верить", everything)

    def test_several_books_printed_at_once_each_certifies_its_own_pages(self):
        self._issue_both_classes()
        basic = self._book()
        self._fill_book(basic, 30)
        secondary = self.env["school.certificate.register"].create(
            {"name": "Книга (средние)", "level": "secondary", "entries_per_page": 1}
        )
        self._fill_book(secondary, 3)
        basic_pages = len(self._pdf(basic).pages)
        secondary_pages = len(self._pdf(secondary).pages)
        self.assertNotEqual(basic_pages, secondary_pages)
        reader = self._pdf(basic | secondary)
        self.assertEqual(len(reader.pages), basic_pages + secondary_pages)
        self.assertIn(
            basic._page_count_text(basic_pages), self._text(reader.pages[basic_pages - 1])
        )
        self.assertIn(secondary._page_count_text(secondary_pages), self._text(reader.pages[-1]))

    def test_russian_plural_forms(self):
        forms = ("страница", "страницы", "страниц")
        for number, expected in (
            (1, "страница"),
            (21, "страница"),
            (101, "страница"),
            (2, "страницы"),
            (4, "страницы"),
            (22, "страницы"),
            (104, "страницы"),
            (0, "страниц"),
            (5, "страниц"),
            (11, "страниц"),
            (12, "страниц"),
            (14, "страниц"),
            (20, "страниц"),
            (25, "страниц"),
            (111, "страниц"),
            (112, "страниц"),
        ):
            with self.subTest(number=number):
                self.assertEqual(ru_plural(number, *forms), expected)

    def test_closed_book_goes_to_the_archive_for_50_years(self):
        self._issue_both_classes()
        book = self._book()
        with self.assertRaises(AccessError):
            book.with_user(self.secretary).action_close()
        book.with_user(self.director).action_close()
        unit = self.env["school.archive.record"].search(
            [("res_model", "=", book._name), ("res_id", "=", book.id)]
        )
        self.assertEqual(unit.kind, "registration_book")
        self.assertEqual(unit.retention_start, book.date_closed)
        self.assertEqual(unit.expiry_date, book.date_closed + relativedelta(years=50))
        self.assertIn("Григорьева Яна", unit.file_ids._read_filestore().decode())

    def test_portal_users_never_read_the_register(self):
        self._issue_both_classes()
        book = self._book()
        for user in self.parent | self.student_user:
            for model in (
                "school.certificate.register",
                "school.certificate.register.entry",
                "school.certificate.register.signoff",
                "school.certificate.register.correction",
                "school.certificate",
            ):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                book.with_user(user).read(["name"])

    def test_archivist_reads_but_does_not_write(self):
        self._issue_both_classes()
        book = self._book().with_user(self.archivist)
        self.assertEqual(len(book.entry_ids), 4)
        with self.assertRaises(AccessError):
            book.write({"name": "Другая"})
