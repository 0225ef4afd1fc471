import base64
import io

from openpyxl import load_workbook

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools.xlsx import EXCEL_CELL_LIMIT, new_workbook
from ..wizards.school_journal_export import TABLE_ROW
from .common import SchoolRecordsCase

FORMULA = '=HYPERLINK("http://x","y")'


@tagged("post_install", "-at_install")
class TestXlsxSafety(SchoolRecordsCase):
    """User text in the XLSX files stays text, and a text too long for a cell is
    refused with a message, never cut (xlsxwriter alone would keep 32,767 characters)."""

    def _export_journal(self):
        wizard = (
            self.env["school.journal.export"]
            .with_user(self.teacher)
            .create({"period_id": self.quarter_1.id, "assignment_id": self.assignment_5a.id})
        )
        wizard.action_export()
        return wizard

    def test_journal_export_writes_a_formula_like_topic_as_text(self):
        self.lesson_5a.write({"topic": FORMULA, "homework": "+1-2@3"})
        wizard = self._export_journal()
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        topics = workbook["Математика (тест) — темы"]
        row = TABLE_ROW + 2
        topic, homework = topics.cell(row, 4), topics.cell(row, 5)
        self.assertEqual(topic.value, FORMULA)
        self.assertEqual(topic.data_type, "s", "the topic must be a string, not a formula")
        self.assertEqual(homework.value, "+1-2@3")
        self.assertEqual(homework.data_type, "s")

    def test_journal_export_refuses_a_text_over_the_cell_limit(self):
        self.lesson_5a.homework = "д" * 40000
        with self.assertRaisesRegex(UserError, "40000") as caught:
            self._export_journal()
        self.assertIn(str(EXCEL_CELL_LIMIT), str(caught.exception))

    def test_helper_writes_every_user_text_as_a_string(self):
        output = io.BytesIO()
        book = new_workbook(self.env, output)
        sheet = book.add_worksheet("Лист")
        for row, text in enumerate((FORMULA, "+SUM(A1)", "-1+2", "@A1", "http://example.com")):
            sheet.write(row, 0, text)
            sheet.write_string(row, 1, text)
        sheet.merge_range(6, 0, 6, 2, FORMULA)
        book.close()
        cells = load_workbook(io.BytesIO(output.getvalue()))["Лист"]
        for row in range(1, 6):
            for col in (1, 2):
                self.assertEqual(cells.cell(row, col).data_type, "s", (row, col))
        self.assertEqual(cells.cell(7, 1).value, FORMULA)
        self.assertEqual(cells.cell(7, 1).data_type, "s")
        self.assertFalse(cells.cell(5, 1).hyperlink)

    def test_helper_keeps_a_text_of_the_limit_and_refuses_a_longer_one(self):
        book = new_workbook(self.env, io.BytesIO())
        sheet = book.add_worksheet("Лист")
        sheet.write(0, 0, "я" * EXCEL_CELL_LIMIT)
        with self.assertRaisesRegex(UserError, "B2.*Лист"):
            sheet.write(1, 1, "я" * 40000)
        with self.assertRaises(UserError):
            sheet.write_string(2, 0, "я" * (EXCEL_CELL_LIMIT + 1))
        with self.assertRaises(UserError):
            sheet.merge_range(3, 0, 3, 2, "я" * 40000)
        book.close()

    def test_every_writer_of_the_addons_uses_the_helper(self):
        """No XLSX writer of the school's addons opens xlsxwriter itself."""
        from pathlib import Path

        from odoo.modules.module import get_module_path

        offenders = []
        for addon in ("school_records", "school_portfolio", "school_archive"):
            path = get_module_path(addon, display_warning=False)
            if not path:
                continue
            for source in Path(path).rglob("*.py"):
                if "tests" in source.parts or source.name == "xlsx.py":
                    continue
                if "xlsxwriter.Workbook(" in source.read_text(encoding="utf-8"):
                    offenders.append(str(source))
        self.assertEqual(offenders, [])
