from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SchoolRecordsCase

ACTIVITY = "school_records.mail_activity_type_lesson_plan"


@tagged("post_install", "-at_install")
class TestLessonPlanDeadline(SchoolRecordsCase):
    """The fixture's year starts on 1.09.2035. Maths of 5А has a plan of the
    curriculum's 170 hours; history of 5А a plan of 68 hours while 5А's own curriculum
    line (before the grade's) says 102; maths of 6Б has no plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Line = cls.env["school.curriculum.line"]
        Line.create(
            [
                {"year_id": cls.year.id, "level": "5", "subject_id": cls.math.id,
                 "hours_per_week": 5},
                {"year_id": cls.year.id, "level": "5", "subject_id": cls.history.id,
                 "hours_per_week": 2},
                {"year_id": cls.year.id, "level": "5", "class_id": cls.class_5a.id,
                 "subject_id": cls.history.id, "hours_per_week": 3},
                {"year_id": cls.year.id, "level": "6", "subject_id": cls.math.id,
                 "hours_per_week": 5},
            ]
        )  # fmt: skip
        Plan = cls.env["school.lesson.plan.line"]
        Plan.create({"assignment_id": cls.assignment_5a.id, "topic": "Весь курс", "hours": 170})
        Plan.create(
            {"assignment_id": cls.assignment_5a_history.id, "topic": "Весь курс", "hours": 68}
        )

    def _problems(self):
        problems = self.env["school.lesson.plan.deadline"]._plan_problems(self.year)
        return {
            p["assignment"]: (p["problem"], p["curriculum_hours"], p["plan_hours"])
            for p in problems
        }

    def test_missing_and_wrong_plans(self):
        self.assertEqual(
            self._problems(),
            {
                self.assignment_5a_history: ("hours", 102, 68.0),
                self.assignment_6b: ("missing", 170, 0),
            },
        )

    def test_deputy_report(self):
        with freeze_time("2035-08-20"):
            wizard = self.env["school.lesson.plan.deadline"].with_user(self.deputy).create({})
            self.assertEqual(wizard.year_id, self.year)
        action = wizard.action_show()
        lines = self.env[action["res_model"]].with_user(self.deputy).search(action["domain"])
        self.assertEqual(
            {(line.assignment_id, line.problem) for line in lines},
            {(self.assignment_5a_history, "hours"), (self.assignment_6b, "missing")},
        )
        with self.assertRaises(AccessError):
            self.env["school.lesson.plan.deadline"].with_user(self.teacher).create(
                {"year_id": self.year.id}
            )

    def _reminders(self):
        activity_type = self.env.ref(ACTIVITY)
        return (
            self.env["mail.activity"]
            .search(
                [
                    ("activity_type_id", "=", activity_type.id),
                    ("res_model", "=", "school.teaching.assignment"),
                ]
            )
            .filtered(
                lambda a: (
                    a.res_id
                    in (self.assignment_5a | self.assignment_5a_history | self.assignment_6b).ids
                )
            )
        )

    def test_reminders_in_the_last_week_of_august_only(self):
        Deadline = self.env["school.lesson.plan.deadline"]
        for day in ("2035-08-24", "2035-09-01", "2035-10-01"):
            with freeze_time(day):
                Deadline._cron_remind_plan_deadline()
        self.assertFalse(self._reminders())
        with freeze_time("2035-08-25"):
            Deadline._cron_remind_plan_deadline()
        reminders = self._reminders()
        self.assertEqual(
            {
                (self.env["school.teaching.assignment"].browse(a.res_id), a.user_id)
                for a in reminders
            },
            {
                (self.assignment_5a_history, self.other_teacher),
                (self.assignment_6b, self.other_teacher),
            },
        )
        self.assertEqual(set(reminders.mapped("date_deadline")), {date(2035, 8, 31)})
        with freeze_time("2035-08-31"):
            Deadline._cron_remind_plan_deadline()
        self.assertEqual(self._reminders(), reminders, "a reminder is given once")
