import io
import math
from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.xlsx import new_workbook
from .school_class_report_grid import GridBook

# The statements are paper forms the school signs and files: their headings are Russian
# whatever the reader's interface language is.
ROMAN = ("I", "II", "III", "IV", "V", "VI")
KIND_HEADERS = {"year": "Год", "exam": "Экз.", "final": "Итог"}
COUNTED = ("5", "4", "3", "2", "н/а")
TITLES = {
    "summary": "Сводная ведомость",
    "results": "Итоги успеваемости",
    "class_teacher": "Отчет классного руководителя",
    "attendance": "Посещаемость",
    "gaps": "Пропущенные темы",
    "movement": "Движение обучающихся",
    "final": "Итоговые данные по учащимся",
    "forecast": "Прогноз успеваемости",
    "control": "Контрольные работы ВСОКО",
    "checks": "Заполнение журналов",
}
# the statements signed on paper, which are also printed as PDF and registered
SIGNED_REPORTS = ("summary", "results", "class_teacher", "attendance")
# the reports a subject or a student narrows down (the wizard's form shows the filters)
SUBJECT_REPORTS = ("summary", "results", "gaps", "final", "forecast", "control")
STUDENT_REPORTS = ("summary", "gaps", "final", "forecast")
STATEMENT_REPORT = "school_records.school_class_statement_report"


