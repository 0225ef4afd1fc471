import re
from pathlib import Path

import polib

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

PO_FILE = Path(__file__).resolve().parent.parent / "i18n" / "ru.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s")


@tagged("post_install", "-at_install")
class TestRussian(TransactionCase):
    """The users read Russian: every term is translated, and the translation is served."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get("ru_RU"):
            cls.env["res.lang"]._activate_lang("ru_RU")
            cls.env.ref("base.module_school_records")._update_translations(["ru_RU"])

    def test_every_term_is_translated_with_its_placeholders(self):
        for entry in polib.pofile(str(PO_FILE)):
            with self.subTest(msgid=entry.msgid):
                self.assertTrue(entry.msgstr, "untranslated")
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgid)),
                    sorted(PLACEHOLDER.findall(entry.msgstr)),
                )

    def test_menus_and_errors_speak_russian(self):
        root = self.env.ref("school_records.school_records_menu_root")
        self.assertEqual(root.with_context(lang="ru_RU").name, "Школа")
        generator = self.env["school.demo.generator"].with_context(lang="ru_RU")
        with self.assertRaisesRegex(UserError, "Неизвестный размер демонстрационной школы"):
            generator.generate("huge")
