"""Each role lands where it works and finds its menus by its tasks (issue 22 §2)."""

import ast
import json

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SchoolFixture

# demo login -> the home action its session opens on
DEMO_HOMES = {
    "teacher": "school_records.school_journal_grid_action",
    "class_teacher": "school_records.school_journal_grid_action",
    "deputy": "school_records.school_home_action_deputy",
    "director": "school_records.school_home_action_director",
    "secretary": "school_records.school_student_action",
}
MAX_CHILDREN = 12


def school_menus(env, user):
    """The menus of the school a user sees: {menu id: visible children ids}."""
    menus = env["ir.ui.menu"].with_user(user).load_menus(False)
    root = env.ref("school_records.school_records_menu_root").id
    seen, todo = {}, [root] if root in menus else []
    while todo:
        menu_id = todo.pop()
        seen[menu_id] = menus[menu_id]["children"]
        todo += menus[menu_id]["children"]
    return seen


@tagged("post_install", "-at_install")
class TestLanding(HttpCase):
    def _session_home(self, login):
        response = self.url_open(
            "/web/session/authenticate",
            data=json.dumps(
                {"params": {"db": self.env.cr.dbname, "login": login, "password": login}}
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]["home_action_id"]

    def test_each_demo_role_lands_where_it_works(self):
        for login, action in DEMO_HOMES.items():
            with self.subTest(login=login):
                if not self.env["res.users"].search([("login", "=", login)]):
                    self.skipTest("the demo school is not installed")
                self.assertEqual(self._session_home(login), self.env.ref(action).id)

    def test_the_teacher_lands_on_the_journal_grid(self):
        if not self.env["res.users"].search([("login", "=", "teacher")]):
            self.skipTest("the demo school is not installed")
        self.start_tour("/odoo", "school_records_teacher_landing", login="teacher")


@tagged("post_install", "-at_install")
class TestHomeAction(SchoolFixture, HttpCase):
    def test_a_new_role_sets_the_home_action(self):
        grid = self.env.ref("school_records.school_journal_grid_action").id
        deputy_home = self.env.ref("school_records.school_home_action_deputy").id
        self.assertEqual(self.teacher.action_id.id, grid)
        self.assertEqual(self.class_teacher.action_id.id, grid)
        self.assertEqual(self.deputy.action_id.id, deputy_home)
        self.assertFalse(self.employee.action_id, "not a school role: Odoo's default")
        # the teacher becomes deputy: her home follows the role
        self.teacher.groups_id = [(4, self.env.ref("school_records.group_deputy").id)]
        self.assertEqual(self.teacher.action_id.id, deputy_home)

    def test_the_landing_pages_are_menus_and_the_director_sees_check_sign_offs(self):
        """The deputy's and the director's homes are reachable from the school's menus (so
        the top bar shows on login), and «To sign» lists the journal checks to sign off."""
        for action, group in (
            ("school_home_action_deputy", "group_deputy"),
            ("school_home_action_director", "group_director"),
        ):
            home = self.env.ref(f"school_records.{action}")
            menu = self.env["ir.ui.menu"].search([("action", "=", f"{home._name},{home.id}")])
            self.assertTrue(menu, action)
            self.assertIn(self.env.ref(f"school_records.{group}"), menu.groups_id)
        director_home = self.env.ref("school_records.school_home_action_director")
        sign_off = self.env.ref("school_records.mail_activity_type_check_sign_off")
        ((field, operator, type_ids),) = ast.literal_eval(director_home.domain)
        self.assertEqual((field, operator), ("activity_type_id", "in"))
        self.assertIn(sign_off.id, type_ids)

    def test_a_role_given_from_the_group_sets_the_home_action(self):
        user = new_test_user(self.env, login="t_from_group", groups="base.group_user")
        self.env.ref("school_records.group_secretary").users = [(4, user.id)]
        self.assertEqual(user.action_id.id, self.env.ref("school_records.school_student_action").id)

    def test_a_home_action_chosen_by_hand_is_kept(self):
        chosen = self.env.ref("school_records.school_lesson_action").id
        user = new_test_user(self.env, login="t_chosen", groups="base.group_user")
        user.action_id = chosen
        user.groups_id = [(4, self.env.ref("school_records.group_teacher").id)]
        self.assertEqual(user.action_id.id, chosen)
        self.env["res.users"]._school_set_home_action_all()
        self.assertEqual(user.action_id.id, chosen)


@tagged("post_install", "-at_install")
class TestMenusByRole(SchoolFixture, HttpCase):
    def _menu(self, xmlid):
        return self.env.ref(xmlid).id

    def test_no_menu_holds_more_than_a_dozen_items(self):
        for user in (
            self.teacher,
            self.class_teacher,
            self.deputy,
            self.director,
            self.secretary,
            self.archivist,
        ):
            for menu_id, children in school_menus(self.env, user).items():
                with self.subTest(
                    user=user.login, menu=self.env["ir.ui.menu"].browse(menu_id).name
                ):
                    self.assertLessEqual(len(children), MAX_CHILDREN)

    def test_each_role_sees_its_tasks(self):
        expected = {
            self.teacher: (
                ["school_journal_grid_menu", "school_lesson_menu", "school_journal_check_menu"],
                [
                    "school_attendance_class_reasons_menu",
                    "school_records_menu_documents",
                    "school_records_menu_config",
                    "school_diary_usage_menu",
                ],
            ),
            self.class_teacher: (
                [
                    "school_journal_grid_menu",
                    "school_attendance_class_reasons_menu",
                    "school_diary_usage_menu",
                    "school_journal_report_menu",
                    "school_diary_extract_menu",
                ],
                ["school_records_menu_config", "school_personal_data_log_menu"],
            ),
            self.deputy: (
                [
                    "school_journal_check_menu",
                    "school_journal_report_menu",
                    "school_records_menu_config",
                ],
                [],
            ),
            self.secretary: (
                [
                    "school_student_menu",
                    "school_records_menu_documents",
                    "school_records_menu_config",
                ],
                ["school_journal_grid_menu", "school_records_menu_journal_control"],
            ),
        }
        for user, (seen, hidden) in expected.items():
            menus = school_menus(self.env, user)
            for xmlid in seen:
                with self.subTest(user=user.login, sees=xmlid):
                    self.assertIn(self._menu(f"school_records.{xmlid}"), menus)
            for xmlid in hidden:
                with self.subTest(user=user.login, hidden=xmlid):
                    self.assertNotIn(self._menu(f"school_records.{xmlid}"), menus)

    def test_menus_moved_by_task(self):
        def parent(xmlid):
            return self.env.ref(f"school_records.{xmlid}").parent_id

        self.assertEqual(parent("school_journal_check_menu"), parent("school_journal_audit_menu"))
        self.assertEqual(
            parent("school_journal_check_menu"),
            self.env.ref("school_records.school_records_menu_journal_control"),
        )
        self.assertEqual(
            parent("school_diary_extract_menu"),
            self.env.ref("school_records.school_records_menu_documents"),
        )