class SchoolClassReport(models.TransientModel):
    """The class statements of seed 004 §4.3–4.5 as XLSX workbooks, one sheet a class:

    - «Сводная ведомость учета успеваемости обучающихся»: every student's period, year,
      exam and final marks for every subject, and the pedagogical council's decision;
    - «Итоги успеваемости класса за учебный период»: per subject the number of «5»,
      «4», «3», «2» and «н/а», the success and quality percentages, and the class's
      excellent, good and failing students.

    Only confirmed marks count: a proposal is the teacher's until confirmed."""

    _name = "school.class.report"
    _inherit = ["school.report.download.mixin"]
    _description = "Class Statements"

    report = fields.Selection(
        [
            ("summary", "Summary statement of results"),
            ("results", "Results of the period"),
            ("class_teacher", "Class teacher's report for the period"),
            ("attendance", "Attendance by month"),
            ("gaps", "Missed topics and unsatisfactory marks"),
            ("movement", "Movement of students and class sizes"),
            ("final", "Year and final marks per student"),
            ("forecast", "Forecast of the period marks"),
            ("control", "Control works (internal quality assessment)"),
            ("checks", "Completeness and timeliness of the journals"),
        ],
        required=True,
        default="summary",
    )
    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        default=lambda self: self._default_year(),
    )
    class_ids = fields.Many2many(
        "school.class",
        string="Classes",
        domain="[('year_id', '=', year_id)]",
        help="Leave empty for every class of the year you may read.",
    )
    period_id = fields.Many2one(
        "school.period",
        string="Period",
        domain="[('year_id', '=', year_id)]",
        help="A period, or empty for the whole year.",
    )
    subject_id = fields.Many2one(
        "school.subject",
        string="Subject",
        domain="[('id', 'in', allowed_subject_ids)]",
        help="Only this subject's columns or lines, or empty for every subject.",
    )
    student_id = fields.Many2one(
        "school.student",
        string="Student",
        domain="[('id', 'in', allowed_student_ids)]",
        help="Only this student's lines, or empty for the whole class.",
    )
    allowed_subject_ids = fields.Many2many("school.subject", compute="_compute_allowed")
    allowed_student_ids = fields.Many2many("school.student", compute="_compute_allowed")

    @api.model
    def _default_year(self):
        today = fields.Date.context_today(self)
        return self.env["school.academic.year"].search(
            [("date_start", "<=", today), ("date_end", ">=", today)], limit=1
        )

    @api.depends("year_id", "class_ids")
    def _compute_allowed(self):
        """The subjects taught and the students enrolled in the chosen classes (all the
        year's if none): what the subject and the student filters offer."""
        for wizard in self:
            classes = wizard.class_ids or self.env["school.class"].search(
                [("year_id", "=", wizard.year_id.id)]
            )
            wizard.allowed_subject_ids = self.env["school.subject"].union(
                *wizard._class_subjects(classes).values()
            )
            students = self.env["school.student"].union(*wizard._class_students(classes).values())
            # the filter offers only the students the user may read
            wizard.allowed_student_ids = students.sudo(False)._filtered_access("read")

    @api.onchange("year_id", "class_ids")
    def _onchange_classes(self):
        if self.subject_id not in self.allowed_subject_ids:
            self.subject_id = False
        if self.student_id not in self.allowed_student_ids:
            self.student_id = False

    def _subject_filter(self):
        """The subject the report is limited to: none where the report has no such filter."""
        return self.subject_id if self.report in SUBJECT_REPORTS else self.env["school.subject"]

    def _student_filter(self):
        """The student the report is limited to: none where the report has no such filter."""
        return self.student_id if self.report in STUDENT_REPORTS else self.env["school.student"]

    def _filtered_classes(self, classes):
        """The classes the chosen subject is taught in and the chosen student studies in."""
        subject, student = self._subject_filter(), self._student_filter()
        if not subject and not student:
            return classes
        if subject:
            subjects = self._class_subjects(classes)
            classes = classes.filtered(lambda c: subject in subjects[c])
        if student:
            students = self._class_students(classes)
            classes = classes.filtered(lambda c: student in students[c])
        if not classes:
            raise UserError(_("The chosen classes have no such subject or student this year."))
        return classes

    def _filters_title(self):
        """What the report is limited to, for its titles: «, Математика, Иванов Пётр»."""
        names = (self._subject_filter().name, self._student_filter().name)
        return "".join(f", {name}" for name in names if name)

    # who may read which class -----------------------------------------------------------
    def _classes(self):
        """The chosen classes (all of the year if none), checked against the reader."""
        classes = self.class_ids or self.env["school.class"].search(
            [("year_id", "=", self.year_id.id)]
        )
        user = self.env.user
        if self.env.is_superuser() or user.has_group("school_records.group_deputy"):
            return classes.sorted(lambda c: (c.level_number, c.letter))
        own = self.env["school.class"].search(
            [
                ("id", "in", classes.ids),
                "|",
                ("class_teacher_id", "=", user.id),
                ("assignment_ids.teacher_id", "=", user.id),
            ]
        )
        if self.class_ids - own:
            raise AccessError(
                _(
                    "You may not read the statements of %s.",
                    ", ".join((self.class_ids - own).mapped("name")),
                )
            )
        if not own:
            raise UserError(_("You teach no class of this year."))
        return own.sorted(lambda c: (c.level_number, c.letter))

    # the data, in a handful of queries for the whole school -------------------------------
    def _students(self, classes):
        """{class: the report's students}: the chosen student, or every one of the class."""
        student = self._student_filter()
        students = self._class_students(classes)
        return {c: s & student if student else s for c, s in students.items()}

    def _subjects(self, classes):
        """{class: the report's subjects}: the chosen subject, or every one of the class."""
        subject = self._subject_filter()
        subjects = self._class_subjects(classes)
        return {c: s & subject if subject else s for c, s in subjects.items()}

    def _students_on(self, classes, day):
        """{class: students enrolled on `day`}, read as superuser: a subject teacher may
        not read the enrollments, and `_classes()` checked they may read the class."""
        return classes.sudo()._students_on(day)

    def _class_students(self, classes):
        """{class: students enrolled during the year, by name}."""
        enrollments = (
            self.env["school.enrollment"]
            .sudo()
            .search_fetch(
                [
                    ("class_id", "in", classes.ids),
                    ("date_from", "<=", self.year_id.date_end),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", self.year_id.date_start),
                ],
                ["class_id", "student_id"],
            )
        )
        result = defaultdict(lambda: self.env["school.student"].sudo())
        for enrollment in enrollments:
            result[enrollment.class_id] |= enrollment.student_id
        return {c: result[c].sorted("name") for c in classes}

    def _class_subjects(self, classes):
        """{class: the subjects taught in it, in their order}."""
        assignments = (
            self.env["school.teaching.assignment"]
            .sudo()
            .search_fetch([("class_id", "in", classes.ids)], ["class_id", "subject_id"])
        )
        result = defaultdict(lambda: self.env["school.subject"])
        for assignment in assignments:
            result[assignment.class_id] |= assignment.subject_id
        return {c: result[c].sorted(lambda s: (s.sequence, s.name)) for c in classes}

    def _marks(self, classes):
        """{(class id, student id, subject id, kind, period id or None): code} of the
        confirmed marks, in one query."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT pm.class_id, pm.student_id, pm.subject_id, pm.kind, pm.period_id, v.code
              FROM school_period_mark pm
              JOIN school_mark_value v ON v.id = pm.value_id
             WHERE pm.class_id = ANY(%s) AND pm.state = 'confirmed'
            """,
            [classes.ids],
        )
        return {tuple(row[:5]): row[5] for row in self.env.cr.fetchall()}

    def _periods(self, school_class):
        return self.year_id.period_ids.filtered(
            lambda p: p.scheme == (school_class.period_scheme or "quarter")
        ).sorted("date_start")

    def _council_decisions(self, classes):
        """{(class id, student id): the decision as written in the statement}. The
        archive addon, which keeps the council's protocols, fills it in."""
        return {}

    # the workbook ----------------------------------------------------------------------------
    def action_print(self):
        self.ensure_one()
        content = self._workbook()
        return self._download(content, self._file_name())

    def _file_name(self):
        return f"{TITLES[self.report]} {self.year_id.name.replace('/', '-')}.xlsx"

    def _workbook(self):
        classes = self._filtered_classes(self._classes())
        output = io.BytesIO()
        book = new_workbook(self.env, output)
        self._writer()(book, _styles(book), classes)
        book.close()
        return output.getvalue()

    def _writer(self):
        """The method that writes the chosen report into a book (an xlsxwriter workbook
        or a recording ``GridBook``): ``writer(book, styles, classes)``."""
        return {
            "summary": self._write_summary,
            "results": self._write_results,
            "class_teacher": self._write_class_teacher,
            "attendance": self._write_attendance,
            "gaps": self._write_gaps,
            "movement": self._write_movement,
            "final": self._write_final,
            "forecast": self._write_forecast,
            "control": self._write_control,
            "checks": self._write_checks,
        }[self.report]

    # the PDF statement ---------------------------------------------------------------------
    def action_print_pdf(self):
        """Registers the statement (number, checksum, QR code) and prints it."""
        self.ensure_one()
        if self.report not in SIGNED_REPORTS:
            raise UserError(_("This report is only produced as an XLSX workbook."))
        if self._subject_filter() or self._student_filter():
            raise UserError(
                _(
                    "A signed statement covers whole classes: clear the subject and the "
                    "student to print it, or download the XLSX."
                )
            )
        statement = self.env["school.class.statement"].create(
            {
                "report": self.report,
                "year_id": self.year_id.id,
                "period_id": self.period_id.id if self.report != "summary" else False,
                "class_ids": [fields.Command.set(self.class_ids.ids)],
            }
        )
        return self.env.ref(STATEMENT_REPORT).report_action(statement)

    def _grid(self, classes):
        """The report's sheets as plain JSON, recorded from the same writer as the
        XLSX; a sheet of a class names its class teacher for the signature line."""
        book = GridBook()
        self._writer()(book, book.styles(), classes)
        teachers = {c.name: c.class_teacher_id.name or "" for c in classes}
        return [
            {**sheet.content(), "class_teacher": teachers.get(sheet.name, "")}
            for sheet in book.sheets
        ]

    def _sheet(self, book, styles, name, title, columns, header_rows):
        sheet = book.add_worksheet(name[:31])
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_rows[0], header_rows[1])
        sheet.merge_range(0, 0, 0, max(columns - 1, 1), title, styles["title"])
        sheet.set_header(f"&C{title}")
        sheet.set_footer("&CСтр. &P из &N")
        return sheet

    def _write_final(self, book, styles, classes):
        """«Итоговые данные по учащимся»: the year and final marks of every subject."""
        self._write_summary(book, styles, classes, with_periods=False)

    def _write_summary(self, book, styles, classes, with_periods=True):
        students, subjects = self._students(classes), self._subjects(classes)
        marks, decisions = self._marks(classes), self._council_decisions(classes)
        for school_class in classes:
            periods = self._periods(school_class) if with_periods else []
            columns = [
                ("period", period.id, ROMAN[index] if index < len(ROMAN) else period.name)
                for index, period in enumerate(periods)
            ]
            columns += [
                (kind, None, header)
                for kind, header in KIND_HEADERS.items()
                if with_periods or kind != "exam"
            ]
            width = 2 + len(subjects[school_class]) * len(columns) + 1
            what = "Сводная ведомость учета успеваемости" if with_periods else "Итоговые данные"
            title = (
                f"{what} обучающихся {school_class.name} класса, {self.year_id.name} учебный год"
                f"{self._filters_title()}"
            )
            sheet = self._sheet(book, styles, school_class.name, title, width, (2, 3))
            sheet.write(2, 0, "№", styles["head"])
            sheet.write(2, 1, "Фамилия, имя обучающегося", styles["head"])
            sheet.write(3, 0, "", styles["head"])
            sheet.write(3, 1, "", styles["head"])
            sheet.set_column(0, 0, 4)
            sheet.set_column(1, 1, 28)
            col = 2
            for subject in subjects[school_class]:
                sheet.merge_range(2, col, 2, col + len(columns) - 1, subject.name, styles["head"])
                for offset, (_kind, _period, header) in enumerate(columns):
                    sheet.write(3, col + offset, header, styles["head"])
                col += len(columns)
            sheet.set_column(2, col - 1, 4.5)
            sheet.write(2, col, "Решение педагогического совета (дата и номер)", styles["head"])
            sheet.write(3, col, "", styles["head"])
            sheet.set_column(col, col, 40)
            for row, student in enumerate(students[school_class], start=4):
                sheet.write(row, 0, row - 3, styles["cell"])
                sheet.write(row, 1, student.name, styles["name"])
                col = 2
                for subject in subjects[school_class]:
                    for kind, period_id, _header in columns:
                        key = (school_class.id, student.id, subject.id, kind, period_id)
                        sheet.write(row, col, marks.get(key, ""), styles["cell"])
                        col += 1
                decision = decisions.get((school_class.id, student.id), "")
                sheet.write(row, col, decision, styles["name"])
            sheet.freeze_panes(4, 2)

    def _write_results(self, book, styles, classes):
        if self.period_id:
            classes = classes.filtered(
                lambda c: (c.period_scheme or "quarter") == self.period_id.scheme
            )
        kind, period_id = ("period", self.period_id.id) if self.period_id else ("year", None)
        students, subjects, marks = (
            self._students(classes),
            self._subjects(classes),
            self._marks(classes),
        )
        what = self.period_id.name if self.period_id else f"{self.year_id.name} учебный год"
        what += self._filters_title()
        overview = self._sheet(book, styles, "Школа", f"Итоги успеваемости: {what}", 7, (2, 2))
        headers = ("Класс", "Обучающихся", "Отличников", "Хорошистов", "Неуспевающих")
        for col, header in enumerate(headers + ("Успеваемость, %", "Качество, %")):
            overview.write(2, col, header, styles["head"])
        overview.set_column(0, 6, 14)
        for row, school_class in enumerate(classes, start=3):
            results = _class_results(
                students[school_class],
                subjects[school_class],
                lambda student, subject, c=school_class: marks.get(
                    (c.id, student.id, subject.id, kind, period_id)
                ),
            )
            self._write_class_results(book, styles, school_class, what, results)
            totals = results["totals"]
            overview.write(row, 0, school_class.name, styles["name"])
            for col, key in enumerate(
                ("students", "excellent", "good", "failing", "success", "quality"), start=1
            ):
                overview.write(row, col, totals[key], styles["cell"])
        overview.freeze_panes(3, 1)

    def _write_class_results(self, book, styles, school_class, what, results):
        title = f"Итоги успеваемости {school_class.name} класса: {what}"
        sheet = self._sheet(book, styles, school_class.name, title, 10, (2, 2))
        headers = ("Предмет", *COUNTED, "Всего", "Успеваемость, %", "Качество, %")
        for col, header in enumerate(headers):
            sheet.write(2, col, header, styles["head"])
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 9, 10)
        row = 3
        for line in results["subjects"]:
            sheet.write(row, 0, line["subject"], styles["name"])
            for col, code in enumerate(COUNTED, start=1):
                sheet.write(row, col, line["counts"][code], styles["cell"])
            sheet.write(row, 6, line["total"], styles["cell"])
            sheet.write(row, 7, line["success"], styles["cell"])
            sheet.write(row, 8, line["quality"], styles["cell"])
            row += 1
        totals = results["totals"]
        row += 1
        for label, key in (
            ("Обучающихся", "students"),
            ("Отличников (все «5»)", "excellent"),
            ("Хорошистов («4» и «5»)", "good"),
            ("С одной «3»", "one_three"),
            ("Неуспевающих («2» или н/а)", "failing"),
            ("Успеваемость, %", "success"),
            ("Качество, %", "quality"),
        ):
            sheet.write(row, 0, label, styles["name"])
            sheet.write(row, 1, totals[key], styles["cell"])
            row += 1
        sheet.freeze_panes(3, 1)

    def _write_class_teacher(self, book, styles, classes):
        """«Отчет классного руководителя за учебный период»: the class's movement, results
        with the names behind every count, and attendance, on one page to sign."""
        date_from, date_to, what = self._range()
        kind, period_id = ("period", self.period_id.id) if self.period_id else ("year", None)
        students, subjects = self._students(classes), self._subjects(classes)
        marks = self._marks(classes)
        absences = self._absence_counts(classes, date_from, date_to)
        at_start = self._students_on(classes, date_from)
        at_end = self._students_on(classes, date_to)
        for school_class in classes:
            results = _class_results(
                students[school_class],
                subjects[school_class],
                lambda student, subject, c=school_class: marks.get(
                    (c.id, student.id, subject.id, kind, period_id)
                ),
            )
            title = f"Отчет классного руководителя {school_class.name} класса: {what}"
            sheet = self._sheet(book, styles, school_class.name, title, 2, (0, 0))
            sheet.set_column(0, 0, 44)
            sheet.set_column(1, 1, 60)
            rows = [("Классный руководитель", school_class.class_teacher_id.name or "")]
            rows += self._class_teacher_movement(school_class, at_start, at_end)
            rows += self._class_teacher_results(results)
            rows += self._class_teacher_attendance(school_class, absences)
            row = 2
            for label, value in rows:
                if value is None:
                    sheet.merge_range(row, 0, row, 1, label, styles["head"])
                else:
                    sheet.write(row, 0, label, styles["name"])
                    sheet.write(row, 1, value, styles["name"])
                row += 1
            sheet.write(row + 1, 0, "Классный руководитель ____________________")
            sheet.write(row + 1, 1, "Дата ____________")

    @staticmethod
    def _class_teacher_movement(school_class, at_start, at_end):
        start, end = at_start[school_class], at_end[school_class]
        return [
            ("Движение обучающихся", None),
            ("На начало периода", len(start)),
            ("Прибыли", ", ".join((end - start).sorted("name").mapped("name")) or "—"),
            ("Выбыли", ", ".join((start - end).sorted("name").mapped("name")) or "—"),
            ("На конец периода", len(end)),
        ]

    @staticmethod
    def _class_teacher_results(results):
        totals, names = results["totals"], results["names"]

        def listed(key):
            return f"{totals[key]}: {', '.join(names[key])}" if names[key] else "0"

        return [
            ("Успеваемость", None),
            ("Отличники (все «5»)", listed("excellent")),
            ("Хорошисты («4» и «5»)", listed("good")),
            ("С одной «3» (резерв)", listed("one_three")),
            ("Неуспевающие («2» или н/а)", listed("failing")),
            ("Успеваемость, %", totals["success"]),
            ("Качество, %", totals["quality"]),
        ]

    @staticmethod
    def _class_teacher_attendance(school_class, absences):
        missed = defaultdict(int)
        unexcused = defaultdict(int)
        for (class_id, student_id, _month, kind), count in absences.items():
            if class_id != school_class.id or kind == "late":
                continue
            missed[kind] += count
            if kind == "absent":
                unexcused[student_id] += count
        worst = sorted(unexcused.items(), key=lambda item: -item[1])[:5]
        students = {s.id: s.name for s in school_class.env["school.student"].browse(unexcused)}
        return [
            ("Посещаемость", None),
            ("Пропущено уроков", sum(missed.values())),
            ("из них по болезни", missed["ill"]),
            ("по уважительной причине", missed["excused"]),
            ("без уважительной причины", missed["absent"]),
            (
                "Больше всех пропустили без уважительной причины",
                ", ".join(f"{students[s]} ({count})" for s, count in worst) or "—",
            ),
        ]

    # attendance and the gaps to make up ---------------------------------------------------
    def _range(self):
        if self.period_id:
            return self.period_id.date_start, self.period_id.date_end, self.period_id.name
        return self.year_id.date_start, self.year_id.date_end, f"{self.year_id.name} учебный год"

    def _absence_counts(self, classes, date_from, date_to):
        """{(class id, student id, month, kind): lessons} in one GROUP BY."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT l.class_id, a.student_id, date_trunc('month', a.date)::date, a.kind, count(*)
              FROM school_attendance a
              JOIN school_lesson l ON l.id = a.lesson_id
             WHERE l.class_id = ANY(%s) AND a.date BETWEEN %s AND %s
             GROUP BY 1, 2, 3, 4
            """,
            [classes.ids, date_from, date_to],
        )
        return {tuple(row[:4]): row[4] for row in self.env.cr.fetchall()}

    def _write_attendance(self, book, styles, classes):
        """«Отчет о посещаемости класса (по месяцам)» and «Сводная ведомость учета
        посещаемости»: lessons missed per month, and of them for illness, excused and
        without a reason; late arrivals apart, as they are not missed lessons."""
        date_from, date_to, what = self._range()
        counts, students = (
            self._absence_counts(classes, date_from, date_to),
            self._students(classes),
        )
        months = _months(date_from, date_to)
        headers = ["№", "Фамилия, имя обучающегося", *(_month_name(m) for m in months)]
        headers += ["Пропущено уроков", "по болезни", "по уважительной причине"]
        headers += ["без уважительной причины", "опозданий"]
        for school_class in classes:
            title = f"Посещаемость {school_class.name} класса: {what}"
            sheet = self._sheet(book, styles, school_class.name, title, len(headers), (2, 2))
            for col, header in enumerate(headers):
                sheet.write(2, col, header, styles["head"])
            sheet.set_column(0, 0, 4)
            sheet.set_column(1, 1, 28)
            sheet.set_column(2, len(headers) - 1, 11)
            totals = [0] * (len(headers) - 2)
            row = 2
            for row, student in enumerate(students[school_class], start=3):

                def count(month, kinds, c=school_class.id, s=student.id):
                    return sum(counts.get((c, s, month, kind), 0) for kind in kinds)

                missed = ("absent", "ill", "excused")
                values = [row - 2, student.name, *(count(m, missed) for m in months)]
                values += [sum(count(m, missed) for m in months)]
                values += [
                    sum(count(m, (kind,)) for m in months)
                    for kind in (*missed[1:], "absent", "late")
                ]
                for col, value in enumerate(values):
                    sheet.write(row, col, value, styles["name" if col == 1 else "cell"])
                totals = [total + value for total, value in zip(totals, values[2:], strict=True)]
            sheet.merge_range(row + 1, 0, row + 1, 1, "Итого по классу", styles["head"])
            for col, value in enumerate(totals, start=2):
                sheet.write(row + 1, col, value, styles["head"])
            sheet.freeze_panes(3, 2)

    def _gaps(self, classes, date_from, date_to):
        """{(class id, student id): [(date, subject id, topic, what)]}: the lessons missed
        and the unsatisfactory marks, with the lesson's topic to make up."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT l.class_id, a.student_id, l.date, l.subject_id, l.topic, 'н' AS what
              FROM school_attendance a
              JOIN school_lesson l ON l.id = a.lesson_id
             WHERE l.class_id = ANY(%(classes)s) AND a.date BETWEEN %(start)s AND %(end)s
               AND a.kind != 'late'
            UNION ALL
            SELECT l.class_id, m.student_id, l.date, l.subject_id, l.topic, v.code
              FROM school_mark m
              JOIN school_mark_value v ON v.id = m.value_id AND v.is_failing
              JOIN school_lesson l ON l.id = m.lesson_id
             WHERE l.class_id = ANY(%(classes)s) AND m.date BETWEEN %(start)s AND %(end)s
             ORDER BY 3
            """,
            {"classes": classes.ids, "start": date_from, "end": date_to},
        )
        result = defaultdict(list)
        subject = self._subject_filter()
        for class_id, student_id, day, subject_id, topic, what in self.env.cr.fetchall():
            if not subject or subject_id == subject.id:
                result[class_id, student_id].append((day, subject_id, topic, what))
        return result

    def _write_gaps(self, book, styles, classes):
        """Seed 001 §5.3: per student the topics of the missed lessons and of the
        unsatisfactory marks, for the teachers' corrective work."""
        date_from, date_to, what = self._range()
        what += self._filters_title()
        gaps, students = self._gaps(classes, date_from, date_to), self._students(classes)
        subjects = {s.id: s.name for s in self.env["school.subject"].sudo().search([])}
        headers = ("Обучающийся", "Дата", "Предмет", "Тема урока", "Пропуск / отметка")
        for school_class in classes:
            title = f"Пропущенные темы и неудовлетворительные отметки, {school_class.name}: {what}"
            sheet = self._sheet(book, styles, school_class.name, title, len(headers), (2, 2))
            for col, header in enumerate(headers):
                sheet.write(2, col, header, styles["head"])
            sheet.set_column(0, 0, 28)
            sheet.set_column(1, 1, 11)
            sheet.set_column(2, 2, 20)
            sheet.set_column(3, 3, 50)
            sheet.set_column(4, 4, 12)
            row = 3
            for student in students[school_class]:
                for day, subject_id, topic, mark in gaps.get((school_class.id, student.id), []):
                    values = (student.name, day.strftime("%d.%m.%Y"), subjects.get(subject_id))
                    for col, value in enumerate((*values, topic or "", mark)):
                        sheet.write(row, col, value, styles["name"])
                    row += 1
            sheet.freeze_panes(3, 1)

    def _write_movement(self, book, styles, classes):
        """«Движение обучающихся» (arrivals after the first day and departures, with
        where from, where to, why and the order) and «Наполняемость классов»."""
        date_from, date_to, what = self._range()
        russian = self.env["res.lang"]._lang_get("ru_RU")
        Enrollment = (
            self.env["school.enrollment"].sudo().with_context(lang=russian.code or self.env.lang)
        )
        enrollments = Enrollment.search([("class_id", "in", classes.ids)], order="date_from, id")
        arrivals = enrollments.filtered(lambda e: date_from < e.date_from <= date_to)
        departures = enrollments.filtered(
            lambda e: e.date_to and date_from <= e.date_to < date_to
        ).sorted("date_to")
        arrival_reasons = dict(
            Enrollment._fields["arrival_reason"]._description_selection(Enrollment.env)
        )
        departure_reasons = dict(
            Enrollment._fields["departure_reason"]._description_selection(Enrollment.env)
        )
        sheet = self._sheet(book, styles, "Движение", f"Движение обучающихся: {what}", 6, (2, 2))
        headers = ("Дата", "Класс", "Обучающийся", "Причина", "Откуда / куда", "Приказ")
        for col, header in enumerate(headers):
            sheet.write(2, col, header, styles["head"])
        sheet.set_column(0, 1, 11)
        sheet.set_column(2, 5, 28)
        row = 3
        sections = (
            ("Прибыли", arrivals, "date_from", arrival_reasons, "arrival"),
            ("Выбыли", departures, "date_to", departure_reasons, "departure"),
        )
        for title, records, day, reasons, side in sections:
            reason, order = f"{side}_reason", f"{side}_order"
            place = "arrived_from" if side == "arrival" else "departed_to"
            sheet.merge_range(row, 0, row, 5, f"{title}: {len(records)}", styles["head"])
            row += 1
            for enrollment in records:
                values = (
                    enrollment[day].strftime("%d.%m.%Y"),
                    enrollment.class_id.name,
                    enrollment.student_id.name,
                    reasons.get(enrollment[reason], ""),
                    enrollment[place] or "",
                    enrollment[order] or "",
                )
                for col, value in enumerate(values):
                    sheet.write(row, col, value, styles["name"])
                row += 1
        sheet.freeze_panes(3, 0)
        sizes = self._sheet(
            book, styles, "Наполняемость", f"Наполняемость классов: {what}", 5, (2, 2)
        )
        headers = ("Класс", "На начало", "Прибыло", "Выбыло", "На конец")
        for col, header in enumerate(headers):
            sizes.write(2, col, header, styles["head"])
        sizes.set_column(0, 4, 12)
        at_start = self._students_on(classes, date_from)
        at_end = self._students_on(classes, date_to)
        for row, school_class in enumerate(classes, start=3):
            values = (
                school_class.name,
                len(at_start[school_class]),
                len(arrivals.filtered(lambda e, c=school_class: e.class_id == c)),
                len(departures.filtered(lambda e, c=school_class: e.class_id == c)),
                len(at_end[school_class]),
            )
            for col, value in enumerate(values):
                sizes.write(row, col, value, styles["name" if col == 0 else "cell"])
        sizes.freeze_panes(3, 1)

    # the forecast ------------------------------------------------------------------------------
    def _forecast_period(self, school_class):
        """The class's own period to forecast: the chosen one, or — when the class works
        in other periods (a half-year chosen for a class in quarters) — its period within
        the chosen one that has started by today; without a choice, the current one."""
        today = fields.Date.context_today(self)
        periods = self._periods(school_class)
        if self.period_id:
            if self.period_id in periods:
                return self.period_id
            chosen = self.period_id
            periods = periods.filtered(
                lambda p: p.date_start <= chosen.date_end and p.date_end >= chosen.date_start
            )
        started = periods.filtered(lambda p: p.date_start <= today)
        return started[-1:] or periods[:1] or None

    def _averages(self, classes, periods):
        """{(class id, student id, subject id): (weighted sum, weights, marks)}."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT l.class_id, m.student_id, l.subject_id,
                   SUM(m.numeric_value * m.weight), SUM(m.weight), COUNT(*)
              FROM school_mark m
              JOIN school_lesson l ON l.id = m.lesson_id
             WHERE l.class_id = ANY(%s) AND m.period_id = ANY(%s) AND m.counts_in_average
             GROUP BY 1, 2, 3
            """,
            [classes.ids, periods.ids],
        )
        return {tuple(row[:3]): row[3:] for row in self.env.cr.fetchall()}

    def _write_forecast(self, book, styles, classes):
        """Seed 002 §2.5.6: the period mark the current marks lead to, the students at
        risk of «2» or «н/а», and how many «5» would lift the mark to the next one."""
        periods = {c: self._forecast_period(c) for c in classes}
        classes = classes.filtered(lambda c: periods[c])
        if not classes:
            raise UserError(
                self.env._("None of the chosen classes has a period to forecast in this year.")
            )
        all_periods = self.env["school.period"].union(*(periods[c] for c in classes))
        averages = self._averages(classes, all_periods)
        students, subjects = self._students(classes), self._subjects(classes)
        propose = self.env["school.mark.value"]._proposer()
        company = self.env.company
        minimum = company.school_min_marks_per_period
        boundaries = {
            "2": company.school_boundary_3,
            "3": company.school_boundary_4,
            "4": company.school_boundary_5,
        }
        headers = ("Обучающийся", "Предмет", "Отметок", "Средний балл", "Прогноз", "Риск")
        headers += ("Нужно «5» до следующей отметки",)
        risk = self._sheet(book, styles, "В зоне риска", "Обучающиеся в зоне риска", 7, (2, 2))
        for col, header in enumerate(("Класс", *headers[:-1])):
            risk.write(2, col, header, styles["head"])
        risk.set_column(0, 6, 18)
        risk_row = 3
        for school_class in classes:
            title = f"Прогноз успеваемости {school_class.name} класса: {periods[school_class].name}"
            title += self._filters_title()
            sheet = self._sheet(book, styles, school_class.name, title, len(headers), (2, 2))
            for col, header in enumerate(headers):
                sheet.write(2, col, header, styles["head"])
            sheet.set_column(0, 1, 26)
            sheet.set_column(2, 6, 14)
            row = 3
            for student in students[school_class]:
                for subject in subjects[school_class]:
                    weighted, weights, count = averages.get(
                        (school_class.id, student.id, subject.id), (0.0, 0.0, 0)
                    )
                    average = weighted / weights if weights else None
                    code = propose(average).code if average is not None else "н/а"
                    reason = (
                        "нет отметок"
                        if average is None
                        else "«2»"
                        if code == "2"
                        else "мало отметок"
                        if count < minimum
                        else ""
                    )
                    needed = _fives_needed(weighted, weights, boundaries.get(code))
                    values = (
                        student.name,
                        subject.name,
                        count,
                        round(average, 2) if average is not None else "",
                        code,
                        reason,
                        needed if needed is not None else "",
                    )
                    for col, value in enumerate(values):
                        sheet.write(row, col, value, styles["name" if col < 2 else "cell"])
                    row += 1
                    if reason:
                        for col, value in enumerate((school_class.name, *values[:-1])):
                            risk.write(risk_row, col, value, styles["name"])
                        risk_row += 1
            sheet.freeze_panes(3, 2)

    # control works and the completeness of the journals ---------------------------------
    def _control_works(self, classes, date_from, date_to):
        """{lesson id: {class, date, subject, topic, codes, sum, counted, vsoko}}: the
        marks of every control work of the range (of the chosen subject, if any), in date
        order; ``vsoko`` for the works of the internal quality monitoring (their work
        type's «ВСОКО» flag)."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT l.id, l.class_id, l.date, l.subject_id, l.topic, v.code, v.numeric_value,
                   v.counts_in_average, count(m.id), w.is_vsoko
              FROM school_lesson l
              JOIN school_work_type w ON w.id = l.work_type_id AND (w.is_control OR w.is_vsoko)
              LEFT JOIN school_mark m ON m.lesson_id = l.id
              LEFT JOIN school_mark_value v ON v.id = m.value_id
             WHERE l.class_id = ANY(%s) AND l.date BETWEEN %s AND %s
             GROUP BY l.id, v.id, w.id
             ORDER BY l.date, l.id
            """,
            [classes.ids, date_from, date_to],
        )
        subject = self._subject_filter()
        works = {}
        for (
            lesson_id,
            class_id,
            day,
            subject_id,
            topic,
            code,
            value,
            counted,
            count,
            vsoko,
        ) in self.env.cr.fetchall():
            if subject and subject_id != subject.id:
                continue
            work = works.setdefault(
                lesson_id,
                {"class": class_id, "date": day, "subject": subject_id, "topic": topic,
                 "codes": defaultdict(int), "sum": 0.0, "counted": 0, "vsoko": bool(vsoko)},
            )  # fmt: skip
            if code:
                work["codes"][code] += count
                if counted:
                    work["sum"] += value * count
                    work["counted"] += count
        return works

    def _write_control(self, book, styles, classes):
        """ВСОКО: the results of every control work of the range, per class and work,
        then per class over all its works. The works of the internal quality monitoring
        (seed 001 §5.3: a work type flagged «ВСОКО») are kept apart on their own sheets,
        «ВСОКО» and «ВСОКО по классам»; the teachers' own control works stay on
        «Контрольные работы» and «По классам»."""
        date_from, date_to, what = self._range()
        what += self._filters_title()
        works = self._control_works(classes, date_from, date_to)
        vsoko = {key: work for key, work in works.items() if work["vsoko"]}
        if vsoko:
            self._write_control_works(
                book, styles, classes, vsoko, "ВСОКО", f"Контрольные работы ВСОКО: {what}"
            )
            self._write_control_classes(
                book, styles, classes, vsoko, what, name="ВСОКО по классам", kind="ВСОКО"
            )
        others = {key: work for key, work in works.items() if not work["vsoko"]}
        self._write_control_works(
            book, styles, classes, others, "Контрольные работы", f"Контрольные работы: {what}"
        )
        self._write_control_classes(book, styles, classes, others, what)

    def _write_control_works(self, book, styles, classes, works, name, title):
        """One line per control work of ``works``."""
        names = {c.id: c.name for c in classes}
        subjects = {s.id: s.name for s in self.env["school.subject"].sudo().search([])}
        headers = ("Дата", "Класс", "Предмет", "Тема", *COUNTED, "Писали", "Средний балл")
        headers += ("Успеваемость, %", "Качество, %")
        sheet = self._sheet(book, styles, name, title, 13, (2, 2))
        for col, header in enumerate(headers):
            sheet.write(2, col, header, styles["head"])
        sheet.set_column(0, 2, 12)
        sheet.set_column(3, 3, 36)
        sheet.set_column(4, 12, 10)
        for row, work in enumerate(works.values(), start=3):
            codes, written = work["codes"], sum(work["codes"].values())
            values = (
                work["date"].strftime("%d.%m.%Y"),
                names[work["class"]],
                subjects.get(work["subject"]),
                work["topic"] or "",
                *(codes[code] for code in COUNTED),
                written,
                round(work["sum"] / work["counted"], 2) if work["counted"] else "",
                _percent(codes["5"] + codes["4"] + codes["3"], written),
                _percent(codes["5"] + codes["4"], written),
            )
            for col, value in enumerate(values):
                sheet.write(row, col, value, styles["name" if col in (2, 3) else "cell"])
        sheet.freeze_panes(3, 0)

    def _write_control_classes(
        self, book, styles, classes, works, what, name="По классам", kind="Контрольные работы"
    ):
        """Per class: the number of control works, the «5», «4», «3», «2» of all of them,
        and the success and quality percentages of the marks written."""
        title = f"{kind} по классам: {what}"
        sheet = self._sheet(book, styles, name, title, 9, (2, 2))
        headers = ("Класс", "Работ", "5", "4", "3", "2", "Писали")
        for col, header in enumerate((*headers, "Успеваемость, %", "Качество, %")):
            sheet.write(2, col, header, styles["head"])
        sheet.set_column(0, 8, 12)
        for row, school_class in enumerate(classes, start=3):
            own = [work for work in works.values() if work["class"] == school_class.id]
            codes = defaultdict(int)
            for work in own:
                for code, count in work["codes"].items():
                    codes[code] += count
            written = sum(codes.values())
            values = (
                school_class.name,
                len(own),
                *(codes[code] for code in ("5", "4", "3", "2")),
                written,
                _percent(codes["5"] + codes["4"] + codes["3"], written),
                _percent(codes["5"] + codes["4"], written),
            )
            for col, value in enumerate(values):
                sheet.write(row, col, value, styles["name" if col == 0 else "cell"])
        sheet.freeze_panes(3, 1)

    def _write_checks(self, book, styles, classes):
        """«Полнота и своевременность заполнения журналов»: the journal checks' findings
        of the range, per teacher and class."""
        date_from, date_to, what = self._range()
        Finding = self.env["school.journal.check.finding"].sudo()
        groups = Finding._read_group(
            [
                ("check_id.class_id", "in", classes.ids),
                ("check_id.date_to", ">=", date_from),
                ("check_id.date_to", "<=", date_to),
            ],
            ["teacher_id", "assignment_id", "kind"],
            ["count:sum"],
        )
        kinds = Finding._fields["kind"]._description_selection(self.env)
        table = defaultdict(lambda: defaultdict(int))
        for teacher, assignment, kind, count in groups:
            table[teacher, assignment.class_id][kind] += count
        headers = ("Учитель", "Класс", *(label for _kind, label in kinds), "Всего")
        title = f"Полнота и своевременность заполнения журналов: {what}"
        sheet = self._sheet(book, styles, "Журналы", title, len(headers), (2, 2))
        for col, header in enumerate(headers):
            sheet.write(2, col, header, styles["head"])
        sheet.set_column(0, 0, 26)
        sheet.set_column(1, len(headers) - 1, 12)
        rows = sorted(table.items(), key=lambda item: (item[0][0].name or "", item[0][1].name))
        for row, ((teacher, school_class), counts) in enumerate(rows, start=3):
            values = (teacher.name or "", school_class.name)
            values += (*(counts[kind] for kind, _label in kinds), sum(counts.values()))
            for col, value in enumerate(values):
                sheet.write(row, col, value, styles["name" if col < 2 else "cell"])
        sheet.freeze_panes(3, 2)


