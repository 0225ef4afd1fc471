import base64
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import SchoolRecordsCase

SAMPLES = Path(__file__).resolve().parents[3] / "data"


def csv_file(rows, delimiter=";"):
    return "\n".join(delimiter.join(str(cell) for cell in row) for row in rows).encode()


def xlsx_file(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@tagged("post_install", "-at_install")
class TestLessonPlanImport(SchoolRecordsCase):
    """The КТП import checks the whole file before writing, as the teacher, and new
    lessons take their topics from the plan in order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.control_type = cls.env.ref("school_records.school_work_type_control")
        cls.answer_type = cls.env.ref("school_records.school_work_type_answer")

    def _wizard(self, content, file_name="ktp.csv", user=None, assignment=None, **values):
        return (
            self.env["school.lesson.plan.import"]
            .with_user(user or self.teacher)
            .create(
                {
                    "assignment_id": (assignment or self.assignment_5a).id,
                    "file": base64.b64encode(content),
                    "file_name": file_name,
                    **values,
                }
            )
        )

    def _refused(self, wizard):
        """The UserError's text, caught without a savepoint: what the wizard wrote
        before failing would still be seen."""
        try:
            wizard.action_import()
        except UserError as error:
            return str(error)
        self.fail("the import was not refused")

    def _plan(self, assignment=None):
        return (assignment or self.assignment_5a).plan_line_ids.sorted("sequence")

    def _make_plan(self, assignment, topics, control=()):
        return self.env["school.lesson.plan.line"].create(
            [
                {
                    "assignment_id": assignment.id,
                    "sequence": number,
                    "topic": topic,
                    "is_control_work": number in control,
                }
                for number, topic in enumerate(topics, start=1)
            ]
        )

    # ------------------------------------------------------------------ imports
    def test_csv_import_creates_the_plan_and_posts_in_chatter(self):
        self.assignment_5a.hours_per_year = 5
        content = csv_file(
            [
                ["№", "Тема", "Часы", "Дата", "Неделя", "Контрольная"],
                [1, "Десятичная система счисления", "", "03.09.2035", 1, "нет"],
                [2, "Ряд натуральных чисел", "2", "04.09.2035", "", ""],
                [3, "Сравнение натуральных чисел", "1", "", 2, "x"],
                [4, "Контрольная работа № 1", "1,0", "", "2", "да"],
            ]
        )
        action = self._wizard(content).action_import()
        self.assertRecordValues(
            self._plan(),
            [
                {
                    "sequence": 1,
                    "topic": "Десятичная система счисления",
                    "hours": 1.0,
                    "planned_date": date(2035, 9, 3),
                    "planned_week": 1,
                    "is_control_work": False,
                },
                {
                    "sequence": 2,
                    "topic": "Ряд натуральных чисел",
                    "hours": 2.0,
                    "planned_date": date(2035, 9, 4),
                    "planned_week": 0,
                    "is_control_work": False,
                },
                {
                    "sequence": 3,
                    "topic": "Сравнение натуральных чисел",
                    "hours": 1.0,
                    "planned_date": False,
                    "planned_week": 2,
                    "is_control_work": True,
                },
                {
                    "sequence": 4,
                    "topic": "Контрольная работа № 1",
                    "hours": 1.0,
                    "planned_date": False,
                    "planned_week": 2,
                    "is_control_work": True,
                },
            ],
        )
        message = self.assignment_5a.message_ids[:1]
        self.assertIn("Lesson plan imported: 4 lessons, 5 hours", message.body)
        self.assertEqual(message.author_id, self.teacher.partner_id)
        self.assertEqual(message.attachment_ids.name, "ktp.csv")
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})

    def test_csv_with_commas_is_sniffed(self):
        content = (
            "Номер,Тема,Часы\n"
            '1,"Признаки делимости на 2, 5, 10",1\n'
            '2,"Простые и составные числа",1\n'
        ).encode()
        self._wizard(content).action_import()
        self.assertEqual(
            self._plan().mapped("topic"),
            ["Признаки делимости на 2, 5, 10", "Простые и составные числа"],
        )

    def test_xlsx_import_with_english_headers_and_date_cells(self):
        self.env["school.curriculum.line"].create(
            {
                "year_id": self.year.id,
                "level": "5",
                "subject_id": self.math.id,
                "hours_per_week": 1,
                "weeks_per_year": 3,
            }
        )
        content = xlsx_file(
            [
                ["Календарно-тематическое планирование, математика, 5 класс"],
                [],
                ["Number", "TOPIC", "Hours", "Date", "Control work"],
                [1, "Дробь. Правильные и неправильные дроби", 1, datetime(2035, 11, 6), None],
                [2.0, "Основное свойство дроби", 1, datetime(2035, 11, 7), 0],
                [3, "Контрольная работа № 2", None, "08.11.2035", "+"],
            ]
        )
        self._wizard(content, "ktp.xlsx").action_import()
        self.assertRecordValues(
            self._plan(),
            [
                {
                    "sequence": 1,
                    "topic": "Дробь. Правильные и неправильные дроби",
                    "planned_date": date(2035, 11, 6),
                    "is_control_work": False,
                },
                {
                    "sequence": 2,
                    "topic": "Основное свойство дроби",
                    "planned_date": date(2035, 11, 7),
                    "is_control_work": False,
                },
                {
                    "sequence": 3,
                    "topic": "Контрольная работа № 2",
                    "planned_date": date(2035, 11, 8),
                    "is_control_work": True,
                },
            ],
        )
        self.assertIn(
            "Lesson plan imported: 3 lessons, 3 hours", self.assignment_5a.message_ids[:1].body
        )

    def test_import_from_the_form_as_the_teacher(self):
        wizard_form = Form(
            self.env["school.lesson.plan.import"]
            .with_user(self.teacher)
            .with_context(default_assignment_id=self.assignment_5a.id)
        )
        wizard_form.file = base64.b64encode(csv_file([["Тема"], ["Урок 1"], ["Урок 2"]]))
        self.assertTrue(wizard_form.replace_existing)
        wizard_form.save().action_import()
        self.assertRecordValues(
            self._plan(), [{"sequence": 1, "topic": "Урок 1"}, {"sequence": 2, "topic": "Урок 2"}]
        )

    # --------------------------------------------------------------- refusals
    def test_one_bad_row_imports_nothing(self):
        self._make_plan(self.assignment_5a, ["Старая тема 1", "Старая тема 2"])
        before = self._plan().read(["sequence", "topic", "hours"])
        content = csv_file(
            [
                ["№", "Тема", "Часы"],
                [1, "Новая тема 1", 1],
                [2, "Новая тема 2", 1],
                [3, "", 1],
                [4, "Новая тема 4", 1],
            ]
        )
        message = self._refused(self._wizard(content))
        self.assertIn("Row 4: the topic is missing", message)
        self.assertNotIn("Row 2", message)
        self.assertNotIn("Row 3", message)
        self.assertEqual(self._plan().read(["sequence", "topic", "hours"]), before)
        self.assertFalse(
            self.assignment_5a.message_ids.filtered(lambda m: "Lesson plan" in (m.body or ""))
        )

    def test_every_bad_row_is_named_in_one_message(self):
        content = csv_file(
            [
                ["№", "Тема", "Часы", "Дата", "Неделя"],
                ["abc", "Тема", 1, "", ""],
                [-2, "Тема", 1, "", ""],
                [3, "Тема", "много", "", ""],
                [4, "Тема", 1, "01.09.2030", ""],
                [5, "Тема", 1, "32.13.2035", ""],
                [6, "Тема", 1, "", "99"],
                [7, "Хорошая тема", 1, "10.09.2035", "2"],
            ]
        )
        message = self._refused(self._wizard(content))
        for row, text in (
            (2, "«abc» is not a positive whole number"),
            (3, "«-2» is not a positive whole number"),
            (4, "hours «много»"),
            (5, "01.09.2030 is outside the academic year 2035/2036"),
            (6, "date «32.13.2035»"),
            (7, "week «99»"),
        ):
            self.assertIn(f"Row {row}: the", message)
            self.assertIn(text, message)
        self.assertNotIn("Row 8", message)
        self.assertFalse(self._plan())

    def test_duplicate_numbers_are_refused(self):
        content = csv_file([["№", "Тема"], [1, "А"], [2, "Б"], [2, "В"], [3, "Г"]])
        message = self._refused(self._wizard(content))
        self.assertIn("Row 4: the number 2 is already used in row 3", message)
        self.assertFalse(self._plan())

    def test_file_without_header_or_rows_is_refused(self):
        self.assertIn("empty", self._refused(self._wizard(b"\n\n")))
        self.assertIn("empty", self._refused(self._wizard(b";;\n;;\n")))
        self.assertIn(
            "No header row", self._refused(self._wizard(csv_file([[1, "Тема без заголовка"]])))
        )
        self.assertIn("no lessons", self._refused(self._wizard(csv_file([["№", "Тема"]]))))
        self.assertIn("XLSX", self._refused(self._wizard(b"PK\x03\x04broken", "ktp.xlsx")))

    def test_hours_total_must_match_unless_accepted(self):
        self.assignment_5a.hours_per_year = 5
        content = csv_file([["№", "Тема", "Часы"], [1, "А", 1], [2, "Б", 2]])
        message = self._refused(self._wizard(content))
        self.assertIn("The plan has 3 hours, but the curriculum gives 5 hours", message)
        self.assertFalse(self._plan())
        self._wizard(content, accept_hours_difference=True).action_import()
        self.assertEqual(self._plan().mapped("topic"), ["А", "Б"])

    def test_teacher_cannot_import_into_another_teachers_journal(self):
        self._make_plan(self.assignment_6b, ["Тема коллеги"])
        content = csv_file([["№", "Тема"], [1, "Чужая тема"], [2, "Ещё одна"]])
        with self.assertRaises(AccessError):
            self._wizard(content, assignment=self.assignment_6b).action_import()
        self.assertEqual(self._plan(self.assignment_6b).mapped("topic"), ["Тема коллеги"])

    # ------------------------------------------------------- replacing a plan
    def test_replace_removes_unused_lines_and_updates_used_ones(self):
        lines = self._make_plan(self.assignment_5a, ["Старая 1", "Старая 2", "Старая 3"])
        self.lesson_5a.plan_line_id = lines[1]
        content = csv_file([["№", "Тема"], [1, "Новая 1"], [4, "Новая 4"]])
        self._wizard(content, accept_hours_difference=True).action_import()
        plan = self._plan()
        self.assertRecordValues(
            plan,
            [
                {"id": lines[0].id, "sequence": 1, "topic": "Новая 1"},
                {"id": lines[1].id, "sequence": 2, "topic": "Старая 2"},
                {"id": plan[2].id, "sequence": 4, "topic": "Новая 4"},
            ],
        )
        self.assertNotIn(plan[2], lines)
        self.assertFalse(lines[2].exists())

        content = csv_file([["№", "Тема"], [2, "Новая 2"]])
        self._wizard(content).action_import()
        self.assertEqual(self.lesson_5a.plan_line_id.topic, "Новая 2")
        self.assertEqual(self._plan().mapped("sequence"), [2])

    def test_without_replace_the_plan_is_completed(self):
        self._make_plan(self.assignment_5a, ["Старая 1", "Старая 2"])
        content = csv_file([["№", "Тема"], [2, "Новая 2"], [3, "Новая 3"]])
        self._wizard(content, replace_existing=False).action_import()
        self.assertEqual(self._plan().mapped("topic"), ["Старая 1", "Новая 2", "Новая 3"])

    # --------------------------------------------------- lessons take topics
    def test_new_lessons_take_topics_from_the_plan_in_order(self):
        lines = self._make_plan(
            self.assignment_5a, ["Тема 1", "Контрольная работа", "Тема 3"], control=(2,)
        )
        Lesson = self.env["school.lesson"].with_user(self.teacher)
        first, second, own = Lesson.create(
            [
                {"assignment_id": self.assignment_5a.id, "date": "2035-09-10", "number": 1},
                {"assignment_id": self.assignment_5a.id, "date": "2035-09-10", "number": 2},
                {
                    "assignment_id": self.assignment_5a.id,
                    "date": "2035-09-10",
                    "number": 3,
                    "topic": "Своя тема",
                },
            ]
        )
        self.assertRecordValues(
            first + second + own,
            [
                {
                    "plan_line_id": lines[0].id,
                    "topic": "Тема 1",
                    "work_type_id": self.answer_type.id,
                },
                {
                    "plan_line_id": lines[1].id,
                    "topic": "Контрольная работа",
                    "work_type_id": self.control_type.id,
                },
                {"plan_line_id": False, "topic": "Своя тема", "work_type_id": self.answer_type.id},
            ],
        )
        third = Lesson.create(
            {"assignment_id": self.assignment_5a.id, "date": "2035-09-11", "number": 1}
        )
        self.assertRecordValues(third, [{"plan_line_id": lines[2].id, "topic": "Тема 3"}])
        fourth = Lesson.create(
            {"assignment_id": self.assignment_5a.id, "date": "2035-09-11", "number": 2}
        )
        self.assertRecordValues(fourth, [{"plan_line_id": False, "topic": False}])

    def test_given_plan_line_and_work_type_are_kept(self):
        lines = self._make_plan(self.assignment_5a, ["Тема 1", "Тема 2", "Тема 3"], control=(2,))
        test_type = self.env.ref("school_records.school_work_type_test")
        given, taking, typed = self.env["school.lesson"].create(
            [
                {
                    "assignment_id": self.assignment_5a.id,
                    "date": "2035-09-10",
                    "number": 1,
                    "plan_line_id": lines[0].id,
                },
                {"assignment_id": self.assignment_5a.id, "date": "2035-09-10", "number": 2},
                {
                    "assignment_id": self.assignment_5a.id,
                    "date": "2035-09-10",
                    "number": 3,
                    "work_type_id": test_type.id,
                },
            ]
        )
        self.assertRecordValues(
            given + taking + typed,
            [
                {
                    "plan_line_id": lines[0].id,
                    "topic": False,
                    "work_type_id": self.answer_type.id,
                },
                {
                    "plan_line_id": lines[1].id,
                    "topic": "Тема 2",
                    "work_type_id": self.control_type.id,
                },
                {"plan_line_id": lines[2].id, "topic": "Тема 3", "work_type_id": test_type.id},
            ],
        )

    def test_lessons_of_several_journals_in_one_batch(self):
        mine = self._make_plan(self.assignment_5a, ["5А: тема 1", "5А: тема 2"])
        theirs = self._make_plan(self.assignment_6b, ["6Б: тема 1"])
        with self.assertQueryCount(__system__=40):
            lessons = self.env["school.lesson"].create(
                [
                    {"assignment_id": self.assignment_6b.id, "date": "2035-09-10", "number": 2},
                    {"assignment_id": self.assignment_5a.id, "date": "2035-09-10", "number": 2},
                    {"assignment_id": self.assignment_5a.id, "date": "2035-09-10", "number": 3},
                ]
            )
        self.assertEqual(lessons.plan_line_id, theirs + mine)
        self.assertEqual(lessons.mapped("topic"), ["6Б: тема 1", "5А: тема 1", "5А: тема 2"])

    # ------------------------------------------------------------ the samples
    def test_sample_files_import(self):
        csv_sample, xlsx_sample = SAMPLES / "ktp_sample.csv", SAMPLES / "ktp_sample.xlsx"
        if not csv_sample.exists():  # the addon installed without its repository
            return
        self.assignment_5a.hours_per_year = 170
        self._wizard(csv_sample.read_bytes()).action_import()
        plan = self._plan()
        self.assertEqual(len(plan), 170)
        self.assertEqual(sum(plan.mapped("hours")), 170)
        self.assertEqual(len(plan.filtered("is_control_work")), 8)
        self.assertEqual(plan[-1].planned_week, 34)

        year = self.env["school.academic.year"].search(
            [("date_start", "<=", "2026-09-01"), ("date_end", ">=", "2026-09-01")], limit=1
        ) or self.env["school.academic.year"].create(
            {"name": "2026/2027", "date_start": "2026-09-01", "date_end": "2027-08-31"}
        )
        school_class = self.env["school.class"].create(
            {"year_id": year.id, "level": "5", "letter": "Я"}
        )
        assignment = self.env["school.teaching.assignment"].create(
            {
                "class_id": school_class.id,
                "subject_id": self.math.id,
                "teacher_id": self.teacher.id,
                "hours_per_year": 170,
            }
        )
        self._wizard(
            xlsx_sample.read_bytes(), "ktp_sample.xlsx", assignment=assignment
        ).action_import()
        plan = self._plan(assignment)
        self.assertEqual(len(plan), 170)
        self.assertEqual(len(plan.filtered("is_control_work")), 8)
        self.assertEqual(plan[0].planned_date, date(2026, 9, 1))
