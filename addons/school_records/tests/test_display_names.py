from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestDisplayNames(SchoolRecordsCase):
    """What the screens show is readable: no «school.lesson.plan.line,3419»."""

    def test_a_plan_line_shows_its_number_and_topic(self):
        line = self.env["school.lesson.plan.line"].create(
            {"assignment_id": self.assignment_5a.id, "sequence": 7, "topic": "Дроби"}
        )
        self.assertEqual(line.display_name, "7. Дроби")
        self.lesson_5a.plan_line_id = line
        self.assertEqual(self.lesson_5a.plan_line_id.display_name, "7. Дроби")
        found = self.env["school.lesson.plan.line"].name_search(
            "Дроб", [("assignment_id", "=", self.assignment_5a.id)]
        )
        self.assertEqual(found, [(line.id, "7. Дроби")])
