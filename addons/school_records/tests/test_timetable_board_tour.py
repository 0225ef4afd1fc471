from datetime import date

from odoo.tests import HttpCase, tagged

from .timetable_common import WEDNESDAY, TimetableFixture

THURSDAY = "3"


@tagged("post_install", "-at_install", "is_tour")
class TestTimetableBoardTour(TimetableFixture, HttpCase):
    """In Chromium: the deputy opens a draft timetable's board from its form, drags a
    journal onto a free cell, sees a clash with 6Б's published timetable and removes the
    lesson, publishes and generates a week's lessons; the teacher of that journal finds
    the lesson in her journal grid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.timetable_5a | cls.timetable_6b).bell_schedule_id = cls.bells
        cls.env["school.timetable.slot"].create(
            {
                "timetable_id": cls.timetable_6b.id,
                "weekday": WEDNESDAY,
                "number": 3,
                "assignment_id": cls.assignment_6b.id,
                "room_id": cls.room_22.id,
            }
        )
        cls.timetable_6b.with_user(cls.deputy).action_publish()

    def test_the_deputy_puts_a_lesson_on_the_board_and_the_teacher_finds_it(self):
        action = self.env.ref("school_records.school_timetable_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{self.timetable_5a.id}",
            "school_timetable_board_tour",
            login=self.deputy.login,
        )
        slot = self.timetable_5a.slot_ids.filtered(lambda s: s.weekday == THURSDAY)
        self.assertRecordValues(
            slot,
            [{"number": 1, "assignment_id": self.assignment_5a.id, "room_id": self.room_21.id}],
        )
        self.assertFalse(
            self.timetable_5a.slot_ids.filtered(lambda s: s.weekday == WEDNESDAY),
            "the clashing lesson was removed",
        )
        self.assertRecordValues(
            self.timetable_5a, [{"state": "published", "published_by_id": self.deputy.id}]
        )
        lesson = self.env["school.lesson"].search(
            [("timetable_slot_id", "=", slot.id), ("date", "=", date(2035, 9, 20))]
        )
        self.assertEqual(lesson.assignment_id, self.assignment_5a)
        copy = self.env["school.timetable"].search(
            [("class_id", "=", self.class_5a.id), ("date_from", "=", date(2035, 11, 5))]
        )
        self.assertEqual(copy.state, "draft")
        self.assertEqual(
            sorted(copy.slot_ids.mapped(lambda s: (s.weekday, s.number, s.assignment_id.id))),
            sorted(
                self.timetable_5a.slot_ids.mapped(
                    lambda s: (s.weekday, s.number, s.assignment_id.id)
                )
            ),
        )
        assignments = self.env.ref("school_records.school_teaching_assignment_action")
        self.start_tour(
            f"/odoo/action-{assignments.id}/{self.assignment_5a.id}",
            "school_timetable_board_teacher_tour",
            login=self.teacher.login,
        )
        board = self.env.ref("school_records.school_timetable_board_action")
        self.start_tour(
            f"/odoo/action-{board.id}",
            "school_timetable_board_views_tour",
            login=self.teacher.login,
        )
