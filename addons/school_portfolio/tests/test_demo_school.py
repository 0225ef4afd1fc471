from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

BUILDER = "odoo.addons.school_records.models.school_demo_generator._SchoolBuilder.build"


@tagged("post_install", "-at_install")
class TestDemoSchool(TransactionCase):
    def test_the_generated_school_shows_the_demo_students_portfolio(self):
        Achievement = self.env["school.achievement"].sudo()
        students = Achievement._demo_students()
        self.assertTrue(students, "the demo school of school_records has its demo student")
        # the demo data of the module already made them: start again from none
        self.env.cr.execute(
            "DELETE FROM school_achievement WHERE student_id = ANY(%s)", [students.ids]
        )
        with patch(BUILDER, side_effect=dict):
            counts = self.env["school.demo.generator"].generate("small")
        entries = Achievement.search([("student_id", "in", students.ids)])
        self.assertEqual(counts["portfolio_entries"], len(entries))
        self.assertIn("submitted", entries.mapped("state"), "an entry waits for the review")
