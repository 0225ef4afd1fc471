from odoo.tests import HttpCase, tagged

from .common import SchoolFixture


@tagged("post_install", "-at_install", "is_tour")
class TestClassTeacherTour(SchoolFixture, HttpCase):
    def test_class_teacher_duties_through_the_screens(self):
        absence = self.env["school.attendance"].create(
            {"lesson_id": self.lesson_5a.id, "student_id": self.classmate.id, "kind": "absent"}
        )
        self.start_tour(
            "/odoo/action-school_records.school_attendance_action_class_reasons",
            "school_class_teacher_duties_tour",
            login=self.class_teacher.login,
        )
        self.assertEqual(absence.kind, "ill")
        self.assertEqual(absence.comment, "Справка из поликлиники")
        self.assertEqual(absence.write_uid, self.class_teacher)
        report = self.env["school.journal.report"].search([])
        self.assertEqual(report.reporter_id, self.class_teacher)
        self.assertEqual(report.assignment_id, self.assignment_5a)
        self.assertEqual(report.problem, "Нет отметок за контрольную работу")
