from datetime import date
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

BUILDER = "odoo.addons.school_demo.models.school_demo_generator._SchoolBuilder.build"


@tagged("post_install", "-at_install")
class TestDemoSchool(TransactionCase):
    def test_the_generated_school_has_blanks_in_stock_once(self):
        Batch = self.env["school.certificate.blank.batch"]
        self.assertFalse(Batch.search_count([]), "the demo data receives no blanks")
        with patch(BUILDER, side_effect=dict):
            without = self.env["school.demo.generator"]._generate("small", None, False)
            counts = self.env["school.demo.generator"]._generate("small")
            again = self.env["school.demo.generator"]._generate("small")
        self.assertNotIn("certificate_blanks", without)
        self.assertEqual(counts["certificate_blanks"], 180)
        self.assertEqual(again["certificate_blanks"], 0)
        balance = self.env["school.certificate.blank"]._balance_by_level("annex")
        self.assertEqual(balance, {"basic": 60, "secondary": 30})
        self.assertEqual(set(Batch.search([]).mapped("state")), {"received"})

    def test_the_demo_school_appoints_the_keeper_of_certificates(self):
        company = self.env.company
        secretary = self.env["res.users"].search([("login", "=", "secretary")])
        year = self.env["school.academic.year"].search([], order="date_start desc", limit=1)
        # installed with the demo school
        self.assertRecordValues(
            company,
            [
                {
                    "school_certificate_custody_responsible_id": secretary.id,
                    "school_certificate_custody_order_number": "12-од",
                    "school_certificate_custody_order_date": date(year.date_start.year, 8, 30),
                }
            ],
        )
        # generating the school again keeps an order the school has set itself
        company.school_certificate_custody_order_number = "7-од"
        with patch(BUILDER, side_effect=dict):
            self.env["school.demo.generator"]._generate("small")
        self.assertEqual(company.school_certificate_custody_order_number, "7-од")
        # and sets it where there is none
        company.school_certificate_custody_responsible_id = False
        with patch(BUILDER, side_effect=dict):
            self.env["school.demo.generator"]._generate("small")
        self.assertEqual(company.school_certificate_custody_responsible_id, secretary)
        self.assertEqual(company.school_certificate_custody_order_number, "12-од")
