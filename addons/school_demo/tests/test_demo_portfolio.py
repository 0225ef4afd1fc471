from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.school_portfolio.tests.common import PortfolioFixture

BUILDER = "odoo.addons.school_demo.models.school_demo_generator._SchoolBuilder.build"


@tagged("post_install", "-at_install")
class TestDemoSchool(TransactionCase):
    def test_the_generated_school_shows_the_demo_students_portfolio(self):
        Generator = self.env["school.demo.generator"]
        students = Generator._demo_students()
        self.assertTrue(students, "the demo school has its demo student")
        # the demo data of the module already made them: start again from none
        self.env.cr.execute(
            "DELETE FROM school_achievement WHERE student_id = ANY(%s)", [students.ids]
        )
        with patch(BUILDER, side_effect=dict):
            counts = Generator._generate("small", certificate_blanks=False)
        entries = self.env["school.achievement"].search([("student_id", "in", students.ids)])
        self.assertEqual(counts["portfolio_entries"], len(entries))
        self.assertIn("submitted", entries.mapped("state"), "an entry waits for the review")


@tagged("post_install", "-at_install")
class TestDemoPortfolio(PortfolioFixture, TransactionCase):
    def test_demo_portfolio(self):
        Generator = self.env["school.demo.generator"]
        students = self.classmate | self.sibling
        entries = Generator._create_demo_portfolio(students)
        self.assertEqual(entries.student_id, students)
        mine = entries.filtered(lambda e: e.student_id == self.classmate)
        accepted = mine.filtered(lambda e: e.state == "accepted")
        self.assertEqual(accepted.reviewer_id, self.class_teacher)
        to_review = mine - accepted
        self.assertEqual(to_review.state, "submitted")
        self.assertEqual(to_review.activity_ids.user_id, self.class_teacher)
        self.assertTrue(self.classmate.encouragement_ids.order_number)
        # once is enough
        self.assertFalse(Generator._create_demo_portfolio(students))
