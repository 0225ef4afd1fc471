"""The builders of the class reports (``school.class.report``), one a report: each
writes its sheets into a neutral grid from what the base reads (see
:mod:`.class_report_base`)."""

from collections import defaultdict

from odoo import fields
from odoo.exceptions import UserError

from .class_report_base import (
    COUNTED,
    KIND_HEADERS,
    ROMAN,
    ClassReportBuilder,
    _class_results,
    _fives_needed,
    _month_name,
    _months,
    _percent,
)


class SummaryBuilder(ClassReportBuilder):
    """«Сводная ведомость учета успеваемости обучающихся»: every student's period,
    year, exam and final marks for every subject, and the pedagogical council's
    decision."""

    report = "summary"
    with_periods = True

    def write_sheets(self, book, styles, classes):
        with_periods = self.with_periods
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


class FinalBuilder(SummaryBuilder):
    """«Итоговые данные по учащимся»: the year and final marks of every subject."""

    report = "final"
    with_periods = False


class ResultsBuilder(ClassReportBuilder):
    """«Итоги успеваемости класса за учебный период»: per subject the number of «5»,
    «4», «3», «2» and «н/а», the success and quality percentages, and the class's
    excellent, good and failing students; a sheet for the school, one a class."""

    report = "results"

    def write_sheets(self, book, styles, classes):
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


class ClassTeacherBuilder(ClassReportBuilder):
    report = "class_teacher"

    def write_sheets(self, book, styles, classes):
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


class AttendanceBuilder(ClassReportBuilder):
    report = "attendance"

    def write_sheets(self, book, styles, classes):
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


class GapsBuilder(ClassReportBuilder):
    report = "gaps"

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

    def write_sheets(self, book, styles, classes):
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


class MovementBuilder(ClassReportBuilder):
    report = "movement"

    def write_sheets(self, book, styles, classes):
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


class ForecastBuilder(ClassReportBuilder):
    report = "forecast"

    def _forecast_period(self, school_class):
        """The class's own period to forecast: the chosen one, or — when the class works
        in other periods (a half-year chosen for a class in quarters) — its period within
        the chosen one that has started by today; without a choice, the current one."""
        today = fields.Date.context_today(self.year_id)
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
        """{(class id, student id, subject id): (weighted sum, weights, marks)} of the
        marks that count in the average, aggregated by the database: the weights and the
        number of marks with ``_read_group``, the weighted average by the journal
        service's ``_weighted_averages`` (one query a journal). Read as superuser: ``_classes()``
        checked the reader may read the classes."""
        Mark = self.env["school.mark"].sudo()
        # the weighted average reads the values and weights from the table
        Mark.flush_model(["numeric_value", "weight", "counts_in_average"])
        domain = [
            ("lesson_id.class_id", "in", classes.ids),
            ("period_id", "in", periods.ids),
            ("counts_in_average", "=", True),
        ]
        groups = defaultdict(list)
        for assignment, student, weights, count in Mark._read_group(
            domain, ["assignment_id", "student_id"], ["weight:sum", "__count"]
        ):
            groups[assignment].append((student, weights, count))
        result = {}
        for assignment, lines in groups.items():
            # a mark of no weight counts as a mark but adds nothing to the average
            averages = (
                self.env["school.journal"]
                .sudo()
                ._weighted_averages(
                    [*domain, ("assignment_id", "=", assignment.id), ("weight", ">", 0)],
                    "student_id",
                )
            )
            for student, weights, count in lines:
                key = (assignment.class_id.id, student.id, assignment.subject_id.id)
                weighted = averages.get(student.id, 0.0) * weights
                old_weighted, old_weights, old_count = result.get(key, (0.0, 0.0, 0))
                result[key] = (old_weighted + weighted, old_weights + weights, old_count + count)
        return result

    def write_sheets(self, book, styles, classes):
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


class ControlBuilder(ClassReportBuilder):
    report = "control"

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

    def write_sheets(self, book, styles, classes):
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


class ChecksBuilder(ClassReportBuilder):
    report = "checks"

    def write_sheets(self, book, styles, classes):
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


BUILDERS = {
    builder.report: builder
    for builder in (
        SummaryBuilder,
        ResultsBuilder,
        ClassTeacherBuilder,
        AttendanceBuilder,
        GapsBuilder,
        MovementBuilder,
        FinalBuilder,
        ForecastBuilder,
        ControlBuilder,
        ChecksBuilder,
    )
}
