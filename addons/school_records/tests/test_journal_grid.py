from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestJournalGrid(SchoolRecordsCase):
    """The grid's own server calls: what they load, what they save, and that the
    record rules hold when they are called directly."""

    def _grid(self, user):
        return self.env["school.journal.grid"].with_user(user)

    def test_load_shows_students_lessons_cells_and_averages(self):
        data = self._grid(self.teacher).load(self.assignment_5a.id, self.quarter_1.id)
        self.assertEqual(
            [s["name"] for s in data["students"]], ["Белов Глеб", "Иванов Пётр Сергеевич"]
        )
        self.assertEqual(
            [lesson["id"] for lesson in data["lessons"]],
            [self.lesson_5a.id, self.lesson_5a_substituted.id],
        )
        cell = data["cells"][f"{self.child.id}-{self.lesson_5a.id}"]
        self.assertEqual([m["code"] for m in cell["marks"]], ["5"])
        self.assertEqual(data["averages"][self.child.id], {"average": 5.0, "proposed": "5"})
        self.assertFalse(data["readonly"])

    def test_save_batch_with_marks_absences_and_weights(self):
        control = self.env.ref("school_records.school_work_type_control")
        self.lesson_5a_substituted.work_type_id = control
        result = self._grid(self.teacher).save(
            self.assignment_5a.id,
            self.quarter_1.id,
            [
                {"student_id": self.classmate.id, "lesson_id": self.lesson_5a.id, "text": "4 3"},
                {
                    "student_id": self.child.id,
                    "lesson_id": self.lesson_5a_substituted.id,
                    "text": "2",
                },
                {
                    "student_id": self.classmate.id,
                    "lesson_id": self.lesson_5a_substituted.id,
                    "text": "н",
                },
            ],
        )
        self.assertEqual(result["errors"], {})
        # child: 5 (weight 1) and 2 (control work, weight 2) -> 9 / 3 = 3.0
        self.assertEqual(result["averages"][self.child.id], {"average": 3.0, "proposed": "3"})
        self.assertEqual(result["averages"][self.classmate.id]["average"], 3.5)
        self.assertEqual(result["averages"][self.classmate.id]["proposed"], "4")
        absence = self.env["school.attendance"].search(
            [
                ("lesson_id", "=", self.lesson_5a_substituted.id),
                ("student_id", "=", self.classmate.id),
            ]
        )
        self.assertEqual(absence.kind, "absent")

    def test_clearing_a_cell_deletes_with_audit(self):
        mark_id = self.mark_child.id
        result = self._grid(self.teacher).save(
            self.assignment_5a.id,
            self.quarter_1.id,
            [{"student_id": self.child.id, "lesson_id": self.lesson_5a.id, "text": ""}],
        )
        self.assertEqual(result["errors"], {})
        self.assertFalse(self.env["school.mark"].browse(mark_id).exists())
        audit = self.env["school.journal.audit"].search([("res_id", "=", mark_id)])
        self.assertEqual(audit.operation, "unlink")

    def test_one_bad_cell_loses_nothing_else(self):
        result = self._grid(self.teacher).save(
            self.assignment_5a.id,
            self.quarter_1.id,
            [
                {"student_id": self.classmate.id, "lesson_id": self.lesson_5a.id, "text": "4"},
                {"student_id": self.child.id, "lesson_id": self.lesson_5a.id, "text": "7"},
            ],
        )
        bad_key = f"{self.child.id}-{self.lesson_5a.id}"
        self.assertEqual(list(result["errors"]), [bad_key])
        self.assertIn("«7»", result["errors"][bad_key])
        self.assertEqual(self.mark_child.value_id, self.mark_5)
        good = result["cells"][f"{self.classmate.id}-{self.lesson_5a.id}"]
        self.assertEqual([m["code"] for m in good["marks"]], ["4"])

    def test_rpc_cannot_write_another_journal(self):
        result = self._grid(self.teacher).save(
            self.assignment_6b.id,
            self.quarter_1.id,
            [{"student_id": self.other_child.id, "lesson_id": self.lesson_6b.id, "text": "2"}],
        )
        self.assertTrue(result["errors"])
        self.assertEqual(self.mark_other_child.value_id, self.mark_4)
        # a lesson of another journal smuggled into one's own journal is refused too
        result = self._grid(self.teacher).save(
            self.assignment_5a.id,
            self.quarter_1.id,
            [{"student_id": self.other_child.id, "lesson_id": self.lesson_6b.id, "text": "2"}],
        )
        self.assertTrue(result["errors"])
        self.assertEqual(self.mark_other_child.value_id, self.mark_4)
        with self.assertRaises(AccessError):
            self._grid(self.teacher).load(self.assignment_6b.id, self.quarter_1.id)

    def test_class_teacher_reads_every_subject_read_only(self):
        data = self._grid(self.class_teacher).load(self.assignment_5a_history.id, self.quarter_1.id)
        self.assertTrue(data["readonly"])
        self.assertEqual(
            data["cells"][f"{self.child.id}-{self.lesson_5a_history.id}"]["absence"], "б"
        )
        result = self._grid(self.class_teacher).save(
            self.assignment_5a_history.id,
            self.quarter_1.id,
            [{"student_id": self.child.id, "lesson_id": self.lesson_5a_history.id, "text": ""}],
        )
        self.assertTrue(result["errors"])
        self.assertTrue(self.absence_child.exists())

    def test_deputy_reads_any_class_read_only(self):
        data = self._grid(self.deputy).load(self.assignment_6b.id, self.quarter_1.id)
        self.assertTrue(data["readonly"])
        self.assertEqual(len(data["students"]), 2)

    def test_substitute_edits_only_the_substituted_lesson(self):
        data = self._grid(self.substitute).load(self.assignment_5a.id, self.quarter_1.id)
        self.assertEqual(
            [lesson["id"] for lesson in data["lessons"]], [self.lesson_5a_substituted.id]
        )
        self.assertTrue(data["lessons"][0]["editable"])

    def test_closed_period_is_read_only(self):
        self.quarter_1.with_user(self.deputy).action_close()
        data = self._grid(self.teacher).load(self.assignment_5a.id, self.quarter_1.id)
        self.assertTrue(data["readonly"])
        result = self._grid(self.teacher).save(
            self.assignment_5a.id,
            self.quarter_1.id,
            [{"student_id": self.child.id, "lesson_id": self.lesson_5a.id, "text": "2"}],
        )
        self.assertIn("closed", next(iter(result["errors"].values())))

    def test_parse_cell(self):
        grid = self.env["school.journal.grid"]
        self.assertEqual(grid.parse_cell(" 5/4 Н "), (["5", "4"], "absent"))
        self.assertEqual(grid.parse_cell("оп"), ([], "late"))
        with self.assertRaises(ValidationError):
            grid.parse_cell("н б")
