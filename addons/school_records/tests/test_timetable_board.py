"""The deputy's timetable board over JSON-RPC: the deputy places, moves, changes and
removes the lessons of a draft on the board and sees the clashes there; a teacher
reads the board but changes nothing, a parent does not open it; a published timetable
is not edited (a new draft from a later date, made by the copy wizard, changes it)."""

from datetime import date

from odoo.tests import tagged

from .rpc_common import SchoolRpcCase
from .timetable_common import MONDAY, TUESDAY, WEDNESDAY, TimetableFixture

THURSDAY = "3"
MODEL = "school.timetable"


@tagged("post_install", "-at_install")
class TestTimetableBoard(TimetableFixture, SchoolRpcCase):
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
                "room_id": cls.room_21.id,
            }
        )

    def _slots(self, timetable):
        return sorted(
            (s.weekday, s.number, s.week_parity, s.assignment_id.id, s.room_id.id)
            for s in timetable.slot_ids
        )

    def _palette(self, data, assignment):
        return next(item for item in data["palette"] if item["id"] == assignment.id)

    def test_the_deputy_builds_the_week_on_the_board(self):
        data = self.rpc(self.deputy, MODEL, "board_load", [self.timetable_5a.id])
        self.assertTrue(data["editable"])
        self.assertEqual([day["weekday"] for day in data["days"]], list("012345"))
        self.assertEqual(
            data["numbers"][0], {"number": 1, "time": "08:30–09:15"}, "the class's bells"
        )
        self.assertEqual(len(data["numbers"]), 3)
        self.assertEqual(
            self._palette(data, self.assignment_5a),
            {
                "id": self.assignment_5a.id,
                "subject": self.math.name,
                "teacher": self.teacher.name,
                "group": "",
                "planned": 5.0,
                "placed": 1.0,
                "remaining": 4.0,
            },
        )
        data = self.rpc(
            self.deputy,
            MODEL,
            "board_place",
            [self.timetable_5a.id],
            self.assignment_5a.id,
            WEDNESDAY,
            2,
        )
        slot = self.timetable_5a.slot_ids.filtered(lambda s: s.weekday == WEDNESDAY)
        self.assertRecordValues(
            slot, [{"number": 2, "assignment_id": self.assignment_5a.id, "week_parity": "every"}]
        )
        self.assertEqual(self._palette(data, self.assignment_5a)["remaining"], 3.0)
        self.assertFalse(data["clashes"])
        self.rpc(self.deputy, MODEL, "board_move", [self.timetable_5a.id], slot.id, THURSDAY, 1)
        data = self.rpc(
            self.deputy,
            MODEL,
            "board_set_slot",
            [self.timetable_5a.id],
            slot.id,
            {"room_id": self.room_22.id, "week_parity": "odd"},
        )
        self.assertRecordValues(
            slot,
            [{"weekday": THURSDAY, "number": 1, "room_id": self.room_22.id, "week_parity": "odd"}],
        )
        self.assertEqual(self._palette(data, self.assignment_5a)["placed"], 1.5, "odd: half")
        data = self.rpc(self.deputy, MODEL, "board_remove", [self.timetable_5a.id], slot.id)
        self.assertFalse(slot.exists())
        self.assertEqual(len(data["slots"]), 2)

    def test_a_teacher_reads_the_board_and_a_parent_does_not_open_it(self):
        data = self.rpc(self.teacher, MODEL, "board_load", [self.timetable_5a.id])
        self.assertFalse(data["editable"])
        self.assertFalse(data["can_manage"])
        self.assertEqual(len(data["slots"]), 2)
        for user in (self.parent, self.student_user):
            with self.subTest(user=user.login):
                self.assertRpcForgeryRefused(user, MODEL, "board_load", [self.timetable_5a.id])
                self.assertRpcForgeryRefused(user, MODEL, "board_timetables")
                self.assertRpcForgeryRefused(
                    user, MODEL, "board_resource_load", "teacher", self.other_teacher.id
                )

    def test_a_teacher_and_a_parent_change_nothing(self):
        before = self._slots(self.timetable_5a)
        slot = self.timetable_5a.slot_ids[0]
        calls = (
            ("board_place", self.assignment_5a.id, WEDNESDAY, 2),
            ("board_move", slot.id, THURSDAY, 1),
            ("board_set_slot", slot.id, {"room_id": self.room_22.id}),
            ("board_remove", slot.id),
        )
        for user in (self.teacher, self.class_teacher, self.secretary, self.parent):
            for method, *args in calls:
                with self.subTest(user=user.login, method=method):
                    self.assertRpcForgeryRefused(user, MODEL, method, [self.timetable_5a.id], *args)
        self.assertEqual(self._slots(self.timetable_5a), before)
        self.assertEqual(self.timetable_5a.state, "draft")

    def test_the_board_changes_only_its_own_lessons(self):
        before_6b = self._slots(self.timetable_6b)
        slot_6b = self.timetable_6b.slot_ids[0]
        self.assertRpcRefused(
            self.deputy, MODEL, "board_move", [self.timetable_5a.id], slot_6b.id, THURSDAY, 1
        )
        self.assertRpcRefused(
            self.deputy, MODEL, "board_remove", [self.timetable_5a.id], slot_6b.id
        )
        self.assertRpcRefused(
            self.deputy,
            MODEL,
            "board_place",
            [self.timetable_5a.id],
            self.assignment_6b.id,
            WEDNESDAY,
            2,
        )
        slot = self.timetable_5a.slot_ids[0]
        self.assertRpcRefused(
            self.deputy,
            MODEL,
            "board_set_slot",
            [self.timetable_5a.id],
            slot.id,
            {"assignment_id": self.assignment_5a_history.id},
        )
        self.assertRpcRefused(
            self.deputy, MODEL, "board_move", [self.timetable_5a.id], slot.id, "6", 1
        )
        self.assertEqual(self._slots(self.timetable_6b), before_6b)
        self.assertEqual(slot.assignment_id, self.assignment_5a)
        self.assertEqual(len(self.timetable_5a.slot_ids), 2)

    def test_clashes_show_on_the_board_and_block_publication(self):
        self.timetable_6b.with_user(self.deputy).action_publish()
        data = self.rpc(
            self.deputy,
            MODEL,
            "board_place",
            [self.timetable_5a.id],
            self.assignment_5a_history.id,
            WEDNESDAY,
            3,
        )
        placed = self.timetable_5a.slot_ids.filtered(lambda s: s.weekday == WEDNESDAY)
        self.assertEqual(len(data["clashes"]), 1)
        clash = data["clashes"][0]
        self.assertEqual(clash["kind"], "teacher")
        self.assertTrue(clash["blocking"])
        self.assertIn(self.other_teacher.name, clash["message"])
        shown = next(slot for slot in data["slots"] if slot["id"] == placed.id)
        self.assertEqual([c["message"] for c in shown["clashes"]], [clash["message"]])
        self.assertRpcRefused(self.deputy, MODEL, "action_publish", [self.timetable_5a.id])
        self.assertEqual(self.timetable_5a.state, "draft")
        data = self.rpc(self.deputy, MODEL, "board_remove", [self.timetable_5a.id], placed.id)
        self.assertFalse(data["clashes"])
        self.rpc(self.deputy, MODEL, "action_publish", [self.timetable_5a.id])
        self.assertEqual(self.timetable_5a.state, "published")

    def test_a_clash_with_another_draft_shows_and_blocks_the_second_published(self):
        data = self.rpc(
            self.deputy,
            MODEL,
            "board_place",
            [self.timetable_5a.id],
            self.assignment_5a_history.id,
            WEDNESDAY,
            3,
        )
        self.assertEqual([c["blocking"] for c in data["clashes"]], [False])
        self.rpc(self.deputy, MODEL, "action_publish", [self.timetable_5a.id])
        data = self.rpc(self.deputy, MODEL, "board_load", [self.timetable_6b.id])
        self.assertEqual([c["blocking"] for c in data["clashes"]], [True])
        self.assertRpcRefused(self.deputy, MODEL, "action_publish", [self.timetable_6b.id])
        self.assertEqual(self.timetable_6b.state, "draft")

    def test_a_published_timetable_changes_through_a_new_draft(self):
        self.timetable_5a.with_user(self.deputy).action_publish()
        before = self._slots(self.timetable_5a)
        data = self.rpc(self.deputy, MODEL, "board_load", [self.timetable_5a.id])
        self.assertFalse(data["editable"])
        self.assertTrue(data["can_manage"])
        self.assertRpcRefused(
            self.deputy,
            MODEL,
            "board_place",
            [self.timetable_5a.id],
            self.assignment_5a.id,
            WEDNESDAY,
            2,
        )
        self.assertRpcRefused(
            self.deputy,
            MODEL,
            "board_remove",
            [self.timetable_5a.id],
            self.timetable_5a.slot_ids[0].id,
        )
        self.assertEqual(self._slots(self.timetable_5a), before)
        # the copy wizard of the board («Copy» → the next period) makes the new draft
        action = self.rpc(self.deputy, MODEL, "action_open_copy", [self.timetable_5a.id])
        self.assertEqual(action["res_model"], "school.timetable.copy")
        wizard = self.rpc(
            self.deputy,
            "school.timetable.copy",
            "create",
            {"timetable_id": self.timetable_5a.id, "target": "period", "date_from": "2035-11-05"},
        )
        result = self.rpc(self.deputy, "school.timetable.copy", "action_copy", [wizard])
        new = self.env[MODEL].browse(result["domain"][0][2])
        self.assertRecordValues(new, [{"state": "draft", "date_from": date(2035, 11, 5)}])
        self.assertEqual(self._slots(new), before)
        self.assertTrue(self.rpc(self.deputy, MODEL, "board_load", [new.id])["editable"])
        self.rpc(self.deputy, MODEL, "board_place", [new.id], self.assignment_5a.id, WEDNESDAY, 2)
        self.rpc(self.deputy, MODEL, "action_publish", [new.id])
        self.assertEqual(
            (self.timetable_5a | new)._validity()[self.timetable_5a.id][1],
            date(2035, 11, 4),
            "the old timetable ends the day before the new one",
        )
        self.assertEqual(self._slots(self.timetable_5a), before)

    def test_the_board_by_teacher_and_by_room(self):
        (self.timetable_5a | self.timetable_6b).with_user(self.deputy).action_publish()
        data = self.rpc(
            self.secretary,
            MODEL,
            "board_resource_load",
            "teacher",
            self.other_teacher.id,
            "2035-09-10",
        )
        self.assertIn(self.other_teacher.id, [choice["id"] for choice in data["choices"]])
        self.assertEqual(
            sorted((s["class_name"], s["weekday"], s["number"]) for s in data["slots"]),
            [
                (self.class_5a.name, TUESDAY, 2),
                (self.class_6b.name, MONDAY, 1),
                (self.class_6b.name, WEDNESDAY, 3),
            ],
        )
        data = self.rpc(
            self.other_teacher, MODEL, "board_resource_load", "teacher", False, "2035-09-10"
        )
        self.assertEqual(data["resource_id"], self.other_teacher.id, "a teacher's own week")
        self.assertEqual(len(data["slots"]), 3)
        data = self.rpc(
            self.teacher, MODEL, "board_resource_load", "room", self.room_22.id, "2035-09-10"
        )
        self.assertEqual(
            sorted((s["class_name"], s["subject"]) for s in data["slots"]),
            [(self.class_5a.name, self.history.name), (self.class_6b.name, self.math.name)],
        )
        data = self.rpc(
            self.teacher, MODEL, "board_resource_load", "room", self.room_22.id, "2035-08-10"
        )
        self.assertFalse(data["slots"], "not valid yet")

    def test_the_form_opens_the_board(self):
        action = self.rpc(self.teacher, MODEL, "action_open_board", [self.timetable_5a.id])
        self.assertEqual(action["tag"], "school_timetable_board")
        self.assertEqual(action["context"]["timetable_id"], self.timetable_5a.id)
        found = self.rpc(self.deputy, MODEL, "board_timetables")
        self.assertTrue({self.timetable_5a.id, self.timetable_6b.id} <= {t["id"] for t in found})

    def test_subgroups_side_by_side_in_a_cell(self):
        groups = self.env["school.study.group"].create(
            [
                {"name": f"Англ. {n} (тест)", "year_id": self.year.id, "class_id": self.class_5a.id}
                for n in (1, 2)
            ]
        )
        english = self.env["school.subject"].create({"name": "Английский (тест)"})
        self.env["school.curriculum.line"].create(
            {"year_id": self.year.id, "level": "5", "subject_id": english.id, "hours_per_week": 3}
        )
        journals = self.env["school.teaching.assignment"].create(
            [
                {"study_group_id": group.id, "subject_id": english.id, "teacher_id": teacher.id}
                for group, teacher in zip(groups, (self.teacher, self.substitute), strict=True)
            ]
        )
        for journal, room in zip(journals, (self.room_21, self.room_22), strict=True):
            data = self.rpc(
                self.deputy,
                MODEL,
                "board_place",
                [self.timetable_5a.id],
                journal.id,
                WEDNESDAY,
                1,
                room_id=room.id,
            )
        cell = [s for s in data["slots"] if (s["weekday"], s["number"]) == (WEDNESDAY, 1)]
        self.assertEqual(sorted(s["group"] for s in cell), sorted(groups.mapped("name")))
        self.assertFalse(data["clashes"], "two subgroups of the class side by side")
        self.assertEqual(
            self.timetable_5a.slot_ids.filtered(lambda s: s.weekday == WEDNESDAY).study_group_id,
            groups,
        )
        for journal in journals:
            self.assertEqual(
                self._palette(data, journal),
                {
                    "id": journal.id,
                    "subject": english.name,
                    "teacher": journal.teacher_id.name,
                    "group": journal.study_group_id.name,
                    "planned": 3.0,
                    "placed": 1.0,
                    "remaining": 2.0,
                },
            )
        data = self.rpc(
            self.deputy,
            MODEL,
            "board_place",
            [self.timetable_5a.id],
            self.assignment_5a.id,
            WEDNESDAY,
            1,
        )
        self.assertEqual(
            sorted(c["kind"] for c in data["clashes"]),
            ["class", "teacher"],
            "the whole class clashes with both groups; with the first, its teacher too",
        )
        self.assertEqual(len(data["clashes"]), 2)
