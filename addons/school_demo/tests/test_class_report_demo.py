import base64
import io
from collections import Counter, defaultdict
from decimal import Decimal

import openpyxl

from odoo.tests import TransactionCase, tagged

COUNTED = ("5", "4", "3", "2", "н/а")


@tagged("post_install", "-at_install")
class TestClassReportOnTheDemoSchool(TransactionCase):
    """The period results of the generated demo school (the generator's `small` school)
    against figures recomputed here from the raw marks: the weighted average of each
    student's marks in each journal, the school's boundaries, and the counts per class
    and subject. Nothing of the proposal or report code is used for the expectation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["school.mark"].search_count([], limit=1):
            cls.env["school.demo.generator"]._generate("small")
        groups = cls.env["school.mark"]._read_group(
            [("period_id.scheme", "=", "quarter")], ["period_id"], ["__count"]
        )
        cls.period = max(groups, key=lambda group: group[1])[0]
        cls.classes = cls.env["school.class"].search(
            [("year_id", "=", cls.period.year_id.id), ("period_scheme", "in", (False, "quarter"))]
        )
        assignments = cls.env["school.teaching.assignment"].search(
            [("class_id", "in", cls.classes.ids)]
        )
        cls.env["school.period.mark"].propose_period_marks(assignments, cls.period)
        cls.env["school.period.mark"].flush_model()
        cls.env.cr.execute(
            "UPDATE school_period_mark SET value_id = proposed_value_id, state = 'confirmed'"
            " WHERE period_id = %s AND value_id IS NULL",
            [cls.period.id],
        )
        cls.env.invalidate_all()

    def _expected_code(self, marks):
        counted = marks.filtered("counts_in_average")
        weights = sum(Decimal(str(m.weight)) for m in counted)
        if not weights:
            return "н/а"
        average = sum(Decimal(str(m.numeric_value)) * Decimal(str(m.weight)) for m in counted)
        average /= weights
        company = self.env.company
        for boundary, code in (
            (company.school_boundary_5, "5"),
            (company.school_boundary_4, "4"),
            (company.school_boundary_3, "3"),
        ):
            if average >= Decimal(str(boundary)):
                return code
        return "2"

    def _expected_counts(self, school_class):
        """{subject name: Counter of codes} over the students of each journal of the
        class who were enrolled during the period (and in the journal's group)."""
        counts = defaultdict(Counter)
        period = self.period
        enrolled = self.env["school.enrollment"].search(
            [
                ("class_id", "=", school_class.id),
                ("date_from", "<=", period.date_end),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", period.date_start),
            ]
        )
        marks = self.env["school.mark"].search(
            [("period_id", "=", period.id), ("assignment_id.class_id", "=", school_class.id)]
        )
        by_journal = defaultdict(lambda: self.env["school.mark"])
        for mark in marks:
            by_journal[mark.assignment_id, mark.student_id] |= mark
        for assignment in school_class.assignment_ids:
            students = enrolled.student_id
            if assignment.study_group_id:
                students &= assignment.study_group_id.student_ids
            for student in students:
                code = self._expected_code(by_journal[assignment, student])
                counts[assignment.subject_id.name][code] += 1
        return counts

    def test_period_results_match_the_marks(self):
        wizard = self.env["school.class.report"].create(
            {
                "year_id": self.period.year_id.id,
                "report": "results",
                "period_id": self.period.id,
                "class_ids": [(6, 0, self.classes.ids)],
            }
        )
        wizard.action_print()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        checked = 0
        for school_class in self.classes:
            expected = self._expected_counts(school_class)
            self.assertTrue(expected, f"{school_class.name} has no journal")
            sheet = book[school_class.name]
            rows = {
                sheet.cell(row, 1).value: row
                for row in range(4, sheet.max_row + 1)
                if sheet.cell(row, 1).value
            }
            for subject, counts in expected.items():
                row = rows[subject]
                figures = [sheet.cell(row, col).value or 0 for col in range(2, 8)]
                self.assertEqual(
                    figures,
                    [counts[code] for code in COUNTED] + [sum(counts.values())],
                    f"{school_class.name}, {subject}",
                )
                checked += sum(counts.values())
        # the demo school is not a toy: dozens of students in several subjects
        self.assertGreater(checked, 100)
