from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestDataRules(SchoolRecordsCase):
    """Each data rule refuses bad input with a clear error and writes nothing."""

    def assertRefused(self, model, exception, create_values, message_part):
        before = self.env[model].search_count([])
        with self.assertRaises(exception) as caught:
            self.env[model].create(create_values)
        self.assertIn(message_part, str(caught.exception))
        self.assertEqual(self.env[model].search_count([]), before)

    def test_mark_for_student_not_enrolled_in_the_group(self):
        self.assertRefused(
            "school.mark",
            ValidationError,
            {
                "lesson_id": self.lesson_5a.id,
                "student_id": self.other_child.id,
                "value_id": self.mark_5.id,
            },
            "is not enrolled",
        )

    def test_absence_for_student_not_enrolled_on_the_lesson_date(self):
        late_arrival = self.env["school.student"].create(
            {"last_name": "Поздний", "first_name": "Ян"}
        )
        self.env["school.enrollment"].create(
            {"student_id": late_arrival.id, "class_id": self.class_5a.id, "date_from": "2035-10-01"}
        )
        self.assertRefused(
            "school.attendance",
            ValidationError,
            {"lesson_id": self.lesson_5a.id, "student_id": late_arrival.id, "kind": "absent"},
            "is not enrolled",
        )

    def test_mark_after_the_student_left(self):
        self.child.enrollment_ids.write(
            {"date_to": "2035-09-05", "departure_reason": "transfer_out"}
        )
        self.assertRefused(
            "school.mark",
            ValidationError,
            {
                "lesson_id": self.lesson_5a.id,
                "student_id": self.child.id,
                "value_id": self.mark_4.id,
            },
            "is not enrolled",
        )

    def test_lesson_outside_the_academic_year(self):
        self.assertRefused(
            "school.lesson",
            ValidationError,
            {"assignment_id": self.assignment_5a.id, "date": date(2036, 9, 2), "number": 1},
            "outside the academic year",
        )

    def test_lesson_in_a_closed_period(self):
        self.quarter_1.with_user(self.deputy).action_close()
        self.assertRefused(
            "school.lesson",
            UserError,
            {"assignment_id": self.assignment_5a.id, "date": date(2035, 9, 10), "number": 1},
            "is closed",
        )

    def test_marks_of_a_closed_period_are_read_only(self):
        self.quarter_1.with_user(self.deputy).action_close()
        with self.assertRaises(UserError):
            self.mark_child.write({"value_id": self.mark_2.id})
        with self.assertRaises(UserError):
            self.mark_child.unlink()
        self.assertRefused(
            "school.mark",
            UserError,
            {
                "lesson_id": self.lesson_5a.id,
                "student_id": self.classmate.id,
                "value_id": self.mark_4.id,
            },
            "is closed",
        )
        self.assertEqual(self.mark_child.value_id, self.mark_5)

    def test_only_a_deputy_closes_a_period(self):
        with self.assertRaises(UserError):
            self.quarter_1.with_user(self.teacher).action_close()
        self.assertEqual(self.quarter_1.state, "open")

    def test_mark_value_outside_the_scale(self):
        not_for_lessons = self.env.ref("school_records.school_mark_value_na")
        self.assertRefused(
            "school.mark",
            ValidationError,
            {
                "lesson_id": self.lesson_5a.id,
                "student_id": self.classmate.id,
                "value_id": not_for_lessons.id,
            },
            "is not a mark of the school's scale",
        )
        with self.assertRaises(ValidationError):
            self.env["school.mark"]._value_for_code("6")

    def test_duplicate_lesson_number_on_the_same_date(self):
        self.assertRefused(
            "school.lesson",
            ValidationError,
            {
                "assignment_id": self.assignment_5a_history.id,
                "date": self.lesson_5a.date,
                "number": self.lesson_5a.number,
            },
            "already has lesson No.",
        )
        # another class may have its first lesson at the same time
        self.env["school.lesson"].create(
            {"assignment_id": self.assignment_6b.id, "date": self.lesson_5a.date, "number": 2}
        )

    def test_overlapping_enrollments_in_two_classes(self):
        self.assertRefused(
            "school.enrollment",
            ValidationError,
            {"student_id": self.child.id, "class_id": self.class_6b.id, "date_from": "2035-10-01"},
            "one class at a time",
        )

    def test_transfer_between_classes_closes_then_opens(self):
        self.child.enrollment_ids.write(
            {"date_to": "2035-09-30", "departure_reason": "class_transfer"}
        )
        self.env["school.enrollment"].create(
            {
                "student_id": self.child.id,
                "class_id": self.class_6b.id,
                "date_from": "2035-10-01",
                "arrival_reason": "class_transfer",
            }
        )
        self.assertEqual(len(self.child.enrollment_ids), 2)

    def test_duplicate_absence(self):
        self.assertRefused(
            "school.attendance",
            ValidationError,
            {"lesson_id": self.lesson_5a_history.id, "student_id": self.child.id, "kind": "late"},
            "already has an absence",
        )

    def test_lesson_with_marks_cannot_be_deleted(self):
        with self.assertRaises(UserError):
            self.lesson_5a.unlink()
        self.assertTrue(self.mark_child.exists())
