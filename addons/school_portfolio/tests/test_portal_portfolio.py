from odoo.tests import HttpCase, tagged

from .common import PortfolioFixture

PDF = b"%PDF-1.4 diploma of the regional stage"


@tagged("post_install", "-at_install")
class TestPortalPortfolio(PortfolioFixture, HttpCase):
    """The families' portfolio over HTTP, as the portal users themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_parent = cls._portal_user("t_other_parent", cls.other_parent_partner)
        cls.secret_document = cls._document(cls.other_entry, "secret-diploma.pdf")

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _add(self, student, csrf_token, name="Региональный этап олимпиады по математике"):
        return self.url_open(
            f"/my/portfolio/{student.id}/add",
            data={
                "csrf_token": csrf_token,
                "name": name,
                "date": "2035-11-20",
                "category": "olympiad",
                "level": "regional",
                "result": "prize_winner",
                "organiser": "Министерство образования",
                "direction": "Математика",
                "source": "external",
            },
            files={"document": ("diploma.pdf", PDF, "application/pdf")},
        )

    def test_home_card_and_children(self):
        self._login(self.parent)
        response = self.url_open("/my/home")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/portfolio", response.text)
        response = self.url_open("/my/portfolio")
        self.assertIn(self.child.name, response.text)
        self.assertIn(self.sibling.name, response.text)
        self.assertNotIn(self.other_child.name, response.text)

    def test_the_portfolio_page_lists_entries_and_encouragements(self):
        self.env["school.encouragement"].create(
            {"student_id": self.child.id, "kind": "gratitude", "reason": "За участие в субботнике"}
        )
        self._login(self.student_user)
        response = self.url_open("/my/portfolio")  # one child: straight to the portfolio
        self.assertEqual(response.status_code, 200)
        self.assertIn("Олимпиада по математике, школьный этап", response.text)
        self.assertIn("За участие в субботнике", response.text)
        self.assertNotIn("Конкурс рисунков 6Б", response.text)

    def test_a_parent_adds_an_entry_with_a_document_for_their_child(self):
        self._login(self.parent)
        response = self._add(self.child, self._csrf_token(self.child))
        self.assertEqual(response.status_code, 200)
        entry = self.Achievement.search(
            [("name", "=", "Региональный этап олимпиады по математике")]
        )
        self.assertRecordValues(
            entry,
            [
                {
                    "student_id": self.child.id,
                    "state": "submitted",
                    "level": "regional",
                    "result": "prize_winner",
                    "source": "external",
                    "certified": True,
                    "class_id": self.class_5a.id,
                }
            ],
        )
        self.assertEqual(len(entry.document_ids), 1)
        self.assertRecordValues(
            entry.document_ids,
            [{"name": "diploma.pdf", "res_model": "school.achievement", "res_id": entry.id}],
        )
        self.assertEqual(entry.document_ids.raw, PDF)
        self.assertEqual(entry.activity_ids.user_id, self.class_teacher)
        self.assertIn("Региональный этап олимпиады", response.text)
        download = self.url_open(f"/my/portfolio/{self.child.id}/document/{entry.document_ids.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PDF)

    def test_another_familys_child_is_not_found(self):
        self._login(self.parent)
        csrf_token = self._csrf_token(self.child)
        response = self._add(self.other_child, csrf_token, name="Чужая запись")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.Achievement.search([("name", "=", "Чужая запись")]))
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "diploma.pdf")]))
        for url in (
            f"/my/portfolio/{self.other_child.id}",
            f"/my/portfolio/{self.other_child.id}/print",
            f"/my/portfolio/{self.other_child.id}/document/{self.secret_document.id}",
            f"/my/portfolio/{self.child.id}/document/{self.secret_document.id}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Конкурс рисунков 6Б", response.text)
                self.assertNotIn(self.other_child.name, response.text)

    def test_a_student_sees_only_themself(self):
        self._login(self.student_user)
        self.assertEqual(self.url_open(f"/my/portfolio/{self.child.id}").status_code, 200)
        for other in (self.sibling, self.classmate, self.other_child):
            with self.subTest(student=other.name):
                self.assertEqual(self.url_open(f"/my/portfolio/{other.id}").status_code, 404)

    def test_a_returned_entry_is_sent_again(self):
        self.olympiad.action_submit()
        self.olympiad.with_user(self.class_teacher)._return_with_comment("Нужен скан диплома")
        self._login(self.parent)
        page = self.url_open(f"/my/portfolio/{self.child.id}")
        self.assertIn("Нужен скан диплома", page.text)
        response = self.url_open(
            f"/my/portfolio/{self.child.id}/entry/{self.olympiad.id}/resubmit",
            data={"csrf_token": self._csrf_token(self.child)},
            files={"document": ("scan.pdf", PDF, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.olympiad.state, "submitted")
        self.assertEqual(self.olympiad.document_ids.mapped("name"), ["scan.pdf"])
        # an entry of another family cannot be sent through one's own child
        response = self.url_open(
            f"/my/portfolio/{self.child.id}/entry/{self.other_entry.id}/resubmit",
            data={"csrf_token": self._csrf_token(self.child)},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.other_entry.state, "draft")

    def test_no_entry_after_hand_over(self):
        handover = self.env["school.portfolio.handover"].create(
            {"student_id": self.child.id, "receiver_name": "Иванова Ольга"}
        )
        handover.action_confirm()
        self._login(self.parent)
        page = self.url_open(f"/my/portfolio/{self.child.id}")
        self.assertIn("o_portfolio_handed_over", page.text)
        self.assertNotIn("o_portfolio_add", page.text)
        csrf_token = self._csrf_token(self.sibling)  # no form is left on this page
        response = self._add(self.child, csrf_token, name="После выдачи")
        self.assertIn("o_portfolio_error", response.text)
        self.assertFalse(self.Achievement.search([("name", "=", "После выдачи")]))

    def test_anonymous_is_redirected_to_login(self):
        response = self.url_open(f"/my/portfolio/{self.child.id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_a_parent_prints_the_portfolio_of_their_child(self):
        self.olympiad.action_submit()
        self.olympiad.with_user(self.class_teacher).action_accept()
        self._login(self.parent)
        response = self.url_open(f"/my/portfolio/{self.child.id}/print?period=basic")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # the test mode renders reports as HTML: the real PDF is checked in test_portfolio_report
        self.assertIn(self.olympiad.name, response.content.decode())
        self.assertNotIn(self.other_entry.name, response.content.decode())
