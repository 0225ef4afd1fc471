from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import freeze_time

from .common import SchoolFixture, SchoolRecordsCase
from .rpc_common import SchoolRpcCase
from .timetable_common import TimetableFixture

GRID = "school.journal.grid"


def today_is(day):
    """The day the server takes for today (the fixtures live in 2035)."""
    return patch.object(fields.Date, "context_today", return_value=day)


@tagged("post_install", "-at_install")
class TestGridLanding(SchoolRecordsCase):
    """Issue 22.1: the grid opens on the teacher's journal of today's (or the latest)
    lesson and its period, switches among the journals the user may open, and says why
    it is read only."""

    def _grid(self, user):
        return self.env[GRID].with_user(user)

    def test_lands_on_todays_lesson(self):
        with today_is(date(2035, 9, 8)):
            data = self._grid(self.teacher).load()
        self.assertEqual(data["assignment"]["id"], self.assignment_5a.id)
        self.assertEqual(data["period"]["id"], self.quarter_1.id)
        self.assertEqual(data["focus_lesson_id"], self.lesson_5a_substituted.id)
        self.assertFalse(data["readonly_reason"])

    def test_lands_on_the_latest_lessons_period_not_the_current_one(self):
        # in November (quarter 2) the journal's latest lesson is still in quarter 1
        with today_is(date(2035, 11, 20)):
            data = self._grid(self.teacher).load(self.assignment_5a.id)
        self.assertEqual(data["period"]["id"], self.quarter_1.id)
        self.assertEqual(data["focus_lesson_id"], self.lesson_5a_substituted.id)
        with today_is(date(2035, 9, 7)):
            data = self._grid(self.teacher).load(self.assignment_5a.id)
        self.assertEqual(data["focus_lesson_id"], self.lesson_5a.id)

    def test_journals_are_only_those_the_user_may_open(self):
        def ids(user):
            return {j["id"] for j in self._grid(user).my_journals(self.year.id)}

        self.assertEqual(ids(self.teacher), {self.assignment_5a.id})
        self.assertEqual(
            ids(self.other_teacher), {self.assignment_5a_history.id, self.assignment_6b.id}
        )
        # the class teacher of 5А reads (only) the journals of 5А
        self.assertEqual(
            ids(self.class_teacher), {self.assignment_5a.id, self.assignment_5a_history.id}
        )
        self.assertLessEqual(
            {self.assignment_5a.id, self.assignment_5a_history.id, self.assignment_6b.id},
            ids(self.deputy),
        )
        # the substitute sees the journal of the lesson they teach
        self.assertEqual(ids(self.substitute), {self.assignment_5a.id})
        for journal in self._grid(self.class_teacher).my_journals(self.year.id):
            self.assertFalse(journal["own"])
        # the grid's header gets the same list
        data = self._grid(self.teacher).load(self.assignment_5a.id, self.quarter_1.id)
        self.assertEqual([j["id"] for j in data["journals"]], [self.assignment_5a.id])

    def test_read_only_says_why(self):
        data = self._grid(self.class_teacher).load(self.assignment_5a.id, self.quarter_1.id)
        self.assertTrue(data["readonly"])
        self.assertIn(self.teacher.name, data["readonly_reason"])
        self.quarter_1.with_user(self.deputy).action_close()
        data = self._grid(self.teacher).load(self.assignment_5a.id, self.quarter_1.id)
        self.assertTrue(data["readonly"])
        self.assertIn("closed", data["readonly_reason"])
        data = self._grid(self.teacher).load(self.assignment_5a.id, self.quarter_2.id)
        self.assertIn("no lessons", data["readonly_reason"])

    def test_another_teachers_journal_is_refused(self):
        with self.assertRaises(AccessError):
            self._grid(self.other_teacher).load(self.assignment_5a.id, self.quarter_1.id)


