import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .timetable_common import TimetableFixture


@tagged("post_install", "-at_install")
class TestSubstitutionReport(TimetableFixture, TransactionCase):
    """The monthly substitution report for pay, read back from the XLSX."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.timetable_5a.with_user(cls.deputy).action_publish()
        cls.timetable_5a._generate_lessons(date(2035, 11, 1), date(2035, 12, 7))

    def _lesson_on(self, assignment, day):
        return self.env["school.lesson"].search(
            [("assignment_id", "=", assignment.id), ("date", "=", day)]
        )

    def _substitute(self, assignment, day, teacher, reason="Больничный"):
        change = (
            self.env["school.lesson.change"]
            .with_user(self.deputy)
            .create(
                {
                    "lesson_id": self._lesson_on(assignment, day).id,
                    "kind": "substitution",
                    "substitute_teacher_id": teacher.id,
                    "reason": reason,
                }
            )
        )
        change.action_apply()

    def _report(self, user, month):
        wizard = self.env["school.substitution.report"].with_user(user).create({"month": month})
        action = wizard.action_print()
        self.assertIn("/web/content/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        return wizard, book

    def _values(self, sheet, first_row):
        return [
            tuple(cell.value for cell in row)
            for row in sheet.iter_rows(min_row=first_row)
            if any(cell.value is not None for cell in row)
        ]

    def test_hours_per_substitute_teacher(self):
        # math (Петрова Анна) on Mondays, history (Сидоров Олег) on Tuesdays
        self._substitute(self.assignment_5a, date(2035, 11, 19), self.substitute, "Курсы")
        self._substitute(self.assignment_5a, date(2035, 11, 12), self.substitute)
        self._substitute(self.assignment_5a_history, date(2035, 11, 13), self.substitute)
        self._substitute(self.assignment_5a_history, date(2035, 11, 20), self.class_teacher)
        self._substitute(self.assignment_5a, date(2035, 12, 3), self.substitute)  # December
        # a moved lesson counts where it was given
        self._substitute(self.assignment_5a, date(2035, 11, 26), self.class_teacher)
        moved = self._lesson_on(self.assignment_5a, date(2035, 11, 26))
        self.env["school.lesson.change"].with_user(self.deputy).create(
            {
                "lesson_id": moved.id,
                "kind": "move",
                "new_date": date(2035, 12, 4),
                "new_number": 3,
                "reason": "Экскурсия",
            }
        ).action_apply()

        wizard, book = self._report(self.deputy, date(2035, 11, 15))
        self.assertEqual(wizard.file_name, "Замены 11.2035.xlsx")
        self.assertEqual(book.sheetnames, ["Замены", "Итоги"])
        sheet = book["Замены"]
        self.assertIn("ноябрь 2035", sheet["A1"].value.lower())
        self.assertEqual(
            [cell.value for cell in sheet[3]],
            [
                "Замещающий учитель",
                "Дата",
                "Класс",
                "Предмет",
                "Урок №",
                "Замещаемый учитель",
                "Основание",
            ],
        )
        rows = [
            (row[0], row[1].date() if row[1] else None, *row[2:]) for row in self._values(sheet, 4)
        ]
        other = self.other_teacher.name
        math, history, subst, ct = (
            self.math.name,
            self.history.name,
            self.substitute.name,
            self.class_teacher.name,
        )
        self.assertEqual(
            rows,
            [
                (subst, date(2035, 11, 12), "5А", math, 1, self.teacher.name, "Больничный"),
                (
                    subst,
                    date(2035, 11, 13),
                    "5А",
                    history,
                    2,
                    self.other_teacher.name,
                    "Больничный",
                ),
                (subst, date(2035, 11, 19), "5А", math, 1, self.teacher.name, "Курсы"),
                (f"Итого: {subst}", None, None, None, 3, None, None),
                (ct, date(2035, 11, 20), "5А", history, 2, other, "Больничный"),
                (f"Итого: {ct}", None, None, None, 1, None, None),
                ("Всего часов замещения", None, None, None, 4, None, None),
            ],
        )
        self.assertEqual(self._values(book["Итоги"], 4), [(subst, 3), (ct, 1), ("Всего", 4)])
        # December: the lesson given there and the one moved there
        _wizard, book = self._report(self.director, date(2035, 12, 1))
        self.assertEqual(self._values(book["Итоги"], 4), [(subst, 1), (ct, 1), ("Всего", 2)])

    def test_only_the_deputy_and_the_director_print_it(self):
        for user in (self.teacher, self.class_teacher, self.secretary):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                wizard = (
                    self.env["school.substitution.report"]
                    .sudo()
                    .create({"month": date(2035, 11, 1)})
                )
                wizard.with_user(user).action_print()
