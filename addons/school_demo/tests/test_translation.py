from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.school_records.tests.common import RussianTranslationChecks


@tagged("post_install", "-at_install")
class TestRussian(RussianTranslationChecks, TransactionCase):
    addon = "school_demo"

    def test_generator_errors_speak_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env.ref("base.module_school_demo")._update_translations(["ru_RU"])
        generator = self.env["school.demo.generator"].with_context(lang="ru_RU")
        with self.assertRaisesRegex(UserError, "Неизвестный размер демонстрационной школы"):
            generator._generate("huge")
