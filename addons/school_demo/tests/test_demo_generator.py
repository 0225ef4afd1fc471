from collections import defaultdict
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

ROLE_GROUPS = {
    "director": "school_records.group_director",
    "deputy": "school_records.group_deputy",
    "class_teacher": "school_records.group_class_teacher",
    "teacher": "school_records.group_teacher",
    "secretary": "school_records.group_secretary",
    "archivist": "school_records.group_archivist",
    "parent": "base.group_portal",
    "student": "base.group_portal",
}


@tagged("post_install", "-at_install")
class TestDemoSchool(TransactionCase):
    """The demo data (the generator's `small` school) and what each demo login sees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.logins = {
            login: password
            for _role, login, password in cls.env["school.demo.generator"]._demo_logins()
        }
        cls.users = {
            login: cls.env["res.users"].search([("login", "=", login)]) for login in cls.logins
        }
        if not cls.users["teacher"]:
            # a database installed without demo data: make the small school here
            cls.env["school.demo.generator"]._generate("small")
            cls.users = {
                login: cls.env["res.users"].search([("login", "=", login)]) for login in cls.logins
            }

    def test_every_role_has_a_login(self):
        self.assertEqual(set(self.logins), set(ROLE_GROUPS))
        for login, group in ROLE_GROUPS.items():
            user = self.users[login]
            self.assertTrue(user, login)
            self.assertTrue(user.has_group(group), f"{login} lacks {group}")

    def test_school_is_realistic(self):
        env = self.env
        self.assertGreaterEqual(env["school.class"].search_count([]), 2)
        self.assertGreater(env["school.student"].search_count([("state", "=", "studying")]), 30)
        self.assertGreater(env["school.lesson"].search_count([("topic", "!=", False)]), 50)
        self.assertGreater(env["school.mark"].search_count([]), 300)
        self.assertGreater(env["school.attendance"].search_count([]), 5)
        students = env["school.student"].search([("state", "=", "studying")], limit=20)
        self.assertTrue(all(s.guardian_ids for s in students))
        self.assertTrue(all(" " in s.name for s in students))

    def test_marks_only_for_students_enrolled_on_the_lesson_date(self):
        self.env.cr.execute(
            """
            SELECT count(*) FROM school_mark m
            JOIN school_lesson l ON l.id = m.lesson_id
            WHERE NOT EXISTS (
                SELECT 1 FROM school_enrollment e
                WHERE e.student_id = m.student_id AND e.class_id = l.class_id
                  AND e.date_from <= l.date AND (e.date_to IS NULL OR e.date_to >= l.date))
            """
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_demo_teacher_sees_own_journals_only(self):
        teacher = self.users["teacher"]
        lessons = self.env["school.lesson"].with_user(teacher).search([])
        self.assertTrue(lessons)
        self.assertTrue(
            all(teacher in (lesson.teacher_id | lesson.substitute_teacher_id) for lesson in lessons)
        )
        self.assertLess(len(lessons), self.env["school.lesson"].search_count([]))

    def test_demo_class_teacher_sees_the_class(self):
        class_teacher = self.users["class_teacher"]
        school_class = self.env["school.class"].search(
            [("class_teacher_id", "=", class_teacher.id)], limit=1
        )
        self.assertTrue(school_class)
        lessons = (
            self.env["school.lesson"]
            .with_user(class_teacher)
            .search([("class_id", "=", school_class.id)])
        )
        self.assertGreater(len(lessons.subject_id), 1)

    def test_demo_parent_and_student_see_their_own(self):
        parent = self.users["parent"]
        children = self.env["school.student"].with_user(parent).search([])
        self.assertTrue(children)
        self.assertTrue(all(parent.partner_id in c.sudo().guardian_ids for c in children))
        student = self.users["student"]
        self.assertEqual(
            self.env["school.student"].with_user(student).search([]).partner_id,
            student.partner_id,
        )
        marks = self.env["school.mark"].with_user(student).search([])
        self.assertEqual(marks.student_id.partner_id, student.partner_id)

    def test_the_company_is_the_school_with_its_logo(self):
        company = self.env.company
        self.assertIn("школа № 1", company.name)
        self.assertEqual(company.city, "Калуга")
        self.assertTrue(company.logo)
        self.assertEqual(company.partner_id.tz, "Europe/Moscow")

    def test_the_demo_command_points_to_the_journal_and_the_diary(self):
        urls = dict(self.env["school.demo.generator"]._demo_urls())
        self.assertEqual(len(urls), 2)
        child = self.env["school.student"].search(
            [("guardian_ids", "in", self.users["parent"].partner_id.ids)], limit=1
        )
        self.assertIn(f"/my/diary/{child.id}", urls.values())
        self.assertIn("/odoo/action-school_records.school_journal_grid_action", urls.values())

    def test_lessons_reach_the_latest_school_week(self):
        """The demo's lessons reach this week (they once stopped after a few weeks); in
        the holidays and the summer, the last week before them that had school days."""
        latest = self.env["school.lesson"].search([], order="date desc", limit=1)
        year = latest.year_id
        today = fields.Date.context_today(latest)
        levels = set(year.class_ids.mapped("level"))
        covered = defaultdict(set)  # a day of holidays or vacation → the grades it frees
        for day in self.env["school.calendar.day"].search(
            [("kind", "in", ("vacation", "holiday")), ("date", "<=", today)]
        ):
            grades = range(day.level_from, day.level_to + 1)
            covered[day.date].update(str(level) for level in grades)
        school_day = min(today, year.date_end)
        while school_day.weekday() >= 5 or levels <= covered[school_day]:
            school_day -= timedelta(days=1)
        monday = school_day - timedelta(days=school_day.weekday())
        self.assertGreaterEqual(latest.date, min(monday, year.date_end - timedelta(days=14)))

    def test_lessons_come_from_the_published_timetables(self):
        """The demo school is made through the timetable: bells, rooms, the year's
        calendar, a published timetable per class, and its lessons generated from them
        (``_generate_lessons``), which generating again leaves as they are."""
        env = self.env
        last = env["school.lesson"].search([], order="date desc", limit=1)
        year = last.year_id
        classes = env["school.class"].search([("year_id", "=", year.id)])
        timetables = env["school.timetable"].search(
            [("class_id", "in", classes.ids), ("state", "=", "published")]
        )
        self.assertEqual(timetables.class_id, classes)
        self.assertTrue(timetables.slot_ids.room_id)
        self.assertTrue(env["school.bell.schedule"].search_count([]))
        lessons = env["school.lesson"].search([("class_id", "in", classes.ids)])
        self.assertFalse(lessons.filtered(lambda lesson: not lesson.timetable_slot_id))
        self.assertTrue(all(lesson.plan_line_id for lesson in lessons[:50]))
        Day = env["school.calendar.day"]
        days = Day.search([("date", ">=", year.date_start), ("date", "<=", year.date_end)])
        self.assertIn("holiday", days.mapped("kind"))
        self.assertIn("vacation", days.mapped("kind"))
        on_days_off = lessons.filtered(
            lambda lesson: any(
                day.date == lesson.date
                and day.kind in ("holiday", "vacation")
                and day.level_from <= lesson.class_id.level_number <= day.level_to
                for day in days
            )
        )
        self.assertFalse(on_days_off, "no lesson on a holiday or in the grade's vacation")
        counts = timetables._generate_lessons(year.date_start, last.date)
        self.assertEqual((counts["created"], counts["removed"], counts["flagged"]), (0, 0, 0))
        self.assertEqual(counts["kept"], len(lessons))
