import re
from datetime import date
from pathlib import Path

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form, TransactionCase, tagged

from .timetable_common import MONDAY, TUESDAY, WEDNESDAY, TimetableFixture

REPO_DATA = Path(get_module_path("school_records")).parents[1] / "data"


@tagged("post_install", "-at_install")
class TestTimetable(TimetableFixture, TransactionCase):
    """The deputy's timetable: lessons from the published timetables and the school
    calendar, clashes, the schedule of control works, the calendar import."""

    def _publish(self, *timetables):
        for timetable in timetables:
            timetable.with_user(self.deputy).action_publish()

    def _calendar(self, *days):
        return self.env["school.calendar.day"].create(
            [
                {"date": day, "kind": kind, **(extra[0] if extra else {})}
                for day, kind, *extra in days
            ]
        )

    # generation ------------------------------------------------------------------------------
    def test_generation_across_vacation_holiday_and_transferred_workday(self):
        self._calendar(
            *[
                (date(2035, 10, day), "vacation", {"level_from": 5, "level_to": 5})
                for day in range(29, 32)
            ],
            *[
                (date(2035, 11, day), "vacation", {"level_from": 5, "level_to": 5})
                for day in range(1, 3)
            ],
            (date(2035, 11, 5), "holiday", {"name": "Перенос с 4 ноября"}),
            (date(2035, 11, 10), "workday", {"weekday_as": MONDAY}),
        )
        self.env["school.lesson.plan.line"].create(
            [
                {"assignment_id": self.assignment_5a.id, "sequence": n, "topic": f"Тема {n}"}
                for n in (1, 2, 3)
            ]
        )
        self._publish(self.timetable_5a, self.timetable_6b)
        counts = self.env["school.timetable"]._generate_lessons(
            date(2035, 10, 22), date(2035, 11, 16)
        )
        math = self._lessons(self.assignment_5a, date(2035, 10, 22), date(2035, 11, 16))
        self.assertEqual(
            math.mapped("date"),
            [date(2035, 10, 22), date(2035, 11, 10), date(2035, 11, 12)],
            "vacation 29.10 and holiday 5.11 skipped, Saturday 10.11 works as a Monday",
        )
        self.assertEqual(set(math.mapped("number")), {1})
        self.assertEqual(math.timetable_slot_id, self.timetable_5a.slot_ids.filtered("room_id")[:1])
        self.assertEqual(math.mapped("topic"), ["Тема 1", "Тема 2", "Тема 3"])
        history = self._lessons(self.assignment_5a_history, date(2035, 10, 22), date(2035, 11, 16))
        self.assertEqual(
            history.mapped("date"), [date(2035, 10, 23), date(2035, 11, 6), date(2035, 11, 13)]
        )
        sixth = self._lessons(self.assignment_6b, date(2035, 10, 22), date(2035, 11, 16))
        self.assertEqual(
            sixth.mapped("date"),
            [date(2035, 10, 22), date(2035, 10, 29), date(2035, 11, 10), date(2035, 11, 12)],
            "the vacation of the 5th grade is not the 6th grade's",
        )
        self.assertEqual(counts["created"], 10)
        again = self.env["school.timetable"]._generate_lessons(
            date(2035, 10, 22), date(2035, 11, 16)
        )
        self.assertEqual((again["created"], again["removed"], again["kept"]), (0, 0, 10))

    def test_odd_and_even_weeks(self):
        timetable = self._timetable(
            self.class_5a,
            [
                (WEDNESDAY, 3, self.assignment_5a, self.room_21, {"week_parity": "odd"}),
                (WEDNESDAY, 3, self.assignment_5a_history, self.room_21, {"week_parity": "even"}),
            ],
            date_from=date(2035, 10, 1),
        )
        self.assertFalse(timetable.clash_count, "odd and even weeks never meet")
        self._publish(timetable)
        timetable._generate_lessons(date(2035, 10, 15), date(2035, 11, 11))
        # 17.10 is in the 8th week of the year (even), 24.10 in the 9th (odd)
        self.assertEqual(
            self._lessons(self.assignment_5a, date(2035, 10, 15), date(2035, 11, 11)).mapped(
                "date"
            ),
            [date(2035, 10, 24), date(2035, 11, 7)],
        )
        self.assertEqual(
            self._lessons(
                self.assignment_5a_history, date(2035, 10, 15), date(2035, 11, 11)
            ).mapped("date"),
            [date(2035, 10, 17), date(2035, 10, 31)],
        )
        self.assertIn(
            "0,5",
            str(timetable.hours_html).replace(".", ","),
            "a fortnightly lesson is half an hour",
        )

    def test_regeneration_keeps_lessons_that_hold_marks_and_flags_them(self):
        self._publish(self.timetable_5a)
        Timetable = self.env["school.timetable"]
        Timetable._generate_lessons(date(2035, 11, 12), date(2035, 11, 30))
        math = self._lessons(self.assignment_5a, date(2035, 11, 12), date(2035, 11, 30))
        self.assertEqual(len(math), 3)
        marked, topical, empty = math
        self._mark(marked, self.child, self.mark_5)
        topical.topic = "Своя тема учителя"
        # the deputy moves mathematics from Monday to Wednesday
        self.timetable_5a.with_user(self.deputy).action_draft()
        slot = self.timetable_5a.slot_ids.filtered(lambda s: s.assignment_id == self.assignment_5a)
        slot.with_user(self.deputy).weekday = WEDNESDAY
        self.timetable_5a.with_user(self.deputy).action_publish()
        counts = Timetable._generate_lessons(date(2035, 11, 12), date(2035, 11, 30))
        self.assertFalse(empty.exists(), "an empty lesson the timetable no longer gives goes")
        self.assertTrue(marked.exists() and topical.exists(), "lessons holding data stay")
        self.assertTrue(marked.timetable_review and topical.timetable_review)
        self.assertEqual(counts["removed"], 1)
        self.assertEqual(counts["flagged"], 2)
        wednesdays = self._lessons(self.assignment_5a, date(2035, 11, 12), date(2035, 11, 30))
        self.assertEqual(
            (wednesdays - marked - topical).mapped("date"),
            [date(2035, 11, 14), date(2035, 11, 21), date(2035, 11, 28)],
        )
        flagged = self.env["school.lesson"].search(
            [("timetable_review", "=", True), ("class_id", "=", self.class_5a.id)]
        )
        self.assertEqual(flagged, marked | topical, "the deputy's filter finds them")

    def test_lessons_made_by_hand_are_linked_or_flagged(self):
        by_hand = self._lesson(self.assignment_5a, date(2035, 11, 12), 1)
        in_the_way = self._lesson(self.assignment_5a_history, date(2035, 11, 19), 1)
        self._publish(self.timetable_5a)
        counts = self.timetable_5a._generate_lessons(date(2035, 11, 12), date(2035, 11, 19))
        self.assertEqual(by_hand.timetable_slot_id.assignment_id, self.assignment_5a)
        self.assertTrue(in_the_way.timetable_review, "another journal's lesson at math's place")
        self.assertEqual(
            self._lessons(self.assignment_5a, date(2035, 11, 12), date(2035, 11, 19)), by_hand
        )
        self.assertEqual((counts["adopted"], counts["flagged"]), (1, 1))

    def test_a_closed_period_is_left_as_it_is(self):
        self._publish(self.timetable_5a)
        Timetable = self.env["school.timetable"]
        Timetable._generate_lessons(date(2035, 11, 12), date(2035, 11, 30))
        lessons = self._lessons(self.assignment_5a, date(2035, 11, 12), date(2035, 11, 30))
        self.timetable_5a.with_user(self.deputy).action_draft()
        slot = self.timetable_5a.slot_ids.filtered(lambda s: s.assignment_id == self.assignment_5a)
        slot.weekday = WEDNESDAY
        self.timetable_5a.with_user(self.deputy).action_publish()
        self.quarter_2.with_user(self.deputy).action_close()
        counts = Timetable._generate_lessons(date(2035, 11, 12), date(2035, 11, 30))
        self.assertEqual((counts["created"], counts["removed"], counts["flagged"]), (0, 0, 0))
        self.assertEqual(lessons.exists(), lessons)

    def test_the_lessons_of_a_timetable_in_draft_wait_for_it(self):
        self._publish(self.timetable_5a)
        Timetable = self.env["school.timetable"]
        Timetable._generate_lessons(date(2035, 11, 12), date(2035, 11, 30))
        lessons = self._lessons(self.assignment_5a, date(2035, 11, 12), date(2035, 11, 30))
        self.timetable_5a.with_user(self.deputy).action_draft()
        counts = Timetable._generate_lessons(date(2035, 11, 12), date(2035, 11, 30))
        self.assertEqual((counts["created"], counts["removed"], counts["flagged"]), (0, 0, 0))
        self.assertEqual(lessons.exists(), lessons)
        Timetable._cron_generate_lessons()  # the nightly run, on the days of today

    def test_the_deputy_fills_a_timetable_in_its_form(self):
        with Form(self.env["school.timetable"].with_user(self.deputy)) as form:
            form.class_id = self.class_6b
            form.date_from = date(2035, 10, 1)
            with form.slot_ids.new() as slot:
                slot.weekday = TUESDAY
                slot.number = 2
                slot.assignment_id = self.assignment_6b
                slot.room_id = self.room_21
        timetable = form.record
        self.assertRecordValues(
            timetable.slot_ids,
            [{"weekday": TUESDAY, "number": 2, "teacher_id": self.other_teacher.id}],
        )
        self.assertEqual(timetable.slot_ids.time_start, 9.5, "the grade's usual bell schedule")
        self._publish(self.timetable_5a)
        timetable.invalidate_recordset()
        self.assertIn("Сидоров Олег", timetable.clash_text, "5А's history teacher, same time")
        with Form(timetable.with_user(self.deputy)) as form:
            with form.slot_ids.edit(0) as slot:
                slot.number = 3
        self.assertFalse(timetable.clash_count)
        timetable.with_user(self.deputy).action_publish()
        self.assertEqual(timetable.state, "published")

    def test_a_deleted_slot_takes_its_empty_lessons_and_flags_the_others(self):
        self._publish(self.timetable_5a)
        self.timetable_5a._generate_lessons(date(2035, 11, 12), date(2035, 11, 30))
        history = self._lessons(self.assignment_5a_history, date(2035, 11, 12), date(2035, 11, 30))
        self.env["school.attendance"].create(
            {"lesson_id": history[0].id, "student_id": self.child.id, "kind": "ill"}
        )
        with self.assertRaises(UserError):
            history.timetable_slot_id.with_user(self.deputy).unlink()  # published
        self.timetable_5a.with_user(self.deputy).action_draft()
        history.timetable_slot_id.with_user(self.deputy).unlink()
        self.assertEqual(history.exists(), history[0])
        self.assertTrue(history[0].timetable_review)

    # clashes ---------------------------------------------------------------------------------
    def test_clashes_of_teacher_room_and_class_block_publication(self):
        self._publish(self.timetable_5a)
        teacher_in_6b = self.env["school.teaching.assignment"].create(
            {
                "class_id": self.class_6b.id,
                "subject_id": self.history.id,
                "teacher_id": self.teacher.id,
            }
        )
        cases = [
            ([(MONDAY, 1, teacher_in_6b, self.room_22)], "Петрова Анна"),  # teacher of 5А's math
            ([(TUESDAY, 2, teacher_in_6b, self.room_22)], "22 (тест)"),  # 5А's history room
            (
                [(MONDAY, 2, self.assignment_6b, None), (MONDAY, 2, teacher_in_6b, None)],
                "Class 6Б",
            ),
        ]
        for slots, named in cases:
            with self.subTest(named=named):
                timetable = self._timetable(self.class_6b, slots, date_from=date(2035, 10, 1))
                self.assertEqual(timetable.clash_count, 1)
                self.assertIn(named, timetable.clash_text)
                self.assertTrue(timetable.slot_ids[0].has_clash)
                with self.assertRaisesRegex(UserError, re.escape(named)):
                    timetable.with_user(self.deputy).action_publish()
                self.assertEqual(timetable.state, "draft")
                timetable.unlink()

    def test_subgroups_side_by_side_and_a_shared_room_do_not_clash(self):
        Group = self.env["school.study.group"]
        groups = Group.create(
            [
                {"name": f"Англ. {n} (тест)", "year_id": self.year.id, "class_id": self.class_5a.id}
                for n in (1, 2)
            ]
        )
        english = self.env["school.subject"].create({"name": "Английский (тест)"})
        journals = self.env["school.teaching.assignment"].create(
            [
                {
                    "study_group_id": groups[0].id,
                    "subject_id": english.id,
                    "teacher_id": self.teacher.id,
                },
                {
                    "study_group_id": groups[1].id,
                    "subject_id": english.id,
                    "teacher_id": self.substitute.id,
                },
            ]
        )
        timetable = self._timetable(
            self.class_5a,
            [
                (WEDNESDAY, 1, journals[0], self.room_21),
                (WEDNESDAY, 1, journals[1], self.room_22),
                (WEDNESDAY, 2, journals[0], self.gym),
                (WEDNESDAY, 2, journals[1], self.gym),
            ],
            date_from=date(2035, 10, 1),
        )
        self.assertFalse(timetable.clash_text)
        self._publish(timetable)
        timetable._generate_lessons(date(2035, 10, 3), date(2035, 10, 3))
        self.assertEqual(len(self._lessons(journals[0], date(2035, 10, 3), date(2035, 10, 3))), 2)
        self.assertEqual(len(self._lessons(journals[1], date(2035, 10, 3), date(2035, 10, 3))), 2)

    def test_a_later_timetable_replaces_the_earlier_one(self):
        self._publish(self.timetable_5a)
        later = self._timetable(
            self.class_5a,
            [(WEDNESDAY, 1, self.assignment_5a, self.room_21)],
            date_from=date(2035, 11, 19),
        )
        self.assertFalse(later.clash_text, "a class's versions are not simultaneous")
        self._publish(later)
        self.env["school.timetable"]._generate_lessons(date(2035, 11, 12), date(2035, 11, 25))
        self.assertEqual(
            self._lessons(self.assignment_5a, date(2035, 11, 12), date(2035, 11, 25)).mapped(
                "date"
            ),
            [date(2035, 11, 12), date(2035, 11, 21)],
        )

    def test_hours_compared_with_the_curriculum(self):
        rows = self.timetable_5a._hours_rows()[self.timetable_5a.id]
        self.assertIn((self.math.name, 5.0, 1.0), rows)
        self.assertIn((self.history.name, 2.0, 1.0), rows)
        self.assertTrue(self.timetable_5a.hours_mismatch)

    def test_copy_to_the_next_period_and_to_another_class(self):
        wizard = self.env["school.timetable.copy"].with_user(self.deputy)
        action = wizard.create(
            {
                "timetable_id": self.timetable_5a.id,
                "target": "period",
                "date_from": date(2036, 1, 9),
            }
        ).action_copy()
        copy = self.env["school.timetable"].browse(action["domain"][0][2])
        self.assertRecordValues(copy, [{"class_id": self.class_5a.id, "state": "draft"}])
        self.assertEqual(len(copy.slot_ids), 2)
        action = wizard.create(
            {
                "timetable_id": self.timetable_5a.id,
                "target": "classes",
                "class_ids": [(6, 0, self.class_6b.ids)],
                "date_from": date(2036, 1, 9),
            }
        ).action_copy()
        copy_6b = self.env["school.timetable"].browse(action["domain"][0][2])
        self.assertEqual(copy_6b.slot_ids.assignment_id, self.assignment_6b, "math of 6Б")
        self.assertIn(self.history.name, copy_6b.note, "6Б has no history journal: named")

    # lesson changes ----------------------------------------------------------------------------
    def _generated(self):
        self._publish(self.timetable_5a)
        self.timetable_5a._generate_lessons(date(2035, 11, 12), date(2035, 11, 30))
        return self._lessons(self.assignment_5a, date(2035, 11, 12), date(2035, 11, 30))

    def _change(self, lesson, **values):
        return (
            self.env["school.lesson.change"]
            .with_user(self.deputy)
            .create({"lesson_id": lesson.id, "reason": "Больничный", **values})
        )

    def test_a_substitution_gives_the_substitute_that_lesson_only(self):
        lessons = self._generated()
        change = self._change(
            lessons[0], kind="substitution", substitute_teacher_id=self.substitute.id
        )
        change.action_apply()
        self.assertRecordValues(
            change, [{"state": "applied", "decided_by_id": self.deputy.id, "original_number": 1}]
        )
        self.assertEqual(lessons[0].substitute_teacher_id, self.substitute)
        self.assertEqual(
            change.message_partner_ids
            & (self.substitute | self.teacher | self.class_teacher).partner_id,
            (self.substitute | self.teacher | self.class_teacher).partner_id,
            "the teacher, the substitute and the class teacher are told",
        )
        Lesson = self.env["school.lesson"].with_user(self.substitute)
        self.assertIn(lessons[0], Lesson.search([("id", "in", lessons.ids)]))
        self.assertNotIn(lessons[1], Lesson.search([("id", "in", lessons.ids)]))
        with self.assertRaises(UserError):
            change.with_user(self.deputy).reason = "Другая причина"

    def test_moved_and_cancelled_lessons_are_not_made_again(self):
        lessons = self._generated()
        self._change(
            lessons[0], kind="move", new_date=date(2035, 11, 13), new_number=3
        ).action_apply()
        self._change(lessons[1], kind="cancellation").action_apply()
        self.assertEqual(lessons[0].date, date(2035, 11, 13))
        self.assertFalse(lessons[1].exists())
        counts = self.env["school.timetable"]._generate_lessons(
            date(2035, 11, 12), date(2035, 11, 30)
        )
        self.assertEqual((counts["created"], counts["removed"]), (0, 0))
        self.assertTrue(lessons[0].exists())

    def test_a_lesson_with_marks_is_not_cancelled(self):
        lessons = self._generated()
        self._mark(lessons[0], self.child, self.mark_4)
        with self.assertRaises(UserError):
            self._change(lessons[0], kind="cancellation").action_apply()

    def test_only_the_deputy_applies_a_change(self):
        lessons = self._generated()
        change = self._change(
            lessons[0], kind="substitution", substitute_teacher_id=self.substitute.id
        )
        for user in (self.teacher, self.class_teacher, self.secretary):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                change.with_user(user).action_apply()
        self.assertFalse(lessons[0].substitute_teacher_id)

    # control works ----------------------------------------------------------------------------
    def _plan(self, assignment, day, name="Контрольная работа"):
        return (
            self.env["school.assessment.plan"]
            .with_user(self.deputy)
            .create({"assignment_id": assignment.id, "date": day, "name": name})
        )

    def test_not_more_than_one_control_work_a_day_in_a_class(self):
        self.assignment_6b.hours_per_year = 170
        self._plan(self.assignment_5a, date(2035, 10, 10))
        self._plan(self.assignment_6b, date(2035, 10, 10))  # another class
        with self.assertRaisesRegex(ValidationError, "СК-228/03"):
            self._plan(self.assignment_5a_history, date(2035, 10, 10))
        with self.assertRaisesRegex(ValidationError, "5А"):
            self._plan(self.assignment_5a_history, date(2035, 10, 11)).date = date(2035, 10, 10)

    def test_not_more_than_ten_percent_of_the_hours(self):
        # history: 2 hours a week × 34 weeks = 68 hours → 6 control works at most
        for day in range(1, 7):
            self._plan(self.assignment_5a_history, date(2035, 10, day))
        with self.assertRaisesRegex(ValidationError, "10%"):
            self._plan(self.assignment_5a_history, date(2035, 10, 8))
        with self.assertRaisesRegex(ValidationError, "curriculum"):
            self._plan(self.assignment_6b, date(2035, 10, 8))  # no hours for the 6th grade

    # the school calendar ------------------------------------------------------------------------
    def test_working_days_count_on_the_school_calendar(self):
        Day = self.env["school.calendar.day"]
        thursday, tuesday = date(2035, 11, 1), date(2035, 11, 6)
        self.assertEqual(Day._working_days_after(thursday, tuesday), 3)
        self._calendar((date(2035, 11, 5), "holiday"), (date(2035, 11, 3), "workday"))
        self.assertEqual(Day._working_days_after(thursday, tuesday), 3, "Monday off, Saturday on")
        self._calendar((date(2035, 11, 2), "vacation"))
        self.assertEqual(Day._working_days_after(thursday, tuesday), 3, "vacations are worked")

    def test_a_transfer_is_late_by_the_school_calendar(self):
        lesson = self._lesson(self.assignment_5a, date(2035, 11, 1), 4)  # Thursday
        Transfer = self.env["school.journal.transfer"]

        def transfer():
            return Transfer.create(
                {
                    "assignment_id": self.assignment_5a.id,
                    "user_id": self.teacher.id,
                    "transfer_date": date(2035, 11, 6),
                    "lesson_ids": [(6, 0, lesson.ids)],
                }
            )

        self.assertTrue(transfer().is_late, "Friday, Monday, Tuesday: three working days")
        self._calendar((date(2035, 11, 5), "holiday"))
        self.assertFalse(transfer().is_late, "Monday is a holiday: two working days")

    def test_import_of_the_production_calendar(self):
        Import = self.env["school.calendar.import"].with_user(self.deputy)
        text = (REPO_DATA / "production_calendar_2026.csv").read_text(encoding="utf-8")
        days = Import._import_text(text)
        self.assertEqual(len(days), 22)
        Day = self.env["school.calendar.day"]
        self.assertEqual(Day._working_days_after(date(2025, 12, 31), date(2026, 12, 31)), 247)
        self.assertEqual(len(Import._import_text(text)), 22, "imported again: updated, not doubled")
        # (the demo school's calendar has its own days: its holidays are the same days)
        whole_school_2026 = [
            ("date", ">=", date(2026, 1, 1)),
            ("date", "<=", date(2026, 12, 31)),
            ("level_from", "=", 1),
            ("level_to", "=", 11),
        ]
        self.assertEqual(Day.search_count(whole_school_2026), 22)
        text_2027 = (REPO_DATA / "production_calendar_2027.csv").read_text(encoding="utf-8")
        self.assertTrue(Import._import_text(text_2027))
        # 2027: the Saturday of 13 November works by Friday's timetable, 5 November is off
        self.assertRecordValues(
            Day.search([("date", "in", [date(2027, 11, 5), date(2027, 11, 13)])], order="date"),
            [{"kind": "holiday", "weekday_as": False}, {"kind": "workday", "weekday_as": "4"}],
        )
        self.assertEqual(
            Day._working_days_after(date(2027, 11, 3), date(2027, 11, 15)),
            7,
            "8-12 November, Saturday 13 and Monday 15; 4 and 5 November are off",
        )

    def test_a_bad_calendar_file_changes_nothing(self):
        Day = self.env["school.calendar.day"]
        before = Day.search_count([])
        bad = (
            "date,kind,levels,name\n"
            "2036-01-01,holiday,,Новый год\n"
            "2036-13-01,holiday,,\n"
            "2036-01-05,party,,\n"
            "2036-01-06,vacation,0-12,\n"
            "2036-01-07,workday,,\n"
            "2036-01-01,holiday,,Ещё раз\n"
        )
        with self.assertRaises(UserError) as caught:
            self.env["school.calendar.import"].with_user(self.deputy)._import_text(bad)
        message = str(caught.exception)
        for row in ("Row 3", "Row 4", "Row 5", "Row 6", "Row 7"):
            self.assertIn(row, message)
        self.assertNotIn("Row 2:", message)
        self.assertEqual(Day.search_count([]), before)
        with self.assertRaises(AccessError):
            self.env["school.calendar.import"].with_user(self.teacher)._import_text(
                "2036-01-01,holiday\n"
            )

    # the journal grid marks changed lessons ---------------------------------------------------
    def test_the_journal_grid_marks_changed_lessons(self):
        lessons = self._generated()
        self._change(
            lessons[0], kind="substitution", substitute_teacher_id=self.substitute.id
        ).action_apply()
        self._change(
            lessons[1], kind="move", new_date=date(2035, 11, 22), new_number=3
        ).action_apply()
        data = (
            self.env["school.journal.grid"]
            .with_user(self.teacher)
            .load(self.assignment_5a.id, self.quarter_2.id)
        )
        changes = {lesson["id"]: lesson["change"] for lesson in data["lessons"]}
        self.assertEqual(
            changes[lessons[0].id],
            {"kinds": ["substitution"], "title": f"Substitution: {self.substitute.name}"},
        )
        self.assertEqual(
            changes[lessons[1].id],
            {"kinds": ["move"], "title": "Moved from 19.11.2035, lesson 1"},
        )
        self.assertFalse(changes[lessons[2].id])
        # the substitute's grid marks the same lesson
        data = (
            self.env["school.journal.grid"]
            .with_user(self.substitute)
            .load(self.assignment_5a.id, self.quarter_2.id)
        )
        self.assertEqual(
            [lesson["change"]["kinds"] for lesson in data["lessons"]], [["substitution"]]
        )
