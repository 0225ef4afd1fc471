import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestClassReport(SchoolRecordsCase):
    """The summary statement and the period results, read back from the XLSX with
    openpyxl; the expected figures are worked out by hand from the marks below."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mark_3 = cls.env.ref("school_records.school_mark_value_3")
        cls.mark_na = cls.env.ref("school_records.school_mark_value_na")
        #              maths (q1, year)   history (q1, year)
        # child        5, 5               4, 4      -> good («4» and «5»)
        # classmate    3, 3               2, н/а    -> failing
        for assignment, student, q1, year in (
            (cls.assignment_5a, cls.child, cls.mark_5, cls.mark_5),
            (cls.assignment_5a_history, cls.child, cls.mark_4, cls.mark_4),
            (cls.assignment_5a, cls.classmate, cls.mark_3, cls.mark_3),
            (cls.assignment_5a_history, cls.classmate, cls.mark_2, cls.mark_na),
        ):
            cls._confirmed(assignment, student, "period", q1, cls.quarter_1)
            cls._confirmed(assignment, student, "year", year)
        # a proposal that is not confirmed does not count
        cls.env["school.period.mark"].create(
            {
                "student_id": cls.child.id,
                "assignment_id": cls.assignment_5a.id,
                "kind": "period",
                "period_id": cls.quarter_2.id,
                "proposed_value_id": cls.mark_2.id,
            }
        )

    @classmethod
    def _confirmed(cls, assignment, student, kind, value, period=None):
        return cls.env["school.period.mark"].create(
            {
                "student_id": student.id,
                "assignment_id": assignment.id,
                "kind": kind,
                "period_id": period and period.id,
                "value_id": value.id,
                "proposed_value_id": value.id,
                "state": "confirmed",
            }
        )

    def _workbook(self, user=None, **values):
        wizard = (
            self.env["school.class.report"]
            .with_user(user or self.deputy)
            .create({"year_id": self.year.id, "class_ids": [(6, 0, self.class_5a.ids)], **values})
        )
        wizard.action_print()
        self.assertTrue(wizard.file_name.endswith(".xlsx"))
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))

    def test_summary_statement_has_every_mark_in_its_cell(self):
        sheet = self._workbook(report="summary")["5А"]
        self.assertIn("Сводная ведомость", sheet["A1"].value)
        # columns: №, name, then per subject (by name) I II III IV Год Экз. Итог
        self.assertEqual(sheet["C3"].value, "История (тест)")
        self.assertEqual(sheet["J3"].value, "Математика (тест)")
        self.assertEqual([sheet.cell(4, c).value for c in range(3, 10)], ROW_HEADER)
        rows = {sheet.cell(r, 2).value: r for r in range(5, 7)}
        self.assertEqual(set(rows), {self.child.name, self.classmate.name})
        child, classmate = rows[self.child.name], rows[self.classmate.name]
        self.assertEqual(sheet.cell(child, 10).value, "5")  # maths, quarter I
        self.assertIn(sheet.cell(child, 11).value, (None, ""))  # quarter II: not confirmed
        self.assertEqual(sheet.cell(child, 14).value, "5")  # maths, year
        self.assertEqual(sheet.cell(classmate, 3).value, "2")  # history, quarter I
        self.assertEqual(sheet.cell(classmate, 7).value, "н/а")  # history, year
        self.assertEqual(sheet.cell(3, 17).value[:7], "Решение")
        self.assertEqual(sheet.freeze_panes, "C5")

    def test_results_of_the_period(self):
        book = self._workbook(report="results", period_id=self.quarter_1.id)
        sheet = book["5А"]
        lines = {sheet.cell(r, 1).value: r for r in range(4, 6)}
        maths, history = lines["Математика (тест)"], lines["История (тест)"]
        # «5» «4» «3» «2» н/а, total, success %, quality %
        self.assertEqual(
            [sheet.cell(maths, c).value for c in range(2, 10)], [1, 0, 1, 0, 0, 2, 100, 50]
        )
        self.assertEqual(
            [sheet.cell(history, c).value for c in range(2, 10)], [0, 1, 0, 1, 0, 2, 50, 50]
        )
        school = book["Школа"]
        # class, students, excellent, good, failing, success %, quality %
        self.assertEqual([school.cell(4, c).value for c in range(1, 8)], ["5А", 2, 0, 1, 1, 50, 50])

    def test_class_teacher_report_names_who_is_behind_every_count(self):
        # the child was ill at history on 07.09 (common set-up); the classmate skips maths
        self.env["school.attendance"].create(
            {"lesson_id": self.lesson_5a.id, "student_id": self.classmate.id, "kind": "absent"}
        )
        sheet = self._workbook(
            user=self.class_teacher, report="class_teacher", period_id=self.quarter_1.id
        )["5А"]
        self.assertIn("Отчет классного руководителя 5А", sheet["A1"].value)
        lines = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(3, sheet.max_row)}
        self.assertEqual(lines["Классный руководитель"], self.class_teacher.name)
        self.assertEqual(lines["На начало периода"], 2)
        self.assertEqual(lines["На конец периода"], 2)
        self.assertEqual(lines["Отличники (все «5»)"], "0")
        self.assertEqual(lines["Хорошисты («4» и «5»)"], f"1: {self.child.name}")
        self.assertEqual(
            lines["Неуспевающие («2» или н/а)"], f"1: {self.classmate.name} (История (тест))"
        )
        self.assertEqual(lines["Успеваемость, %"], 50)
        self.assertEqual(lines["Качество, %"], 50)
        self.assertEqual(lines["Пропущено уроков"], 2)
        self.assertEqual(lines["из них по болезни"], 1)
        self.assertEqual(lines["без уважительной причины"], 1)
        self.assertEqual(
            lines["Больше всех пропустили без уважительной причины"], f"{self.classmate.name} (1)"
        )

    def test_a_subject_teacher_reads_the_class_teacher_report_and_the_movement(self):
        # the teacher teaches maths in 5А without being its class teacher: the sizes of
        # the class come from enrollments they may not read themselves
        sheet = self._workbook(
            user=self.teacher, report="class_teacher", period_id=self.quarter_1.id
        )["5А"]
        lines = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(3, sheet.max_row)}
        self.assertEqual(lines["На начало периода"], 2)
        self.assertEqual(lines["На конец периода"], 2)
        self.assertEqual(lines["Прибыли"], "—")
        self.assertEqual(lines["Хорошисты («4» и «5»)"], f"1: {self.child.name}")
        sizes = self._workbook(user=self.teacher, report="movement")["Наполняемость"]
        # class, at the start, arrived, departed, at the end
        self.assertEqual([sizes.cell(4, c).value for c in range(1, 6)], ["5А", 2, 0, 0, 2])
        for report in ("class_teacher", "movement"):
            with self.subTest(report=report), self.assertRaises(AccessError):
                self.env["school.class.report"].with_user(self.teacher).create(
                    {
                        "report": report,
                        "year_id": self.year.id,
                        "class_ids": [(6, 0, self.class_6b.ids)],
                    }
                ).action_print()

    def test_year_results_count_the_na(self):
        sheet = self._workbook(report="results")["5А"]
        lines = {sheet.cell(r, 1).value: r for r in range(4, 6)}
        self.assertEqual(sheet.cell(lines["История (тест)"], 6).value, 1)  # one н/а

    def test_the_form_opens_for_a_subject_teacher(self):
        """«Отчёты → Ведомости класса» as the web client opens it: the filters offer only
        the students the teacher may read (it was «Ошибка доступа»)."""
        Report = self.env["school.class.report"].with_user(self.teacher)
        spec = {
            name: {"fields": {"display_name": {}}} if Report._fields[name].relational else {}
            for name in ("report", "year_id", "class_ids", "period_id", "subject_id")
            + ("student_id", "allowed_subject_ids", "allowed_student_ids")
        }
        values = Report.with_context(default_year_id=self.year.id).onchange({}, [], spec)["value"]
        offered = {command[1] for command in values["allowed_student_ids"] if command[0] in (1, 4)}
        self.assertIn(self.child.id, offered)
        self.assertNotIn(self.other_child.id, offered)

    def test_a_teacher_reads_only_the_classes_they_teach(self):
        self._workbook(user=self.teacher)  # teaches maths in 5А
        with self.assertRaises(AccessError):
            self.env["school.class.report"].with_user(self.teacher).create(
                {"year_id": self.year.id, "class_ids": [(6, 0, self.class_6b.ids)]}
            ).action_print()

    def test_attendance_by_month_and_reason(self):
        # the child was ill at history on 07.09 (common set-up); the classmate skips maths
        self.env["school.attendance"].create(
            {"lesson_id": self.lesson_5a.id, "student_id": self.classmate.id, "kind": "absent"}
        )
        self.env["school.attendance"].create(
            {
                "lesson_id": self.lesson_5a_substituted.id,
                "student_id": self.classmate.id,
                "kind": "late",
            }
        )
        sheet = self._workbook(report="attendance", period_id=self.quarter_1.id)["5А"]
        headers = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
        self.assertEqual(headers[2], "Сентябрь")  # the months of the quarter, then the totals
        rows = {sheet.cell(r, 2).value: r for r in range(4, 6)}
        column = {header: index + 1 for index, header in enumerate(headers)}

        def value(student, header):
            return sheet.cell(rows[student.name], column[header]).value

        self.assertEqual(value(self.child, "Сентябрь"), 1)
        self.assertEqual(value(self.child, "по болезни"), 1)
        self.assertEqual(value(self.child, "без уважительной причины"), 0)
        self.assertEqual(value(self.classmate, "Пропущено уроков"), 1)  # late is not missed
        self.assertEqual(value(self.classmate, "без уважительной причины"), 1)
        self.assertEqual(value(self.classmate, "опозданий"), 1)

    def test_attendance_has_the_class_totals(self):
        # the child was ill at history on 07.09 (common set-up); the classmate skips maths
        # once without a reason and is late once
        self.env["school.attendance"].create(
            [
                {"lesson_id": self.lesson_5a.id, "student_id": self.classmate.id, "kind": "absent"},
                {
                    "lesson_id": self.lesson_5a_substituted.id,
                    "student_id": self.classmate.id,
                    "kind": "late",
                },
            ]
        )
        sheet = self._workbook(report="attendance", period_id=self.quarter_1.id)["5А"]
        headers = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
        self.assertEqual(sheet.max_row, 6)  # the heading, two students, the totals
        self.assertEqual(sheet.cell(6, 1).value, "Итого по классу")
        totals = {header: sheet.cell(6, col).value for col, header in enumerate(headers, 1)}
        self.assertEqual(totals["Сентябрь"], 2)
        self.assertEqual(totals["Октябрь"], 0)
        self.assertEqual(totals["Пропущено уроков"], 2)
        self.assertEqual(totals["по болезни"], 1)
        self.assertEqual(totals["по уважительной причине"], 0)
        self.assertEqual(totals["без уважительной причины"], 1)
        self.assertEqual(totals["опозданий"], 1)

    def test_missed_topics_and_failing_marks_per_student(self):
        self._mark(self.lesson_5a_substituted, self.classmate, self.mark_2)
        sheet = self._workbook(report="gaps")["5А"]
        rows = [
            tuple(sheet.cell(r, c).value for c in range(1, 6)) for r in range(4, sheet.max_row + 1)
        ]
        self.assertEqual(
            rows,
            [
                (self.classmate.name, "08.09.2035", "Математика (тест)", "Тема урока", "2"),
                (self.child.name, "07.09.2035", "История (тест)", "Тема урока", "н"),
            ]
            if self.classmate.name < self.child.name
            else [
                (self.child.name, "07.09.2035", "История (тест)", "Тема урока", "н"),
                (self.classmate.name, "08.09.2035", "Математика (тест)", "Тема урока", "2"),
            ],
        )

    def test_movement_and_class_sizes(self):
        self.classmate.enrollment_ids.write(
            {
                "date_to": date(2035, 10, 10),
                "departure_reason": "transfer_out",
                "departed_to": "Школа № 5",
            }
        )
        newcomer = self.env["school.student"].create({"last_name": "Новиков", "first_name": "Ян"})
        self.env["school.enrollment"].create(
            {
                "student_id": newcomer.id,
                "class_id": self.class_5a.id,
                "date_from": date(2035, 10, 12),
                "arrival_reason": "transfer_in",
                "arrived_from": "Гимназия № 2",
            }
        )
        book = self._workbook(report="movement")
        rows = [[cell.value for cell in row] for row in book["Движение"].iter_rows(min_row=4)]
        self.assertEqual(rows[0][0], "Прибыли: 1")
        self.assertEqual(rows[1][:3], ["12.10.2035", "5А", newcomer.name])
        self.assertEqual(rows[1][4], "Гимназия № 2")
        self.assertEqual(rows[2][0], "Выбыли: 1")
        self.assertEqual(rows[3][:3], ["10.10.2035", "5А", self.classmate.name])
        self.assertEqual(rows[3][4], "Школа № 5")
        sizes = book["Наполняемость"]
        # class, at the start, arrived, departed, at the end
        self.assertEqual([sizes.cell(4, c).value for c in range(1, 6)], ["5А", 2, 1, 1, 2])
        # frozen under the heading, like the other sheets
        self.assertEqual(book["Движение"].freeze_panes, "A4")
        self.assertEqual(sizes.freeze_panes, "B4")

    def test_year_and_final_marks(self):
        sheet = self._workbook(report="final")["5А"]
        self.assertIn("Итоговые данные", sheet["A1"].value)
        # per subject: Год, Итог
        self.assertEqual([sheet.cell(4, c).value for c in range(3, 7)], ["Год", "Итог"] * 2)
        rows = {sheet.cell(r, 2).value: r for r in range(5, 7)}
        self.assertEqual(sheet.cell(rows[self.classmate.name], 3).value, "н/а")  # history
        self.assertEqual(sheet.cell(rows[self.child.name], 5).value, "5")  # maths

    def test_forecast_names_the_students_at_risk(self):
        # in quarter 1 the child has a «5» in maths (common set-up); the classmate a «2»
        self._mark(self.lesson_5a_substituted, self.classmate, self.mark_2)
        book = self._workbook(report="forecast", period_id=self.quarter_1.id)
        sheet = book["5А"]
        rows = {
            (sheet.cell(r, 1).value, sheet.cell(r, 2).value): [
                sheet.cell(r, c).value for c in range(3, 8)
            ]
            for r in range(4, sheet.max_row + 1)
        }
        # marks, average, forecast, risk, «5» needed for the next mark
        self.assertEqual(rows[self.child.name, "Математика (тест)"][:3], [1, 5, "5"])
        self.assertEqual(rows[self.classmate.name, "Математика (тест)"], [1, 2, "2", "«2»", 1])
        self.assertEqual(rows[self.child.name, "История (тест)"][2:4], ["н/а", "нет отметок"])
        risk = book["В зоне риска"]
        at_risk = {risk.cell(r, 2).value for r in range(4, risk.max_row + 1)}
        self.assertIn(self.classmate.name, at_risk)

    def test_forecast_of_a_half_year_for_a_class_in_quarters(self):
        """A half-year chosen for a class that works in quarters forecasts the class's
        quarter within that half-year (it was a server error)."""
        half_year = self.year.period_ids.filtered(
            lambda p: p.scheme == "half_year" and p.sequence == 1
        )
        self.assertTrue(half_year)
        book = self._workbook(report="forecast", period_id=half_year.id)
        self.assertIn(self.quarter_1.name, book["5А"]["A1"].value)
        rows = {
            (book["5А"].cell(r, 1).value, book["5А"].cell(r, 2).value): book["5А"].cell(r, 5).value
            for r in range(4, book["5А"].max_row + 1)
        }
        self.assertEqual(rows[self.child.name, "Математика (тест)"], "5")

    def test_fives_needed(self):
        from ..wizards.school_class_report import _fives_needed

        self.assertEqual(_fives_needed(2.0, 1.0, 2.5), 1)  # (2 + 5) / 2 = 3.5
        self.assertEqual(_fives_needed(4.0, 2.0, 2.5), 1)  # (4 + 5) / 3 = 3.0
        self.assertEqual(_fives_needed(9.0, 3.0, 3.5), 1)  # (9 + 5) / 4 = 3.5 exactly
        self.assertEqual(_fives_needed(6.0, 3.0, 3.5), 3)  # (6 + 15) / 6 = 3.5

    def test_control_works_results(self):
        control = self.env.ref("school_records.school_work_type_control")
        work = self._lesson(
            self.assignment_5a, date(2035, 10, 1), 1, topic="Дроби", work_type_id=control.id
        )
        self._mark(work, self.child, self.mark_5, work_type_id=control.id)
        self._mark(work, self.classmate, self.mark_2, work_type_id=control.id)
        sheet = self._workbook(report="control")["Контрольные работы"]
        row = [sheet.cell(4, c).value for c in range(1, 14)]
        self.assertEqual(row[:4], ["01.10.2035", "5А", "Математика (тест)", "Дроби"])
        # «5» «4» «3» «2» н/а, written, average, success %, quality %
        self.assertEqual(row[4:], [1, 0, 0, 1, 0, 2, 3.5, 50, 50])

    def test_control_works_per_class(self):
        control = self.env.ref("school_records.school_work_type_control")
        for assignment, day, marks in (
            (self.assignment_5a, date(2035, 10, 1), {self.child: "5", self.classmate: "2"}),
            (
                self.assignment_5a_history,
                date(2035, 10, 2),
                {self.child: "4", self.classmate: "3"},
            ),
            (self.assignment_6b, date(2035, 10, 3), {self.other_child: "4", self.sibling: "3"}),
        ):
            work = self._lesson(assignment, day, 1, topic="Контрольная", work_type_id=control.id)
            for student, code in marks.items():
                value = {"5": self.mark_5, "4": self.mark_4, "3": self.mark_3, "2": self.mark_2}
                self._mark(work, student, value[code], work_type_id=control.id)
        classes = [(6, 0, (self.class_5a | self.class_6b).ids)]
        sheet = self._workbook(report="control", class_ids=classes)["По классам"]
        self.assertEqual(
            [sheet.cell(3, c).value for c in range(1, 10)],
            ["Класс", "Работ", "5", "4", "3", "2", "Писали", "Успеваемость, %", "Качество, %"],
        )
        rows = {sheet.cell(r, 1).value: r for r in range(4, sheet.max_row + 1)}
        self.assertEqual(list(rows), ["5А", "6Б"])

        def line(name):
            return [sheet.cell(rows[name], c).value for c in range(2, 10)]

        # 5А: two works, 5 2 and 4 3: success 3 of 4, quality 2 of 4
        self.assertEqual(line("5А"), [2, 1, 1, 1, 1, 4, 75, 50])
        # 6Б: one work, 4 3: success 2 of 2, quality 1 of 2
        self.assertEqual(line("6Б"), [1, 0, 1, 1, 0, 2, 100, 50])
        # the history works only: 5А's one; 6Б, where no one teaches history, is left out
        book = self._workbook(report="control", class_ids=classes, subject_id=self.history.id)
        self.assertEqual(book["Контрольные работы"].max_row, 4)
        self.assertEqual(book["Контрольные работы"]["C4"].value, "История (тест)")
        sheet = book["По классам"]
        self.assertEqual(sheet.max_row, 4)
        self.assertEqual(
            [sheet.cell(4, c).value for c in range(1, 10)], ["5А", 1, 0, 1, 1, 0, 2, 100, 50]
        )

    def test_summary_of_one_subject_and_one_student(self):
        sheet = self._workbook(report="summary", subject_id=self.math.id, student_id=self.child.id)[
            "5А"
        ]
        self.assertIn(f"Математика (тест), {self.child.name}", sheet["A1"].value)
        # №, name, the maths columns, the council's decision; one student
        self.assertEqual(sheet["C3"].value, "Математика (тест)")
        self.assertEqual([sheet.cell(4, c).value for c in range(3, 10)], ROW_HEADER)
        self.assertEqual(sheet.cell(3, 10).value[:7], "Решение")
        self.assertEqual(sheet.max_column, 10)
        self.assertEqual(sheet.max_row, 5)
        self.assertEqual(sheet.cell(5, 2).value, self.child.name)
        self.assertEqual(sheet.cell(5, 3).value, "5")  # quarter I
        self.assertEqual(sheet.cell(5, 7).value, "5")  # year

    def test_final_marks_of_one_subject(self):
        sheet = self._workbook(report="final", subject_id=self.history.id)["5А"]
        self.assertEqual([sheet.cell(4, c).value for c in range(3, 5)], ["Год", "Итог"])
        self.assertEqual(sheet.cell(3, 3).value, "История (тест)")
        self.assertEqual(sheet.cell(3, 5).value[:7], "Решение")
        rows = {sheet.cell(r, 2).value: r for r in range(5, sheet.max_row + 1)}
        self.assertEqual(set(rows), {self.child.name, self.classmate.name})
        self.assertEqual(sheet.cell(rows[self.classmate.name], 3).value, "н/а")

    def test_results_of_one_subject(self):
        book = self._workbook(
            report="results", period_id=self.quarter_1.id, subject_id=self.history.id
        )
        sheet = book["5А"]
        self.assertEqual(sheet.cell(4, 1).value, "История (тест)")
        self.assertIsNone(sheet.cell(5, 1).value)  # no other subject, then the totals
        self.assertEqual(sheet.cell(6, 1).value, "Обучающихся")
        # the child's «4» makes a good student, the classmate's «2» a failing one
        school = book["Школа"]
        self.assertEqual([school.cell(4, c).value for c in range(1, 8)], ["5А", 2, 0, 1, 1, 50, 50])

    def test_gaps_of_one_student_or_one_subject(self):
        self._mark(self.lesson_5a_substituted, self.classmate, self.mark_2)

        def rows(**values):
            sheet = self._workbook(report="gaps", **values)["5А"]
            return [
                tuple(sheet.cell(r, c).value for c in range(1, 6))
                for r in range(4, sheet.max_row + 1)
            ]

        classmate = (self.classmate.name, "08.09.2035", "Математика (тест)", "Тема урока", "2")
        child = (self.child.name, "07.09.2035", "История (тест)", "Тема урока", "н")
        self.assertEqual(rows(student_id=self.classmate.id), [classmate])
        self.assertEqual(rows(subject_id=self.history.id), [child])
        self.assertEqual(rows(subject_id=self.history.id, student_id=self.classmate.id), [])

    def test_forecast_of_one_student_and_one_subject(self):
        self._mark(self.lesson_5a_substituted, self.classmate, self.mark_2)
        book = self._workbook(
            report="forecast",
            period_id=self.quarter_1.id,
            subject_id=self.math.id,
            student_id=self.classmate.id,
        )
        sheet = book["5А"]
        rows = [[sheet.cell(r, c).value for c in range(1, 8)] for r in range(4, sheet.max_row + 1)]
        # marks, average, forecast, risk, «5» needed for the next mark
        self.assertEqual(rows, [[self.classmate.name, "Математика (тест)", 1, 2, "2", "«2»", 1]])
        risk = book["В зоне риска"]
        self.assertEqual(
            [[risk.cell(r, c).value for c in range(1, 4)] for r in range(4, risk.max_row + 1)],
            [["5А", self.classmate.name, "Математика (тест)"]],
        )

    def test_the_filters_offer_the_chosen_classes_subjects_and_students(self):
        wizard = self.env["school.class.report"].create(
            {"year_id": self.year.id, "class_ids": [(6, 0, self.class_6b.ids)]}
        )
        self.assertEqual(wizard.allowed_subject_ids, self.math)
        self.assertEqual(wizard.allowed_student_ids, self.sibling | self.other_child)
        wizard.class_ids = self.class_5a | self.class_6b
        self.assertEqual(wizard.allowed_subject_ids, self.math | self.history)

    def test_a_student_of_another_class_or_a_filtered_pdf_is_refused(self):
        with self.assertRaises(UserError):
            self._workbook(report="summary", student_id=self.other_child.id)
        wizard = self.env["school.class.report"].create(
            {
                "report": "summary",
                "year_id": self.year.id,
                "class_ids": [(6, 0, self.class_5a.ids)],
                "subject_id": self.math.id,
            }
        )
        with self.assertRaises(UserError):
            wizard.action_print_pdf()
        # a filter the report does not have is no filter: the class teacher's report
        wizard.report = "class_teacher"
        self.assertEqual(wizard._subject_filter(), self.env["school.subject"])

    def test_completeness_of_the_journals_from_the_checks(self):
        check = self.env["school.journal.check"].create(
            {
                "class_id": self.class_5a.id,
                "date_from": date(2035, 9, 1),
                "date_to": date(2035, 9, 30),
            }
        )
        self.env["school.journal.check.finding"].create(
            [
                {
                    "check_id": check.id,
                    "kind": "no_topic",
                    "assignment_id": self.assignment_5a.id,
                    "count": 2,
                },
                {
                    "check_id": check.id,
                    "kind": "few_marks",
                    "assignment_id": self.assignment_5a.id,
                    "count": 1,
                },
                {
                    "check_id": check.id,
                    "kind": "no_topic",
                    "assignment_id": self.assignment_5a_history.id,
                    "count": 4,
                },
            ]
        )
        sheet = self._workbook(report="checks")["Журналы"]
        headers = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
        rows = {sheet.cell(r, 1).value: r for r in range(4, sheet.max_row + 1)}
        self.assertEqual(set(rows), {self.teacher.name, self.other_teacher.name})
        total = headers.index("Всего") + 1
        self.assertEqual(sheet.cell(rows[self.teacher.name], total).value, 3)
        self.assertEqual(sheet.cell(rows[self.other_teacher.name], total).value, 4)


ROW_HEADER = ["I", "II", "III", "IV", "Год", "Экз.", "Итог"]