@tagged("post_install", "-at_install")
class TestGridPeriodMarks(SchoolRecordsCase):
    """Issue 21.1: period marks proposed from the grid, confirmed or overridden with a
    reason, never before the period's last lesson (seed 001 §5.4)."""

    def _grid(self, user):
        return self.env[GRID].with_user(user)

    def _propose(self, user=None):
        column = self._grid(user or self.teacher).propose_period_marks(
            self.assignment_5a.id, self.quarter_1.id
        )
        return column, self.env["school.period.mark"].search(
            [("assignment_id", "=", self.assignment_5a.id), ("period_id", "=", self.quarter_1.id)]
        )

    def test_propose_shows_average_proposal_and_why_uncertain(self):
        self.env.company.school_min_marks_per_period = 3
        column, marks = self._propose()
        self.assertEqual(set(column), {self.child.id, self.classmate.id})
        child = column[self.child.id]
        self.assertEqual((child["proposed"], child["average"], child["state"]), ("5", 5.0, "draft"))
        self.assertFalse(child["confident"])
        self.assertIn("1 marks, at least 3", child["note"])
        data = self._grid(self.teacher).load(self.assignment_5a.id, self.quarter_1.id)
        self.assertEqual(data["period_marks"][self.child.id]["id"], self._for(marks, self.child).id)
        self.assertTrue(data["can_set_period_marks"])
        self.assertEqual(data["confirm_opens_on"], "2035-09-08")

    def _for(self, marks, student):
        return marks.filtered(lambda m: m.student_id == student)

    def test_a_forged_time_zone_does_not_open_confirmation_a_day_early(self):
        """At 15:00 in Moscow on the day before the last lesson it is already the last
        lesson's day in Kiritimati (UTC+14): the day is the user's (or the school's),
        not a time zone the caller puts in the context."""
        _column, marks = self._propose()
        mark = self._for(marks, self.child)
        self.teacher.tz = "Europe/Moscow"
        grid = self._grid(self.teacher).with_context(tz="Pacific/Kiritimati")
        with freeze_time("2035-09-07 12:00:00"), self.assertRaisesRegex(UserError, "last lesson"):
            grid.confirm_period_mark(mark.id)
        self.assertEqual(mark.state, "draft")
        with freeze_time("2035-09-07 22:00:00"):  # 01:00 on the 8th in Moscow
            grid.confirm_period_mark(mark.id)
        self.assertEqual(mark.state, "confirmed")

    def test_the_users_own_time_zone_does_not_move_the_schools_day(self):
        """A teacher may set their own time zone in their preferences: with the
        school's set, the day of the last lesson is still the school's."""
        _column, marks = self._propose()
        mark = self._for(marks, self.child)
        self.env.company.partner_id.tz = "Europe/Moscow"
        self.teacher.tz = "Pacific/Kiritimati"
        with freeze_time("2035-09-07 12:00:00"), self.assertRaisesRegex(UserError, "last lesson"):
            self._grid(self.teacher).confirm_period_mark(mark.id)
        self.assertEqual(mark.state, "draft")

    def test_confirm_before_the_last_lesson_is_refused(self):
        _column, marks = self._propose()
        mark = self._for(marks, self.child)
        with today_is(date(2035, 9, 7)), self.assertRaisesRegex(UserError, "last lesson"):
            self._grid(self.teacher).confirm_period_mark(mark.id)
        self.assertEqual(mark.state, "draft")
        with today_is(date(2035, 9, 8)):
            column = self._grid(self.teacher).confirm_period_mark(mark.id)
        self.assertEqual(column[self.child.id]["state"], "confirmed")
        self.assertRecordValues(
            mark,
            [
                {
                    "state": "confirmed",
                    "value_id": self.mark_5.id,
                    "confirmed_by_id": self.teacher.id,
                }
            ],
        )

    def test_the_rule_holds_for_the_deputy_and_the_class_teacher_too(self):
        self.env.company.school_class_teacher_sets_period_marks = True
        _column, marks = self._propose()
        for user in (self.deputy, self.class_teacher):
            with today_is(date(2035, 9, 1)), self.assertRaises(UserError):
                self._for(marks, self.child).with_user(user).action_confirm()
        with today_is(date(2035, 10, 1)):
            self._for(marks, self.child).with_user(self.class_teacher).action_confirm()
        self.assertEqual(self._for(marks, self.child).state, "confirmed")

    def test_override_needs_a_reason_kept_and_shown(self):
        _column, marks = self._propose()
        mark = self._for(marks, self.child)
        with today_is(date(2035, 10, 1)):
            with self.assertRaisesRegex(Exception, "write the reason"):
                with self.env.cr.savepoint():
                    self._grid(self.teacher).confirm_period_mark(mark.id, "4")
            self.env.invalidate_all()
            self.assertEqual((mark.state, mark.value_id), ("draft", self.env["school.mark.value"]))
            self._grid(self.teacher).confirm_period_mark(mark.id, "4", "Не сдана контрольная")
        self.assertRecordValues(
            mark,
            [{"state": "confirmed", "value_id": self.mark_4.id, "reason": "Не сдана контрольная"}],
        )
        data = self._grid(self.teacher).load(self.assignment_5a.id, self.quarter_1.id)
        shown = data["period_marks"][self.child.id]
        self.assertEqual((shown["value"], shown["reason"]), ("4", "Не сдана контрольная"))

    def test_only_who_sets_the_marks_proposes_them(self):
        with self.assertRaises(AccessError):
            self._grid(self.other_teacher).propose_period_marks(
                self.assignment_5a.id, self.quarter_1.id
            )
        with self.assertRaises(AccessError):
            self._grid(self.class_teacher).propose_period_marks(
                self.assignment_5a.id, self.quarter_1.id
            )
        self.assertFalse(
            self.env["school.period.mark"].search([("assignment_id", "=", self.assignment_5a.id)])
        )

    def test_propose_from_the_period_marks_list(self):
        wizard = (
            self.env["school.period.mark.propose"]
            .with_user(self.teacher)
            .create({"assignment_id": self.assignment_5a.id, "period_id": self.quarter_1.id})
        )
        action = wizard.action_propose()
        marks = self.env["school.period.mark"].search(action["domain"])
        self.assertEqual(marks.student_id, self.child | self.classmate)
        wizard = (
            self.env["school.period.mark.propose"]
            .with_user(self.other_teacher)
            .create({"assignment_id": self.assignment_5a.id, "period_id": self.quarter_2.id})
        )
        with self.assertRaises(AccessError):
            wizard.action_propose()

    def test_reminders_of_the_year_marks_in_the_last_week(self):
        quarter_4 = self.year.period_ids.filtered(
            lambda p: p.scheme == "quarter" and p.sequence == 4
        )
        self._lesson(self.assignment_5a, quarter_4.date_end - timedelta(days=3), 1)
        with today_is(quarter_4.date_end - timedelta(days=2)):
            self.env["school.journal.reminder"]._cron_remind_late_teachers()
        activity = self.assignment_5a.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("school_records.mail_activity_type_journal_late")
            )
        )
        self.assertIn("marks of the year are due", activity.note)
        self.assertIn("Year", activity.note)
        # the period marks were never proposed: the reminder says where to propose them
        self.assertIn("propose them", activity.note)


