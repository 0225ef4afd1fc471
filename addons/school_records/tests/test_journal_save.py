from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.school_journal_entry_mixin import SAVE_PLAN
from .common import SchoolRecordsCase

# issue 25: a class lesson of 30 cells in at most 20 SQL queries, whatever the number of
# cells (the cell-by-cell path took some nine a cell). The save takes 14 (15 with a «2»:
# the families' notification asks who wants it): the guard keeps that, not just the aim.
MAX_SAVE_QUERIES = 15
# a save that also changes and deletes entries pays the ORM's deletion (its cleanup
# queries, then a cold cache) and the audit insert: more, but still not per cell
MAX_REWRITE_QUERIES = 30


@tagged("post_install", "-at_install")
class TestJournalSetBasedSave(SchoolRecordsCase):
    """The grid's save of a whole class lesson: set-based, with the same answer as the
    cell-by-cell path, cell for cell."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Student = cls.env["school.student"]
        cls.pupils = cls._enrolled_pupils(28)
        cls.roll = cls.child | cls.classmate | cls.pupils
        cls.lesson = cls._lesson(cls.assignment_5a, date(2035, 9, 14), 1)
        cls.warm_up_lesson = cls._lesson(cls.assignment_5a, date(2035, 9, 15), 1)
        # left the class before the lesson
        cls.leaver = Student.create({"last_name": "Ушедший", "first_name": "Тест"})
        cls.env["school.enrollment"].create(
            {
                "student_id": cls.leaver.id,
                "class_id": cls.class_5a.id,
                "date_from": date(2035, 9, 1),
                "date_to": date(2035, 9, 10),
            }
        )
        cls.closed_lesson = cls._lesson(cls.assignment_5a, date(2035, 11, 16), 1)
        cls.closed_mark = cls._mark(cls.closed_lesson, cls.child, cls.mark_4)

    def _save(self, cells, user=None):
        return (
            self.env["school.journal.grid"]
            .with_user(user or self.teacher)
            .save(self.assignment_5a.id, self.quarter_1.id, cells)
        )

    def _cells(self, texts, lesson=None):
        lesson = lesson or self.lesson
        return [
            {"student_id": student.id, "lesson_id": lesson.id, "text": text}
            for student, text in zip(self.roll, texts, strict=True)
        ]

    def _queries(self, cells):
        """The SQL queries of one save, from a cold cache as in a new request (the
        registry's caches warm: the same save on another lesson first)."""
        warm_up = [dict(cell, lesson_id=self.warm_up_lesson.id) for cell in cells]
        self.env.invalidate_all()
        self.assertEqual(self._save(warm_up)["errors"], {})
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = self._save(cells)
        return self.env.cr.sql_log_count - before, result

    def _journal_state(self, lessons):
        """Everything a save can change: the entries and the audit of `lessons`."""
        self.env.flush_all()
        self.env.invalidate_all()
        domain = [("lesson_id", "in", lessons.ids)]
        marks = sorted(
            (m.student_id.id, m.lesson_id.id, m.value_id.code, m.work_type_id.code)
            for m in self.env["school.mark"].search(domain)
        )
        absences = sorted(
            (a.student_id.id, a.lesson_id.id, a.kind)
            for a in self.env["school.attendance"].search(domain)
        )
        audit = sorted(
            (a.res_model, a.student_id.id, a.lesson_id.id, a.operation, a.old_value, a.new_value)
            for a in self.env["school.journal.audit"].search(domain)
        )
        return marks, absences, audit

    def test_attendance_of_a_class_lesson_in_few_queries(self):
        texts = ["н"] * 6 + ["б"] * 2 + ["оп"] * 2 + [""] * 20
        count, result = self._queries(self._cells(texts))
        self.assertEqual(result["errors"], {})
        self.assertLessEqual(count, MAX_SAVE_QUERIES)
        absences = self.env["school.attendance"].search([("lesson_id", "=", self.lesson.id)])
        self.assertEqual(len(absences), 10)
        # the next save changes reasons and clears some: written and audited in batches
        texts = ["у"] * 3 + ["н"] * 3 + [""] * 4 + ["н"] * 5 + [""] * 15
        count, result = self._queries(self._cells(texts))
        self.assertEqual(result["errors"], {})
        self.assertLessEqual(count, MAX_REWRITE_QUERIES)
        _marks, absences, audit = self._journal_state(self.lesson)
        self.assertEqual(len(absences), 11)
        self.assertEqual(sorted(kind for *_ids, kind in absences).count("excused"), 3)
        operations = [row[3] for row in audit]
        self.assertEqual((operations.count("write"), operations.count("unlink")), (3, 4))

    def test_marks_of_a_class_lesson_in_few_queries(self):
        texts = (["5", "4", "3", "5 4", "2"] * 6)[:30]
        count, result = self._queries(self._cells(texts))
        self.assertEqual(result["errors"], {})
        self.assertLessEqual(count, MAX_SAVE_QUERIES)
        self.assertEqual(
            self.env["school.mark"].search_count([("lesson_id", "=", self.lesson.id)]), 36
        )
        self.assertIn(self.child.id, result["averages"])
        # rewrite every cell: changed values, extra marks deleted, new ones added
        texts = (["4", "4", "", "5", "3 3"] * 6)[:30]
        count, result = self._queries(self._cells(texts))
        self.assertEqual(result["errors"], {})
        self.assertLessEqual(count, MAX_REWRITE_QUERIES)
        marks, _absences, audit = self._journal_state(self.lesson)
        self.assertEqual(len(marks), 30)
        cell = result["cells"][f"{self.roll[4].id}-{self.lesson.id}"]
        self.assertEqual([mark["code"] for mark in cell["marks"]], ["3", "3"])
        operations = [row[3] for row in audit]
        # per five cells: 5 → 4 written; 4 kept; 3 deleted; 5 4 → 5, the 4 deleted;
        # 2 → 3 3, the 2 written and a 3 added
        self.assertEqual((operations.count("write"), operations.count("unlink")), (12, 12))

    def test_the_queries_do_not_grow_with_the_cells(self):
        few, _result = self._queries(self._cells(["5"] * 5 + [""] * 25)[:5])
        self.lesson = self._lesson(self.assignment_5a, date(2035, 9, 21), 1)
        many, _result = self._queries(self._cells(["5"] * 30))
        self.assertEqual(few, many)

    def _mixed_cells(self):
        pupil_a, pupil_b, pupil_c = self.pupils[:3]
        return [
            # good cells: a new mark, a changed mark (audited), an absence
            {"student_id": pupil_a.id, "lesson_id": self.lesson.id, "text": "5 4"},
            {"student_id": self.child.id, "lesson_id": self.lesson_5a.id, "text": "3"},
            {"student_id": pupil_b.id, "lesson_id": self.lesson.id, "text": "н"},
            # a bad code
            {"student_id": pupil_c.id, "lesson_id": self.lesson.id, "text": "5 ж"},
            # not enrolled on the lesson's day; an empty cell of theirs changes nothing
            {"student_id": self.leaver.id, "lesson_id": self.lesson.id, "text": "4"},
            {"student_id": self.leaver.id, "lesson_id": self.lesson_5a.id, "text": ""},
            # a closed period: a change is refused, the same value is no change
            {"student_id": self.child.id, "lesson_id": self.closed_lesson.id, "text": "5"},
            {"student_id": self.classmate.id, "lesson_id": self.closed_lesson.id, "text": ""},
            # a lesson of another journal
            {"student_id": self.other_child.id, "lesson_id": self.lesson_6b.id, "text": "2"},
            # a good cell after the bad ones
            {"student_id": self.classmate.id, "lesson_id": self.lesson_5a.id, "text": "оп"},
        ]

    def test_mixed_save_gives_what_the_cell_by_cell_path_gave(self):
        self.quarter_2.with_user(self.deputy).action_close()
        cells = self._mixed_cells()
        lessons = self.lesson | self.lesson_5a | self.closed_lesson | self.lesson_6b
        journal = self.env["school.journal"].with_user(self.teacher)
        savepoint = self.env.cr.savepoint()
        self.env.invalidate_all()  # both paths start from a cold cache, as a request does
        expected_errors = journal._save_cells_one_by_one(self.assignment_5a, cells)
        expected_state = self._journal_state(lessons)
        savepoint.close(rollback=True)
        self.env.invalidate_all()
        self.assertNotEqual(self._journal_state(lessons), expected_state)
        result = self._save(cells)
        self.assertEqual(result["errors"], expected_errors)
        self.assertEqual(self._journal_state(lessons), expected_state)
        # and what the cell-by-cell path gives is what a teacher expects
        key = "{}-{}".format
        self.assertEqual(
            list(result["errors"]),
            [
                key(self.pupils[2].id, self.lesson.id),
                key(self.leaver.id, self.lesson.id),
                key(self.child.id, self.closed_lesson.id),
                key(self.other_child.id, self.lesson_6b.id),
            ],
        )
        errors = list(result["errors"].values())
        self.assertIn("«ж»", errors[0])
        self.assertIn("not enrolled", errors[1])
        self.assertIn("closed", errors[2])
        self.assertTrue(errors[3])  # another teacher's lesson: not even readable
        marks, absences, audit = expected_state
        self.assertIn((self.pupils[0].id, self.lesson.id, "5"), [m[:3] for m in marks])
        self.assertIn((self.child.id, self.closed_lesson.id, "4"), [m[:3] for m in marks])
        self.assertIn((self.classmate.id, self.lesson_5a.id, "late"), absences)
        self.assertIn((self.pupils[1].id, self.lesson.id, "absent"), absences)
        changed = [row[3:] for row in audit if row[2] == self.lesson_5a.id]
        self.assertEqual(changed, [("write", "5 (УО)", "3 (УО)")])

    def test_a_batch_refused_by_the_rules_falls_back_cell_by_cell(self):
        """The class teacher may read 5А's history journal, not write it: the batch
        fails on the record rules and each cell gets the refusal, nothing is written."""
        lesson = self.lesson_5a_history
        cells = [
            {"student_id": self.child.id, "lesson_id": lesson.id, "text": ""},
            {"student_id": self.classmate.id, "lesson_id": lesson.id, "text": "н"},
        ]
        before = self._journal_state(lesson)
        result = (
            self.env["school.journal.grid"]
            .with_user(self.class_teacher)
            .save(self.assignment_5a_history.id, self.quarter_1.id, cells)
        )
        self.assertEqual(len(result["errors"]), 2)
        self.assertEqual(self._journal_state(lesson), before)

    def test_what_the_plan_lends_its_batches_ends_with_them(self):
        """The save lends the entries' checks the rosters and the absences its plan has
        just read, on the cursor, for its batches only: after it the checks read for
        themselves again, and nothing a caller sends (a context) can lend them."""
        texts = ["н"] + [""] * 29
        self.assertEqual(self._save(self._cells(texts))["errors"], {})
        self.assertNotIn(SAVE_PLAN, self.env.cr.cache)
        forged = {SAVE_PLAN: {"rosters": {self.lesson.id: [self.leaver.id]}}}
        Mark = self.env["school.mark"].with_user(self.teacher).with_context(**forged)
        with self.assertRaisesRegex(ValidationError, "not enrolled"):
            Mark.create(
                {
                    "lesson_id": self.lesson.id,
                    "student_id": self.leaver.id,
                    "value_id": self.mark_5.id,
                }
            )
        Attendance = self.env["school.attendance"].with_user(self.teacher)
        with self.assertRaisesRegex(ValidationError, "already has an absence"):
            Attendance.with_context(**forged).create(
                {"lesson_id": self.lesson.id, "student_id": self.roll[0].id, "kind": "ill"}
            )
        # a save that refuses a stranger still does, in the constraint's words
        cells = self._cells(texts)
        cells[1] = {"student_id": self.leaver.id, "lesson_id": self.lesson.id, "text": "н"}
        errors = self._save(cells)["errors"]
        self.assertEqual(list(errors), [f"{self.leaver.id}-{self.lesson.id}"])
        self.assertIn("not enrolled", errors[f"{self.leaver.id}-{self.lesson.id}"])
        self.assertNotIn(SAVE_PLAN, self.env.cr.cache)

    def test_a_save_tells_the_families_who_asked_of_absences(self):
        """The family notification of absences stays: the guardians who asked are told,
        those who did not are not."""
        self.parent_partner.school_notify_absences = True
        silent = self.env["res.partner"].create({"name": "Белова Ирина"})
        self.classmate.guardian_ids = silent
        Message = self.env["mail.message"]

        def told(student, partner):
            return Message.search(
                [
                    ("model", "=", "school.student"),
                    ("res_id", "=", student.id),
                    ("partner_ids", "in", partner.ids),
                ]
            )

        texts = ["н", "н", "б"] + [""] * 27
        self.assertEqual(self._save(self._cells(texts))["errors"], {})
        self.assertEqual(len(told(self.child, self.parent_partner)), 1)
        self.assertIn("«н»", told(self.child, self.parent_partner).body)
        self.assertFalse(told(self.classmate, silent))

    def test_the_answer_is_what_the_user_reads_after_the_save(self):
        """The save answers the cells it knows it left without reading them again when
        every cell went in batches; the answer is, key for key and in order, what the
        grid reads after it (fresh cells, changed ones, deleted ones, a refused one)."""
        grid = self.env["school.journal.grid"].with_user(self.teacher)
        students = self.env["school.student"].sudo().browse(self.roll.ids)
        for texts in (
            (["5", "4 н", "б", "", "3 3"] * 6)[:30],  # new marks and absences
            (["4", "4 оп", "", "", "3 3"] * 6)[:30],  # changed, kept, deleted
            (["4", "4 оп", "н", "", "3 3"] * 6)[:30],  # changed again, added
            (["4", "4 оп", "н", "", "3 3 ж"] * 6)[:30],  # some refused: nothing changes
        ):
            self.env.invalidate_all()
            result = self._save(self._cells(texts))
            self.env.flush_all()
            self.env.invalidate_all()
            expected = grid._cells(self.lesson, students)
            self.assertEqual(list(result["cells"].items()), list(expected.items()))
        self.assertEqual(len(result["errors"]), 6)
