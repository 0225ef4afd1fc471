import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.school_journal_transfer import working_days_after
from .common import SchoolRecordsCase

KEY_ROW = 6  # the hidden row of lesson keys in the template (1-based)
FIRST_STUDENT_ROW = 8


@tagged("post_install", "-at_install")
class TestTemporaryJournal(SchoolRecordsCase):
    """Temporary journals (seed 004 §3): the XLSX template, the all-or-nothing import
    and the record of late transfers for the deputy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lesson_monday = cls._lesson(cls.assignment_5a, date(2035, 9, 10), 1)
        cls.newcomer = cls.env["school.student"].create(
            {"last_name": "Андреев", "first_name": "Илья"}
        )
        cls.env["school.enrollment"].create(
            {
                "student_id": cls.newcomer.id,
                "class_id": cls.class_5a.id,
                "date_from": date(2035, 10, 1),
            }
        )

    # helpers -----------------------------------------------------------------------------
    def _wizard(self, user=None, date_from=date(2035, 9, 7), date_to=date(2035, 9, 10)):
        return (
            self.env["school.temporary.journal.import"]
            .with_user(user or self.teacher)
            .create(
                {
                    "assignment_id": self.assignment_5a.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
        )

    def _template(self, wizard):
        action = wizard.action_download_template()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        raw = self.env["ir.attachment"].browse(attachment_id).raw
        return openpyxl.load_workbook(io.BytesIO(raw))

    def _fill(self, wizard, values, extra_rows=()):
        """Fill the wizard's template: values {(student, lesson): text}; extra_rows are
        (student id, name, {lesson: text}) appended below the students."""
        workbook = self._template(wizard)
        sheet = workbook.active
        columns = {
            sheet.cell(KEY_ROW, column).value: column for column in range(3, sheet.max_column + 1)
        }
        rows = {
            sheet.cell(row, 1).value: row for row in range(FIRST_STUDENT_ROW, sheet.max_row + 1)
        }
        for (student, lesson), text in values.items():
            sheet.cell(rows[student.id], columns[self._key(lesson)]).value = text
        for student_id, name, texts in extra_rows:
            row = sheet.max_row + 1
            sheet.cell(row, 1).value = student_id
            sheet.cell(row, 2).value = name
            for lesson, text in texts.items():
                sheet.cell(row, columns[self._key(lesson)]).value = text
        output = io.BytesIO()
        workbook.save(output)
        wizard.import_file = base64.b64encode(output.getvalue())
        return wizard

    @staticmethod
    def _key(lesson):
        return f"{lesson.date.isoformat()}/{lesson.number}"

    def _entries(self, model, lesson, student):
        return self.env[model].search(
            [("lesson_id", "=", lesson.id), ("student_id", "=", student.id)]
        )

    def _transfers(self):
        return self.env["school.journal.transfer"].search(
            [("assignment_id", "=", self.assignment_5a.id)]
        )

    # template ----------------------------------------------------------------------------
    def test_template_has_students_and_lessons(self):
        sheet = self._template(self._wizard()).active
        self.assertIn(self.assignment_5a.name, sheet["B1"].value)
        self.assertIn(self.teacher.name, sheet["B2"].value)
        self.assertIn("07.09.2035", sheet["B3"].value)
        self.assertIn("н, б, у, оп", sheet["B4"].value)
        self.assertTrue(sheet.row_dimensions[KEY_ROW].hidden)
        self.assertTrue(sheet.column_dimensions["A"].hidden)
        self.assertEqual(
            sheet.cell(KEY_ROW, 1).value, f"school.teaching.assignment,{self.assignment_5a.id}"
        )
        self.assertEqual(
            [sheet.cell(KEY_ROW, column).value for column in range(3, sheet.max_column + 1)],
            ["2035-09-07/1", "2035-09-08/2", "2035-09-10/1"],
        )
        self.assertTrue(sheet.cell(KEY_ROW + 1, 3).value.startswith("07.09.2035"))
        # alphabetical, and the newcomer (enrolled in October) is not there
        self.assertEqual(
            [
                (sheet.cell(row, 1).value, sheet.cell(row, 2).value)
                for row in range(FIRST_STUDENT_ROW, sheet.max_row + 1)
            ],
            [(self.classmate.id, "Белов Глеб"), (self.child.id, "Иванов Пётр Сергеевич")],
        )

    def test_template_needs_lessons(self):
        wizard = self._wizard(date_from=date(2035, 9, 11), date_to=date(2035, 9, 14))
        with self.assertRaisesRegex(UserError, "no lessons"):
            wizard.action_download_template()

    # import ------------------------------------------------------------------------------
    @freeze_time("2035-09-10")
    def test_good_file_imports_marks_and_absences(self):
        audit_count = self.env["school.journal.audit"].search_count([])
        wizard = self._fill(
            self._wizard(),
            {
                (self.classmate, self.lesson_5a): "4 3",
                (self.classmate, self.lesson_5a_substituted): "н",
                (self.child, self.lesson_5a_substituted): 5,  # typed as a number
                (self.child, self.lesson_monday): "Б",
            },
        )
        action = wizard.action_import()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(
            sorted(
                self._entries("school.mark", self.lesson_5a, self.classmate).mapped("value_id.code")
            ),
            ["3", "4"],
        )
        self.assertEqual(
            self._entries("school.mark", self.lesson_5a_substituted, self.child).value_id,
            self.mark_5,
        )
        self.assertEqual(
            self._entries("school.attendance", self.lesson_5a_substituted, self.classmate).kind,
            "absent",
        )
        self.assertEqual(
            self._entries("school.attendance", self.lesson_monday, self.child).kind, "ill"
        )
        self.assertEqual(
            self._entries("school.mark", self.lesson_5a, self.classmate).create_uid, self.teacher
        )
        self.assertEqual(self.env["school.journal.audit"].search_count([]), audit_count)
        self.assertRecordValues(
            self._transfers(),
            [
                {
                    "user_id": self.teacher.id,
                    "transfer_date": date(2035, 9, 10),
                    "date_from": date(2035, 9, 7),
                    "date_to": date(2035, 9, 10),
                    "mark_count": 3,
                    "absence_count": 2,
                    "late_lesson_count": 0,
                    "is_late": False,
                    "state": "new",
                }
            ],
        )

    def test_bad_rows_import_nothing_and_are_all_named(self):
        wizard = self._fill(
            self._wizard(),
            {
                (self.classmate, self.lesson_5a): "4",
                (self.child, self.lesson_5a_substituted): "7",
            },
            extra_rows=[(False, "Неизвестный Ученик", {self.lesson_monday: "5"})],
        )
        with self.assertRaises(UserError) as caught:
            wizard.action_import()
        message = caught.exception.args[0]
        self.assertIn("Nothing was imported", message)
        self.assertIn("Row 9, Иванов Пётр Сергеевич, 08.09.2035 / 2: «7»", message)
        self.assertIn("Row 10, Неизвестный Ученик", message)
        self.assertNotIn("Row 8", message)
        self.assertFalse(self._entries("school.mark", self.lesson_5a, self.classmate))
        self.assertFalse(self._transfers())

    def test_unknown_lesson_is_reported_once_for_its_column(self):
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_monday): "4"})
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.import_file)))
        workbook.active.cell(KEY_ROW, 5).value = "2035-09-10/7"
        output = io.BytesIO()
        workbook.save(output)
        wizard.import_file = base64.b64encode(output.getvalue())
        with self.assertRaises(UserError) as caught:
            wizard.action_import()
        message = caught.exception.args[0]
        self.assertIn("Row 6, —, 2035-09-10/7: There is no such lesson", message)
        self.assertEqual(message.count("Row "), 1)

    def test_student_not_enrolled_on_the_lesson_day(self):
        wizard = self._fill(
            self._wizard(),
            {},
            extra_rows=[(self.newcomer.id, self.newcomer.name, {self.lesson_monday: "5"})],
        )
        with self.assertRaisesRegex(UserError, r"Row 10, Андреев Илья.*not enrolled"):
            wizard.action_import()

    def test_closed_period_is_reported(self):
        self.quarter_1.state = "closed"
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        with self.assertRaisesRegex(UserError, r"Row 8, Белов Глеб.*closed"):
            wizard.action_import()

    def test_value_already_in_journal_is_a_duplicate(self):
        wizard = self._fill(
            self._wizard(),
            {(self.child, self.lesson_5a): "5", (self.classmate, self.lesson_5a): "4"},
        )
        with self.assertRaisesRegex(UserError, r"Row 9, .*«5» is already in the journal"):
            wizard.action_import()
        self.assertFalse(self._entries("school.mark", self.lesson_5a, self.classmate))
        self.assertEqual(self._entries("school.mark", self.lesson_5a, self.child), self.mark_child)

    def test_different_value_in_journal_is_a_conflict(self):
        wizard = self._fill(self._wizard(), {(self.child, self.lesson_5a): "4"})
        with self.assertRaisesRegex(UserError, "already holds «5» here, the file says «4»"):
            wizard.action_import()

    def test_same_student_and_lesson_twice_in_the_file(self):
        wizard = self._fill(
            self._wizard(),
            {(self.classmate, self.lesson_5a): "4"},
            extra_rows=[(self.classmate.id, "Белов Глеб", {self.lesson_5a: "4"})],
        )
        with self.assertRaisesRegex(UserError, r"Row 10, Белов Глеб.*twice in the file \(row 8\)"):
            wizard.action_import()

    def test_other_journal_template_is_refused(self):
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        self.assignment_5a_history.teacher_id = self.teacher
        other = (
            self.env["school.temporary.journal.import"]
            .with_user(self.teacher)
            .create(
                {
                    "assignment_id": self.assignment_5a_history.id,
                    "date_from": date(2035, 9, 7),
                    "date_to": date(2035, 9, 10),
                    "import_file": wizard.import_file,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "another journal"):
            other.action_import()

    def test_teacher_cannot_import_into_another_teachers_journal(self):
        filled = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        wizard = self._wizard(user=self.other_teacher)
        wizard.import_file = filled.import_file
        with self.assertRaises(AccessError):
            wizard.action_download_template()
        with self.assertRaises(AccessError):
            wizard.action_import()
        self.assertFalse(self._entries("school.mark", self.lesson_5a, self.classmate))

    # late transfers ----------------------------------------------------------------------
    def test_transfer_five_days_after_lesson_is_late_with_activity_for_deputy(self):
        wizard = self._fill(
            self._wizard(),
            {(self.classmate, self.lesson_5a): "4", (self.child, self.lesson_monday): "н"},
        )
        with freeze_time("2035-09-12"):  # lesson on Friday 7th, transfer on Wednesday 12th
            action = wizard.action_import()
        self.assertEqual(action["params"]["type"], "warning")
        transfer = self._transfers()
        self.assertRecordValues(
            transfer, [{"is_late": True, "late_lesson_count": 1, "state": "new"}]
        )
        self.assertEqual(transfer.late_lesson_ids, self.lesson_5a)
        activity = transfer.activity_ids.filtered(lambda a: a.user_id == self.deputy)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertIn("2035-09-07", str(activity.note))

        with self.assertRaises(AccessError):
            transfer.with_user(self.teacher).action_acknowledge()
        transfer.with_user(self.deputy).action_acknowledge()
        self.assertRecordValues(
            transfer, [{"state": "acknowledged", "acknowledged_by_id": self.deputy.id}]
        )
        self.assertFalse(transfer.activity_ids)

    def test_transfer_on_next_working_day_is_not_late(self):
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        with freeze_time("2035-09-10"):  # lesson on Friday, transfer on Monday
            wizard.action_import()
        transfer = self._transfers()
        self.assertRecordValues(transfer, [{"is_late": False, "late_lesson_count": 0}])
        self.assertFalse(transfer.activity_ids)

    def test_working_days_after(self):
        friday = date(2035, 9, 7)
        self.assertEqual(working_days_after(friday, friday), 0)
        self.assertEqual(working_days_after(friday, date(2035, 9, 9)), 0)  # Sunday
        self.assertEqual(working_days_after(friday, date(2035, 9, 10)), 1)  # Monday
        self.assertEqual(working_days_after(friday, date(2035, 9, 11)), 2)
        self.assertEqual(working_days_after(friday, date(2035, 9, 12)), 3)
        self.assertEqual(working_days_after(friday, date(2035, 9, 21)), 10)

    def test_transfers_are_visible_to_their_teacher_and_deputies_only(self):
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        wizard.action_import()
        transfer = self._transfers()
        Transfer = self.env["school.journal.transfer"]
        self.assertEqual(Transfer.with_user(self.teacher).search([]), transfer)
        self.assertFalse(Transfer.with_user(self.other_teacher).search([]))
        self.assertIn(transfer, Transfer.with_user(self.deputy).search([]))
        # the status is a workflow field: refused before the access rights are asked
        with self.assertRaises(UserError):
            transfer.with_user(self.teacher).write({"state": "acknowledged"})

    # outages (seed 004 §3.2 «при возобновлении доступа») --------------------------------
    def _outage(self, start, end, user=None):
        return (
            self.env["school.system.outage"]
            .with_user(user or self.deputy)
            .create({"date_start": start, "date_end": end, "note": "Нет интернета"})
        )

    def test_lesson_within_an_outage_counts_from_the_end_of_the_outage(self):
        # the journal was down from Friday 7th to Monday 10th: the two working days of
        # Friday's lesson run from Monday, so a transfer on Wednesday 12th is on time
        self._outage("2035-09-07 06:00:00", "2035-09-10 12:00:00")
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        with freeze_time("2035-09-12"):
            wizard.action_import()
        transfer = self._transfers()
        self.assertRecordValues(transfer, [{"is_late": False, "late_lesson_count": 0}])
        self.assertFalse(transfer.activity_ids)

    def test_lesson_within_an_outage_transferred_three_days_after_it_is_late(self):
        self._outage("2035-09-07 06:00:00", "2035-09-10 12:00:00")
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        with freeze_time("2035-09-13"):
            wizard.action_import()
        self.assertEqual(self._transfers().late_lesson_ids, self.lesson_5a)

    def test_lesson_outside_an_outage_counts_from_the_lesson(self):
        self._outage("2035-09-03 06:00:00", "2035-09-05 12:00:00")
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        with freeze_time("2035-09-12"):
            wizard.action_import()
        self.assertEqual(self._transfers().late_lesson_ids, self.lesson_5a)

    def test_an_outage_recorded_after_the_transfer_makes_it_on_time(self):
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        with freeze_time("2035-09-12"):
            wizard.action_import()
        transfer = self._transfers()
        self.assertTrue(transfer.is_late)
        outage = self._outage("2035-09-07 06:00:00", "2035-09-10 12:00:00")
        self.assertFalse(transfer.is_late)
        outage.unlink()
        self.assertTrue(transfer.is_late)

    def test_a_lesson_of_an_outage_still_going_on_is_not_late(self):
        self._outage("2035-09-07 06:00:00", False)
        wizard = self._fill(self._wizard(), {(self.classmate, self.lesson_5a): "4"})
        with freeze_time("2035-09-20"):
            wizard.action_import()
        self.assertFalse(self._transfers().is_late)

    def test_who_records_an_outage(self):
        with self.assertRaises(AccessError):
            self._outage("2035-09-07 06:00:00", "2035-09-10 12:00:00", user=self.teacher)
        outage = self._outage("2035-09-07 06:00:00", "2035-09-10 12:00:00")
        self.assertEqual(outage.with_user(self.teacher).date_end.day, 10)
        with self.assertRaises(UserError):  # overlapping outages
            self._outage("2035-09-09 06:00:00", "2035-09-12 12:00:00")