def _fives_needed(weighted, weights, boundary):
    """How many «5» of weight 1 lift the weighted average to `boundary`."""
    if boundary is None:
        return None
    missing = boundary * weights - weighted
    return max(0, math.ceil(missing / (5 - boundary) - 1e-9)) if boundary < 5 else None


MONTH_NAMES = (
    "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
    "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
)  # fmt: skip


def _months(date_from, date_to):
    """The first days of the months from `date_from` to `date_to`."""
    months, month = [], date_from.replace(day=1)
    while month <= date_to:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _month_name(month):
    return MONTH_NAMES[month.month - 1]


def _percent(part, whole):
    return round(100.0 * part / whole, 1) if whole else 0.0


def _class_results(students, subjects, mark_of):
    """Counts per subject and per student from `mark_of(student, subject)` codes."""
    lines = []
    for subject in subjects:
        codes = [mark_of(student, subject) for student in students]
        counts = {code: codes.count(code) for code in COUNTED}
        total = sum(counts.values())
        lines.append(
            {
                "subject": subject.name,
                "counts": counts,
                "total": total,
                "success": _percent(counts["5"] + counts["4"] + counts["3"], total),
                "quality": _percent(counts["5"] + counts["4"], total),
            }
        )
    names = {"excellent": [], "good": [], "one_three": [], "failing": []}
    assessed = 0
    for student in students:
        marks = {subject.name: mark_of(student, subject) for subject in subjects}
        codes = [code for code in marks.values() if code in COUNTED]
        if not codes:
            continue
        assessed += 1
        if any(code in ("2", "н/а") for code in codes):
            failed = ", ".join(name for name, code in marks.items() if code in ("2", "н/а"))
            names["failing"].append(f"{student.name} ({failed})")
        elif all(code == "5" for code in codes):
            names["excellent"].append(student.name)
        elif "3" not in codes:
            names["good"].append(student.name)
        elif codes.count("3") == 1:
            subject = next(name for name, code in marks.items() if code == "3")
            names["one_three"].append(f"{student.name} ({subject})")
    excellent, good = len(names["excellent"]), len(names["good"])
    failing = len(names["failing"])
    return {
        "subjects": lines,
        "names": names,
        "totals": {
            "students": len(students),
            "excellent": excellent,
            "good": good,
            "one_three": len(names["one_three"]),
            "failing": failing,
            "success": _percent(assessed - failing, assessed),
            "quality": _percent(excellent + good, assessed),
        },
    }


def _styles(book):
    border = {"border": 1, "valign": "vcenter", "font_size": 9}
    return {
        "title": book.add_format({"bold": True, "font_size": 12}),
        "head": book.add_format({**border, "bold": True, "align": "center", "text_wrap": True}),
        "cell": book.add_format({**border, "align": "center"}),
        "name": book.add_format(border),
    }
