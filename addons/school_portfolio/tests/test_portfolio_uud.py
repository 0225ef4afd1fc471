from odoo.tests import TransactionCase, tagged

from .common import PortfolioFixture

REPORT = "school_portfolio.school_portfolio_report"


@tagged("post_install", "-at_install")
class TestPortfolioUud(PortfolioFixture, TransactionCase):
    """The printed portfolio and the student's form show the assessed learning actions
    (УУД) of the student only, in the chosen portfolio period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goal = cls.env.ref("school_records.uud_ooo_regulatory_1")
        Assessment = cls.env["school.uud.assessment"]
        cls.assessed = Assessment.with_user(cls.class_teacher).create(
            {
                "student_id": cls.child.id,
                "class_id": cls.class_5a.id,
                "uud_id": cls.goal.id,
                "level": "high",
            }
        )
        cls.unassessed = Assessment.with_user(cls.class_teacher).create(
            {
                "student_id": cls.child.id,
                "class_id": cls.class_5a.id,
                "uud_id": cls.env.ref("school_records.uud_ooo_personal_2").id,
            }
        )
        cls.other = Assessment.with_user(cls.other_teacher).create(
            {
                "student_id": cls.other_child.id,
                "class_id": cls.class_6b.id,
                "uud_id": cls.env.ref("school_records.uud_ooo_cognitive_1").id,
                "subject_id": cls.math.id,
                "level": "low",
            }
        )

    def _html(self, period):
        return (
            self.env["ir.actions.report"]
            .with_user(self.class_teacher)
            ._render_qweb_html(REPORT, self.child.ids, data={"period": period})[0]
            .decode()
        )

    def test_the_portfolio_prints_the_assessed_actions(self):
        values = self.env["report.school_portfolio.report_portfolio"]._get_report_values(
            self.child.ids, data={"period": "all"}
        )
        self.assertEqual(values["portfolios"][self.child.id]["uud"], self.assessed)
        html = self._html("basic")
        self.assertIn("Personal and metasubject results", html)
        self.assertIn(self.goal.name, html)
        self.assertNotIn(self.other.uud_id.name, html)
        self.assertNotIn(self.unassessed.uud_id.name, html)
        # 5А is of the basic period: nothing in the primary one
        self.assertNotIn(self.goal.name, self._html("primary"))

    def test_the_student_form_lists_them(self):
        self.assertEqual(
            self.child.with_user(self.class_teacher).uud_assessment_ids,
            self.assessed | self.unassessed,
        )
