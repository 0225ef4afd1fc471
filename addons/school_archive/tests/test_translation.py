from odoo.tests import TransactionCase, tagged

from odoo.addons.school_records.tests.common import RussianTranslationChecks


@tagged("post_install", "-at_install")
class TestRussian(RussianTranslationChecks, TransactionCase):
    addon = "school_archive"

    def test_council_menu_speaks_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env.ref("base.module_school_archive")._update_translations(["ru_RU"])
        menu = self.env.ref("school_archive.school_archive_menu_council")
        self.assertEqual(menu.with_context(lang="ru_RU").name, "Педагогический совет")
