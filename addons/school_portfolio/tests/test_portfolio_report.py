import base64
import io

import openpyxl
import PyPDF2

from odoo.tests import TransactionCase, tagged

from .common import PortfolioFixture

REPORT = "school_portfolio.school_portfolio_report"


@tagged("post_install", "-at_install")
class TestPortfolioReport(PortfolioFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._document(cls.olympiad, "diploma-olympiad.pdf")
        cls.returned = cls._entry(cls.child, name="Возвращённый конкурс", category="contest")
        cls.draft = cls._entry(cls.child, name="Черновик проекта", category="project")
        cls.gto = cls._entry(
            cls.child, name="Нормы ГТО", category="gto", result="badge", gto_badge="gold"
        )
        for entry in cls.olympiad | cls.returned | cls.gto:
            entry.action_submit()
        cls.olympiad.with_user(cls.class_teacher).action_accept()
        cls.gto.with_user(cls.class_teacher).action_accept()
        cls.returned.with_user(cls.class_teacher)._return_with_comment("Нет документа")
        cls.env["school.encouragement"].create(
            {
                "student_id": cls.child.id,
                "kind": "award",
                "reason": "Победа в олимпиаде",
                "date": "2035-12-20",
                "order_number": "77-о",
            }
        )

    def _html(self, period):
        return str(
            self.env["ir.actions.report"]
            ._render_qweb_html(REPORT, self.child.ids, data={"period": period})[0]
            .decode()
        )

    def test_the_pdf_holds_the_accepted_entries_only(self):
        html = self._html("all")
        self.assertIn(self.child.name, html)
        self.assertIn("Олимпиада по математике, школьный этап", html)
        self.assertIn("Нормы ГТО", html)
        self.assertIn("diploma-olympiad.pdf", html)
        self.assertIn("Победа в олимпиаде", html)
        self.assertNotIn("Возвращённый конкурс", html)
        self.assertNotIn("Черновик проекта", html)
        self.assertNotIn(self.other_entry.name, html)

    def test_a_period_holds_only_its_classes(self):
        self.assertIn("Олимпиада по математике", self._html("basic"))
        primary = self._html("primary")
        self.assertNotIn("Олимпиада по математике", primary)
        self.assertNotIn("Победа в олимпиаде", primary)

    def test_sections_by_category_and_level(self):
        values = self.env["report.school_portfolio.report_portfolio"]._get_report_values(
            self.child.ids, {"period": "all"}
        )
        sections = values["portfolios"][self.child.id]["sections"]
        self.assertEqual(len(sections), 2)  # olympiad and GTO
        self.assertEqual(
            [rs for section in sections for _label, rs in section["levels"]],
            [self.olympiad, self.gto],
        )

    def test_print_wizard(self):
        wizard = (
            self.env["school.portfolio.print"]
            .with_user(self.class_teacher)
            .create({"student_ids": [(6, 0, self.child.ids)], "period": "basic"})
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "school_portfolio.report_portfolio")
        self.assertEqual(action["data"], {"period": "basic"})

    def test_class_achievements_to_excel(self):
        wizard = (
            self.env["school.achievement.export"]
            .with_user(self.class_teacher)
            .create({"class_id": self.class_5a.id})
        )
        action = wizard.action_export()
        self.assertIn("/web/content/", action["url"])
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
        self.assertIn("Олимпиада по математике, школьный этап", cells)
        self.assertIn("Нормы ГТО", cells)
        self.assertNotIn("Возвращённый конкурс", cells)
        self.assertNotIn(self.other_entry.name, cells)

    def test_the_pdf_renders_with_the_entries(self):
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, content_type = Report._render_qweb_pdf(
            REPORT, self.child.ids, data={"period": "basic"}
        )
        self.assertEqual(content_type, "pdf")
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        self.assertGreaterEqual(len(reader.pages), 2)  # the title page, then the sections
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        self.assertIn("Олимпиада по математике, школьный этап", text)
        self.assertIn("Нормы ГТО", text)
        self.assertIn("diploma-olympiad.pdf", text)
        self.assertIn("77-о", text)
        self.assertNotIn("Возвращённый конкурс", text)

    def test_the_list_of_documents_holds_the_confirmed_entries(self):
        self.gto.certified = True
        values = self.env["report.school_portfolio.report_portfolio"]._get_report_values(
            self.child.ids, {"period": "all"}
        )
        self.assertEqual(values["portfolios"][self.child.id]["documents"], self.olympiad | self.gto)
