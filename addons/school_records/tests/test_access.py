from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestAccess(SchoolRecordsCase):
    """Each role reads and writes what it must, and nothing more (through the ORM
    as that user: access rights, record rules and field groups)."""

    def assertCanRead(self, user, records, fields=("display_name",)):
        records.with_user(user).read(list(fields))

    def assertCannotRead(self, user, records, fields=("display_name",)):
        with self.assertRaises(AccessError):
            records.with_user(user).read(list(fields))

    def assertCannotWrite(self, user, records, values):
        with self.assertRaises(AccessError):
            records.with_user(user).write(values)

    def assertCannotCreateMark(self, user, lesson, student):
        with self.assertRaises(AccessError):
            self._mark_as(user, lesson, student)

    def _mark_as(self, user, lesson, student, value=None):
        return (
            self.env["school.mark"]
            .with_user(user)
            .create(
                {
                    "lesson_id": lesson.id,
                    "student_id": student.id,
                    "value_id": (value or self.mark_4).id,
                }
            )
        )

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([])

    # subject teacher -------------------------------------------------------------
    def test_teacher_fills_own_journal(self):
        mark = self._mark_as(self.teacher, self.lesson_5a, self.classmate)
        mark.write({"value_id": self.mark_5.id})
        self.mark_child.with_user(self.teacher).write({"value_id": self.mark_4.id})
        self.lesson_5a.with_user(self.teacher).write({"homework": "№ 12, 14"})
        new_lesson = (
            self.env["school.lesson"]
            .with_user(self.teacher)
            .create({"assignment_id": self.assignment_5a.id, "date": "2035-09-09", "number": 3})
        )
        self.assertEqual(new_lesson.teacher_id, self.teacher)
        self.assertEqual(mark.value_id, self.mark_5)

    def test_teacher_cannot_touch_other_journals(self):
        self.assertCannotRead(self.teacher, self.lesson_6b)
        self.assertCannotRead(self.teacher, self.mark_other_child)
        self.assertNotIn(self.lesson_6b, self._visible(self.teacher, "school.lesson"))
        self.assertNotIn(self.mark_other_child, self._visible(self.teacher, "school.mark"))
        self.assertCannotWrite(self.teacher, self.lesson_5a_history, {"topic": "x"})
        self.assertCannotWrite(self.teacher, self.absence_child, {"kind": "absent"})
        self.assertCannotCreateMark(self.teacher, self.lesson_6b, self.other_child)
        self.assertCannotCreateMark(self.teacher, self.lesson_5a_history, self.child)
        with self.assertRaises(AccessError):
            self.env["school.lesson"].with_user(self.teacher).create(
                {"assignment_id": self.assignment_6b.id, "date": "2035-09-09", "number": 3}
            )

    def test_teacher_sees_names_but_not_personal_data(self):
        self.assertCanRead(self.teacher, self.child, ["name", "class_id"])
        self.assertCannotRead(self.teacher, self.child, ["birth_date"])
        self.assertCannotRead(self.teacher, self.child, ["snils"])
        self.assertCannotRead(self.teacher, self.other_child, ["name"])
        self.assertCannotWrite(self.teacher, self.child, {"first_name": "Павел"})

    def test_substitute_fills_only_the_substituted_lesson(self):
        mark = self._mark_as(self.substitute, self.lesson_5a_substituted, self.child)
        self.assertEqual(mark.create_uid, self.substitute)
        self.lesson_5a_substituted.with_user(self.substitute).write({"topic": "Замена"})
        self.assertCannotCreateMark(self.substitute, self.lesson_5a, self.child)
        self.assertCannotRead(self.substitute, self.lesson_5a)
        self.assertCanRead(self.substitute, self.child, ["name"])

    # class teacher -----------------------------------------------------------------
    def test_class_teacher_reads_every_journal_of_the_class(self):
        lessons = self._visible(self.class_teacher, "school.lesson")
        self.assertIn(self.lesson_5a, lessons)
        self.assertIn(self.lesson_5a_history, lessons)
        self.assertNotIn(self.lesson_6b, lessons)
        self.assertCanRead(self.class_teacher, self.mark_child, ["value_id"])
        self.assertCanRead(self.class_teacher, self.absence_child, ["kind"])
        self.assertCannotRead(self.class_teacher, self.mark_other_child)

    def test_class_teacher_does_not_edit_other_teachers_marks(self):
        self.assertCannotWrite(self.class_teacher, self.mark_child, {"value_id": self.mark_2.id})
        # the reason of her class's absence is hers (seed 004 §4.5), a lateness is not
        self.assertCannotWrite(self.class_teacher, self.absence_child, {"kind": "late"})
        self.assertCannotCreateMark(self.class_teacher, self.lesson_5a, self.classmate)
        self.assertCannotWrite(self.class_teacher, self.lesson_5a, {"topic": "x"})

    def test_class_teacher_keeps_class_student_data(self):
        self.assertCanRead(self.class_teacher, self.child, ["birth_date", "snils"])
        self.child.with_user(self.class_teacher).write({"address": "ул. Ленина, 1"})
        self.assertEqual(self.child.sudo().address, "ул. Ленина, 1")
        self.assertCannotRead(self.class_teacher, self.other_child, ["name"])
        self.assertCannotWrite(self.class_teacher, self.other_child, {"first_name": "Ия"})

    # deputy, director ----------------------------------------------------------------
    def test_deputy_and_director_read_everything_and_edit_no_marks(self):
        for user in (self.deputy, self.director):
            self.assertCanRead(user, self.lesson_6b | self.lesson_5a, ["topic"])
            self.assertCanRead(user, self.mark_other_child | self.mark_child, ["value_id"])
            self.assertCanRead(user, self.other_child, ["name", "birth_date"])
            self.assertCannotWrite(user, self.mark_child, {"value_id": self.mark_2.id})
            self.assertCannotCreateMark(user, self.lesson_6b, self.other_child)

    # secretary, archivist, other employees ---------------------------------------------
    def test_secretary_keeps_students_not_journals(self):
        student = (
            self.env["school.student"]
            .with_user(self.secretary)
            .create({"last_name": "Новиков", "first_name": "Лев", "birth_date": "2016-01-05"})
        )
        self.env["school.enrollment"].with_user(self.secretary).create(
            {"student_id": student.id, "class_id": self.class_5a.id, "date_from": "2035-10-01"}
        )
        self.other_child.with_user(self.secretary).write({"snils": "000-000-000 00"})
        self.assertCannotRead(self.secretary, self.mark_child)
        self.assertCannotRead(self.secretary, self.lesson_5a)

    def test_archivist_reads_and_writes_nothing(self):
        self.assertCanRead(self.archivist, self.mark_child | self.mark_other_child, ["value_id"])
        self.assertCanRead(self.archivist, self.lesson_6b, ["topic"])
        self.assertCannotWrite(self.archivist, self.mark_child, {"value_id": self.mark_2.id})
        self.assertCannotWrite(self.archivist, self.child, {"first_name": "Ия"})

    def test_employee_without_school_role_reads_no_student(self):
        self.assertCannotRead(self.employee, self.child, ["name"])
        self.assertCannotRead(self.employee, self.mark_child)
        self.assertCannotRead(self.employee, self.lesson_5a)

    # portal ------------------------------------------------------------------------------
    def test_parent_reads_only_own_children(self):
        students = self._visible(self.parent, "school.student")
        self.assertEqual(students, self.child | self.sibling)
        marks = self._visible(self.parent, "school.mark")
        self.assertIn(self.mark_child, marks)
        self.assertNotIn(self.mark_other_child, marks)
        self.assertEqual(self._visible(self.parent, "school.attendance"), self.absence_child)
        self.assertCannotRead(self.parent, self.other_child, ["name"])
        self.assertCannotRead(self.parent, self.mark_other_child)
        self.assertCannotRead(self.parent, self.classmate, ["name"])
        self.assertCannotWrite(self.parent, self.mark_child, {"value_id": self.mark_2.id})
        self.assertCannotRead(self.parent, self.child, ["snils"])

    def test_a_guardian_added_or_removed_gains_or_loses_the_child(self):
        self.classmate.guardian_ids = [(4, self.parent.partner_id.id)]
        self.env.flush_all()  # the secretary's request ends before the parent's begins
        self.assertIn(self.classmate, self._visible(self.parent, "school.student"))
        self.classmate.guardian_ids = [(3, self.parent.partner_id.id)]
        self.env.flush_all()
        self.assertNotIn(self.classmate, self._visible(self.parent, "school.student"))
        self.assertCannotRead(self.parent, self.classmate, ["name"])

    def test_student_reads_only_themself(self):
        self.assertEqual(self._visible(self.student_user, "school.student"), self.child)
        self.assertEqual(self._visible(self.student_user, "school.mark"), self.mark_child)
        self.assertCannotRead(self.student_user, self.sibling, ["name"])
        self.assertCannotRead(self.student_user, self.classmate, ["name"])
        self.assertCannotRead(self.student_user, self.mark_other_child)
        self.assertIn(self.lesson_5a, self._visible(self.student_user, "school.lesson"))
        self.assertNotIn(self.lesson_6b, self._visible(self.student_user, "school.lesson"))
