import base64
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestVsokoWorks(SchoolRecordsCase):
    """Control works of the internal quality monitoring (ВСОКО, seed 001 §5.3) are
    kept apart from the teachers' own control works in the ВСОКО report."""

    def _workbook(self, **values):
        wizard = (
            self.env["school.class.report"]
            .with_user(self.deputy)
            .create({"year_id": self.year.id, "class_ids": [(6, 0, self.class_5a.ids)], **values})
        )
        wizard.action_print()
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))

    def test_vsoko_works_have_their_own_sheets(self):
        control = self.env.ref("school_records.school_work_type_control")
        vsoko = self.env.ref("school_records.school_work_type_vsoko")
        self.assertTrue(vsoko.is_vsoko and vsoko.is_control)
        self.assertFalse(control.is_vsoko)
        own = self._lesson(
            self.assignment_5a, date(2035, 10, 1), 1, topic="Дроби", work_type_id=control.id
        )
        self._mark(own, self.child, self.mark_5, work_type_id=control.id)
        monitoring = self._lesson(
            self.assignment_5a, date(2035, 10, 8), 1, topic="Входной контроль",
            work_type_id=vsoko.id,
        )  # fmt: skip
        self._mark(monitoring, self.child, self.mark_4, work_type_id=vsoko.id)
        self._mark(monitoring, self.classmate, self.mark_2, work_type_id=vsoko.id)
        book = self._workbook(report="control")
        sheet = book["ВСОКО"]
        self.assertIn("Контрольные работы ВСОКО", sheet["A1"].value)
        self.assertEqual(sheet.max_row, 4)
        row = [sheet.cell(4, c).value for c in range(1, 14)]
        self.assertEqual(row[:4], ["08.10.2035", "5А", "Математика (тест)", "Входной контроль"])
        # «5» «4» «3» «2» н/а, written, average, success %, quality %
        self.assertEqual(row[4:], [0, 1, 0, 1, 0, 2, 3.0, 50, 50])
        per_class = book["ВСОКО по классам"]
        self.assertEqual(
            [per_class.cell(4, c).value for c in range(1, 10)], ["5А", 1, 0, 1, 0, 1, 2, 50, 50]
        )
        # the teacher's own control work stays on the other sheets, alone
        others = book["Контрольные работы"]
        self.assertEqual(others.max_row, 4)
        self.assertEqual(others["D4"].value, "Дроби")
        self.assertEqual(book["По классам"]["B4"].value, 1)

    def test_without_vsoko_works_no_vsoko_sheet(self):
        book = self._workbook(report="control")
        self.assertNotIn("ВСОКО", book.sheetnames)
        self.assertIn("Контрольные работы", book.sheetnames)
