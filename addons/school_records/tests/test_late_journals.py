"""The deputy lands on checks AND deadlines (issue 22 §2): «Late journals», beside the
checks in progress, lists the journals with lessons not filled on the lesson day and
control works without marks after a day (seed 004)."""

from datetime import date, datetime, timedelta

from lxml import etree

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


def late_lessons_listed(env, user):
    """What the deputy's «Late journals» list shows `user`: the action's domain and its
    default filter «Behind the deadlines», read from the search view."""
    Lesson = env["school.lesson"].with_user(user)
    action = env.ref("school_records.school_late_journals_action")
    arch = Lesson.get_views([(False, "search")])["views"]["search"]["arch"]
    late = etree.fromstring(arch).xpath("//filter[@name='late']")[0]
    today = fields.Date.context_today(Lesson)
    eval_context = {"context_today": lambda: today, "datetime": datetime, "date": date}
    domain = safe_eval(action.domain) + safe_eval(late.get("domain"), eval_context)
    return Lesson.search(domain)


@tagged("post_install", "-at_install")
class TestLateJournals(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.deputy = new_test_user(cls.env, "late_deputy", groups="school_records.group_deputy")
        cls.teacher = new_test_user(cls.env, "late_teacher", groups="school_records.group_teacher")
        cls.class_5a = cls.env["school.class"].search([("name", "=", "5А")], limit=1)
        cls.action = cls.env.ref("school_records.school_late_journals_action")

    def setUp(self):
        super().setUp()
        if not self.class_5a:
            self.skipTest("the demo school is not installed")

    def _late_lessons(self, user):
        context = safe_eval(self.action.context)
        self.assertTrue(context.get("search_default_late"))
        return late_lessons_listed(self.env, user)

    def _lessons_of_5a(self):
        return self.env["school.lesson"].search(
            [
                ("class_id", "=", self.class_5a.id),
                ("period_id.state", "=", "open"),
                ("date", "<", fields.Date.today() - timedelta(days=1)),
            ],
            order="date desc",
        )

    def test_the_deputy_sees_the_late_journals(self):
        lessons = self._lessons_of_5a()
        unfilled, filled = lessons[0], lessons[1]
        unfilled.sudo().topic = False
        self.assertEqual(unfilled.deadline_state, "overdue")
        late = self._late_lessons(self.deputy)
        self.assertIn(unfilled, late)
        self.assertNotIn(filled, late)
        self.assertIn(unfilled.assignment_id, late.assignment_id)

    def test_a_control_work_without_marks_is_late(self):
        work_type = self.env["school.work.type"].search([("is_control", "=", True)], limit=1)
        lesson = self._lessons_of_5a().filtered(lambda lesson: lesson.is_filled)[:1]
        lesson.sudo().write({"work_type_id": work_type.id})
        lesson.sudo().mark_ids.unlink()
        self.assertIn(lesson, self._late_lessons(self.deputy))

    def test_the_menu_is_the_deputys(self):
        menu = self.env.ref("school_records.school_late_journals_menu")
        control = self.env.ref("school_records.school_records_menu_journal_control")
        self.assertEqual(menu.parent_id, control)
        self.assertIn(menu.action, (self.action,))
        deputy_menus = self.env["ir.ui.menu"].with_user(self.deputy)._visible_menu_ids()
        teacher_menus = self.env["ir.ui.menu"].with_user(self.teacher)._visible_menu_ids()
        self.assertIn(menu.id, deputy_menus)
        self.assertNotIn(menu.id, teacher_menus)
