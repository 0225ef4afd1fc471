import hashlib
import json
import uuid

from lxml import html as lxml_html

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import SchoolFixture, SchoolRecordsCase

REPORT = "school_records.school_class_statement_report"
SIGNATURES = (
    "Классный руководитель ____",
    "Заместитель директора по УВР ____",
    "Директор ____",
    "М.П.",
)


class ClassStatementFixture(SchoolFixture):
    """The fixture's school with confirmed marks in 5А:

    ============  ====================  ====================
    student       maths (I, year)       history (I, year)
    ============  ====================  ====================
    child         5, 5                  4, 4
    classmate     3, 3                  2, н/а
    ============  ====================  ====================
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mark_3 = cls.env.ref("school_records.school_mark_value_3")
        mark_na = cls.env.ref("school_records.school_mark_value_na")
        for assignment, student, q1, year in (
            (cls.assignment_5a, cls.child, cls.mark_5, cls.mark_5),
            (cls.assignment_5a_history, cls.child, cls.mark_4, cls.mark_4),
            (cls.assignment_5a, cls.classmate, mark_3, mark_3),
            (cls.assignment_5a_history, cls.classmate, cls.mark_2, mark_na),
        ):
            for kind, value, period in (("period", q1, cls.quarter_1), ("year", year, None)):
                cls.env["school.period.mark"].create(
                    {
                        "student_id": student.id,
                        "assignment_id": assignment.id,
                        "kind": kind,
                        "period_id": period and period.id,
                        "value_id": value.id,
                        "proposed_value_id": value.id,
                        "state": "confirmed",
                    }
                )

    @classmethod
    def _print(cls, user, report="summary", classes=None, **values):
        """Print the PDF statement as `user` through the wizard; returns the statement."""
        wizard = (
            cls.env["school.class.report"]
            .with_user(user)
            .create(
                {
                    "report": report,
                    "year_id": cls.year.id,
                    "class_ids": [(6, 0, (classes or cls.class_5a).ids)],
                    **values,
                }
            )
        )
        action = wizard.action_print_pdf()
        return cls.env["school.class.statement"].browse(action["context"]["active_ids"])


@tagged("post_install", "-at_install")
class TestClassStatementPdf(ClassStatementFixture, SchoolRecordsCase):
    def _html(self, statement):
        return self.env["ir.actions.report"]._render_qweb_html(REPORT, statement.ids)[0].decode()

    @staticmethod
    def _rows(html):
        """{first name-like cell: [cell texts]} of the statement's table rows."""
        tree = lxml_html.fromstring(html)
        return [
            [cell.text_content().strip() for cell in row.xpath("./td|./th")]
            for row in tree.xpath("//table[hasclass('o_cs_table')]//tr")
        ]

    def _row_of(self, html, name):
        rows = [row for row in self._rows(html) if name in row]
        self.assertEqual(len(rows), 1, name)
        return rows[0]

    def test_summary_pdf_shows_the_marks_the_signatures_and_the_qr_code(self):
        statement = self._print(self.deputy)
        html = self._html(statement)
        # per subject (by name: history, maths): I II III IV Год Экз. Итог
        marks = ["4", "", "", "", "4", "", "", "5", "", "", "", "5", "", ""]
        self.assertEqual(self._row_of(html, self.child.name)[2:16], marks)
        marks = ["2", "", "", "", "н/а", "", "", "3", "", "", "", "3", "", ""]
        self.assertEqual(self._row_of(html, self.classmate.name)[2:16], marks)
        heading = self._rows(html)[0]
        self.assertEqual(heading[2:4], ["История (тест)", "Математика (тест)"])
        self.assertIn('colspan="7"', html)  # a subject heads its seven columns
        for text in (
            "Сводная ведомость учета успеваемости обучающихся 5А класса",
            statement.name,
            statement.checksum,
            self.class_teacher.name,
            f"/school/statement/{statement.access_token}",
            *SIGNATURES,
        ):
            self.assertIn(text, html)
        qr = lxml_html.fromstring(html).xpath("//img[hasclass('o_cs_qr')]")
        self.assertEqual(len(qr), 1)
        self.assertTrue(qr[0].get("src").startswith("data:image/png;base64,"))

    def test_results_pdf_counts_the_marks_and_breaks_pages_between_sheets(self):
        statement = self._print(self.deputy, "results", period_id=self.quarter_1.id)
        html = self._html(statement)
        # «5» «4» «3» «2» н/а, total, success %, quality %
        maths = self._row_of(html, "Математика (тест)")
        self.assertEqual(maths[1:], ["1", "0", "1", "0", "0", "2", "100", "50"])
        history = self._row_of(html, "История (тест)")
        self.assertEqual(history[1:], ["0", "1", "0", "1", "0", "2", "50", "50"])
        # the school's overview and the class: two sheets, each signed, a break between
        self.assertEqual([sheet["name"] for sheet in statement.content["sheets"]], ["Школа", "5А"])
        self.assertEqual(html.count('class="o_cs_break"'), 1)
        self.assertEqual(html.count("Заместитель директора по УВР"), 2)
        self.assertEqual(html.count("Классный руководитель ____"), 1)  # only the class's sheet

    def test_class_teacher_and_attendance_pdfs(self):
        self.env["school.attendance"].create(
            {"lesson_id": self.lesson_5a.id, "student_id": self.classmate.id, "kind": "absent"}
        )
        report = self._print(self.class_teacher, "class_teacher", period_id=self.quarter_1.id)
        html = self._html(report)
        self.assertEqual(self._row_of(html, "Хорошисты («4» и «5»)")[1], f"1: {self.child.name}")
        self.assertEqual(self._row_of(html, "Пропущено уроков")[1], "2")
        # the XLSX's own signature line is not printed twice
        self.assertEqual(html.count("Классный руководитель ____"), 1)
        attendance = self._print(self.class_teacher, "attendance", period_id=self.quarter_1.id)
        html = self._html(attendance)
        headers = self._rows(html)[0]
        self.assertEqual(headers[2], "Сентябрь")

        def value(student, header):
            return self._row_of(html, student.name)[headers.index(header)]

        self.assertEqual(value(self.child, "Сентябрь"), "1")
        self.assertEqual(value(self.child, "по болезни"), "1")
        self.assertEqual(value(self.classmate, "без уважительной причины"), "1")
        self.assertEqual(value(self.classmate, "по болезни"), "0")

    def test_statement_is_registered_with_a_checksum(self):
        statement = self._print(self.teacher, "results")  # teaches maths in 5А
        self.assertRecordValues(
            statement,
            [
                {
                    "report": "results",
                    "year_id": self.year.id,
                    "issued_by_id": self.teacher.id,
                    "class_ids": self.class_5a.ids,
                }
            ],
        )
        self.assertRegex(statement.name, r"^КВ-\d{4}-\d{6}$")
        self.assertRegex(statement.access_token, r"^[0-9a-f]{32}$")
        canonical = json.dumps(
            statement.content, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        self.assertEqual(statement.checksum, hashlib.sha256(canonical.encode()).hexdigest())
        self.assertEqual(statement.content["number"], statement.name)
        again = self._print(self.teacher, "results")
        self.assertNotEqual(again.name, statement.name)
        self.assertNotEqual(again.access_token, statement.access_token)

    def test_an_issued_statement_cannot_be_changed(self):
        statement = self._print(self.deputy)
        for values in ({"checksum": "0" * 64}, {"class_ids": [(5, 0, 0)]}, {"name": "КВ-1"}):
            with self.assertRaises(UserError):
                statement.write(values)
        with self.assertRaises(AccessError):
            statement.with_user(self.deputy).unlink()

    def test_a_teacher_cannot_print_a_class_they_do_not_teach(self):
        Statement = self.env["school.class.statement"]
        count = Statement.search_count([])
        with self.assertRaises(AccessError):
            self._print(self.teacher, classes=self.class_6b)
        self.assertEqual(Statement.search_count([]), count)

    def test_a_teacher_reads_their_own_statements_the_deputy_all(self):
        own = self._print(self.teacher)
        deputys = self._print(self.deputy)
        Statement = self.env["school.class.statement"]
        self.assertEqual(Statement.with_user(self.teacher).search([]), own)
        self.assertEqual(Statement.with_user(self.deputy).search([]), own | deputys)
        self.assertEqual(Statement.with_user(self.director).search([]), own | deputys)

    def test_only_the_signed_reports_print_as_pdf(self):
        wizard = self.env["school.class.report"].create({"report": "gaps", "year_id": self.year.id})
        with self.assertRaises(UserError):
            wizard.action_print_pdf()

    def test_the_xlsx_and_the_pdf_come_from_the_same_writer(self):
        """Every cell of the recorded grid is the cell of the XLSX sheet."""
        wizard = self.env["school.class.report"].create(
            {"report": "summary", "year_id": self.year.id, "class_ids": [(6, 0, self.class_5a.ids)]}
        )
        sheet = wizard._grid(self.class_5a)[0]
        self.assertEqual(sheet["name"], "5А")
        self.assertIn("Сводная ведомость", sheet["title"])
        self.assertEqual([cell["text"] for cell in sheet["head"][1]][2:9], ROW_HEADER)


@tagged("post_install", "-at_install")
class TestClassStatementPage(ClassStatementFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.statement = cls._print(cls.deputy, "results", period_id=cls.quarter_1.id)

    def test_public_page_confirms_the_statement_without_names_or_marks(self):
        response = self.url_open(f"/school/statement/{self.statement.access_token}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for text in (
            self.statement.name,
            self.statement.checksum,
            "Итоги успеваемости класса",
            "2035/2036",
            "5А",
            "действительна",
        ):
            self.assertIn(text, page)
        for text in (
            self.child.name,
            self.child.last_name,
            self.classmate.name,
            self.classmate.last_name,
            "Математика (тест)",
            "o_cs_table",
        ):
            self.assertNotIn(text, page)

    def test_unknown_token_is_not_found(self):
        for token in (uuid.uuid4().hex, "not-a-token"):
            response = self.url_open(f"/school/statement/{token}")
            self.assertEqual(response.status_code, 404)


ROW_HEADER = ["I", "II", "III", "IV", "Год", "Экз.", "Итог"]
