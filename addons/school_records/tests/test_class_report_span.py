import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestClassReportSpan(SchoolRecordsCase):
    """The class teacher's statements between two chosen dates (seed 002 §2.5.3): the
    child was ill at history on 07.09 (common set-up); the classmate skips maths on 07.09
    and on 08.09 — figures worked out by hand below."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["school.attendance"].create(
            [
                {"lesson_id": cls.lesson_5a.id, "student_id": cls.classmate.id, "kind": "absent"},
                {
                    "lesson_id": cls.lesson_5a_substituted.id,
                    "student_id": cls.classmate.id,
                    "kind": "absent",
                },
            ]
        )

    def _wizard(self, **values):
        return (
            self.env["school.class.report"]
            .with_user(self.class_teacher)
            .create({"year_id": self.year.id, "class_ids": [(6, 0, self.class_5a.ids)], **values})
        )

    def _sheet(self, **values):
        wizard = self._wizard(**values)
        wizard.action_print()
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))["5А"]

    def _missed(self, sheet):
        headers = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
        column = headers.index("Пропущено уроков") + 1
        return {sheet.cell(r, 2).value: sheet.cell(r, column).value for r in (4, 5)}

    def test_attendance_between_two_dates(self):
        whole = self._missed(self._sheet(report="attendance", period_id=self.quarter_1.id))
        self.assertEqual(whole, {self.child.name: 1, self.classmate.name: 2})
        sheet = self._sheet(
            report="attendance", date_from=date(2035, 9, 8), date_to=date(2035, 9, 8)
        )
        self.assertEqual(
            sheet.cell(1, 1).value, "Посещаемость 5А класса: с 08.09.2035 по 08.09.2035"
        )
        self.assertEqual(self._missed(sheet), {self.child.name: 0, self.classmate.name: 1})
        # one bound only: the other is the period's
        sheet = self._sheet(
            report="attendance", period_id=self.quarter_1.id, date_to=date(2035, 9, 7)
        )
        self.assertEqual(self._missed(sheet), {self.child.name: 1, self.classmate.name: 1})

    def test_a_span_backwards_or_on_a_signed_statement_is_refused(self):
        with self.assertRaises(ValidationError):
            self._wizard(report="attendance", date_from=date(2035, 9, 8), date_to=date(2035, 9, 1))
        wizard = self._wizard(report="attendance", date_from=date(2035, 9, 8))
        with self.assertRaises(UserError):
            wizard.action_print_pdf()
        self.assertFalse(
            self.env["school.class.statement"].search([("create_uid", "=", self.class_teacher.id)])
        )

    def test_reports_without_dates_ignore_them(self):
        wizard = self._wizard(report="summary", date_from=date(2035, 9, 8))
        self.assertEqual(wizard._range()[:2], (self.year.date_start, self.year.date_end))
