from datetime import date
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import SchoolRecordsCase

# period marks are confirmed from the period's last lesson on (seed 001 §5.4); the
# fixtures' lessons are in September 2035
AFTER_THE_LAST_LESSON = patch.object(
    fields.Date, "context_today", lambda *args, **kwargs: date(2035, 10, 25)
)


@tagged("post_install", "-at_install")
class TestPeriodMark(SchoolRecordsCase):
    """Proposed period marks: boundaries, weights, special codes, confidence, reasons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.PeriodMark = cls.env["school.period.mark"]
        cls.mark_3 = cls.env.ref("school_records.school_mark_value_3")
        cls.passed = cls.env.ref("school_records.school_mark_value_pass")
        cls.control = cls.env.ref("school_records.school_work_type_control")
        cls.independent = cls.env.ref("school_records.school_work_type_independent")
        cls.env.company.school_min_marks_per_period = 3
        cls.env.company.school_min_control_per_period = 1

    def _propose(self, user=None):
        model = self.PeriodMark.with_user(user) if user else self.PeriodMark
        model.propose_period_marks(self.assignment_5a, self.quarter_1)
        return self.PeriodMark.search(
            [("assignment_id", "=", self.assignment_5a.id), ("period_id", "=", self.quarter_1.id)]
        )

    def _for(self, marks, student):
        return marks.filtered(lambda m: m.student_id == student)

    def _add_marks(self, student, *values, first_day=10):
        """values: (mark value, work type) pairs, each on a new lesson of 5А maths."""
        for index, (value, work_type) in enumerate(values):
            lesson = self._lesson(self.assignment_5a, f"2035-09-{first_day + index:02d}", 3)
            self._mark(lesson, student, value, work_type_id=work_type.id)

    def test_boundaries(self):
        MarkValue = self.env["school.mark.value"]
        expected = {
            2.49: "2",
            2.5: "3",
            3.49: "3",
            3.5: "4",
            4.49: "4",
            4.5: "5",
            5.0: "5",
            3.4999999999: "4",
        }
        for average, code in expected.items():
            self.assertEqual(MarkValue._propose_for_average(average).code, code, average)

    def test_boundaries_are_configurable(self):
        self.env.company.school_boundary_4 = 3.6
        self.assertEqual(self.env["school.mark.value"]._propose_for_average(3.5).code, "3")

    def test_weighted_average_with_special_codes_left_out(self):
        # child already has «5» (answer, weight 1); add «3» (control, 2) and «зач» (no weight)
        self._add_marks(self.child, (self.mark_3, self.control), (self.passed, self.independent))
        mark = self._for(self._propose(), self.child)
        # (5*1 + 3*2) / 3 = 3.67 -> «4»; «зач» neither counts in the average nor as a mark
        self.assertAlmostEqual(mark.average, 11 / 3, places=2)
        self.assertEqual(mark.proposed_value_id.code, "4")
        self.assertEqual(mark.mark_count, 2)
        self.assertEqual(mark.control_count, 1)

    def test_exact_boundary_from_weights(self):
        # 4 and 3 with equal weights 1.5: exactly 3.5 -> «4»
        self.child.mark_ids.unlink()
        self._add_marks(
            self.child,
            (self.mark_4, self.independent),
            (self.mark_3, self.independent),
            (self.mark_4, self.control),
            (self.mark_3, self.control),
        )
        mark = self._for(self._propose(), self.child)
        self.assertAlmostEqual(mark.average, 3.5)
        self.assertEqual(mark.proposed_value_id.code, "4")
        self.assertTrue(mark.confident)

    def test_too_few_marks_is_not_confident(self):
        marks = self._propose()
        child = self._for(marks, self.child)
        self.assertFalse(child.confident)
        self.assertIn("1 marks, at least 3", child.proposal_note)
        self.assertIn("control works", child.proposal_note)
        classmate = self._for(marks, self.classmate)
        self.assertEqual(classmate.proposed_value_id.code, "н/а")
        self.assertIn("no marks", classmate.proposal_note)

    @AFTER_THE_LAST_LESSON
    def test_confirming_another_mark_needs_a_reason(self):
        mark = self._for(self._propose(self.teacher), self.child).with_user(self.teacher)
        mark.value_id = self.mark_4
        with self.assertRaises(ValidationError):
            mark.action_confirm()
        mark.reason = "Не сдана контрольная работа"
        mark.action_confirm()
        self.assertRecordValues(
            mark,
            [
                {
                    "state": "confirmed",
                    "value_id": self.mark_4.id,
                    "confirmed_by_id": self.teacher.id,
                }
            ],
        )

    def test_confirmed_marks_are_not_reproposed(self):
        mark = self._for(self._propose(), self.child)
        mark.action_confirm()
        self._add_marks(self.child, (self.mark_2, self.control))
        self._propose()
        self.assertEqual(mark.value_id, self.mark_5)
        self.assertEqual(mark.state, "confirmed")

    @AFTER_THE_LAST_LESSON
    def test_who_may_set_period_marks(self):
        with self.assertRaises(AccessError):
            self.PeriodMark.with_user(self.other_teacher).propose_period_marks(
                self.assignment_5a, self.quarter_1
            )
        mark = self._for(self._propose(), self.child)
        with self.assertRaises(AccessError):
            mark.with_user(self.class_teacher).action_confirm()
        self.env.company.school_class_teacher_sets_period_marks = True
        mark.with_user(self.class_teacher).action_confirm()
        self.assertEqual(mark.state, "confirmed")

    def test_closed_period_marks_are_read_only(self):
        mark = self._for(self._propose(), self.child)
        self.quarter_1.with_user(self.deputy).action_close()
        with self.assertRaises(UserError):
            mark.with_user(self.teacher).action_confirm()
        self.assertEqual(mark.state, "draft")

    def test_year_mark_from_period_marks(self):
        quarter_2_mark = self.PeriodMark.create(
            {
                "assignment_id": self.assignment_5a.id,
                "student_id": self.child.id,
                "kind": "period",
                "period_id": self.quarter_2.id,
                "proposed_value_id": self.mark_4.id,
                "value_id": self.mark_4.id,
                "state": "confirmed",
            }
        )
        self._propose()  # quarter 1: «5»
        self.PeriodMark.propose_year_marks(self.assignment_5a)
        year = self.PeriodMark.search(
            [
                ("kind", "=", "year"),
                ("student_id", "=", self.child.id),
                ("assignment_id", "=", self.assignment_5a.id),
            ]
        )
        self.assertAlmostEqual(year.average, 4.5)
        self.assertEqual(year.proposed_value_id.code, "5")
        self.assertTrue(quarter_2_mark.exists())

    # the proposal written by one SQL statement (issue 25 §2) -------------------------------
    def test_the_database_proposes_what_the_proposer_proposes(self):
        """The boundaries of seed 004 (2.5 → «3», 3.5 → «4», 4.5 → «5») give the same
        mark in the one-statement proposal as in ``_proposer``, at and around each
        boundary, with the school's own boundaries too."""
        MarkValue = self.env["school.mark.value"]
        averages = [1.0, 2.49, 2.4999999, 2.5, 3.49, 3.4999999999, 3.5, 4.49, 4.5, 5.0, None]

        def proposed_in_sql(average):
            self.env.cr.execute(
                SQL("SELECT %s", MarkValue._proposal_sql(SQL("%s::numeric", average)))
            )
            return MarkValue.browse(self.env.cr.fetchone()[0]).code

        for boundary_4 in (3.5, 3.6):
            self.env.company.school_boundary_4 = boundary_4
            for average in averages:
                expected = (
                    MarkValue._propose_for_average(average).code if average is not None else "н/а"
                )
                self.assertEqual(proposed_in_sql(average), expected, (boundary_4, average))
        self.assertEqual(proposed_in_sql(3.5), "3")  # the last boundary set: 3.6

    def test_a_draft_proposal_follows_the_marks(self):
        """Proposing again refreshes a draft whose marks changed (average, counts, the
        mark, the notes) and creates none twice."""
        first = self._for(self._propose(), self.child)
        self.assertEqual((first.proposed_value_id.code, first.mark_count), ("5", 1))
        self.assertFalse(first.confident)
        self._add_marks(
            self.child,
            (self.mark_3, self.control),
            (self.mark_3, self.independent),
            (self.mark_3, self.independent),
        )
        marks = self._propose()
        again = self._for(marks, self.child)
        self.assertEqual(again, first)
        self.assertEqual(len(marks), len(set(marks.mapped("student_id"))))
        # «5» (answer, weight 1), «3» (control, 2), two «3» (independent, 1.5)
        self.assertAlmostEqual(again.average, (5 + 3 * 2 + 3 * 1.5 * 2) / (1 + 2 + 1.5 * 2))
        self.assertEqual(again.proposed_value_id.code, "3")
        self.assertEqual((again.mark_count, again.control_count), (4, 1))
        self.assertTrue(again.confident)
        self.assertFalse(again.proposal_note)

    def test_notes_past_the_minimums(self):
        """A count at the minimum or far above it reads alike: no note, confident; one
        below it, the note with the real count."""
        self.env.company.school_min_marks_per_period = 2
        self._add_marks(self.child, *[(self.mark_4, self.independent)] * 6)
        child = self._for(self._propose(), self.child)
        self.assertEqual(child.mark_count, 7)
        self.assertEqual(child.proposal_note, "0 control works, at least 1 needed")
        self._add_marks(self.classmate, (self.mark_4, self.control), first_day=20)
        classmate = self._for(self._propose(), self.classmate)
        self.assertEqual(classmate.proposal_note, "1 marks, at least 2 needed")
        self.assertEqual(classmate.proposed_value_id.code, "4")

    def test_year_mark_without_period_marks_that_count(self):
        """A year without a period mark that counts proposes «н/а» and says why."""
        self.PeriodMark.create(
            {
                "assignment_id": self.assignment_5a.id,
                "student_id": self.child.id,
                "kind": "period",
                "period_id": self.quarter_2.id,
                "proposed_value_id": self.passed.id,
                "state": "draft",
            }
        )
        self.assertEqual(self.PeriodMark.propose_year_marks(self.assignment_5a), 1)
        year = self.PeriodMark.search([("kind", "=", "year"), ("student_id", "=", self.child.id)])
        self.assertEqual(year.proposed_value_id.code, "н/а")
        self.assertIn("no marks", year.proposal_note)
        self.assertFalse(year.confident)
