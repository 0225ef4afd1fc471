from datetime import date

from odoo.tests import HttpCase, tagged

from .common import SchoolFixture

DAY = date(2035, 9, 14)


@tagged("post_install", "-at_install", "is_tour")
class TestLessonMergeTour(SchoolFixture, HttpCase):
    """In Chromium: the deputy merges 5А's mathematics into 6Б's lesson at the same time
    through the lesson change form; 6Б's teacher finds the lesson marked in the journal
    grid with 5А's students among the rows."""

    def test_merged_groups_through_the_screens(self):
        host = self._lesson(self.assignment_6b, DAY, 3, topic=False)
        merged = self._lesson(self.assignment_5a, DAY, 3, topic=False)
        action = self.env.ref("school_records.school_lesson_change_action").copy(
            {"context": repr({"default_lesson_id": host.id})}
        )
        self.start_tour(
            f"/odoo/action-{action.id}/new",
            "school_lesson_merge_deputy_tour",
            login=self.deputy.login,
        )
        change = self.env["school.lesson.change"].search([("lesson_id", "=", host.id)])
        self.assertRecordValues(
            change,
            [
                {
                    "kind": "merge",
                    "merged_lesson_id": merged.id,
                    "state": "applied",
                    "decided_by_id": self.deputy.id,
                }
            ],
        )
        self.assertEqual(merged.merged_into_id, host)
        grid = self.env["ir.actions.client"].create(
            {
                "name": "Journal",
                "tag": "school_journal_grid",
                "context": repr(
                    {"assignment_id": self.assignment_6b.id, "period_id": self.quarter_1.id}
                ),
            }
        )
        self.start_tour(
            f"/odoo/action-{grid.id}",
            "school_lesson_merge_grid_tour",
            login=self.other_teacher.login,
        )
