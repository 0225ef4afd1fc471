from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import SchoolFixture, SchoolRecordsCase
from .rpc_common import SchoolRpcCase

MODEL = "school.period.forecast"
TODAY = "2035-09-16"


class ForecastFixture(SchoolFixture):
    """5А maths in the first quarter, figures worked out by hand (equal weights):

    - lessons 07.09, 08.09 (common set-up), 14.09, 15.09: 4 given by 16.09;
    - the КТП plans 1 hour on each of those days and on 20.10: 4 to date, 5 in all;
    - Петя: «5» (common), «5», «4» → 14 / 3 = 4.67 → «5», no risk;
    - Глеб: «2», «3», «2» → 7 / 3 = 2.33 → «2», at risk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mark_3 = cls.env.ref("school_records.school_mark_value_3")
        cls.lesson_14 = cls._lesson(cls.assignment_5a, date(2035, 9, 14), 1)
        cls.lesson_15 = cls._lesson(cls.assignment_5a, date(2035, 9, 15), 1)
        work_type = cls.mark_child.work_type_id
        for lesson, student, value in (
            (cls.lesson_14, cls.child, cls.mark_5),
            (cls.lesson_15, cls.child, cls.mark_4),
            (cls.lesson_5a, cls.classmate, cls.mark_2),
            (cls.lesson_14, cls.classmate, cls.mark_3),
            (cls.lesson_15, cls.classmate, cls.mark_2),
        ):
            cls._mark(lesson, student, value, work_type_id=work_type.id)
        for sequence, day in enumerate(
            (date(2035, 9, 7), date(2035, 9, 8), date(2035, 9, 14), date(2035, 9, 15)), 1
        ):
            cls.env["school.lesson.plan.line"].create(
                {
                    "assignment_id": cls.assignment_5a.id,
                    "sequence": sequence,
                    "topic": f"Тема {sequence}",
                    "planned_date": day,
                }
            )
        cls.env["school.lesson.plan.line"].create(
            {
                "assignment_id": cls.assignment_5a.id,
                "sequence": 5,
                "topic": "Тема 5",
                "planned_date": date(2035, 10, 20),
            }
        )

    def _report(self, user=None):
        with freeze_time(TODAY):
            return (
                self.env[MODEL]
                .with_user(user or self.teacher)
                .create({"assignment_id": self.assignment_5a.id, "period_id": self.quarter_1.id})
            )


@tagged("post_install", "-at_install")
class TestPeriodForecast(ForecastFixture, SchoolRecordsCase):
    def test_forecast_risks_and_hours(self):
        report = self._report()
        self.assertRecordValues(
            report,
            [
                {
                    "prepared_on": date(2035, 9, 16),
                    "hours_given": 4,
                    "hours_plan_to_date": 4.0,
                    "hours_plan": 5.0,
                    "hours_behind": 0.0,
                    "risk_count": 1,
                    "state": "draft",
                }
            ],
        )
        lines = {line.student_id: line for line in report.line_ids}
        self.assertRecordValues(
            lines[self.child],
            [{"marks_count": 3, "average": 4.67, "forecast_id": self.mark_5.id, "risk": False}],
        )
        self.assertRecordValues(
            lines[self.classmate],
            [{"marks_count": 3, "average": 2.33, "forecast_id": self.mark_2.id, "risk": "fail"}],
        )

    def test_absences_over_the_threshold_and_too_few_marks(self):
        # Глеб misses 3 of the 4 lessons (75 % > 50 %); Петя's «4» is taken back: 2 marks
        for lesson in (self.lesson_5a, self.lesson_5a_substituted, self.lesson_14):
            self.env["school.attendance"].create(
                {"lesson_id": lesson.id, "student_id": self.classmate.id, "kind": "absent"}
            )
        self.env["school.mark"].search(
            [("student_id", "=", self.child.id), ("lesson_id", "=", self.lesson_15.id)]
        ).unlink()
        report = self._report()
        lines = {line.student_id: line for line in report.line_ids}
        self.assertRecordValues(lines[self.classmate], [{"absences": 3, "risk": "absences"}])
        self.assertRecordValues(lines[self.child], [{"marks_count": 2, "risk": "no_marks"}])
        self.assertEqual(report.risk_count, 2)

    def test_the_cron_prepares_the_reports_two_weeks_before_the_end(self):
        end = self.quarter_1.date_end
        with freeze_time(end - timedelta(days=15)):
            self.assertFalse(
                self.env[MODEL]._cron_prepare().filtered(lambda r: r.period_id == self.quarter_1)
            )
        with freeze_time(end - timedelta(days=14)):
            created = self.env[MODEL]._cron_prepare()
        mine = created.filtered(lambda r: r.period_id == self.quarter_1)
        self.assertEqual(
            set(mine.assignment_id.ids),
            {self.assignment_5a.id, self.assignment_5a_history.id, self.assignment_6b.id},
        )
        report = mine.filtered(lambda r: r.assignment_id == self.assignment_5a)
        todo = report.activity_ids
        self.assertEqual(todo.user_id, self.teacher)
        self.assertEqual(todo.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        with freeze_time(end - timedelta(days=13)):
            again = self.env[MODEL]._cron_prepare()
        self.assertFalse(again.filtered(lambda r: r.period_id == self.quarter_1))

    def test_the_teacher_sends_it_to_the_class_teacher_and_the_deputy(self):
        report = self._report()
        report.action_send()
        self.assertRecordValues(report, [{"state": "sent", "sent_by_id": self.teacher.id}])
        check = self.env.ref("school_records.mail_activity_school_check")
        readers = report.sudo().activity_ids.filtered(lambda a: a.activity_type_id == check)
        self.assertIn(self.class_teacher, readers.user_id)
        self.assertIn(self.deputy, readers.user_id)
        # the class teacher reads it; printing gives the paper
        as_class_teacher = report.with_user(self.class_teacher)
        self.assertEqual(as_class_teacher.risk_count, 1)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.class_teacher)
            ._render_qweb_html("school_records.school_period_forecast_report", report.ids)[0]
            .decode()
        )
        self.assertIn("ПРЕДВАРИТЕЛЬНЫЙ ОТЧЁТ", html)
        self.assertIn(self.classmate.name, html)
        self.assertIn("прогноз «2»", html)


@tagged("post_install", "-at_install")
class TestPeriodForecastRpc(ForecastFixture, SchoolRpcCase):
    def test_only_the_journal_teacher_sends_it(self):
        report = self._report().sudo()
        for user in (self.other_teacher, self.class_teacher):
            self.assertRpcForgeryRefused(user, MODEL, "action_send", report.ids)
            self.assertRpcForgeryRefused(user, MODEL, "action_refresh", report.ids)
        self.assertEqual(report.state, "draft")
        self.rpc(self.teacher, MODEL, "action_send", report.ids)
        self.assertRecordValues(report, [{"state": "sent", "sent_by_id": self.teacher.id}])

    def test_the_figures_and_the_state_are_not_written_by_hand(self):
        report = self._report().sudo()
        self.assertRpcForgeryRefused(self.teacher, MODEL, "write", report.ids, {"state": "sent"})
        self.assertRpcForgeryRefused(self.teacher, MODEL, "write", report.ids, {"hours_given": 9})
        line = report.line_ids.filtered(lambda r: r.student_id == self.classmate)
        self.assertRpcForgeryRefused(
            self.teacher,
            MODEL,
            "write",
            report.ids,
            {"line_ids": [[1, line.id, {"risk": False, "forecast_id": self.mark_5.id}]]},
        )
        self.assertRpcRefused(
            self.teacher, "school.period.forecast.line", "write", line.ids, {"risk": False}
        )
        self.assertRecordValues(report, [{"state": "draft", "hours_given": 4}])
        self.assertEqual(line.risk, "fail")

    def test_a_report_is_not_moved_to_another_journal(self):
        """A sent report, figures and all, cannot be moved under a colleague's journal."""
        report = self._report().sudo()
        self.rpc(self.teacher, MODEL, "action_send", report.ids)
        for vals in (
            {"assignment_id": self.assignment_5a_history.id},
            {"period_id": self.quarter_2.id},
        ):
            self.assertRpcForgeryRefused(self.teacher, MODEL, "write", report.ids, vals)
        self.assertRecordValues(
            report,
            [{"assignment_id": self.assignment_5a.id, "period_id": self.quarter_1.id}],
        )

    def test_another_teacher_cannot_make_one_for_a_journal_not_theirs(self):
        self.assertRpcForgeryRefused(
            self.other_teacher,
            MODEL,
            "create",
            {"assignment_id": self.assignment_5a.id, "period_id": self.quarter_2.id},
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            MODEL,
            "create",
            {
                "assignment_id": self.assignment_5a.id,
                "period_id": self.quarter_2.id,
                "state": "sent",
            },
        )
        self.assertFalse(self.env[MODEL].search([("period_id", "=", self.quarter_2.id)]))
        self.assertFalse(
            self.rpc(
                self.other_teacher,
                MODEL,
                "search_read",
                [("class_id", "=", self.class_5a.id)],
                ["id"],
            )
        )


@tagged("post_install", "-at_install", "is_tour")
class TestPeriodForecastTour(ForecastFixture, HttpCase):
    def test_the_teacher_sends_the_report_through_the_form(self):
        report = self._report()
        action = self.env.ref("school_records.school_period_forecast_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{report.id}",
            "school_period_forecast_tour",
            login=self.teacher.login,
        )
        self.assertRecordValues(report.sudo(), [{"state": "sent", "sent_by_id": self.teacher.id}])
