"""school.roles, the one place that answers who holds a school role (issue 24 §4)."""

from odoo.tests import TransactionCase, new_test_user, tagged

DEPUTY = "school_records.group_deputy"
DIRECTOR = "school_records.group_director"


@tagged("post_install", "-at_install")
class TestSchoolRoles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.class_5a = cls.env["school.class"].search([("name", "=", "5А")], limit=1)
        cls.class_teacher = new_test_user(
            cls.env, "roles_ct_5a", groups="school_records.group_class_teacher"
        )
        cls.deputy = new_test_user(cls.env, "roles_deputy", groups=DEPUTY)
        cls.director = new_test_user(cls.env, "roles_director", groups=DIRECTOR)
        if cls.class_5a:
            cls.class_5a.class_teacher_id = cls.class_teacher

    def setUp(self):
        super().setUp()
        if not self.class_5a:
            self.skipTest("the demo school is not installed")

    def roles(self, user):
        return self.env["school.roles"].with_user(user)

    def test_does_the_user_hold_a_role(self):
        for user, deputy, director in (
            (self.class_teacher, False, False),
            (self.deputy, True, False),
            (self.director, True, True),  # the director's role includes the deputy's
        ):
            roles = self.roles(user)
            self.assertEqual(roles._is_deputy(), deputy, user.login)
            self.assertEqual(roles._is_director(), director, user.login)
            self.assertTrue(roles._is_class_teacher(), user.login)
            self.assertTrue(roles._is_teacher(), user.login)
            self.assertFalse(roles._is_secretary(), user.login)
            # sudo() does not make anyone a deputy: the user of the request counts
            self.assertEqual(roles.sudo()._is_deputy(), deputy, user.login)
        # asked about another user
        roles = self.roles(self.class_teacher)
        self.assertTrue(roles._is_director(self.director))
        self.assertTrue(roles._holds_any(DIRECTOR, DEPUTY, user=self.deputy))
        self.assertFalse(roles._holds_any(DIRECTOR, DEPUTY))

    def test_who_holds_a_role(self):
        roles = self.roles(self.class_teacher)
        deputies = roles._deputies()
        self.assertIn(self.deputy, deputies)
        self.assertIn(self.director, deputies)
        self.assertNotIn(self.class_teacher, deputies)
        self.assertIn(self.director, roles._directors())
        self.assertNotIn(self.deputy, roles._directors())
        # answered whatever the caller may read, in the caller's environment
        self.assertEqual(deputies.env.uid, self.class_teacher.id)
        self.assertFalse(deputies.env.su)
        # an archived deputy holds no role any more
        self.deputy.active = False
        self.assertNotIn(self.deputy, roles._deputies())

    def test_the_one_person_a_task_goes_to(self):
        roles = self.roles(self.class_teacher)
        deputy = roles._person(DEPUTY)
        self.assertTrue(deputy)
        self.assertTrue(roles._is_deputy(deputy))
        self.assertFalse(roles._is_director(deputy), "the deputy's tasks go to a deputy")
        director = roles._person(DIRECTOR)
        self.assertTrue(roles._is_director(director))
        self.assertNotIn(director, roles._holders("school_records.group_school_admin"))
        # no deputy but the director (and the administrators): the task goes to her
        admins = roles._holders("school_records.group_school_admin")
        others = roles._holders(DEPUTY) - admins - self.director
        others.sudo().active = False
        self.assertEqual(roles._person(DEPUTY), self.director)

    def test_who_leads_a_class(self):
        roles = self.roles(self.class_teacher)
        self.assertEqual(roles._class_teacher(self.class_5a), self.class_teacher)
        self.assertTrue(roles._is_class_teacher_of(self.class_5a))
        self.assertEqual(roles._classes_led(), self.class_5a)
        other = self.env["school.class"].search([("id", "!=", self.class_5a.id)], limit=1)
        self.assertFalse(roles._is_class_teacher_of(other))
        self.assertFalse(roles._is_class_teacher_of(self.class_5a | other))
        self.assertFalse(roles._is_class_teacher_of(self.env["school.class"]))
        for user in (self.deputy, self.director):
            self.assertFalse(self.roles(user)._is_class_teacher_of(self.class_5a), user.login)
            self.assertFalse(self.roles(user)._classes_led(), user.login)
        student = (
            self.env["school.enrollment"]
            .search([("class_id", "=", self.class_5a.id), ("date_to", "=", False)], limit=1)
            .student_id
        )
        self.assertEqual(roles._class_teacher_of_student(student), self.class_teacher)

    def test_who_teaches_a_class(self):
        teachers = self.roles(self.deputy)._subject_teachers(self.class_5a)
        self.assertTrue(teachers)
        self.assertEqual(teachers, self.class_5a.assignment_ids.teacher_id)
        self.assertNotIn(self.deputy, teachers)
