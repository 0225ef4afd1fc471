from datetime import date, datetime
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import SchoolRecordsCase

LESSON_DAY = date(2035, 9, 12)  # a Wednesday of the first quarter


@tagged("post_install", "-at_install")
class TestJournalDeadlines(SchoolRecordsCase):
    """Seed 004: the journal is filled on the lesson day by 20:00; control work marks
    within a day; period marks in the last week of the period. Late teachers get one
    activity per journal from the daily reminder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.teacher.tz = "Europe/Moscow"
        # the fixture's lessons are filled: only the lesson below is late (the lessons
        # of the demo school's closed quarter 1 are filled already and cannot change)
        cls.env["school.lesson"].search(
            ["|", ("period_id", "=", False), ("period_id.state", "=", "open")]
        ).write({"attendance_taken": True})
        cls.lesson = cls._lesson(cls.assignment_5a, LESSON_DAY, 3, topic=False)
        cls.control_type = cls.env.ref("school_records.school_work_type_control")

    def _at(self, moment):
        return patch.object(fields.Datetime, "now", return_value=moment)

    def test_deadline_is_20_00_of_the_lesson_day_in_the_schools_zone(self):
        # 20:00 in Moscow is 17:00 UTC
        self.assertEqual(self.lesson.fill_deadline, datetime(2035, 9, 12, 17, 0))

    def test_a_teachers_own_time_zone_moves_no_deadline(self):
        """A teacher who fills the journal at 21:00 Moscow time and then sets her own
        time zone to Los Angeles (UTC−7 in September) in her preferences does not turn
        a late lesson into one filled on time: the deadline is the school's 20:00."""
        self.env.company.partner_id.tz = "Europe/Moscow"
        with self._at(datetime(2035, 9, 12, 18, 0)):  # 21:00 in Moscow
            self.lesson.write({"topic": "Дроби", "attendance_taken": True})
            self.env.flush_all()
        self.assertTrue(self.lesson.filled_late)
        self.teacher.with_user(self.teacher).write({"tz": "America/Los_Angeles"})
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertRecordValues(
            self.lesson,
            [
                {
                    "fill_deadline": datetime(2035, 9, 12, 17, 0),
                    "filled_late": True,
                    "deadline_state": "done_late",
                }
            ],
        )
        later = self._lesson(self.assignment_5a, date(2035, 9, 13), 3, topic=False)
        self.assertEqual(later.fill_deadline, datetime(2035, 9, 13, 17, 0))

    def test_the_school_in_another_zone_sets_its_own_20_00(self):
        # a school in Yekaterinburg (UTC+5): its 20:00 is 15:00 UTC
        self.env.company.partner_id.tz = "Asia/Yekaterinburg"
        lesson = self._lesson(self.assignment_5a, date(2035, 9, 14), 3, topic=False)
        self.assertEqual(lesson.fill_deadline, datetime(2035, 9, 14, 15, 0))

    def test_lesson_filled_in_time(self):
        with self._at(datetime(2035, 9, 12, 16, 30)):
            self.lesson.write({"topic": "Дроби", "attendance_taken": True})
            self.env.flush_all()
        self.assertRecordValues(
            self.lesson, [{"is_filled": True, "filled_late": False, "deadline_state": "done"}]
        )

    def test_lesson_filled_after_20_00_is_late(self):
        with self._at(datetime(2035, 9, 12, 18, 5)):
            self.lesson.write({"topic": "Дроби", "attendance_taken": True})
            self.env.flush_all()
        self.assertRecordValues(self.lesson, [{"filled_late": True, "deadline_state": "done_late"}])

    def test_topic_without_attendance_is_not_filled(self):
        with self._at(datetime(2035, 9, 13, 8, 0)):
            self.lesson.topic = "Дроби"
            self.assertEqual(self.lesson.deadline_state, "overdue")
            overdue = self.env["school.lesson"].search([("deadline_state", "=", "overdue")])
        self.assertIn(self.lesson, overdue)
        self.assertFalse(self.lesson.filled_on)

    def test_control_work_marks_due_next_day(self):
        self.lesson.work_type_id = self.control_type
        self.assertEqual(self.lesson.marks_deadline, date(2035, 9, 13))

    def _control_works_late(self, day=date(2035, 9, 15)):
        reminder = self.env["school.journal.reminder"]
        return dict(reminder._control_works_without_marks(day)).get(
            (self.assignment_5a, self.teacher), 0
        )

    def test_control_work_is_marked_when_every_student_present_has_a_mark(self):
        """Seed 004: the control work's marks are on time when every student of the
        roster has a mark or an absence — one mark in is not enough."""
        self.lesson.write({"work_type_id": self.control_type.id, "topic": "КР"})
        self.assertEqual(self._control_works_late(), 1)
        self._mark(self.lesson, self.child, self.mark_5)
        self.assertEqual(self._control_works_late(), 1, "the classmate has no mark yet")
        late = self.env["school.attendance"].create(
            {"lesson_id": self.lesson.id, "student_id": self.classmate.id, "kind": "late"}
        )
        self.assertEqual(self._control_works_late(), 1, "a late-comer was there")
        late.kind = "ill"
        self.assertEqual(self._control_works_late(), 0)

    def _reminders(self, lesson_assignment, user):
        activity_type = self.env.ref("school_records.mail_activity_type_journal_late")
        return lesson_assignment.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type and a.user_id == user
        )

    def test_daily_reminder_makes_one_activity_per_journal_and_updates_it(self):
        self.lesson.work_type_id = self.control_type
        reminder = self.env["school.journal.reminder"]
        with (
            self._at(datetime(2035, 9, 15, 15, 0)),
            patch.object(fields.Date, "context_today", return_value=date(2035, 9, 15)),
        ):
            reminder._cron_remind_late_teachers()
            reminder._cron_remind_late_teachers()
        activities = self._reminders(self.assignment_5a, self.teacher)
        self.assertEqual(len(activities), 1)
        self.assertIn("without topic or attendance", activities.note)
        self.assertIn("control work", activities.note)
        # a journal filled on time gets nothing
        self.assertFalse(self._reminders(self.assignment_6b, self.other_teacher))

    def test_substitute_is_reminded_of_the_lesson_they_took(self):
        self.lesson.substitute_teacher_id = self.substitute
        with self._at(datetime(2035, 9, 15, 15, 0)):
            self.env["school.journal.reminder"]._cron_remind_late_teachers()
        self.assertTrue(self._reminders(self.assignment_5a, self.substitute))
        self.assertFalse(self._reminders(self.assignment_5a, self.teacher))

    def test_period_marks_are_reminded_in_the_last_week(self):
        self.lesson.write({"topic": "Дроби", "attendance_taken": True})
        last_week_day = self.quarter_1.date_deadline.replace(
            day=self.quarter_1.date_deadline.day - 3
        )
        with patch.object(fields.Date, "context_today", return_value=last_week_day):
            self.env["school.journal.reminder"]._cron_remind_late_teachers()
        activities = self._reminders(self.assignment_5a, self.teacher)
        self.assertIn("period marks", activities.note)

    def test_the_cron_is_scheduled_daily(self):
        cron = self.env.ref("school_records.ir_cron_remind_late_journals")
        self.assertRecordValues(
            cron, [{"interval_number": 1, "interval_type": "days", "active": True}]
        )
