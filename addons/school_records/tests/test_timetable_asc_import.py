import base64
from datetime import date
from pathlib import Path

from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from .timetable_common import TimetableFixture

SAMPLE = Path(get_module_path("school_records")).parents[1] / "data" / "asc_timetable_sample.xml"


@tagged("post_install", "-at_install")
class TestTimetableAscImport(TimetableFixture, TransactionCase):
    """The import of aSc Timetables' XML export: the sample of data/ and a bad file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the sample's names: «Математика» and «История» taught in 5А by Петрова Анна and
        # Сидоров Олег (the fixture's teachers); the rooms «Кабинет 21» and «22»
        Subject = cls.env["school.subject"]
        cls.asc_subjects = {}
        for name in ("Математика", "История"):
            cls.asc_subjects[name] = Subject.search([("name", "=", name)], limit=1) or (
                Subject.create({"name": name})
            )
        Assignment = cls.env["school.teaching.assignment"]
        cls.asc_math = Assignment.create(
            {
                "class_id": cls.class_5a.id,
                "subject_id": cls.asc_subjects["Математика"].id,
                "teacher_id": cls.teacher.id,
            }
        )
        cls.asc_history = Assignment.create(
            {
                "class_id": cls.class_5a.id,
                "subject_id": cls.asc_subjects["История"].id,
                "teacher_id": cls.other_teacher.id,
            }
        )
        cls.room_22_short = cls.env["school.room"].create({"name": "22"})

    def _import(self, content, user=None):
        wizard = (
            self.env["school.timetable.asc.import"]
            .with_user(user or self.deputy)
            .create({"file": base64.b64encode(content), "date_from": date(2035, 9, 1)})
        )
        return wizard.action_import()

    def test_the_sample_export(self):
        action = self._import(SAMPLE.read_bytes())
        timetable = self.env["school.timetable"].search(action["domain"])
        self.assertEqual(len(timetable), 1)
        self.assertRecordValues(
            timetable,
            [{"class_id": self.class_5a.id, "state": "draft", "date_from": date(2035, 9, 1)}],
        )
        slots = sorted(
            (slot.weekday, slot.number, slot.week_parity, slot.assignment_id, slot.room_id.name)
            for slot in timetable.slot_ids
        )
        self.assertEqual(
            slots,
            [
                ("0", 1, "every", self.asc_math, "Кабинет 21"),
                ("1", 2, "every", self.asc_history, "22"),
                ("2", 2, "every", self.asc_math, "Кабинет 21"),
                ("3", 3, "odd", self.asc_history, "22"),
                ("4", 1, "every", self.asc_math, "Кабинет 21"),
            ],
        )
        self.assertTrue(self.env["school.room"].search([("name", "=", "Кабинет 21")]))
        # the deputy publishes it and its lessons are made
        timetable.with_user(self.deputy).action_publish()
        timetable._generate_lessons(date(2035, 9, 10), date(2035, 9, 15))
        self.assertEqual(
            self.env["school.lesson"].search_count(
                [("timetable_slot_id", "in", timetable.slot_ids.ids)]
            ),
            5,  # 10–15 September 2035 is an odd week: the Thursday history lesson too
        )

    def test_a_bad_file_changes_nothing_and_names_every_error(self):
        content = SAMPLE.read_text(encoding="utf-8")
        content = content.replace('name="5А" short="5А"', 'name="5Я" short="5Я"')
        content = content.replace('name="Сидоров Олег"', 'name="Неизвестный Учитель"')
        content = content.replace('days="00010"', 'days="0x010"')
        timetables = self.env["school.timetable"].search_count([])
        rooms = self.env["school.room"].search_count([])
        with self.assertRaises(UserError) as caught:
            self._import(content.encode())
        message = str(caught.exception)
        self.assertIn("Lesson ASC-L1: class «5Я» not found in 2035/2036.", message)
        self.assertIn("Lesson ASC-L2: teacher «Неизвестный Учитель» not found.", message)
        self.assertEqual(self.env["school.timetable"].search_count([]), timetables)
        self.assertEqual(self.env["school.room"].search_count([]), rooms)
        # a journal that does not exist and a card's wrong days
        content = SAMPLE.read_text(encoding="utf-8").replace('days="00010"', 'days="0x010"')
        self.asc_history.teacher_id = self.substitute
        with self.assertRaises(UserError) as caught:
            self._import(content.encode())
        message = str(caught.exception)
        self.assertIn(
            f"Lesson ASC-L2: no journal of История in 5А taught by {self.other_teacher.name}.",
            message,
        )
        self.asc_history.teacher_id = self.other_teacher
        with self.assertRaisesRegex(UserError, "Card 5: days «0x010» are not a mask"):
            self._import(content.encode())
        with self.assertRaisesRegex(UserError, "not an XML file"):
            self._import(b"<timetable><lessons>")
        with self.assertRaisesRegex(UserError, "not an aSc Timetables XML export"):
            self._import(b"<schedule/>")
        self.assertEqual(self.env["school.timetable"].search_count([]), timetables)

    def test_only_the_deputy_imports(self):
        with self.assertRaises(AccessError):
            self._import(SAMPLE.read_bytes(), user=self.teacher)
