from odoo.tests import HttpCase, tagged

from .common import SchoolFixture


@tagged("post_install", "-at_install", "is_tour")
class TestJournalTour(SchoolFixture, HttpCase):
    def test_teacher_fills_the_journal_with_the_keyboard(self):
        action = self.env["ir.actions.client"].create(
            {
                "name": "Journal",
                "tag": "school_journal_grid",
                "context": repr(
                    {"assignment_id": self.assignment_5a.id, "period_id": self.quarter_1.id}
                ),
            }
        )
        self.start_tour(
            f"/odoo/action-{action.id}", "school_journal_grid_tour", login=self.teacher.login
        )
        mark = self.env["school.mark"].search(
            [("lesson_id", "=", self.lesson_5a.id), ("student_id", "=", self.classmate.id)]
        )
        self.assertEqual(mark.value_id.code, "4")
        self.assertEqual(mark.create_uid, self.teacher)
        absence = self.env["school.attendance"].search(
            [
                ("lesson_id", "=", self.lesson_5a_substituted.id),
                ("student_id", "=", self.child.id),
            ]
        )
        self.assertEqual(absence.kind, "absent")
