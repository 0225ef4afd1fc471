import base64
import io

from openpyxl import load_workbook

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..builders.journal import JournalBuilder
from ..wizards.school_journal_export import FIRST_LESSON_COL, REPORT_REF, TABLE_ROW
from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestJournalExport(SchoolRecordsCase):
    """The export of the class journal: an XLSX laid out like the paper journal
    and a PDF of the same pages, read through the grid with its access checks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._mark(cls.lesson_5a_substituted, cls.child, cls.mark_4)
        cls.env["school.attendance"].create(
            {"lesson_id": cls.lesson_5a_substituted.id, "student_id": cls.classmate.id}
        )
        cls.lesson_5a.homework = "№ 12, 14"
        cls.lesson_5a_substituted.topic = "Сложение дробей"

    def _export(self, user, **values):
        values.setdefault("period_id", self.quarter_1.id)
        return self.env["school.journal.export"].with_user(user).create(values)

    def _workbook(self, wizard):
        wizard.action_export()
        self.assertTrue(wizard.file_name.endswith(".xlsx"))
        return load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))

    @staticmethod
    def _student_rows(sheet):
        """{student name: [cell values from the № column on]} below the date row."""
        return {
            row[1]: row
            for row in sheet.iter_rows(min_row=TABLE_ROW + 3, values_only=True)
            if row[1]
        }

    def test_xlsx_of_one_journal_has_marks_absences_and_averages(self):
        wizard = self._export(self.teacher, assignment_id=self.assignment_5a.id)
        self.assertEqual(wizard.class_id, self.class_5a)
        workbook = self._workbook(wizard)
        self.assertEqual(
            workbook.sheetnames, ["Математика (тест) — отметки", "Математика (тест) — темы"]
        )
        marks = workbook["Математика (тест) — отметки"]
        header = TABLE_ROW + 1  # openpyxl counts rows from 1
        self.assertEqual(marks.cell(header, 1).value, "№")
        self.assertEqual(marks.cell(header, FIRST_LESSON_COL + 1).value, "сентябрь")
        self.assertEqual(marks.cell(header + 1, FIRST_LESSON_COL + 1).value, "07.09")
        self.assertEqual(marks.cell(header + 1, FIRST_LESSON_COL + 2).value, "08.09")
        self.assertEqual(marks.cell(header, FIRST_LESSON_COL + 3).value, "Средний балл")
        self.assertEqual(
            [marks.cell(header + 2 + i, 2).value for i in range(2)],
            ["Белов Глеб", "Иванов Пётр Сергеевич"],
        )
        rows = self._student_rows(marks)
        child, classmate = rows["Иванов Пётр Сергеевич"], rows["Белов Глеб"]
        self.assertEqual(child[0], 2)
        self.assertEqual(child[FIRST_LESSON_COL : FIRST_LESSON_COL + 2], ("5", "4"))
        self.assertEqual(classmate[FIRST_LESSON_COL + 1], "н")
        self.assertAlmostEqual(child[FIRST_LESSON_COL + 2], 4.5)
        self.assertEqual(child[FIRST_LESSON_COL + 3], "5")  # proposed from 4.5
        self.assertIsNone(classmate[FIRST_LESSON_COL + 2])
        self.assertTrue(marks.freeze_panes)
        self.assertEqual(marks.page_setup.orientation, "landscape")

        topics = workbook["Математика (тест) — темы"]
        lines = list(
            topics.iter_rows(min_row=TABLE_ROW + 2, max_row=TABLE_ROW + 3, values_only=True)
        )
        self.assertEqual(lines[0][1:5], ("07.09.2035", 1, "Тема урока", "№ 12, 14"))
        self.assertEqual(lines[1][3], "Сложение дробей")
        self.assertEqual(lines[1][5], "Кузнецова Вера")

    def test_confirmed_period_mark_wins_over_the_proposal(self):
        period_mark = self.env["school.period.mark"].create(
            {
                "student_id": self.child.id,
                "assignment_id": self.assignment_5a.id,
                "kind": "period",
                "period_id": self.quarter_1.id,
                "proposed_value_id": self.mark_5.id,
            }
        )
        period_mark.write({"value_id": self.mark_4.id, "reason": "Устный ответ"})
        period_mark.action_confirm()
        wizard = self._export(self.teacher, assignment_id=self.assignment_5a.id)
        rows = self._student_rows(self._workbook(wizard)["Математика (тест) — отметки"])
        self.assertEqual(rows["Иванов Пётр Сергеевич"][FIRST_LESSON_COL + 3], "4")

    def test_teacher_may_not_export_another_teachers_journal(self):
        wizard = self._export(self.teacher, assignment_id=self.assignment_6b.id)
        with self.assertRaises(AccessError):
            wizard.action_export()

    def test_teacher_exporting_a_class_gets_only_own_journals(self):
        workbook = self._workbook(self._export(self.teacher, class_id=self.class_5a.id))
        self.assertEqual(len(workbook.sheetnames), 2)
        with self.assertRaises(UserError):
            self._export(self.teacher, class_id=self.class_6b.id).action_export()

    def test_class_teacher_exports_every_subject_of_the_class(self):
        workbook = self._workbook(self._export(self.class_teacher, class_id=self.class_5a.id))
        self.assertEqual(
            workbook.sheetnames,
            [  # subjects in the curriculum's order, alphabetically at equal sequence
                "История (тест) — отметки",
                "История (тест) — темы",
                "Математика (тест) — отметки",
                "Математика (тест) — темы",
            ],
        )
        history = self._student_rows(workbook["История (тест) — отметки"])
        self.assertEqual(history["Иванов Пётр Сергеевич"][FIRST_LESSON_COL], "б")

    def test_period_defaults_to_one_of_the_class_scheme(self):
        wizard = (
            self.env["school.journal.export"]
            .with_user(self.class_teacher)
            .create({"class_id": self.class_5a.id})
        )
        self.assertEqual(wizard.period_id, self.quarter_1)

    def test_sheet_names_are_short_and_unique(self):
        long_name = "Основы духовно-нравственной культуры народов России"
        used = set()
        page = {"subject": long_name, "short_name": "ОДНКНР"}
        Export = JournalBuilder  # the sheets are the journal builder's
        first = Export._sheet_name(page, " — отметки", used)
        page = {"subject": long_name, "short_name": long_name}
        second = Export._sheet_name(page, " — отметки", used)
        third = Export._sheet_name(page, " — отметки", used)
        self.assertEqual(first, "ОДНКНР — отметки")
        self.assertLessEqual(len(second), 31)
        self.assertLessEqual(len(third), 31)
        self.assertEqual(len({first, second, third}), 3)

    def test_pdf_renders_the_same_pages(self):
        wizard = self._export(self.class_teacher, class_id=self.class_5a.id, file_format="pdf")
        Report = self.env["ir.actions.report"].with_user(self.class_teacher)
        html, _format = Report._render_qweb_html(REPORT_REF, wizard.ids)
        html = html.decode()
        self.assertIn("Иванов Пётр Сергеевич", html)
        self.assertIn("Сложение дробей", html)
        self.assertIn("Подпись классного руководителя", html)
        # seed 004: the subject teachers sign their pages too, a substitute as well
        self.assertIn(f"Подпись учителя ____________________ / {self.teacher.name} /", html)
        self.assertIn(f"/ {self.substitute.name} /", html)
        self.assertIn(f"/ {self.other_teacher.name} /", html)
        self.assertIn("Учёт успеваемости", html)
        pdf, _format = Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            REPORT_REF, wizard.ids
        )
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_pdf_export_downloads_a_file(self):
        wizard = self._export(self.teacher, assignment_id=self.assignment_5a.id, file_format="pdf")
        action = wizard.with_context(force_report_rendering=True).action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(base64.b64decode(wizard.file_data).startswith(b"%PDF"))
        self.assertTrue(wizard.file_name.endswith(".pdf"))
