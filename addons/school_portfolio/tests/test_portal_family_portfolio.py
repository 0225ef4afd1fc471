"""The portfolio on the family portal's base: its home card counts the family's
portfolios, an entry asked by id is checked by the record rules and must be the
student's of the URL."""

from odoo.tests import tagged

from odoo.addons.school_records.tests.rpc_common import SchoolRpcCase

from .common import PortfolioFixture


@tagged("post_install", "-at_install")
class TestPortfolioFamilyPortal(PortfolioFixture, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_parent = cls._portal_user("t_other_parent", cls.other_parent_partner)
        cls.sibling_entry = cls._entry(cls.sibling, name="Конкурс чтецов", category="contest")

    def test_home_counter(self):
        for user, count in (
            (self.parent, 2),
            (self.student_user, 1),
            (self.other_parent, 1),
            (self.class_teacher, 0),
        ):
            with self.subTest(user=user.login):
                self.authenticate(user.login, user.login)
                values = self.make_jsonrpc_request(
                    "/my/counters", {"counters": ["portfolio_count"]}
                )
                self.assertEqual(values["portfolio_count"], count)
        self.authenticate(self.parent.login, self.parent.login)
        self.assertIn('data-placeholder_count="portfolio_count"', self.url_open("/my/home").text)

    def test_an_entry_by_id_must_be_the_student_s_of_the_url(self):
        self.sibling_entry.action_submit()
        self.sibling_entry._return_with_comment("Нужен диплом")
        self.authenticate(self.parent.login, self.parent.login)
        # the family reads the sibling's entry, yet not through the child's portfolio
        response = self.url_open(
            f"/my/portfolio/{self.child.id}/entry/{self.sibling_entry.id}/resubmit",
            data={"csrf_token": self._csrf_token(self.child)},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.sibling_entry.state, "returned")
        for entry_id in (self.other_entry.id, 999999999):
            with self.subTest(entry_id=entry_id):
                response = self.url_open(
                    f"/my/portfolio/{self.child.id}/entry/{entry_id}/resubmit",
                    data={"csrf_token": self._csrf_token(self.child)},
                )
                self.assertEqual(response.status_code, 404)
        self.assertRpcRefused(
            self.parent, "school.achievement", "read", self.other_entry.ids, ["name"]
        )
        self.assertEqual(self.other_entry.state, "draft")
