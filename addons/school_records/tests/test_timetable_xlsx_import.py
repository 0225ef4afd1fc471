import base64
import io
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, TransactionCase, tagged

from .timetable_common import TimetableFixture

SAMPLE = Path(get_module_path("school_records")).parents[1] / "data" / "timetable_sample.xlsx"
HEADER = ["Класс", "День", "Урок", "Предмет", "Учитель", "Группа", "Кабинет", "Недели"]


def _xlsx(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestTimetableXlsxImport(TimetableFixture, TransactionCase):
    """The simple XLSX timetable import: the sample of data/ and bad tables (nothing
    written, every wrong row named)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sample_journals()

    @classmethod
    def _sample_journals(cls):
        # the sample's names: «Математика» and «История» taught in 5А by Петрова Анна and
        # Сидоров Олег (the fixture's teachers); the rooms «Кабинет 21» and «22»
        Subject = cls.env["school.subject"]
        subjects = {}
        for name in ("Математика", "История"):
            subjects[name] = Subject.search([("name", "=", name)], limit=1) or Subject.create(
                {"name": name}
            )
        Assignment = cls.env["school.teaching.assignment"]
        cls.xlsx_math = Assignment.create(
            {
                "class_id": cls.class_5a.id,
                "subject_id": subjects["Математика"].id,
                "teacher_id": cls.teacher.id,
            }
        )
        cls.xlsx_history = Assignment.create(
            {
                "class_id": cls.class_5a.id,
                "subject_id": subjects["История"].id,
                "teacher_id": cls.other_teacher.id,
            }
        )
        Room = cls.env["school.room"]
        cls.room_cab_21 = Room.search([("name", "=", "Кабинет 21")], limit=1) or Room.create(
            {"name": "Кабинет 21"}
        )
        cls.room_22_short = Room.search([("name", "=", "22")], limit=1) or Room.create(
            {"name": "22"}
        )

    def _import(self, content, user=None):
        wizard = (
            self.env["school.timetable.xlsx.import"]
            .with_user(user or self.deputy)
            .create({"file": base64.b64encode(content), "date_from": date(2035, 9, 1)})
        )
        return wizard.action_import()

    def _counts(self):
        return (
            self.env["school.timetable"].search_count([]),
            self.env["school.timetable.slot"].search_count([]),
            self.env["school.room"].search_count([]),
        )

    def test_the_sample_table(self):
        action = self._import(SAMPLE.read_bytes())
        timetable = self.env["school.timetable"].search(action["domain"])
        self.assertRecordValues(
            timetable,
            [{"class_id": self.class_5a.id, "state": "draft", "date_from": date(2035, 9, 1)}],
        )
        slots = sorted(
            (slot.weekday, slot.number, slot.week_parity, slot.assignment_id, slot.room_id)
            for slot in timetable.slot_ids
        )
        self.assertEqual(
            slots,
            [
                ("0", 1, "every", self.xlsx_math, self.room_cab_21),
                ("1", 2, "every", self.xlsx_history, self.room_22_short),
                ("2", 2, "every", self.xlsx_math, self.room_cab_21),
                ("3", 3, "odd", self.xlsx_history, self.room_22_short),
                ("4", 1, "every", self.xlsx_math, self.room_cab_21),
            ],
        )
        # published, its lessons are made (10–15 September 2035 is an odd week)
        timetable.with_user(self.deputy).action_publish()
        timetable._generate_lessons(date(2035, 9, 10), date(2035, 9, 15))
        self.assertEqual(
            self.env["school.lesson"].search_count(
                [("timetable_slot_id", "in", timetable.slot_ids.ids)]
            ),
            5,
        )

    def test_subgroups_side_by_side(self):
        Group = self.env["school.study.group"]
        groups = Group.create(
            [
                {"name": name, "year_id": self.year.id, "class_id": self.class_5a.id}
                for name in ("1 группа", "2 группа")
            ]
        )
        self.xlsx_math.study_group_id = groups[0]
        self.xlsx_history.study_group_id = groups[1]
        action = self._import(
            _xlsx(
                [
                    ("5А", "Пн", 1, "Математика", "Петрова Анна", "1 группа", "Кабинет 21", ""),
                    ("5А", "Пн", 1, "История", "Сидоров Олег", "2 группа", "22", ""),
                ]
            )
        )
        timetable = self.env["school.timetable"].search(action["domain"])
        self.assertEqual(timetable.slot_ids.study_group_id, groups)

    def test_a_bad_table_changes_nothing_and_names_every_row(self):
        before = self._counts()
        content = _xlsx(
            [
                ("5А", "понедельник", 1, "Математика", "Петрова Анна", "", "Кабинет 21", ""),
                ("5Я", "вторник", 2, "История", "Сидоров Олег", "", "22", ""),
                ("5А", "вторник", 2, "Астрология", "Сидоров Олег", "", "22", ""),
                ("5А", "среда", 3, "История", "Неизвестный Учитель", "", "22", ""),
                ("5А", "четверг", 3, "История", "Сидоров Олег", "", "Чердак", ""),
                ("5А", "пятница", 3, "История", "Петрова Анна", "", "22", ""),
                ("5А", "восьмой", 13, "История", "Сидоров Олег", "", "22", "через раз"),
            ]
        )
        with self.assertRaises(UserError) as caught:
            self._import(content)
        message = str(caught.exception)
        self.assertIn("Row 3: class «5Я» not found in 2035/2036.", message)
        self.assertIn("Row 4: subject «Астрология» not found.", message)
        self.assertIn("Row 5: teacher «Неизвестный Учитель» not found.", message)
        self.assertIn("Row 6: room «Чердак» not found.", message)
        self.assertIn(f"Row 7: no journal of История in 5А taught by {self.teacher.name}.", message)
        self.assertIn("Row 8: «восьмой» is not a weekday", message)
        self.assertIn("Row 8: lesson number «13» is not 1 to 12.", message)
        self.assertIn("Row 8: weeks «через раз» are not empty", message)
        self.assertNotIn("Row 2:", message)
        self.assertEqual(self._counts(), before)

    def test_clashes_inside_the_table_are_refused(self):
        before = self._counts()
        content = _xlsx(
            [
                ("5А", 1, 1, "Математика", "Петрова Анна", "", "Кабинет 21", ""),
                ("5А", 1, 1, "История", "Сидоров Олег", "", "22", "нечётная"),
                ("5А", 2, 1, "История", "Сидоров Олег", "", "22", "нечётная"),
                ("5А", 2, 1, "История", "Сидоров Олег", "", "22", "чётная"),
                ("6Б", 3, 1, "Математика (тест)", "Сидоров Олег", "", "Кабинет 21", ""),
                ("5А", 3, 1, "История", "Сидоров Олег", "", "22", ""),
                ("6Б", 4, 2, "Математика (тест)", "Сидоров Олег", "", "22", ""),
                ("5А", 4, 2, "Математика", "Петрова Анна", "", "22", ""),
            ]
        )
        with self.assertRaises(UserError) as caught:
            self._import(content)
        message = str(caught.exception)
        self.assertIn("Row 3: 5А already has a lesson at that time (Row 2).", message)
        self.assertNotIn("Row 5:", message, "odd and even weeks share the number")
        self.assertIn(
            f"Row 7: {self.other_teacher.name} already teaches at that time (Row 6).", message
        )
        self.assertIn("Row 9: the room is already taken at that time (Row 8).", message)
        self.assertEqual(self._counts(), before)

    def test_a_table_without_headers_or_not_xlsx(self):
        with self.assertRaisesRegex(UserError, "No row of headers found"):
            self._import(_xlsx([("5А", 1, 1)], header=["Что", "Где", "Когда"]))
        with self.assertRaisesRegex(UserError, "not an XLSX workbook"):
            self._import(b"class,weekday\n5A,1\n")
        with self.assertRaisesRegex(UserError, "no rows of lessons"):
            self._import(_xlsx([]))

    def test_only_the_deputy_imports(self):
        before = self._counts()
        for user in (self.teacher, self.class_teacher, self.secretary):
            with self.assertRaises(AccessError):
                self._import(SAMPLE.read_bytes(), user=user)
        self.assertEqual(self._counts(), before)


@tagged("post_install", "-at_install", "is_tour")
class TestTimetableXlsxImportTour(TimetableFixture, HttpCase):
    """In Chromium: the deputy imports the sample table through the wizard of the
    Timetable menu and gets 5А's draft timetable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        TestTimetableXlsxImport._sample_journals.__func__(cls)

    def test_the_deputy_imports_the_sample_through_the_wizard(self):
        action = self.env.ref("school_records.school_timetable_xlsx_import_action").copy(
            {"context": repr({"default_date_from": "2035-09-01"})}
        )
        self.start_tour(
            f"/odoo/action-{action.id}",
            "school_timetable_xlsx_import_tour",
            login=self.deputy.login,
        )
        timetable = self.env["school.timetable"].search(
            [("class_id", "=", self.class_5a.id), ("id", "!=", self.timetable_5a.id)]
        )
        self.assertRecordValues(timetable, [{"state": "draft", "date_from": date(2035, 9, 1)}])
        self.assertEqual(len(timetable.slot_ids), 5)
