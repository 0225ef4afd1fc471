from datetime import date, datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from ..builders.activity import ActivityBuilder
from ..builders.class_reports import (
    AttendanceBuilder,
    ClassTeacherBuilder,
    ControlBuilder,
    ForecastBuilder,
    GapsBuilder,
    MovementBuilder,
    ResultsBuilder,
    SummaryBuilder,
)
from ..builders.diary_usage import DiaryUsageBuilder
from ..builders.grid import GridBook
from ..builders.journal import FIRST_LESSON_COL, TABLE_ROW, JournalBuilder
from ..builders.substitution import SubstitutionBuilder
from ..tools.xlsx import write_grid
from .common import SchoolRecordsCase

HEADERS = [
    "Пропущено уроков",
    "по болезни",
    "по уважительной причине",
    "без уважительной причины",
    "опозданий",
]


@tagged("post_install", "-at_install")
class TestClassReportBuilders(SchoolRecordsCase):
    """Each class report's builder on hand-made figures, read from its grid (no XLSX):
    in 5А the child and the classmate; maths has the fixture's «5» (an answer, weight 1)
    of the child on 7.09 and a control work (weight 2) on 10.09: the child «3», the
    classmate «2»."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mark_3 = cls.env.ref("school_records.school_mark_value_3")
        cls.control = cls._lesson(
            cls.assignment_5a,
            date(2035, 9, 10),
            1,
            topic="Контрольная работа: дроби",
            work_type_id=cls.env.ref("school_records.school_work_type_control").id,
        )
        cls._mark(cls.control, cls.child, cls.mark_3)
        cls._mark(cls.control, cls.classmate, cls.mark_2)
        cls.env["school.attendance"].create(
            {"lesson_id": cls.lesson_5a.id, "student_id": cls.classmate.id, "kind": "absent"}
        )
        for student, value in ((cls.child, cls.mark_5), (cls.classmate, cls.mark_3)):
            cls.env["school.period.mark"].create(
                {
                    "student_id": student.id,
                    "assignment_id": cls.assignment_5a.id,
                    "kind": "period",
                    "period_id": cls.quarter_1.id,
                    "value_id": value.id,
                    "proposed_value_id": value.id,
                    "state": "confirmed",
                }
            )

    def _sheets(self, builder_class, **options):
        builder = builder_class(
            self.env, self.year, classes=self.class_5a, period=self.quarter_1, **options
        )
        return {sheet.name: sheet.rows() for sheet in builder.build().sheets}

    @staticmethod
    def _student(rows, student):
        """The row of `student` (its number first, then the name)."""
        return next(row for row in rows if len(row) > 1 and row[1] == student.name)

    @staticmethod
    def _line(rows, *first):
        """The row that starts with `first`."""
        return next(row for row in rows if tuple(row[: len(first)]) == first)

    def test_forecast_weighs_the_marks(self):
        rows = self._sheets(ForecastBuilder)["5А"]
        # (5 × 1 + 3 × 2) / 3 = 3.67 from two marks; the classmate: one «2»
        child = self._line(rows, self.child.name, self.math.name)
        self.assertEqual(child[2:4], [2, 3.67])
        classmate = self._line(rows, self.classmate.name, self.math.name)
        self.assertEqual(classmate[2:6], [1, 2.0, "2", "«2»"])
        # to a «3» (the school's boundary b): 5k + 2 × 2 >= b (2 + k)
        boundary = self.env.company.school_boundary_3
        needed = next(k for k in range(20) if 5 * k + 4 >= boundary * (2 + k) - 1e-9)
        self.assertEqual(classmate[6], needed)
        # no mark in history: «н/а», and the risk sheet lists it
        history = self._line(rows, self.classmate.name, self.history.name)
        self.assertEqual(history[2:6], [0, "", "н/а", "нет отметок"])
        risk = self._sheets(ForecastBuilder)["В зоне риска"]
        self.assertIn(["5А", self.classmate.name, self.math.name, 1, 2.0, "2", "«2»"], risk)

    def test_results_count_the_period_marks(self):
        sheets = self._sheets(ResultsBuilder)
        math = self._line(sheets["5А"], self.math.name)
        # «5», «4», «3», «2», «н/а», written, success %, quality %
        self.assertEqual(math[1:9], [1, 0, 1, 0, 0, 2, 100.0, 50.0])
        school = self._line(sheets["Школа"], "5А")
        self.assertEqual(school[1], 2)  # students

    def test_summary_writes_the_period_mark_in_its_cell(self):
        rows = self._sheets(SummaryBuilder)["5А"]
        header = rows[2]
        math = header.index(self.math.name)
        self.assertEqual(rows[3][math], "I")
        self.assertEqual(self._student(rows, self.child)[math], "5")
        self.assertEqual(self._student(rows, self.classmate)[math], "3")

    def test_attendance_totals(self):
        rows = self._sheets(AttendanceBuilder)["5А"]
        header = rows[2]
        self.assertEqual(header[2], "Сентябрь")
        missed = header.index("Пропущено уроков")
        # September; then missed, ill, excused, unexcused, late
        self.assertEqual(header[missed:], HEADERS)
        child = self._student(rows, self.child)
        self.assertEqual([child[2], *child[missed:]], [1, 1, 1, 0, 0, 0])
        classmate = self._student(rows, self.classmate)
        self.assertEqual([classmate[2], *classmate[missed:]], [1, 1, 0, 0, 1, 0])
        total = self._line(rows, "Итого по классу")
        self.assertEqual([total[2], *total[missed:]], [2, 2, 1, 0, 1, 0])

    def test_control_works_average_and_percentages(self):
        sheets = self._sheets(ControlBuilder)
        work = self._line(sheets["Контрольные работы"], "10.09.2035")
        # «5», «4», «3», «2», «н/а», written, average, success %, quality %
        self.assertEqual(work[4:], [0, 0, 1, 1, 0, 2, 2.5, 50.0, 0.0])
        per_class = self._line(sheets["По классам"], "5А")
        self.assertEqual(per_class[1:], [1, 0, 0, 1, 1, 2, 50.0, 0.0])

    def test_gaps_list_the_topics_to_make_up(self):
        rows = self._sheets(GapsBuilder)["5А"]
        classmate = [row for row in rows if row[0] == self.classmate.name]
        self.assertEqual(
            [row[1:] for row in classmate],
            [
                ["07.09.2035", self.math.name, "Тема урока", "н"],
                ["10.09.2035", self.math.name, "Контрольная работа: дроби", "2"],
            ],
        )

    def test_class_teacher_report_counts(self):
        rows = dict(row[:2] for row in self._sheets(ClassTeacherBuilder)["5А"] if row[0])
        self.assertEqual(rows["Пропущено уроков"], 2)
        self.assertEqual(rows["из них по болезни"], 1)
        self.assertEqual(rows["без уважительной причины"], 1)
        self.assertEqual(rows["На конец периода"], 2)

    def test_movement_sizes(self):
        rows = self._sheets(MovementBuilder)["Наполняемость"]
        self.assertEqual(self._line(rows, "5А")[1:], [2, 0, 0, 2])

    def test_one_writer_renders_any_grid(self):
        book = GridBook()
        sheet = book.add_worksheet("Лист")
        sheet.write(0, 0, "=1+1", book.add_format({"bold": True}))
        content = write_grid(self.env, book)
        self.assertTrue(content.startswith(b"PK"))

    def test_journal_pages_and_grid(self):
        # maths, quarter 1: the child's «5» (weight 1) and «3» (control, weight 2)
        builder = JournalBuilder(self.env, self.quarter_1)
        pages = builder.pages(self.assignment_5a)
        child = next(row for row in pages[0]["rows"] if row["name"] == self.child.name)
        self.assertEqual(child["average"], 3.67)
        self.assertEqual(child["average_text"], "3,67")
        book = builder.build(pages)
        marks, topics = book.sheets
        self.assertEqual(marks.name, f"{self.math.name} — отметки")
        self.assertEqual(topics.name, f"{self.math.name} — темы")
        rows = marks.rows()
        line = next(row for row in rows if row[1] == self.child.name)
        self.assertEqual(line[FIRST_LESSON_COL:], ["5", "", "3", 3.67, "5"])
        self.assertEqual(rows[TABLE_ROW + 1][FIRST_LESSON_COL:-2], ["07.09", "08.09", "10.09"])


@tagged("post_install", "-at_install")
class TestStaffReportBuilders(SchoolRecordsCase):
    """The activity and the substitutions, counted by their builders."""

    def test_activity_counts_logins_per_role_and_month(self):
        Log = self.env["school.login.log"].sudo()
        for user, day in (
            (self.teacher, datetime(2035, 9, 3, 8)),
            (self.teacher, datetime(2035, 9, 4, 8)),
            (self.other_teacher, datetime(2035, 10, 1, 8)),
        ):
            Log.create({"user_id": user.id, "login_on": day})
        builder = ActivityBuilder(self.env, date(2035, 9, 1), date(2035, 10, 31))
        summary, users = builder.build().sheets
        rows = summary.rows()
        # month, role, active users, logins
        self.assertIn(["Сентябрь 2035", "Сотрудники школы", 1, 2], [r[:4] for r in rows])
        self.assertIn(["Октябрь 2035", "Сотрудники школы", 1, 1], [r[:4] for r in rows])
        self.assertIn(
            [self.teacher.name, "Сотрудники школы", "Сентябрь 2035", 2],
            [r[:4] for r in users.rows()],
        )

    def test_substitutions_of_the_month(self):
        # the fixture's maths lesson of 8.09 in 5А was given by the substitute
        book = SubstitutionBuilder(self.env, date(2035, 9, 1)).build()
        lessons, totals = book.sheets
        rows = lessons.rows()
        self.assertEqual(
            [row[0] for row in rows[3:]],
            [self.substitute.name, f"Итого: {self.substitute.name}", "Всего часов замещения"],
        )
        self.assertEqual(rows[3][2:6], ["5А", self.math.name, 2, self.teacher.name])
        self.assertEqual(rows[-1][4], 1)
        self.assertEqual(totals.rows()[3], [self.substitute.name, 1])
        self.assertFalse(
            SubstitutionBuilder(self.env, date(2035, 10, 1)).build().sheets[1].rows()[3:-1]
        )

    def test_diary_usage_counts_the_last_30_days(self):
        now = fields.Datetime.now()
        Log = self.env["school.login.log"].sudo()
        for days in (1, 2, 40):
            Log.create({"user_id": self.parent.id, "login_on": now - timedelta(days=days)})
        Ack = self.env["school.diary.acknowledgement"].sudo()
        for week, days in ((date(2035, 9, 3), 3), (date(2035, 9, 10), 2), (date(2035, 9, 17), 45)):
            Ack.create(
                {
                    "student_id": self.child.id,
                    "class_id": self.class_5a.id,
                    "week_start": week,
                    "partner_id": self.parent_partner.id,
                    "acknowledged_on": now - timedelta(days=days),
                }
            )
        lines = DiaryUsageBuilder(self.env, self.class_5a).lines()
        parent = next(line for line in lines if line["partner_id"] == self.parent_partner.id)
        self.assertEqual((parent["login_count"], parent["acknowledgement_count"]), (2, 2))
        self.assertEqual(parent["last_acknowledgement"], now - timedelta(days=2))
        self.assertEqual(parent["role"], "guardian")
