from datetime import date
from unittest.mock import patch

from odoo import fields
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


@tagged("post_install", "-at_install", "is_tour")
class TestJournalGridDayTour(SchoolFixture, HttpCase):
    """Issues 22.1 and 21.1 in Chromium: the teacher opens the grid from the menu, lands
    on today's lesson, types fast (nothing lost), sees a refused value with its reason,
    proposes and confirms period marks (one overridden with a reason), asks for a
    correction in a closed period and switches class from the header."""

    def test_a_teachers_day_in_the_grid(self):
        assignment_6b = self.env["school.teaching.assignment"].create(
            {
                "class_id": self.class_6b.id,
                "subject_id": self.history.id,
                "teacher_id": self.teacher.id,
            }
        )
        self._lesson(assignment_6b, date(2035, 9, 5), 3)
        lesson_q2 = self._lesson(self.assignment_5a, date(2035, 11, 12), 1)
        self.quarter_2.with_user(self.deputy).action_close()
        with patch.object(fields.Date, "context_today", return_value=date(2035, 9, 8)):
            self.start_tour("/odoo", "school_journal_grid_day_tour", login=self.teacher.login)

        def cell(lesson, student):
            domain = [("lesson_id", "=", lesson.id), ("student_id", "=", student.id)]
            return self.env["school.mark"].search(domain, order="id").mapped("value_id.code")

        self.assertEqual(cell(self.lesson_5a_substituted, self.classmate), ["4", "3"])
        self.assertEqual(cell(self.lesson_5a_substituted, self.child), ["5"])
        self.assertEqual(cell(self.lesson_5a, self.classmate), ["4"])
        marks = self.env["school.period.mark"].search(
            [("assignment_id", "=", self.assignment_5a.id), ("period_id", "=", self.quarter_1.id)]
        )
        self.assertRecordValues(
            marks.sorted(lambda m: m.student_id.name),
            [
                {
                    "student_id": self.classmate.id,
                    "state": "confirmed",
                    "value_id": self.mark_4.id,
                    "reason": False,
                },
                {
                    "student_id": self.child.id,
                    "state": "confirmed",
                    "value_id": self.mark_4.id,
                    "reason": "Устный зачёт не сдан",
                },
            ],
        )
        correction = self.env["school.journal.correction"].search(
            [("lesson_id", "=", lesson_q2.id)]
        )
        self.assertRecordValues(
            correction,
            [
                {
                    "student_id": self.child.id,
                    "kind": "mark",
                    "new_value": "3",
                    "state": "draft",
                    "requested_by": self.teacher.id,
                }
            ],
        )

    def test_propose_from_the_period_marks_list(self):
        action = self.env.ref("school_records.school_period_mark_action")
        with patch.object(fields.Date, "context_today", return_value=date(2035, 9, 8)):
            self.start_tour(
                f"/odoo/action-{action.id}",
                "school_period_mark_propose_tour",
                login=self.teacher.login,
            )
        marks = self.env["school.period.mark"].search(
            [("assignment_id", "=", self.assignment_5a.id), ("period_id", "=", self.quarter_1.id)]
        )
        self.assertEqual(marks.student_id, self.child | self.classmate)
        self.assertEqual(set(marks.mapped("state")), {"draft"})
