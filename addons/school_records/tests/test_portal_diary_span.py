from datetime import date

from odoo.tests import HttpCase, tagged

from .common import SchoolFixture
from .rpc_common import SchoolRpcCase


class SpanFixture(SchoolFixture):
    """The child was in 4А the year before (2034/2035) with a classmate who stayed
    behind; each has a literature mark there, the child «3», the classmate «2», and the
    child missed one lesson. In 5А (2035/2036) the child has the common «5» of 07.09."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mark_3 = cls.env.ref("school_records.school_mark_value_3")
        cls.year_before = cls.env["school.academic.year"].create(
            {"name": "2034/2035", "date_start": date(2034, 9, 1), "date_end": date(2035, 8, 31)}
        )
        cls.year_before.action_generate_periods()
        cls.class_4a = cls.env["school.class"].create(
            {"year_id": cls.year_before.id, "level": "4", "letter": "А"}
        )
        cls.old_classmate = cls.env["school.student"].create(
            {"last_name": "Орлов", "first_name": "Семён"}
        )
        for student in (cls.child, cls.old_classmate):
            cls.env["school.enrollment"].create(
                {
                    "student_id": student.id,
                    "class_id": cls.class_4a.id,
                    "date_from": date(2034, 9, 1),
                    "date_to": date(2035, 5, 31) if student == cls.child else False,
                }
            )
        cls.literature = cls.env["school.subject"].create({"name": "Литература (тест)"})
        assignment = cls.env["school.teaching.assignment"].create(
            {
                "class_id": cls.class_4a.id,
                "subject_id": cls.literature.id,
                "teacher_id": cls.teacher.id,
            }
        )
        cls.lesson_4a = cls._lesson(assignment, date(2034, 10, 6), 1)
        cls.lesson_4a_2 = cls._lesson(assignment, date(2034, 10, 7), 1)
        cls._mark(cls.lesson_4a, cls.child, cls.mark_3)
        cls.old_mark = cls._mark(cls.lesson_4a, cls.old_classmate, cls.mark_2)
        cls.env["school.attendance"].create(
            {"lesson_id": cls.lesson_4a_2.id, "student_id": cls.child.id, "kind": "absent"}
        )


@tagged("post_install", "-at_install")
class TestPortalDiarySpan(SpanFixture, HttpCase):
    def _get(self, url, login=None):
        self.authenticate(login or self.parent.login, login or self.parent.login)
        response = self.url_open(url)
        return response

    def test_an_earlier_year_of_an_earlier_class(self):
        response = self._get(f"/my/diary/{self.child.id}/marks?year_id={self.year_before.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_diary_years", response.text)  # two years to choose from
        self.assertIn("2034/2035", response.text)
        self.assertIn("Литература (тест)", response.text)
        self.assertIn("3.00", response.text)  # the child's «3», not the classmate's «2»
        self.assertNotIn("Математика (тест)", response.text)
        self.assertIn("01.09.2034 – 31.08.2035", response.text)  # the whole year
        # a period of that year, asked for without the year
        quarter = self.year_before.period_ids.filtered(
            lambda p: p.scheme == "quarter" and p.sequence == 1
        )
        response = self.url_open(f"/my/diary/{self.child.id}/marks?period_id={quarter.id}")
        self.assertIn("Литература (тест)", response.text)
        self.assertIn("3.00", response.text)

    def test_any_dates_across_the_years(self):
        url = f"/my/diary/{self.child.id}/marks?date_from=2034-10-01&date_to=2035-09-07"
        response = self._get(url)
        self.assertIn("Литература (тест)", response.text)
        self.assertIn("Математика (тест)", response.text)
        self.assertIn("01.10.2034 – 07.09.2035", response.text)
        # a day without the 4А lesson: the maths «5» only
        response = self.url_open(
            f"/my/diary/{self.child.id}/marks?date_from=2035-09-07&date_to=2035-09-07"
        )
        self.assertNotIn("Литература (тест)", response.text)
        self.assertIn("5.00", response.text)
        # bounds given the wrong way round are swapped, not an error
        response = self.url_open(
            f"/my/diary/{self.child.id}/marks?date_from=2035-09-07&date_to=2034-10-01"
        )
        self.assertIn("Литература (тест)", response.text)

    def test_attendance_of_any_dates(self):
        url = f"/my/diary/{self.child.id}/attendance?date_from=2034-10-01&date_to=2034-10-31"
        response = self._get(url)
        self.assertIn('class="o_diary_missed">1<', response.text)
        self.assertIn("07.10.2034", response.text)
        response = self.url_open(
            f"/my/diary/{self.child.id}/attendance?date_from=2034-11-01&date_to=2034-11-30"
        )
        self.assertIn('class="o_diary_missed">0<', response.text)

    def test_the_sibling_has_no_earlier_year(self):
        url = f"/my/diary/{self.sibling.id}/marks?date_from=2034-10-01&date_to=2035-08-31"
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Литература (тест)", response.text)
        self.assertNotIn("o_diary_years", response.text)

    def test_another_familys_child_is_not_found(self):
        for page in ("marks", "attendance"):
            for query in ("date_from=2034-09-01&date_to=2036-08-31", f"year_id={self.year.id}"):
                response = self._get(f"/my/diary/{self.other_child.id}/{page}?{query}")
                self.assertEqual(response.status_code, 404, (page, query))
                self.assertNotIn(self.other_child.name, response.text)
        # the student themself reads their span, not the old classmate's
        url = f"/my/diary/{self.old_classmate.id}/marks?year_id={self.year_before.id}"
        self.assertEqual(self._get(url, self.student_user.login).status_code, 404)


@tagged("post_install", "-at_install")
class TestPortalDiarySpanRpc(SpanFixture, SchoolRpcCase):
    def test_parent_cannot_read_another_childs_span(self):
        domain = [
            ("student_id", "=", self.old_classmate.id),
            ("date", ">=", "2034-09-01"),
            ("date", "<=", "2035-08-31"),
        ]
        self.assertEqual(self.rpc(self.parent, "school.mark", "search_read", domain, ["id"]), [])
        self.assertRpcRefused(self.parent, "school.mark", "read", self.old_mark.ids, ["value_id"])
        # the diary's readers run as superuser: they are private, never over RPC
        self.assertRpcRefused(
            self.parent,
            "school.diary",
            "_marks_between",
            self.old_classmate.id,
            "2034-09-01",
            "2035-08-31",
        )
        # the child's own earlier mark in 4А stays theirs
        rows = self.rpc(
            self.parent,
            "school.mark",
            "search_read",
            [("student_id", "=", self.child.id), ("date", "<", "2035-09-01")],
            ["id"],
        )
        self.assertEqual(len(rows), 1)


@tagged("post_install", "-at_install", "is_tour")
class TestPortalDiarySpanTour(SpanFixture, HttpCase):
    def test_parent_picks_a_span(self):
        self.start_tour(
            f"/my/diary/{self.child.id}/marks", "school_diary_span_tour", login=self.parent.login
        )
