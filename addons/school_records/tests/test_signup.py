"""No self-signup: a family gets its portal access only through the school's portal-access
wizard, never by making an account on the login page."""

import re

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestNoSelfSignup(HttpCase):
    def test_the_school_invites_and_nobody_signs_up(self):
        scope = self.env["ir.config_parameter"].sudo().get_param("auth_signup.invitation_scope")
        self.assertEqual(scope, "b2b", "installing school_records turns open signup off")
        self.assertEqual(self.env["res.users"]._get_signup_invitation_scope(), "b2b")

    def test_the_login_page_offers_no_signup(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("/web/signup", response.text)

    def test_an_anonymous_visitor_cannot_sign_up(self):
        Users = self.env["res.users"].with_context(active_test=False)
        before = Users.search_count([])
        response = self.url_open("/web/signup")
        self.assertEqual(response.status_code, 404)
        # posting the form directly does not make an account either
        response = self.url_open(
            "/web/signup",
            data={
                "login": "intruder@example.com",
                "name": "Intruder",
                "password": "intruder-password",
                "confirm_password": "intruder-password",
                "csrf_token": self._csrf_token(),
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Users.search_count([("login", "=", "intruder@example.com")]))
        self.assertEqual(Users.search_count([]), before)

    def _csrf_token(self):
        """The token of this visitor's session, as the login page's form carries it."""
        page = self.url_open("/web/login").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