@tagged("post_install", "-at_install")
class TestLastLessonFromTheTimetable(TimetableFixture, TransactionCase):
    """Lessons are made two weeks ahead: the period's last lesson may exist only in the
    published timetable, and confirmation waits for it all the same."""

    def test_confirmation_waits_for_the_timetables_last_lesson(self):
        self.timetable_5a.with_user(self.deputy).action_publish()
        grid = self.env[GRID].with_user(self.teacher)
        with today_is(date(2035, 9, 8)):
            grid.propose_period_marks(self.assignment_5a.id, self.quarter_1.id)
            data = grid.load(self.assignment_5a.id, self.quarter_1.id)
            mark = self.env["school.period.mark"].browse(data["period_marks"][self.child.id]["id"])
            # the timetable gives 5А maths on Mondays until the quarter ends on 25 October
            last = date.fromisoformat(data["confirm_opens_on"])
            self.assertEqual(
                (last.weekday(), last.isocalendar()[1]), (0, date(2035, 10, 22).isocalendar()[1])
            )
            with self.assertRaisesRegex(UserError, last.strftime("%d.%m.%Y")):
                grid.confirm_period_mark(mark.id)
        with today_is(last):
            grid.confirm_period_mark(mark.id)
        self.assertEqual(mark.state, "confirmed")


