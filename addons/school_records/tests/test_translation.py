from odoo.tests import TransactionCase, tagged

from .common import RussianTranslationChecks


@tagged("post_install", "-at_install")
class TestRussian(RussianTranslationChecks, TransactionCase):
    """The users read Russian: every term is translated, and the translation is served."""

    addon = "school_records"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get("ru_RU"):
            cls.env["res.lang"]._activate_lang("ru_RU")
            cls.env.ref("base.module_school_records")._update_translations(["ru_RU"])

    def test_menus_speak_russian(self):
        root = self.env.ref("school_records.school_records_menu_root")
        self.assertEqual(root.with_context(lang="ru_RU").name, "Школа")
