"""The timetable over JSON-RPC: only the deputy (or the director) publishes a timetable
and applies a lesson change; a teacher can neither, nor appoint herself the substitute
of a colleague's lesson, whatever the context she sends."""

from datetime import date

from odoo.tests import new_test_user, tagged

from .rpc_common import SchoolRpcCase
from .timetable_common import MONDAY, TimetableFixture


@tagged("post_install", "-at_install")
class TestTimetableForgery(TimetableFixture, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.change = cls.env["school.lesson.change"].create(
            {
                "lesson_id": cls.lesson_5a_history.id,
                "kind": "substitution",
                "substitute_teacher_id": cls.substitute.id,
                "reason": "Курсы повышения квалификации",
            }
        )

    def test_a_teacher_cannot_publish_a_timetable(self):
        for user in (self.teacher, self.class_teacher, self.secretary, self.parent):
            with self.subTest(user=user.login):
                self.assertRpcForgeryRefused(
                    user, "school.timetable", "action_publish", [self.timetable_5a.id]
                )
                self.assertRpcForgeryRefused(
                    user,
                    "school.timetable",
                    "write",
                    [self.timetable_5a.id],
                    {"state": "published"},
                )
        self.assertEqual(self.timetable_5a.state, "draft")
        self.assertRpcForgeryRefused(
            self.teacher,
            "school.timetable",
            "_generate_lessons",
            [self.timetable_5a.id],
            "2035-11-01",
            "2035-11-30",
        )

    def test_the_deputy_publishes_through_the_action_only(self):
        self.assertRpcForgeryRefused(
            self.deputy, "school.timetable", "write", [self.timetable_5a.id], {"state": "published"}
        )
        self.assertRpcForgeryRefused(
            self.deputy,
            "school.timetable",
            "create",
            {
                "class_id": self.class_6b.id,
                "date_from": "2035-10-01",
                "state": "published",
                "published_by_id": self.director.id,
            },
        )
        self.assertEqual(self.timetable_5a.state, "draft")
        self.rpc(self.deputy, "school.timetable", "action_publish", [self.timetable_5a.id])
        self.assertRecordValues(
            self.timetable_5a, [{"state": "published", "published_by_id": self.deputy.id}]
        )
        self.assertRpcRefused(
            self.deputy,
            "school.timetable.slot",
            "write",
            self.timetable_5a.slot_ids.ids,
            {"weekday": MONDAY, "number": 5},
        )
        self.rpc(self.deputy, "school.timetable", "action_draft", [self.timetable_5a.id])
        self.assertEqual(self.timetable_5a.state, "draft")

    def test_a_teacher_cannot_apply_a_change(self):
        for user in (self.teacher, self.substitute, self.class_teacher, self.parent):
            with self.subTest(user=user.login):
                self.assertRpcForgeryRefused(
                    user, "school.lesson.change", "action_apply", [self.change.id]
                )
                self.assertRpcForgeryRefused(
                    user,
                    "school.lesson.change",
                    "write",
                    [self.change.id],
                    {"state": "applied", "decided_by_id": self.deputy.id},
                )
        self.assertEqual(self.change.state, "draft")
        self.assertFalse(self.lesson_5a_history.substitute_teacher_id)
        self.assertRpcForgeryRefused(
            self.deputy, "school.lesson.change", "write", [self.change.id], {"state": "applied"}
        )
        self.rpc(self.deputy, "school.lesson.change", "action_apply", [self.change.id])
        self.assertEqual(self.change.state, "applied")
        self.assertEqual(self.lesson_5a_history.substitute_teacher_id, self.substitute)

    def test_a_teacher_cannot_make_herself_substitute_through_a_change(self):
        values = {
            "lesson_id": self.lesson_5a_history.id,
            "kind": "substitution",
            "substitute_teacher_id": self.teacher.id,
            "reason": "Сама себя назначаю",
        }
        count = self.env["school.lesson.change"].search_count([])
        self.assertRpcForgeryRefused(self.teacher, "school.lesson.change", "create", values)
        self.assertRpcForgeryRefused(
            self.teacher,
            "school.lesson.change",
            "create",
            {**values, "state": "applied", "decided_by_id": self.deputy.id},
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            "school.lesson.change",
            "write",
            [self.change.id],
            {"substitute_teacher_id": self.teacher.id},
        )
        self.assertEqual(self.env["school.lesson.change"].search_count([]), count)
        self.assertEqual(self.change.substitute_teacher_id, self.substitute)
        self.assertFalse(self.lesson_5a_history.substitute_teacher_id)
        self.assertRpcRefused(
            self.teacher,
            "school.lesson",
            "read",
            [self.lesson_5a_history.id],
            ["topic"],
        )

    def _portal_user(self, partner):
        return new_test_user(
            self.env, login="t_other_parent", groups="base.group_portal", partner_id=partner.id
        )

    def test_families_read_their_childrens_published_timetable(self):
        self.timetable_5a.with_user(self.deputy).action_publish()
        slots = self.rpc(self.parent, "school.timetable.slot", "search_read", [], ["id"])
        self.assertEqual({slot["id"] for slot in slots}, set(self.timetable_5a.slot_ids.ids))
        self.assertRpcRefused(
            self.parent, "school.timetable", "read", [self.timetable_6b.id], ["state"]
        )
        self.assertFalse(
            self.rpc(self.parent, "school.lesson.change", "search", []), "not applied yet"
        )
        self.change.with_user(self.deputy).action_apply()
        for user in (self.parent, self.student_user, self.secretary, self.teacher):
            with self.subTest(user=user.login):
                found = self.rpc(user, "school.lesson.change", "search", [])
                self.assertIn(self.change.id, found)
        other_parent = self.env["res.users"].search(
            [("partner_id", "=", self.other_parent_partner.id)], limit=1
        ) or self._portal_user(self.other_parent_partner)
        self.assertFalse(self.rpc(other_parent, "school.lesson.change", "search", []))
        self.assertFalse(self.rpc(other_parent, "school.timetable.slot", "search", []))
        self.assertRpcRefused(
            self.parent,
            "school.assessment.plan",
            "create",
            {"assignment_id": self.assignment_5a.id, "date": str(date(2035, 10, 1)), "name": "КР"},
        )
