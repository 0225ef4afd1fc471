"""The family portal's base (``controllers/portal_base.py``) as the families meet it over
HTTP and JSON-RPC: the children come from the record rules, another family's child asked
by id is a 404, the home cards show their counters, each family member reads only their
own message threads, the lesson rule is the diary's, and a holiday week opens on the
latest week that had lessons."""

from datetime import date

from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common import SchoolFixture
from .rpc_common import SchoolRpcCase

WEEK = "2035-09-07"  # the week of 03.09–08.09.2035, the fixture's lessons
HOLIDAYS = "2035-11-01"  # a Thursday of the autumn holidays: no lesson that week


@tagged("post_install", "-at_install")
class TestPortalFamily(SchoolFixture, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_parent = cls._portal_user("t_other_parent", cls.other_parent_partner)
        # the child's second guardian, with a portal access of their own
        cls.father_partner = cls.env["res.partner"].create({"name": "Иванов Сергей"})
        cls.child.guardian_ids = [(4, cls.father_partner.id)]
        cls.father = cls._portal_user("t_father", cls.father_partner)

    def _get(self, url, user=None):
        if user:
            self.authenticate(user.login, user.login)
            self._rpc_login = user.login
        return self.url_open(url)

    def _csrf_token(self, student):
        text = self.url_open(f"/my/diary/{student.id}?date={WEEK}").text
        marker = 'name="csrf_token" value="'
        start = text.index(marker) + len(marker)
        return text[start : text.index('"', start)]

    def _write(self, student, body, teacher=None):
        self.url_open(
            f"/my/diary/{student.id}/messages/send",
            data={
                "teacher_id": (teacher or self.class_teacher).id,
                "body": body,
                "csrf_token": self._csrf_token(student),
            },
        )
        return self.env["mail.message"].search(
            [("model", "=", "school.student"), ("res_id", "=", student.id)],
            order="id desc",
            limit=1,
        )

    # another family's child by id ---------------------------------------------------------
    def test_another_familys_child_by_id_is_not_found_nor_readable(self):
        self.authenticate(self.parent.login, self.parent.login)
        for url in (
            f"/my/diary/{self.other_child.id}",
            f"/my/diary/{self.other_child.id}/messages",
            f"/my/diary/{self.other_child.id}/messages/page/2",
            f"/my/diary/{self.other_child.id}/marks?period_id={self.quarter_1.id}",
            f"/my/diary/{999999999}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(self.other_child.name, response.text)
        self.assertRpcRefused(self.parent, "school.student", "read", self.other_child.ids, ["name"])
        # the lessons of a class where the family has no child
        self.assertRpcRefused(
            self.other_parent, "school.lesson", "read", self.lesson_5a.ids, ["topic"]
        )
        # the sibling's class lessons are the family's (the sibling is in 6Б)
        self.assertTrue(
            self.rpc(self.parent, "school.lesson", "read", self.lesson_6b.ids, ["topic"])
        )

    def test_an_extract_is_served_by_its_token_only(self):
        extract = self.env["school.diary.extract.print"].with_user(self.class_teacher)
        extract = extract.with_context(default_student_ids=self.child.ids).create(
            {"kind": "week", "day": date(2035, 9, 5)}
        )
        extract = self.env["school.diary.extract"].browse(extract._issue().ids)
        self.assertTrue(extract.access_token)
        self.authenticate(self.other_parent.login, self.other_parent.login)
        # the id is not a key: neither the verification page nor the report serves it
        self.assertEqual(self.url_open(f"/school/extract/{extract.id}").status_code, 404)
        response = self.url_open(
            f"/report/pdf/school_records.school_diary_extract_report/{extract.id}"
        )
        self.assertFalse(response.content.startswith(b"%PDF"))
        self.assertNotIn(self.child.name, response.text)
        self.assertRpcRefused(
            self.other_parent, "school.diary.extract", "read", extract.ids, ["student_id"]
        )
        # the printed QR code's page: the school issued it, no name, no mark
        response = self.url_open(f"/school/extract/{extract.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.child.name, response.text)

    def test_a_teacher_reads_her_own_child_and_no_other(self):
        """Staff who are guardians use the family portal like any family: the record
        rules give them their own children (school_student_rule_teacher_family)."""
        self.other_child.guardian_ids = [(4, self.teacher.partner_id.id)]
        self.authenticate(self.teacher.login, self.teacher.login)
        values = self.make_jsonrpc_request("/my/counters", {"counters": ["diary_count"]})
        self.assertEqual(values["diary_count"], 1)
        self.assertEqual(self.url_open(f"/my/diary/{self.other_child.id}").status_code, 200)
        # the students of her journals are not her family
        self.assertEqual(self.url_open(f"/my/diary/{self.child.id}").status_code, 404)

    # the lessons after a departure --------------------------------------------------------
    def test_the_lesson_rule_is_the_diary_s_after_a_departure(self):
        self.child.enrollment_ids.date_to = date(2035, 9, 7)
        later = self._lesson(self.assignment_5a, date(2035, 9, 10), 1, topic="После выбытия")
        for user in (self.parent, self.student_user):
            with self.subTest(user=user.login):
                found = self.rpc(
                    user,
                    "school.lesson",
                    "search_read",
                    [("class_id", "=", self.class_5a.id)],
                    ["topic"],
                )
                ids = {row["id"] for row in found}
                self.assertIn(self.lesson_5a.id, ids)
                self.assertNotIn(later.id, ids)
                self.assertRpcRefused(user, "school.lesson", "read", later.ids, ["topic"])
        self.assertIn(self.parent_partner, self.lesson_5a.family_partner_ids)
        self.assertNotIn(self.parent_partner, later.family_partner_ids)

    # the portal home's counters -----------------------------------------------------------
    def test_home_counters(self):
        counters = ["diary_count"]
        expected = {
            self.parent: 2,  # the child and the sibling
            self.father: 1,  # the child
            self.student_user: 1,  # themself
            self.other_parent: 1,
            self.class_teacher: 0,  # staff without a child at school
        }
        for user, count in expected.items():
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                values = self.make_jsonrpc_request("/my/counters", {"counters": counters})
                self.assertEqual(values["diary_count"], count)
        # the card asks for its counter and is shown by it
        home = self._get("/my/home", self.parent).text
        self.assertIn('data-placeholder_count="diary_count"', home)
        self.assertIn('href="/my/diary"', home)

    def test_a_closed_diary_is_still_counted(self):
        """The card leads to the page that says why a refused consent closed it."""
        self.env["school.pd.consent"].create(
            {
                "student_id": self.sibling.id,
                "partner_id": self.parent_partner.id,
                "state": "refused",
                "date": date(2025, 9, 1),
            }
        )
        self.env.flush_all()
        self.authenticate(self.parent.login, self.parent.login)
        values = self.make_jsonrpc_request("/my/counters", {"counters": ["diary_count"]})
        self.assertEqual(values["diary_count"], 2)
        self.assertEqual(self.url_open(f"/my/diary/{self.sibling.id}").status_code, 404)

    # the messages: each family member's own threads ---------------------------------------
    def test_a_parent_s_thread_is_shown_only_to_those_who_take_part(self):
        self.authenticate(self.student_user.login, self.student_user.login)
        own = self._write(self.child, "Вопрос Петра о кружке")
        self.authenticate(self.parent.login, self.parent.login)
        mother = self._write(self.child, "Вопрос мамы о контрольной")
        # the teacher replies from the Odoo inbox: the reply joins the mother's thread
        answer = self.child.with_user(self.class_teacher).message_post(
            body="Ответ маме: контрольная в пятницу",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            parent_id=mother.id,
        )
        self.child.with_user(self.class_teacher).message_post(
            body="Ответ Петру: кружок по средам",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            parent_id=own.id,
        )
        # the child follows the student: notified of the mother's thread, not shown it
        self.assertIn(self.child.partner_id, mother.notified_partner_ids)
        self.assertIn(self.child.partner_id, answer.notified_partner_ids)
        self.assertEqual(answer.parent_id, mother)
        seen = {
            self.parent: ("Вопрос мамы", "Ответ маме"),
            self.student_user: ("Вопрос Петра", "Ответ Петру"),
            self.father: (),
        }
        for user, own_texts in seen.items():
            with self.subTest(user=user.login):
                page = self._get(f"/my/diary/{self.child.id}/messages", user).text
                for text in ("Вопрос мамы", "Ответ маме", "Вопрос Петра", "Ответ Петру"):
                    if text in own_texts:
                        self.assertIn(text, page)
                    else:
                        self.assertNotIn(text, page)
        # a teacher's message to the followers reaches those who follow
        self.child.with_user(self.class_teacher).message_post(
            body="Родительское собрание в четверг",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn(
            "Родительское собрание",
            self._get(f"/my/diary/{self.child.id}/messages", self.parent).text,
        )
        self.assertNotIn(
            "Родительское собрание",
            self._get(f"/my/diary/{self.child.id}/messages", self.father).text,
        )

    def test_the_messages_page_has_a_pager(self):
        for number in range(25):
            self.child.message_notify(
                body=f"Уведомление №{number:02d}",
                partner_ids=self.parent_partner.ids,
                subject="Дневник",
            )
        page = self._get(f"/my/diary/{self.child.id}/messages", self.parent).text
        self.assertIn("o_diary_messages_pager", page)
        self.assertIn("Уведомление №24", page)
        self.assertNotIn("Уведомление №04", page)
        page = self.url_open(f"/my/diary/{self.child.id}/messages/page/2").text
        self.assertIn("Уведомление №04", page)
        self.assertNotIn("Уведомление №24", page)

    # a holiday week -----------------------------------------------------------------------
    def test_a_holiday_week_opens_on_the_latest_week_with_lessons(self):
        self.authenticate(self.parent.login, self.parent.login)
        with freeze_time(HOLIDAYS):
            page = self.url_open(f"/my/diary/{self.child.id}").text
        self.assertIn("o_diary_quiet_week", page)
        self.assertIn("29.10.2035 — 03.11.2035", page)  # the holiday week, named
        self.assertIn("Тема урока", page)  # the lessons of 03.09–08.09
        self.assertIn("03.09.2035", page)
        # the family may still open the holiday week itself
        page = self.url_open(f"/my/diary/{self.child.id}?date=2035-10-29").text
        self.assertNotIn("o_diary_quiet_week", page)
        self.assertNotIn("Тема урока", page)
        # a week with lessons opens on itself, without the notice
        with freeze_time(WEEK):
            page = self.url_open(f"/my/diary/{self.child.id}").text
        self.assertNotIn("o_diary_quiet_week", page)
        self.assertIn("Тема урока", page)
