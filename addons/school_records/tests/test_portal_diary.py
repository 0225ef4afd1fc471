from datetime import date, timedelta

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SchoolFixture

WEEK = "2035-09-07"  # a Friday: the week of 03.09–08.09.2035


@tagged("post_install", "-at_install")
class TestPortalDiary(SchoolFixture, HttpCase):
    """The parents' and students' diary over HTTP, as the portal users themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lesson_5a.homework = "№ 12, 13"
        cls.secret_lesson = cls._lesson(
            cls.assignment_6b, date(2035, 9, 5), 2, topic="Тайная тема 6Б", homework="Секрет"
        )
        cls._mark(cls.secret_lesson, cls.other_child, cls.mark_2)
        cls.other_parent = new_test_user(
            cls.env,
            login="t_other_parent",
            groups="base.group_portal",
            partner_id=cls.other_parent_partner.id,
        )

    def _get(self, url, login):
        self.authenticate(login, login)
        return self.url_open(url)

    def test_home_card_and_children(self):
        response = self._get("/my/home", self.parent.login)
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/diary", response.text)
        response = self.url_open("/my/diary")
        self.assertIn(self.child.name, response.text)
        self.assertIn(self.sibling.name, response.text)
        self.assertNotIn(self.other_child.name, response.text)

    def test_week_shows_lessons_homework_marks_and_absences(self):
        response = self._get(f"/my/diary/{self.child.id}?date={WEEK}", self.parent.login)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Тема урока", response.text)
        self.assertIn("№ 12, 13", response.text)
        self.assertIn("o_diary_mark", response.text)
        self.assertIn("o_diary_absence", response.text)  # ill at the history lesson
        self.assertNotIn("Тайная тема 6Б", response.text)

    def test_a_student_sees_only_themself(self):
        self.assertEqual(
            self._get(
                f"/my/diary/{self.child.id}?date={WEEK}", self.student_user.login
            ).status_code,
            200,
        )
        for other in (self.sibling, self.classmate, self.other_child):
            response = self.url_open(f"/my/diary/{other.id}?date={WEEK}")
            self.assertEqual(response.status_code, 404, other.name)
            self.assertNotIn(other.name, response.text)

    def test_another_familys_student_is_not_found_on_any_page(self):
        self.authenticate(self.parent.login, self.parent.login)
        for page in ("", "/marks", "/attendance", "/homework"):
            response = self.url_open(f"/my/diary/{self.other_child.id}{page}?date={WEEK}")
            self.assertEqual(response.status_code, 404, page)
            for secret in (self.other_child.name, "Тайная тема 6Б", "Секрет"):
                self.assertNotIn(secret, response.text)
        response = self.url_open(
            f"/my/diary/{self.other_child.id}/acknowledge", data={"date": WEEK, "csrf_token": ""}
        )
        self.assertIn(response.status_code, (400, 404))
        self.assertFalse(self.env["school.diary.acknowledgement"].search([]))

    def test_homework_file_of_another_family_is_not_served(self):
        # uploaded on each lesson's form (many2many_binary): bound to the lesson
        attachment = self.env["ir.attachment"].create(
            {
                "name": "secret.txt",
                "raw": b"secret homework",
                "res_model": "school.lesson",
                "res_id": self.secret_lesson.id,
            }
        )
        self.secret_lesson.homework_attachment_ids = attachment
        own = self.env["ir.attachment"].create(
            {
                "name": "task.txt",
                "raw": b"own homework",
                "res_model": "school.lesson",
                "res_id": self.lesson_5a.id,
            }
        )
        self.lesson_5a.homework_attachment_ids = own
        self.authenticate(self.parent.login, self.parent.login)
        response = self.url_open(f"/my/diary/{self.child.id}/file/{own.id}")
        self.assertEqual(response.content, b"own homework")
        response = self.url_open(f"/my/diary/{self.child.id}/file/{attachment.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"secret homework", response.content)

    def test_individual_homework_reaches_only_that_student_s_family(self):
        """Seed 004 §2.4: homework for some students of the lesson shows in their diary
        only, with its file."""
        Homework = self.env["school.lesson.homework"]
        own = Homework.create(
            {
                "lesson_id": self.lesson_5a.id,
                "student_ids": [(6, 0, self.child.ids)],
                "text": "Доклад о дробях",
            }
        )
        file = self.env["ir.attachment"].create(
            {"name": "plan.txt", "raw": b"report plan", "res_model": own._name, "res_id": own.id}
        )
        own.attachment_ids = file
        theirs = Homework.create(
            {
                "lesson_id": self.lesson_5a.id,
                "student_ids": [(6, 0, self.classmate.ids)],
                "text": "Исправить контрольную",
            }
        )
        theirs_file = self.env["ir.attachment"].create(
            {"name": "fix.txt", "raw": b"fix it", "res_model": theirs._name, "res_id": theirs.id}
        )
        theirs.attachment_ids = theirs_file
        page = self._get(f"/my/diary/{self.child.id}?date={WEEK}", self.parent.login).text
        self.assertIn("Доклад о дробях", page)
        self.assertNotIn("Исправить контрольную", page)
        response = self.url_open(f"/my/diary/{self.child.id}/file/{file.id}")
        self.assertEqual(response.content, b"report plan")
        response = self.url_open(f"/my/diary/{self.child.id}/file/{theirs_file.id}")
        self.assertEqual(response.status_code, 404)

    def test_a_student_who_left_is_shown_until_the_departure_only(self):
        enrollment = self.child.enrollment_ids
        enrollment.date_to = date(2035, 9, 7)
        later = self._lesson(self.assignment_5a, date(2035, 9, 10), 1, topic="После выбытия")
        self._mark(later, self.classmate, self.mark_4)
        response = self._get(f"/my/diary/{self.child.id}?date=2035-09-10", self.parent.login)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("После выбытия", response.text)
        response = self.url_open(f"/my/diary/{self.child.id}?date={WEEK}")
        self.assertIn("Тема урока", response.text)

    def test_marks_and_attendance_of_the_period(self):
        self._mark(self.lesson_5a_substituted, self.child, self.mark_4)
        response = self._get(
            f"/my/diary/{self.child.id}/marks?period_id={self.quarter_1.id}", self.parent.login
        )
        self.assertIn("Математика (тест)", response.text)
        self.assertIn("4.50", response.text)  # (5 + 4) / 2 with equal weights
        response = self.url_open(
            f"/my/diary/{self.child.id}/attendance?period_id={self.quarter_1.id}"
        )
        self.assertIn('class="o_diary_missed">1<', response.text)

    def test_acknowledgement_is_seen_by_the_class_teacher(self):
        self.authenticate(self.parent.login, self.parent.login)
        response = self.url_open(
            f"/my/diary/{self.child.id}/acknowledge",
            data={"date": WEEK, "csrf_token": self._csrf_token()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_diary_acknowledged", response.text)
        overview = (
            self.env["school.diary.acknowledgement.overview"]
            .with_user(self.class_teacher)
            .create({"class_id": self.class_5a.id, "day": date(2035, 9, 5)})
        )
        self.assertEqual(overview.acknowledged_count, 1)
        self.assertEqual(overview.missing_count, 1)  # the classmate's family has not
        self.assertIn(self.parent_partner.name, overview.table)

    def test_parent_writes_to_the_class_teacher_and_reads_the_answer(self):
        self.authenticate(self.parent.login, self.parent.login)
        page = self.url_open(f"/my/diary/{self.child.id}/messages")
        self.assertIn(self.class_teacher.name, page.text)
        self.url_open(
            f"/my/diary/{self.child.id}/messages/send",
            data={
                "teacher_id": self.class_teacher.id,
                "body": "Пётр будет отсутствовать <в пятницу>",
                "csrf_token": self._csrf_token(),
            },
        )
        message = self.env["mail.message"].search(
            [("model", "=", "school.student"), ("res_id", "=", self.child.id)], limit=1
        )
        self.assertEqual(message.author_id, self.parent_partner)
        self.assertEqual(message.partner_ids, self.class_teacher.partner_id)
        self.assertIn("&lt;в пятницу&gt;", message.body)
        self.child.with_user(self.class_teacher).message_post(
            body="Спасибо, отмечу.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        page = self.url_open(f"/my/diary/{self.child.id}/messages")
        self.assertIn("Спасибо, отмечу.", page.text)
        # the time in the school's zone (Moscow), not UTC
        self.parent.tz = False
        self.env.company.partner_id.tz = "Europe/Moscow"
        local = message.date + timedelta(hours=3)
        self.assertIn(local.strftime("%d.%m.%Y %H:%M"), page.text)
        # the teacher finds it in the Odoo inbox, no mail server needed
        notification = self.env["mail.notification"].search(
            [
                ("mail_message_id", "=", message.id),
                ("res_partner_id", "=", self.class_teacher.partner_id.id),
            ]
        )
        self.assertEqual(notification.notification_type, "inbox")
        # the child does not read the parent's messages to the teacher
        self.authenticate(self.student_user.login, self.student_user.login)
        page = self.url_open(f"/my/diary/{self.child.id}/messages")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("в пятницу", page.text)
        # another family neither reads nor writes this thread
        self.authenticate(self.other_parent.login, self.other_parent.login)
        self.assertEqual(self.url_open(f"/my/diary/{self.child.id}/messages").status_code, 404)

    def test_guardians_who_asked_are_told_of_low_marks_and_absences(self):
        Message = self.env["mail.message"]
        domain = [
            ("model", "=", "school.student"),
            ("res_id", "=", self.child.id),
            ("partner_ids", "in", self.parent_partner.ids),
        ]
        self._mark(self.lesson_5a_substituted, self.child, self.mark_2)
        self.assertFalse(Message.search(domain), "nobody asked yet")
        self.authenticate(self.parent.login, self.parent.login)
        self.url_open(
            f"/my/diary/{self.child.id}/notifications",
            data={"low_marks": "on", "absences": "on", "csrf_token": self._csrf_token()},
        )
        self.assertTrue(self.parent_partner.school_notify_low_marks)
        lesson = self._lesson(self.assignment_5a, date(2035, 9, 12), 1)
        self._mark(lesson, self.child, self.mark_4)
        self.assertFalse(Message.search(domain), "a «4» is not news")
        self._mark(lesson, self.child, self.mark_2)
        self.env["school.attendance"].create(
            {"lesson_id": lesson.id, "student_id": self.child.id, "kind": "absent"}
        )
        notes = Message.search(domain)
        self.assertEqual(len(notes), 2)
        self.assertIn("«2»", " ".join(notes.mapped("body")))
        self.assertIn("«н»", " ".join(notes.mapped("body")))

    def _csrf_token(self):
        response = self.url_open(f"/my/diary/{self.child.id}?date={WEEK}")
        marker = 'name="csrf_token" value="'
        start = response.text.index(marker) + len(marker)
        return response.text[start : response.text.index('"', start)]

    def test_week_queries_do_not_grow_with_marks(self):
        Diary = self.env["school.diary"]
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=30):
            Diary._week(self.child, date(2035, 9, 7))
        for day in range(10, 28):
            lesson = self._lesson(self.assignment_5a, date(2035, 9, day), 3)
            self._mark(lesson, self.child, self.mark_4)
            self._mark(lesson, self.classmate, self.mark_5)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=30):
            Diary._week(self.child, date(2035, 9, 7))
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=30):
            Diary._week(self.child, date(2035, 9, 14))


@tagged("post_install", "-at_install", "is_tour")
class TestPortalDiaryTour(SchoolFixture, HttpCase):
    def test_parent_acknowledges_the_week(self):
        self.start_tour(
            f"/my/diary/{self.child.id}?date={WEEK}",
            "school_diary_acknowledge_tour",
            login=self.parent.login,
        )
        ack = self.env["school.diary.acknowledgement"].search([("student_id", "=", self.child.id)])
        self.assertEqual(ack.partner_id, self.parent_partner)
        overview = (
            self.env["school.diary.acknowledgement.overview"]
            .with_user(self.class_teacher)
            .create({"class_id": self.class_5a.id, "day": date(2035, 9, 7)})
        )
        self.assertIn(self.parent_partner.name, overview.table)


@tagged("post_install", "-at_install")
class TestDiaryConsent(SchoolFixture, HttpCase):
    """152-FZ: a refused or withdrawn consent closes the child's diary at once and the
    portal says why; a consent given again opens it."""

    def _consent(self, partner, student, state, day):
        values = {"partner_id": partner.id, "student_id": student.id, "state": state, "date": day}
        if state == "given":
            values.update(document="JVBERi0xLjQ=", document_name="consent.pdf")
        return self.env["school.pd.consent"].create(values)

    def _diary(self, url="/my/diary"):
        self.authenticate(self.parent.login, self.parent.login)
        return self.url_open(url)

    def test_withdrawn_consent_closes_the_diary_and_says_why(self):
        self._consent(self.parent_partner, self.child, "given", date(2025, 9, 1))
        self.assertIn(self.child.name, self._diary().text)
        self._consent(self.parent_partner, self.child, "withdrawn", date(2025, 10, 1))
        self.env.flush_all()
        response = self._diary()
        self.assertIn("o_diary_closed", response.text)
        self.assertIn(self.child.name, response.text)
        self.assertNotIn(f'href="/my/diary/{self.child.id}"', response.text)
        self.assertEqual(self._diary(f"/my/diary/{self.child.id}").status_code, 404)
        self.assertEqual(self._diary(f"/my/diary/{self.child.id}/marks").status_code, 404)
        self.assertFalse(
            self.env["school.mark"]
            .with_user(self.parent)
            .search([("student_id", "=", self.child.id)])
        )
        # the sibling, whose consent stands, keeps the diary
        self.assertIn(f'href="/my/diary/{self.sibling.id}"', response.text)
        # given again, the diary opens
        self._consent(self.parent_partner, self.child, "given", date(2025, 11, 1))
        self.env.flush_all()
        response = self._diary()
        self.assertNotIn("o_diary_closed", response.text)
        self.assertEqual(self._diary(f"/my/diary/{self.child.id}").status_code, 200)

    def test_a_refusal_closes_the_diary_to_the_student_too(self):
        self._consent(self.parent_partner, self.child, "refused", date(2025, 9, 1))
        self.env.flush_all()
        self.assertNotIn(
            self.child, self.env["school.student"].with_user(self.student_user).search([])
        )
