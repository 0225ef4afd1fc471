from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_installed_on_top_of_school_records(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ["school_portfolio", "school_records"])]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        this = modules.filtered(lambda m: m.name == "school_portfolio")
        self.assertIn("school_records", this.dependencies_id.mapped("name"))
