from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

BUILDER = "odoo.addons.school_records.models.school_demo_generator._SchoolBuilder.build"


@tagged("post_install", "-at_install")
class TestDemoSchool(TransactionCase):
    def test_the_generated_school_has_blanks_in_stock_once(self):
        Batch = self.env["school.certificate.blank.batch"]
        self.assertFalse(Batch.search_count([]), "a fresh school has received no blanks")
        with patch(BUILDER, side_effect=dict):
            counts = self.env["school.demo.generator"].generate("small")
            again = self.env["school.demo.generator"].generate("small")
        self.assertEqual(counts["certificate_blanks"], 180)
        self.assertEqual(again["certificate_blanks"], 0)
        balance = self.env["school.certificate.blank"]._balance_by_level("annex")
        self.assertEqual(balance, {"basic": 60, "secondary": 30})
        self.assertEqual(set(Batch.search([]).mapped("state")), {"received"})