@tagged("post_install", "-at_install")
class TestGridRpc(SchoolFixture, SchoolRpcCase):
    """The grid's public methods over JSON-RPC, as the roles an attacker would be."""

    def test_another_teachers_journal_over_rpc(self):
        self.assertRpcForgeryRefused(
            self.other_teacher, GRID, "load", self.assignment_5a.id, self.quarter_1.id
        )
        journals = self.rpc(self.other_teacher, GRID, "my_journals", self.year.id)
        self.assertNotIn(self.assignment_5a.id, [j["id"] for j in journals])
        data = self.rpc(self.teacher, GRID, "load", self.assignment_5a.id, self.quarter_1.id)
        self.assertEqual(data["assignment"]["id"], self.assignment_5a.id)

    def test_open_journal_only_on_the_rows_the_user_may_open(self):
        """Issue 22: «Открыть журнал» on another teacher's row of the assignments list ended
        in an access error; the button now shows only where the grid would open."""
        rows = self.rpc(
            self.other_teacher,
            "school.teaching.assignment",
            "search_read",
            [("id", "in", [self.assignment_5a.id, self.assignment_5a_history.id])],
            ["can_open_journal"],
        )
        may_open = {row["id"]: row["can_open_journal"] for row in rows}
        self.assertEqual(
            may_open, {self.assignment_5a.id: False, self.assignment_5a_history.id: True}
        )
        self.assertRpcRefused(
            self.other_teacher,
            "school.teaching.assignment",
            "action_open_journal",
            [self.assignment_5a.id],
        )
        action = self.rpc(
            self.teacher,
            "school.teaching.assignment",
            "action_open_journal",
            [self.assignment_5a.id],
        )
        self.assertEqual(action["tag"], "school_journal_grid")

    def test_parent_and_other_teacher_cannot_propose_or_confirm(self):
        for user in (self.parent, self.other_teacher, self.student_user):
            self.assertRpcForgeryRefused(
                user, GRID, "propose_period_marks", self.assignment_5a.id, self.quarter_1.id
            )
        self.assertFalse(
            self.env["school.period.mark"].search([("assignment_id", "=", self.assignment_5a.id)])
        )
        self.rpc(
            self.teacher, GRID, "propose_period_marks", self.assignment_5a.id, self.quarter_1.id
        )
        mark = self.env["school.period.mark"].search(
            [("assignment_id", "=", self.assignment_5a.id), ("student_id", "=", self.child.id)]
        )
        with today_is(date(2035, 10, 1)):
            for user in (self.parent, self.other_teacher):
                self.assertRpcForgeryRefused(user, GRID, "confirm_period_mark", mark.id, "2", "x")
                self.assertRpcForgeryRefused(
                    user, "school.period.mark", "action_confirm", [mark.id]
                )
            self.assertRecordValues(mark, [{"state": "draft", "value_id": False, "reason": False}])
            self.rpc(self.teacher, GRID, "confirm_period_mark", mark.id)
        self.assertEqual(mark.state, "confirmed")

    def test_confirm_before_the_last_lesson_refused_over_rpc(self):
        self.rpc(
            self.teacher, GRID, "propose_period_marks", self.assignment_5a.id, self.quarter_1.id
        )
        mark = self.env["school.period.mark"].search(
            [("assignment_id", "=", self.assignment_5a.id), ("student_id", "=", self.child.id)]
        )
        with today_is(date(2035, 9, 7)):
            self.assertRpcRefused(self.teacher, GRID, "confirm_period_mark", mark.id)
            self.assertRpcRefused(self.teacher, "school.period.mark", "action_confirm", [mark.id])
        self.assertEqual(mark.state, "draft")
