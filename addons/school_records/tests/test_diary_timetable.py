from datetime import date

from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged

from .timetable_common import TimetableFixture


@tagged("post_install", "-at_install")
class TestDiaryTimetable(TimetableFixture, HttpCase):
    """The diary's week as the parent reads it over HTTP: every day of the week, future
    days included, with times, rooms, the deputy's changes, the planned control works
    and the homework; made from the generated lessons and, for the days not generated
    yet, from the published timetable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.timetable_5a.with_user(cls.deputy).action_publish()
        cls.timetable_6b.with_user(cls.deputy).action_publish()

    def _change(self, lesson, **values):
        change = (
            self.env["school.lesson.change"]
            .with_user(self.deputy)
            .create({"lesson_id": lesson.id, "reason": "Больничный", **values})
        )
        change.action_apply()
        return change

    def _week(self, day, login=None):
        login = login or self.parent.login
        self.authenticate(login, login)
        response = self.url_open(f"/my/diary/{self.child.id}?date={day}")
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.text)

    def _day(self, page, day):
        (card,) = page.xpath(f"//div[@data-date='{day}']")
        return card

    def _rows(self, card):
        return [
            " ".join(" ".join(row.itertext()).split())
            for row in card.xpath(".//tr[contains(@class, 'o_diary_lesson')]")
        ]

    def test_the_week_from_lessons_and_from_the_timetable(self):
        self.timetable_5a._generate_lessons(date(2035, 11, 12), date(2035, 11, 12))
        monday = self._lessons(self.assignment_5a, date(2035, 11, 12), date(2035, 11, 12))
        self.assertEqual(len(monday), 1)
        self._change(monday, kind="substitution", substitute_teacher_id=self.substitute.id)
        monday.sudo().homework = "Стр. 45, № 3"
        self.env["school.assessment.plan"].with_user(self.deputy).create(
            {
                "assignment_id": self.assignment_5a_history.id,
                "date": date(2035, 11, 13),
                "name": "Контрольная по истории",
            }
        )
        page = self._week("2035-11-14")
        self.assertEqual(len(page.xpath("//div[contains(@class, 'o_diary_day')]")), 6)
        (row,) = self._rows(self._day(page, "2035-11-12"))
        for text in ("1", "08:30–09:15", self.math.name, "21 (тест)", "Стр. 45, № 3"):
            self.assertIn(text, row)
        self.assertIn(f"Substitution: {self.substitute.name}", row)
        # Tuesday is not generated yet: the timetable's slot, with its time and room
        tuesday = self._day(page, "2035-11-13")
        (row,) = self._rows(tuesday)
        for text in ("2", "09:30–10:15", self.history.name, "22 (тест)", "Контрольная по истории"):
            self.assertIn(text, row)
        self.assertTrue(tuesday.xpath(".//tr[contains(@class, 'o_diary_planned')]"))
        (work,) = tuesday.xpath(".//div[contains(@class, 'o_diary_control_work')]")
        self.assertIn("Контрольная по истории", work.text_content())
        self.assertEqual(self._rows(self._day(page, "2035-11-14")), [])
        # 6Б's timetable (published too) is not the child's
        self.assertNotIn(self.assignment_6b.name, html.tostring(page, encoding=str))

    def test_future_weeks_come_from_the_timetable(self):
        page = self._week("2036-02-04")
        self.assertEqual(len(self._rows(self._day(page, "2036-02-04"))), 1)
        self.assertEqual(len(self._rows(self._day(page, "2036-02-05"))), 1)
        self.assertFalse(
            self.env["school.lesson"].search_count(
                [("class_id", "=", self.class_5a.id), ("date", ">=", date(2036, 2, 4))]
            ),
            "reading the diary makes no lesson",
        )

    def test_moved_and_cancelled_lessons(self):
        self.timetable_5a._generate_lessons(date(2035, 11, 19), date(2035, 11, 20))
        math = self._lessons(self.assignment_5a, date(2035, 11, 19), date(2035, 11, 19))
        history = self._lessons(self.assignment_5a_history, date(2035, 11, 20), date(2035, 11, 20))
        self._change(math, kind="move", new_date=date(2035, 11, 21), new_number=3)
        self._change(history, kind="cancellation")
        page = self._week("2035-11-19")
        (row,) = self._rows(self._day(page, "2035-11-19"))
        self.assertIn("Moved to 21.11.2035, lesson 3", row)
        (row,) = self._rows(self._day(page, "2035-11-20"))
        self.assertIn("Cancelled", row)
        self.assertIn(self.history.name, row)
        self.assertIn("09:30–10:15", row)
        (row,) = self._rows(self._day(page, "2035-11-21"))
        self.assertIn("Moved from 19.11.2035, lesson 1", row)
        self.assertIn("10:30–11:15", row)
        self.assertIn(self.math.name, row)

    def test_another_family_does_not_read_the_week(self):
        other = new_test_user(
            self.env,
            login="t_other_parent_tt",
            groups="base.group_portal",
            partner_id=self.other_parent_partner.id,
        )
        self.authenticate(other.login, other.login)
        response = self.url_open(f"/my/diary/{self.child.id}?date=2035-11-14")
        self.assertEqual(response.status_code, 404)
