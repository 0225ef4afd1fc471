import base64
import io
from datetime import date, timedelta

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizards.school_temporary_journal_import import ASSIGNMENT_KEY_PREFIX
from .common import SchoolRecordsCase

FIRST_DAY = date(2035, 9, 17)  # a Monday of the first quarter
TEXTS = ("5", "4 3", "н", "2")  # a mark, two marks, an absence, a failing mark


@tagged("post_install", "-at_install")
class TestTemporaryJournalQueries(SchoolRecordsCase):
    """The temporary-journal import is set-based (issue 25 §3): every cell is checked
    first and the marks and absences are created in one batch each, so the number of
    SQL queries of an import does not grow with its cells; it stays all or nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pupils = cls._enrolled_pupils(6)
        cls.students = cls.child | cls.classmate | cls.pupils
        # the families are told of failing marks and absences: one message a student
        cls.parent_partner.write({"school_notify_low_marks": True, "school_notify_absences": True})
        days = [FIRST_DAY + timedelta(days=offset) for offset in range(12) if offset % 7 < 5]
        cls.lessons = cls.env["school.lesson"]
        for day in days:
            for number in (1, 2):
                cls.lessons |= cls._lesson(cls.assignment_5a, day, number)

    # helpers -----------------------------------------------------------------------------
    def _file(self, cells, extra_rows=()):
        """An XLSX in the template's layout: the key row, a header row, a row a student
        (hidden id, name, then a column a lesson); cells {(student, lesson): text}."""
        lessons = self.env["school.lesson"].union(*(lesson for _student, lesson in cells))
        lessons = lessons.sorted(lambda lesson: (lesson.date, lesson.number))
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(
            [f"{ASSIGNMENT_KEY_PREFIX}{self.assignment_5a.id}", None]
            + [f"{lesson.date.isoformat()}/{lesson.number}" for lesson in lessons]
        )
        sheet.append(["ID", "Ученик"] + [str(lesson.date) for lesson in lessons])
        students = self.env["school.student"].union(*(student for student, _lesson in cells))
        for student in students:
            sheet.append(
                [student.id, student.name] + [cells.get((student, lesson)) for lesson in lessons]
            )
        for row in extra_rows:
            sheet.append(list(row))
        output = io.BytesIO()
        workbook.save(output)
        return base64.b64encode(output.getvalue())

    def _wizard(self, content):
        return (
            self.env["school.temporary.journal.import"]
            .with_user(self.teacher)
            .create(
                {
                    "assignment_id": self.assignment_5a.id,
                    "date_from": FIRST_DAY,
                    "date_to": FIRST_DAY + timedelta(days=30),
                    "import_file": content,
                }
            )
        )

    def _cells(self, lessons):
        return {
            (student, lesson): TEXTS[(index + position) % len(TEXTS)]
            for position, lesson in enumerate(lessons)
            for index, student in enumerate(self.students)
        }

    def _import_queries(self, lessons):
        """SQL queries of importing a full grid of `lessons` (all students)."""
        cells = self._cells(lessons)
        wizard = self._wizard(self._file(cells))
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        wizard.action_import()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        entries = self.env["school.mark"].search_count(
            [("lesson_id", "in", lessons.ids)]
        ) + self.env["school.attendance"].search_count([("lesson_id", "in", lessons.ids)])
        marks = sum(len(text.split()) for text in cells.values() if text != "н")
        absences = sum(text == "н" for text in cells.values())
        self.assertEqual(entries, marks + absences, "every cell of the file is in the journal")
        return queries, len(cells)

    # tests -------------------------------------------------------------------------------
    @freeze_time("2035-10-08")  # every lesson transferred late: the deputy's to-do too
    def test_queries_do_not_grow_with_the_cells(self):
        # four lessons or more: every student has each text of TEXTS (the families'
        # notifications, one a student and kind, are the same in every import)
        self._import_queries(self.lessons[:4])  # the caches of a first import
        few, few_cells = self._import_queries(self.lessons[4:8])
        many, many_cells = self._import_queries(self.lessons[8:20])
        self.assertEqual(many_cells, 3 * few_cells)
        # the ORM inserts up to 100 rows a statement: both imports stay below that
        self.assertLessEqual(many, few, "the import's queries grow with its cells")
        transfers = self.env["school.journal.transfer"].search(
            [("assignment_id", "=", self.assignment_5a.id)]
        )
        self.assertEqual(len(transfers), 3)
        self.assertTrue(all(transfers.mapped("is_late")))

    @freeze_time("2035-09-29")
    def test_one_bad_cell_among_many_imports_nothing(self):
        lessons = self.lessons[:8]
        cells = self._cells(lessons)
        # a closed period, a student of another class, a duplicate of the journal
        closed = self._lesson(self.assignment_5a, date(2035, 11, 14), 1)
        self.quarter_2.sudo().state = "closed"
        cells[self.classmate, closed] = "5"
        cells[self.other_child, lessons[2]] = "4"
        self._mark(lessons[5], self.pupils[0], self.mark_4)
        cells[self.pupils[0], lessons[5]] = "4"
        wizard = self._wizard(self._file(cells, extra_rows=[(0, "Никто", "5")]))
        with self.assertRaises(UserError) as caught:
            wizard.action_import()
        message = caught.exception.args[0]
        self.assertIn("Nothing was imported", message)
        self.assertIn(f"{self.classmate.name}, 14.11.2035 / 1: The period", message)
        self.assertIn(f"{self.other_child.name}, 18.09.2035 / 1: The student is not", message)
        self.assertIn(f"{self.pupils[0].name}, 19.09.2035 / 2: «4» is already", message)
        self.assertIn("Никто, —: Unknown student.", message)
        self.assertEqual(message.count("\nRow "), 4)
        self.assertEqual(
            self.env["school.mark"].search_count([("lesson_id", "in", (lessons | closed).ids)]),
            1,
            "only the mark that was there before",
        )
        self.assertFalse(
            self.env["school.attendance"].search([("lesson_id", "in", lessons.ids)]),
        )
        self.assertFalse(
            self.env["school.journal.transfer"].search(
                [("assignment_id", "=", self.assignment_5a.id)]
            )
        )

    def test_the_errors_read_in_russian(self):
        if not self.env["res.lang"]._lang_get("ru_RU"):
            self.env["res.lang"]._activate_lang("ru_RU")
            self.env.ref("base.module_school_records")._update_translations(["ru_RU"])
        lessons = self.lessons[:6]
        cells = self._cells(lessons)
        cells[self.other_child, lessons[2]] = "4"
        self._mark(lessons[5], self.pupils[0], self.mark_4)
        cells[self.pupils[0], lessons[5]] = "4"
        wizard = self._wizard(self._file(cells, extra_rows=[(0, "Никто", "5")]))
        with self.assertRaises(UserError) as caught:
            wizard.with_context(lang="ru_RU").action_import()
        message = caught.exception.args[0]
        self.assertIn("Ничего не загружено", message)
        self.assertIn(f"{self.other_child.name}, 18.09.2035 / 1: Обучающийся не числится", message)
        self.assertIn(f"{self.pupils[0].name}, 19.09.2035 / 2: «4» уже есть в журнале", message)
        self.assertIn("Никто, —: Неизвестный обучающийся.", message)
        self.assertEqual(message.count("\nСтрока "), 3)

    def test_batched_rosters_are_the_rosters_of_each_day(self):
        leaver, newcomer = self.env["school.student"].create(
            [
                {"last_name": "Уходящий", "first_name": "Тест"},
                {"last_name": "Новенький", "first_name": "Тест"},
            ]
        )
        self.env["school.enrollment"].create(
            [
                {
                    "student_id": leaver.id,
                    "class_id": self.class_5a.id,
                    "date_from": date(2035, 9, 1),
                    "date_to": date(2035, 9, 20),
                },
                {
                    "student_id": newcomer.id,
                    "class_id": self.class_5a.id,
                    "date_from": date(2035, 9, 21),
                },
            ]
        )
        rosters = self.lessons._students_by_lesson()
        self.assertEqual(set(rosters), set(self.lessons))
        for lesson in self.lessons:
            self.assertEqual(rosters[lesson], lesson._students(), lesson.date)
        days = self.lessons.mapped("date")
        by_day = self.assignment_5a._students_on_days(days)
        for day in days:
            self.assertEqual(by_day[day], self.assignment_5a._students_on(day), day)
        self.assertIn(leaver, by_day[date(2035, 9, 20)])
        self.assertNotIn(leaver, by_day[date(2035, 9, 21)])
        self.assertIn(newcomer, by_day[date(2035, 9, 21)])
        self.assertNotIn(newcomer, by_day[date(2035, 9, 20)])
