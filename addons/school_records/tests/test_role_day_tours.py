"""A day per role in Chromium (issue 22 §5): each role of the demo school starts from
its home (``/odoo`` for the staff, ``/my`` for the families), walks by its menus and
ends on a screen that shows data. A tour fails on any JavaScript error; the test also
fails on an error the server logs meanwhile (see ``_tour``)."""

import logging
from datetime import timedelta

import freezegun

from odoo import fields
from odoo.tests import HttpCase, tagged

from .test_late_journals import late_lessons_listed


class _ServerErrors(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def run_tour_without_server_errors(case, url, tour, login):
    """Run the tour; an error the server logs during it (a traceback of a route or an
    RPC) fails the test even when the page coped with it."""
    handler = _ServerErrors()
    odoo_logger = logging.getLogger("odoo")
    odoo_logger.addHandler(handler)
    try:
        case.start_tour(url, tour, login=login)
    finally:
        odoo_logger.removeHandler(handler)
    case.assertFalse(
        [record.getMessage() for record in handler.records], "the server logged errors"
    )


@tagged("post_install", "-at_install", "is_tour")
class TestRoleDayTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            login: cls.env["res.users"].search([("login", "=", login)])
            for login in ("deputy", "director", "secretary", "parent", "student")
        }
        cls.class_5a = cls.env["school.class"].search([("name", "=", "5А")], limit=1)

    def setUp(self):
        super().setUp()
        if not all(self.users.values()) or not self.class_5a:
            self.skipTest("the demo school is not installed")

    def _tour(self, url, tour, login):
        run_tour_without_server_errors(self, url, tour, login)

    def _student_of_5a(self):
        return (
            self.env["school.enrollment"]
            .search([("class_id", "=", self.class_5a.id)], limit=1)
            .student_id
        )

    def _progress_certificate(self):
        """A certificate of study the secretary registered and sent for signature."""
        secretary = self.users["secretary"]
        certificate = (
            self.env["school.progress.certificate"]
            .with_user(secretary)
            .create({"student_id": self._student_of_5a().id, "requested_by": "Родитель"})
        )
        certificate.action_request_signature()
        return certificate

    def test_deputy_day(self):
        self.env["school.journal.check"].with_user(self.users["deputy"]).create(
            {
                "class_id": self.class_5a.id,
                "date_from": fields.Date.today().replace(day=1),
                "date_to": fields.Date.today(),
            }
        )
        assignment = self.env["school.teaching.assignment"].search(
            [("class_id", "=", self.class_5a.id)], limit=1
        )
        # the quarter in progress, or the latest begun (holidays, summer)
        period = self.class_5a.year_id.period_ids.filtered(
            lambda p: p.scheme == "quarter" and p.date_start <= fields.Date.today()
        ).sorted("date_start")[-1:]
        self.env["school.period.mark"].sudo().create(
            {
                "student_id": self._student_of_5a().id,
                "assignment_id": assignment.id,
                "period_id": period.id,
            }
        )
        self._late_lesson_of_5a()
        self._tour("/odoo", "school_role_day_deputy", "deputy")

    def _late_lesson_of_5a(self):
        """A lesson of 5А of the open period whose topic was not written on its day, in
        the journal the tour opens: the first of 5А's groups of «Late journals», when a
        journal of 5А is late already (a control work without marks after its day, a
        lesson not filled)."""
        today = fields.Date.today()
        Lesson = self.env["school.lesson"]
        domain = [
            ("class_id", "=", self.class_5a.id),
            ("period_id.state", "=", "open"),
            ("date", "<", today),
        ]
        late_journals = (
            late_lessons_listed(self.env, self.users["deputy"])
            .filtered(lambda lesson: lesson.class_id == self.class_5a)
            .assignment_id.sorted()
        )
        if late_journals:
            domain.append(("assignment_id", "=", late_journals[0].id))
        lesson = Lesson.search(domain, order="date desc", limit=1)
        lesson.sudo().topic = False
        self.assertEqual(lesson.deadline_state, "overdue")
        return lesson

    def test_director_day(self):
        certificate = self._progress_certificate()
        self.assertTrue(
            certificate.activity_ids.filtered(lambda a: a.user_id == self.users["director"])
        )
        self._tour("/odoo", "school_role_day_director", "director")

    def test_secretary_day(self):
        self._progress_certificate()
        self._tour("/odoo", "school_role_day_secretary", "secretary")

    def test_parent_day(self):
        self._tour("/my", "school_role_day_parent", "parent")

    def test_student_day(self):
        self._tour("/my", "school_role_day_student", "student")


@tagged("post_install", "-at_install", "is_tour")
class TestRoleDayToursOnHolidays(TestRoleDayTours):
    """The family tours on a day of the school's holidays (issue 22): the diary opens on
    the latest week that had lessons and says so, so the tours find lessons there too."""

    def _holiday(self):
        """A holiday of the demo school's calendar whose whole week has no lesson of 5А:
        the latest one up to today, else (in September and October, before the year's
        first holidays) the first one ahead, as if the holidays began after this week:
        the lessons the timetable planned for the weeks between go, and the diary opens
        on this week's. A skipped test fails this suite, which runs on every day of the
        year."""
        Day = self.env["school.calendar.day"]
        Lesson = self.env["school.lesson"]
        today = fields.Date.today()
        holidays = [("kind", "in", ("vacation", "holiday"))]
        past = Day.search([*holidays, ("date", "<=", today)], order="date desc")
        ahead = Day.search([*holidays, ("date", ">", today)], order="date asc")
        for day in past + ahead:
            monday = day.date - timedelta(days=day.date.weekday())
            if not Lesson.search_count(
                [
                    ("class_id", "=", self.class_5a.id),
                    ("date", ">=", monday),
                    ("date", "<=", monday + timedelta(days=6)),
                ]
            ):
                if day.date > today:
                    sunday = today + timedelta(days=6 - today.weekday())
                    planned = Lesson.search([("date", ">", sunday), ("date", "<", monday)])
                    self.assertFalse(planned.mark_ids or planned.attendance_ids)
                    planned.sudo().unlink()
                return day.date
        self.fail("the demo school's calendar has no holiday week")

    def _tour(self, url, tour, login):
        with freezegun.freeze_time(self._holiday(), tick=True):
            run_tour_without_server_errors(self, url, tour, login)

    def test_parent_day(self):
        super().test_parent_day()

    def test_student_day(self):
        super().test_student_day()

    # the staff's days do not depend on the family's diary
    test_deputy_day = test_director_day = test_secretary_day = None
