import re
from datetime import date
from pathlib import Path

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.translate import TranslationModuleReader

PLACEHOLDER = re.compile(r"%\(\w+\)s|%s")


class SchoolFixture:
    """A hand-made school: year 2035/2036 with its periods, classes 5А and 6Б,
    one subject teacher per class, a class teacher of 5А, a substitute, and two
    families (a parent with a portal user and a student with a portal user)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.year = cls.env["school.academic.year"].create(
            {"name": "2035/2036", "date_start": date(2035, 9, 1), "date_end": date(2036, 8, 31)}
        )
        cls.year.action_generate_periods()
        cls.quarter_1 = cls.year.period_ids.filtered(
            lambda p: p.scheme == "quarter" and p.sequence == 1
        )
        cls.quarter_2 = cls.year.period_ids.filtered(
            lambda p: p.scheme == "quarter" and p.sequence == 2
        )
        cls._create_users()
        cls.class_5a = cls.env["school.class"].create(
            {
                "year_id": cls.year.id,
                "level": "5",
                "letter": "А",
                "class_teacher_id": cls.class_teacher.id,
            }
        )
        cls.class_6b = cls.env["school.class"].create(
            {"year_id": cls.year.id, "level": "6", "letter": "Б"}
        )
        cls.math = cls.env["school.subject"].create({"name": "Математика (тест)"})
        cls.history = cls.env["school.subject"].create({"name": "История (тест)"})
        cls._create_families()
        cls.assignment_5a = cls.env["school.teaching.assignment"].create(
            {"class_id": cls.class_5a.id, "subject_id": cls.math.id, "teacher_id": cls.teacher.id}
        )
        cls.assignment_5a_history = cls.env["school.teaching.assignment"].create(
            {
                "class_id": cls.class_5a.id,
                "subject_id": cls.history.id,
                "teacher_id": cls.other_teacher.id,
            }
        )
        cls.assignment_6b = cls.env["school.teaching.assignment"].create(
            {
                "class_id": cls.class_6b.id,
                "subject_id": cls.math.id,
                "teacher_id": cls.other_teacher.id,
            }
        )
        cls.lesson_5a = cls._lesson(cls.assignment_5a, date(2035, 9, 7), 1)
        cls.lesson_5a_substituted = cls._lesson(cls.assignment_5a, date(2035, 9, 8), 2)
        cls.lesson_5a_substituted.substitute_teacher_id = cls.substitute
        cls.lesson_5a_history = cls._lesson(cls.assignment_5a_history, date(2035, 9, 7), 2)
        cls.lesson_6b = cls._lesson(cls.assignment_6b, date(2035, 9, 7), 1)
        cls.mark_5 = cls.env.ref("school_records.school_mark_value_5")
        cls.mark_4 = cls.env.ref("school_records.school_mark_value_4")
        cls.mark_2 = cls.env.ref("school_records.school_mark_value_2")
        cls.mark_child = cls._mark(cls.lesson_5a, cls.child, cls.mark_5)
        cls.mark_other_child = cls._mark(cls.lesson_6b, cls.other_child, cls.mark_4)
        cls.absence_child = cls.env["school.attendance"].create(
            {"lesson_id": cls.lesson_5a_history.id, "student_id": cls.child.id, "kind": "ill"}
        )

    @classmethod
    def _create_users(cls):
        def user(login, groups, **kw):
            return new_test_user(cls.env, login=login, groups=groups, **kw)

        cls.teacher = user("t_teacher", "school_records.group_teacher", name="Петрова Анна")
        cls.other_teacher = user("t_other", "school_records.group_teacher", name="Сидоров Олег")
        cls.substitute = user("t_subst", "school_records.group_teacher", name="Кузнецова Вера")
        cls.class_teacher = user(
            "t_class", "school_records.group_class_teacher", name="Орлова Ирина"
        )
        cls.deputy = user("t_deputy", "school_records.group_deputy", name="Смирнов Павел")
        cls.director = user("t_director", "school_records.group_director", name="Волков Игорь")
        cls.secretary = user("t_secretary", "school_records.group_secretary", name="Лебедева")
        cls.archivist = user("t_archivist", "school_records.group_archivist", name="Зайцева")
        cls.employee = user("t_employee", "base.group_user", name="Бухгалтер")

    @classmethod
    def _create_families(cls):
        Student = cls.env["school.student"]
        cls.parent_partner = cls.env["res.partner"].create({"name": "Иванова Ольга"})
        cls.other_parent_partner = cls.env["res.partner"].create({"name": "Морозов Антон"})
        cls.child = Student.create(
            {
                "last_name": "Иванов",
                "first_name": "Пётр",
                "middle_name": "Сергеевич",
                "guardian_ids": [(6, 0, cls.parent_partner.ids)],
                "birth_date": date(2015, 3, 2),
                "snils": "112-233-445 95",
            }
        )
        cls.sibling = Student.create(
            {
                "last_name": "Иванова",
                "first_name": "Анна",
                "guardian_ids": [(6, 0, cls.parent_partner.ids)],
            }
        )
        cls.classmate = Student.create({"last_name": "Белов", "first_name": "Глеб"})
        cls.other_child = Student.create(
            {
                "last_name": "Морозова",
                "first_name": "Дарья",
                "guardian_ids": [(6, 0, cls.other_parent_partner.ids)],
            }
        )
        for student, school_class in (
            (cls.child, cls.class_5a),
            (cls.classmate, cls.class_5a),
            (cls.sibling, cls.class_6b),
            (cls.other_child, cls.class_6b),
        ):
            cls.env["school.enrollment"].create(
                {
                    "student_id": student.id,
                    "class_id": school_class.id,
                    "date_from": date(2035, 9, 1),
                }
            )
        cls.parent = new_test_user(
            cls.env,
            login="t_parent",
            groups="base.group_portal",
            partner_id=cls.parent_partner.id,
            name=cls.parent_partner.name,
        )
        cls.student_user = new_test_user(
            cls.env,
            login="t_student",
            groups="base.group_portal",
            partner_id=cls.child.partner_id.id,
            name=cls.child.name,
        )

    @classmethod
    def _lesson(cls, assignment, day, number, **values):
        return cls.env["school.lesson"].create(
            {
                "assignment_id": assignment.id,
                "date": day,
                "number": number,
                "topic": "Тема урока",
                **values,
            }
        )

    @classmethod
    def _portal_user(cls, login, partner):
        """A portal user of `partner` (password = login)."""
        return new_test_user(
            cls.env, login=login, groups="base.group_portal", partner_id=partner.id
        )

    @classmethod
    def _enrolled_pupils(cls, count, school_class=None, date_from=date(2035, 9, 1)):
        """`count` new students enrolled in `school_class` (5А) from `date_from`: a class
        of a real size for the tests of whole-class saves and imports."""
        pupils = cls.env["school.student"].create(
            [{"last_name": f"Ученик{n:02d}", "first_name": "Тест"} for n in range(count)]
        )
        cls.env["school.enrollment"].create(
            [
                {
                    "student_id": pupil.id,
                    "class_id": (school_class or cls.class_5a).id,
                    "date_from": date_from,
                }
                for pupil in pupils
            ]
        )
        return pupils

    @classmethod
    def _mark(cls, lesson, student, value, **values):
        return cls.env["school.mark"].create(
            {"lesson_id": lesson.id, "student_id": student.id, "value_id": value.id, **values}
        )


class SchoolRecordsCase(SchoolFixture, TransactionCase):
    pass


class RussianTranslationChecks:
    """The users read Russian: every term of `addon` is in its i18n/ru.po, translated,
    with the same placeholders. Mix into a TransactionCase and set `addon`."""

    addon = None

    def _russian_po(self):
        return polib.pofile(str(Path(get_module_path(self.addon)) / "i18n" / "ru.po"))

    def test_every_term_is_translated_with_its_placeholders(self):
        for entry in self._russian_po():
            with self.subTest(msgid=entry.msgid):
                self.assertTrue(entry.msgstr and not entry.fuzzy, "untranslated")
                self.assertEqual(
                    sorted(PLACEHOLDER.findall(entry.msgid)),
                    sorted(PLACEHOLDER.findall(entry.msgstr)),
                )

    def test_every_entry_names_its_module_and_is_in_the_template(self):
        """Odoo's reader needs the «#. module:» line of every entry (a merge that glues
        two entries breaks the loading of the whole file), and it reads ru.po through the
        .pot: a term missing from the template stays English."""
        pot = polib.pofile(str(Path(get_module_path(self.addon)) / "i18n" / f"{self.addon}.pot"))
        template = {(entry.msgctxt, entry.msgid) for entry in pot}
        for entry in self._russian_po():
            with self.subTest(msgid=entry.msgid):
                self.assertRegex(entry.comment or "", r"modules?: \w+")
        missing = [
            entry.msgid
            for entry in self._russian_po()
            if entry.msgstr and (entry.msgctxt, entry.msgid) not in template
        ]
        reader = TranslationModuleReader(self.env.cr, modules=[self.addon])
        used = {entry[4] for entry in reader if entry[0] == self.addon}
        self.assertFalse(
            sorted(set(missing) & used)[:20], "terms missing from the .pot: export it again"
        )

    def test_every_term_of_the_code_is_in_the_translation(self):
        reader = TranslationModuleReader(self.env.cr, modules=[self.addon])
        terms = {entry[4] for entry in reader if entry[0] == self.addon}
        missing = terms - {entry.msgid for entry in self._russian_po()}
        self.assertFalse(sorted(missing)[:20], "terms missing from ru.po: export the .pot again")
