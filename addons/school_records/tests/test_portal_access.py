import base64
from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import SchoolRecordsCase

DOCUMENT = base64.b64encode(b"%PDF-1.4 signed consent")
REPORT = "school_records.school_portal_access_report"


@tagged("post_install", "-at_install")
class TestPortalAccess(SchoolRecordsCase):
    """The class teacher issues portal logins to the families of their class (seed 000
    §3.1.6), only to those who consented to the processing of personal data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.mother = Partner.create(
            {"name": "Белова Мария Ивановна", "email": "Belova@Example.com"}
        )
        cls.grandmother = Partner.create({"name": "Белова Нина Петровна"})
        cls.classmate.guardian_ids = [(6, 0, (cls.mother | cls.grandmother).ids)]
        cls._consent(cls.mother, cls.classmate, "given")
        cls._consent(cls.parent_partner, cls.child, "given")

    @classmethod
    def _consent(cls, partner, student, state, day=date(2025, 9, 1)):
        return cls.env["school.pd.consent"].create(
            {
                "partner_id": partner.id,
                "student_id": student.id,
                "state": state,
                "date": day,
                "document": DOCUMENT,
                "document_name": "consent.pdf",
            }
        )

    def _wizard(self, user=None, school_class=None):
        Wizard = self.env["school.portal.access.wizard"].with_user(user or self.class_teacher)
        return Wizard.create({"class_id": (school_class or self.class_5a).id})

    def _line(self, wizard, partner):
        return wizard.line_ids.filtered(lambda line: line.partner_id == partner)

    def _users(self, partners):
        return (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )

    def test_one_line_per_person_with_consent_and_access(self):
        wizard = self._wizard()
        self.assertEqual(
            wizard.line_ids.partner_id,
            self.child.partner_id
            | self.parent_partner
            | self.classmate.partner_id
            | self.mother
            | self.grandmother,
        )
        no_consent = "No consent: give paper extracts"
        self.assertRecordValues(
            self._line(wizard, self.mother)
            | self._line(wizard, self.grandmother)
            | self._line(wizard, self.classmate.partner_id)
            | self._line(wizard, self.parent_partner),
            [
                {"consent_state": "given", "user_active": False, "skip_reason": False},
                {"consent_state": "missing", "user_active": False, "skip_reason": no_consent},
                {"consent_state": "given", "user_active": False, "skip_reason": False},
                {
                    "consent_state": "given",
                    "user_active": True,
                    "skip_reason": "Already has portal access",
                },
            ],
        )
        self.assertEqual(
            wizard.line_ids.filtered("issue").partner_id,
            self.mother | self.classmate.partner_id,
        )

    def test_issue_creates_portal_users_who_can_log_in(self):
        form = Form(
            self.env["school.portal.access.wizard"]
            .with_user(self.class_teacher)
            .with_context(default_class_id=self.class_5a.id)
        )
        wizard = form.save()
        wizard.action_issue()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.issued_count, 2)
        mother_user = self._users(self.mother)
        student_user = self._users(self.classmate.partner_id)
        self.assertRecordValues(
            mother_user | student_user,
            [
                {"login": "belova@example.com", "share": True, "active": True},
                {"login": "belov.g", "share": True, "active": True},
            ],
        )
        portal = self.env.ref("base.group_portal")
        for user in mother_user | student_user:
            self.assertIn(portal, user.groups_id)
            self.assertFalse(user._is_internal())
            password = self._line(wizard, user.partner_id).password
            self.assertTrue(password and len(password) >= 8)
            as_user = self.env["res.users"].with_user(user)
            as_user._check_credentials(
                {"type": "password", "password": password}, {"interactive": False}
            )
            children = self.env["school.student"].with_user(user).search([])
            self.assertEqual(children, self.classmate)
        self.assertFalse(self._users(self.grandmother), "no consent, no user")

    def test_nobody_without_consent_gets_a_user(self):
        wizard = self._wizard()
        self._line(wizard, self.grandmother).issue = True
        with self.assertRaisesRegex(UserError, "Белова Нина Петровна"):
            wizard.action_issue()
        self.assertFalse(self._users(self.mother | self.grandmother | self.classmate.partner_id))

    def test_consent_withdrawn_after_opening_blocks_the_issue(self):
        wizard = self._wizard()
        self._consent(self.mother, self.classmate, "withdrawn", day=date(2025, 10, 1))
        with self.assertRaises(UserError):
            wizard.action_issue()
        self.assertFalse(self._users(self.mother))

    def test_all_or_nothing(self):
        wizard = self._wizard()
        Line = self.registry["school.portal.access.wizard.line"]
        original = Line._grant
        mail_server_failure = "The mail server is on fire"  # a test double's message, not UI text

        def grant_then_fail(line, login, password):
            if line.partner_id == self.classmate.partner_id:
                raise UserError(mail_server_failure)
            return original(line, login, password)

        with patch.object(Line, "_grant", grant_then_fail), self.assertRaises(UserError):
            wizard.action_issue()
        self.assertFalse(self._users(self.mother | self.classmate.partner_id))

    def test_generated_login_does_not_take_an_existing_one(self):
        new_test_user(self.env, login="belov.g", groups="base.group_portal")
        new_test_user(self.env, login="belova@example.com", groups="base.group_portal")
        wizard = self._wizard()
        wizard.action_issue()
        self.assertRecordValues(
            self._line(wizard, self.classmate.partner_id) | self._line(wizard, self.mother),
            [{"login": "belov.g2"}, {"login": "belova.mi"}],
        )

    def test_class_teacher_of_another_class_is_refused(self):
        with self.assertRaises(AccessError):
            self._wizard(school_class=self.class_6b)
        with self.assertRaises(AccessError):
            self._wizard(user=self.teacher)

    def test_deputy_issues_for_any_class(self):
        self._consent(self.other_parent_partner, self.other_child, "given")
        wizard = self._wizard(user=self.deputy, school_class=self.class_6b)
        wizard.action_issue()
        self.assertTrue(self._users(self.other_parent_partner))
        self.assertEqual(self._users(self.other_parent_partner).login, "morozov.a")

    def test_printed_list_shows_the_logins_and_passwords(self):
        wizard = self._wizard()
        with self.assertRaises(UserError):
            wizard.action_print()
        wizard.action_issue()
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "school_records.report_portal_access")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.class_teacher)
            ._render_qweb_html(REPORT, wizard.ids)
        )
        html = html.decode()
        for line in wizard.line_ids.filtered("issued"):
            self.assertIn(line.login, html)
            self.assertIn(line.password, html)
        self.assertIn("/web/login", html)
        self.assertIn("5А", html)
        self.assertNotIn("Белова Нина Петровна", html)
