from odoo.tests import HttpCase, tagged

from .common import SchoolFixture


@tagged("post_install", "-at_install", "is_tour")
class TestUudTour(SchoolFixture, HttpCase):
    """In Chromium: the class teacher of 5А opens the entry of the learning actions from
    the Journal menu, chooses her class and gives the first line a level."""

    def test_uud_entry_through_the_screens(self):
        action = self.env.ref("school_records.school_uud_entry_action")
        self.start_tour(
            f"/odoo/action-{action.id}", "school_uud_entry_tour", login=self.class_teacher.login
        )
        lines = self.env["school.uud.assessment"].search([("class_id", "=", self.class_5a.id)])
        self.assertEqual(lines.assessor_id, self.class_teacher)
        self.assertFalse(lines.subject_id)
        self.assertEqual(lines.filtered("level").mapped("level"), ["high"])
        self.assertEqual(len(lines.filtered("level")), 1)
