from odoo.tests import TransactionCase, tagged

from odoo.addons.school_records.tests.common import RussianTranslationChecks


@tagged("post_install", "-at_install")
class TestRussian(RussianTranslationChecks, TransactionCase):
    addon = "school_portfolio"

    def test_portfolio_menu_speaks_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env.ref("base.module_school_portfolio")._update_translations(["ru_RU"])
        menu = self.env.ref("school_portfolio.school_portfolio_menu_root")
        self.assertEqual(menu.with_context(lang="ru_RU").name, "Портфолио")
