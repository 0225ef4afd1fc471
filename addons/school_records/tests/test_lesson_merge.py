"""Merged groups (issue 20, item 4): the deputy records that the group of one lesson is
taught together with another lesson's group by that lesson's teacher. The lesson then
holds both groups' students for marks and absences, the other lesson stays linked to it
and holds nobody, the journal grid and the diary show it; a teacher cannot merge, over
JSON-RPC, whatever the context."""

from datetime import date

from lxml import html

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .rpc_common import SchoolRpcCase
from .timetable_common import TimetableFixture

DAY = date(2035, 9, 14)


@tagged("post_install", "-at_install")
class TestLessonMerge(TimetableFixture, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 6Б's mathematics (Сидоров Олег) takes 5А's (Петрова Анна) on Friday, lesson 3
        cls.host = cls._lesson(cls.assignment_6b, DAY, 3, topic=False)
        cls.merged = cls._lesson(cls.assignment_5a, DAY, 3, topic=False)
        cls.change = cls.env["school.lesson.change"].create(
            {
                "lesson_id": cls.host.id,
                "kind": "merge",
                "merged_lesson_id": cls.merged.id,
                "reason": "Петрова Анна на курсах",
            }
        )

    def _apply(self, user=None):
        self.change.with_user(user or self.deputy).action_apply()

    def test_the_merged_lesson_holds_both_groups(self):
        self.assertNotIn(self.child, self.host._students())
        self._apply()
        self.assertRecordValues(
            self.change, [{"state": "applied", "decided_by_id": self.deputy.id}]
        )
        self.assertEqual(self.merged.merged_into_id, self.host)
        self.assertEqual(self.host.merged_lesson_ids, self.merged)
        self.assertIn(self.child, self.host._students())
        self.assertIn(self.other_child, self.host._students())
        self.assertFalse(self.merged._students(), "its students are in the other lesson")
        # the teacher of the lesson marks and records absences of both groups
        Mark = self.env["school.mark"].with_user(self.other_teacher)
        mark = Mark.create(
            {"lesson_id": self.host.id, "student_id": self.child.id, "value_id": self.mark_5.id}
        )
        self.assertEqual(mark.student_id, self.child)
        absence = (
            self.env["school.attendance"]
            .with_user(self.other_teacher)
            .create({"lesson_id": self.host.id, "student_id": self.classmate.id, "kind": "ill"})
        )
        self.assertTrue(absence)
        # … and reads the other group's students now
        self.assertIn(
            self.child,
            self.env["school.student"].with_user(self.other_teacher).search([]),
        )
        # nobody is marked in the lesson merged away
        with self.assertRaises(ValidationError):
            self.env["school.mark"].create(
                {
                    "lesson_id": self.merged.id,
                    "student_id": self.child.id,
                    "value_id": self.mark_4.id,
                }
            )

    def test_the_batched_rosters_hold_the_merged_groups(self):
        """school.lesson._students_by_lesson (the enrollment check of a batch of marks,
        the temporary-journal import) gives each lesson its _students()."""
        self._apply()
        lessons = self.host | self.merged | self.lesson_5a | self.lesson_6b
        rosters = lessons._students_by_lesson()
        for lesson in lessons:
            self.assertEqual(rosters[lesson], lesson._students(), lesson.display_name)
        self.assertIn(self.child, rosters[self.host])
        self.assertIn(self.other_child, rosters[self.host])
        self.assertFalse(rosters[self.merged])

    def test_the_grid_and_the_diary_show_it(self):
        self._apply()
        marks = (self.host | self.merged)._change_marks()
        self.assertEqual([m["kind"] for m in marks[self.host.id]], ["merge"])
        self.assertIn("5А", marks[self.host.id][0]["text"])
        self.assertIn(self.other_teacher.name, marks[self.merged.id][0]["text"])
        data = (
            self.env["school.journal.grid"]
            .with_user(self.teacher)
            .load(self.assignment_5a.id, self.quarter_1.id)
        )
        (lesson,) = [row for row in data["lessons"] if row["id"] == self.merged.id]
        self.assertEqual(lesson["change"]["kinds"], ["merge"])
        data = (
            self.env["school.journal.grid"]
            .with_user(self.other_teacher)
            .load(self.assignment_6b.id, self.quarter_1.id)
        )
        (lesson,) = [row for row in data["lessons"] if row["id"] == self.host.id]
        self.assertEqual(lesson["change"]["kinds"], ["merge"])
        self.assertIn(self.child.id, [student["id"] for student in data["students"]])
        # the family of a 5А student reads it in the diary
        self.authenticate(self.parent.login, self.parent.login)
        response = self.url_open(f"/my/diary/{self.child.id}?date={DAY}")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.text)
        (card,) = page.xpath(f"//div[@data-date='{DAY}']")
        text = " ".join(" ".join(card.itertext()).split())
        self.assertIn("Merged groups: taught together with 6Б", text)
        self.assertIn(self.other_teacher.name, text)

    def test_the_family_sees_the_marks_given_in_the_merged_lesson(self):
        """The mark and absence of a 5А student given in 6Б's lesson that taught both
        groups show on 5А's lesson of that hour in the diary and count in its marks."""
        self._apply()
        self.env["school.mark"].with_user(self.other_teacher).create(
            {"lesson_id": self.host.id, "student_id": self.child.id, "value_id": self.mark_5.id}
        )
        self.env["school.attendance"].with_user(self.other_teacher).create(
            {"lesson_id": self.host.id, "student_id": self.classmate.id, "kind": "ill"}
        )
        Diary = self.env["school.diary"]
        (lesson,) = [row for row in Diary._lessons(self.child, DAY, DAY) if row["number"] == 3]
        self.assertEqual(lesson["id"], self.merged.id)
        self.assertEqual([mark["code"] for mark in lesson["marks"]], ["5"])
        (lesson,) = [row for row in Diary._lessons(self.classmate, DAY, DAY) if row["number"] == 3]
        self.assertTrue(lesson["absence"])
        (subject,) = Diary._marks_between(self.child, DAY, DAY)
        self.assertEqual(subject["average"], 5.0)

    def test_what_cannot_be_merged(self):
        with self.assertRaises(ValidationError):
            self.env["school.lesson.change"].create(
                {"lesson_id": self.host.id, "kind": "merge", "reason": "—"}
            )
        with self.assertRaises(ValidationError):
            self.env["school.lesson.change"].create(
                {
                    "lesson_id": self.host.id,
                    "kind": "merge",
                    "merged_lesson_id": self.lesson_5a.id,  # another day
                    "reason": "—",
                }
            )
        self.env["school.mark"].create(
            {"lesson_id": self.merged.id, "student_id": self.child.id, "value_id": self.mark_4.id}
        )
        with self.assertRaisesRegex(UserError, "holds marks"):
            self._apply()
        self.assertFalse(self.merged.merged_into_id)

    def test_a_teacher_cannot_merge(self):
        for user in (self.teacher, self.other_teacher, self.class_teacher):
            with self.subTest(user=user.login):
                self.assertRpcForgeryRefused(
                    user, "school.lesson.change", "action_apply", [self.change.id]
                )
                self.assertRpcForgeryRefused(
                    user,
                    "school.lesson.change",
                    "create",
                    {
                        "lesson_id": self.host.id,
                        "kind": "merge",
                        "merged_lesson_id": self.merged.id,
                        "reason": "сама",
                    },
                )
        # the merge field of a lesson is written by the change only, even on one's own lesson
        self.assertRpcForgeryRefused(
            self.teacher,
            "school.lesson",
            "write",
            [self.merged.id],
            {"merged_into_id": self.host.id},
        )
        self.assertRpcForgeryRefused(
            self.other_teacher,
            "school.lesson",
            "create",
            {
                "assignment_id": self.assignment_6b.id,
                "date": "2035-09-21",
                "number": 4,
                "merged_into_id": self.host.id,
            },
        )
        self.assertRpcForgeryRefused(
            self.deputy,
            "school.lesson",
            "write",
            [self.merged.id],
            {"merged_into_id": self.host.id},
        )
        self.assertEqual(self.change.state, "draft")
        self.assertFalse(self.merged.merged_into_id)
        self.assertFalse(self.host.merged_lesson_ids)
        self.assertNotIn(self.child, self.host._students())
        # the deputy merges through the action
        self.rpc(self.deputy, "school.lesson.change", "action_apply", [self.change.id])
        self.assertEqual(self.change.state, "applied")
        self.assertEqual(self.merged.merged_into_id, self.host)
