from datetime import date

from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import SchoolFixture
from .rpc_common import REFUSALS, SchoolRpcCase

PERSONAL = ["birth_date", "snils", "address", "health_group", "identity_document"]
SNILS_6B = "987-654-321 00"
GUARDIAN_CONTACTS = ["email", "phone", "mobile", "street", "city"]


@tagged("post_install", "-at_install")
class TestPersonalDataAccess(SchoolFixture, SchoolRpcCase):
    """Personal data of a student only to the class teacher of THAT student's class and
    the roles of the access matrix, every read logged; guardians' contacts only to the
    roles that need them. Tried over JSON-RPC as the users' logins would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the class teacher of 5А also teaches history in 6Б
        cls.env["school.teaching.assignment"].create(
            {
                "class_id": cls.class_6b.id,
                "subject_id": cls.history.id,
                "teacher_id": cls.class_teacher.id,
            }
        )
        cls.class_teacher_6b = new_test_user(
            cls.env,
            login="t_class_teacher_6b",
            groups="school_records.group_class_teacher",
            name="Орлова Нина",
        )
        cls.class_6b.class_teacher_id = cls.class_teacher_6b
        # a school may let its staff export lists: exports are read paths like the others
        export = cls.env.ref("base.group_allow_export")
        for user in (cls.teacher, cls.class_teacher, cls.class_teacher_6b):
            user.groups_id += export
        cls.other_child.write(
            {
                "birth_date": date(2014, 5, 6),
                "snils": SNILS_6B,
                "address": "ул. Садовая, 6",
                "health_group": "II",
                "identity_document": "II-АБ 123456",
            }
        )
        cls.parent_partner.write(
            {
                "email": "olga@example.com",
                "phone": "+7 900 000-00-01",
                "mobile": "+7 900 000-00-02",
                "street": "ул. Ленина, 1",
                "city": "Тверь",
            }
        )
        cls.other_parent_partner.write(
            {
                "email": "anton@example.com",
                "phone": "+7 900 000-00-03",
                "street": "ул. Садовая, 6",
                "city": "Тверь",
            }
        )
        cls.Log = cls.env["school.personal.data.log"]

    def _logs(self, user, student):
        return self.Log.search([("user_id", "=", user.id), ("student_id", "=", student.id)])

    def _assert_no_value(self, rows, fields):
        for row in rows:
            for name in fields:
                self.assertFalse(row.get(name), f"{name} must not be readable: {row}")

    # personal data of a student ------------------------------------------------------
    def test_class_teacher_of_another_class_reads_no_personal_data(self):
        user, student = self.class_teacher, self.other_child
        # the name is readable: she teaches the class
        rows = self.rpc(user, "school.student", "read", [student.id], ["name"] + PERSONAL)
        self.assertEqual(rows[0]["name"], student.name)
        self._assert_no_value(rows, PERSONAL)
        rows = self.rpc(user, "school.student", "search_read", [("id", "=", student.id)], PERSONAL)
        self._assert_no_value(rows, PERSONAL)
        rows = self.rpc(
            user,
            "school.student",
            "web_read",
            [student.id],
            specification={name: {} for name in PERSONAL},
        )
        self._assert_no_value(rows, PERSONAL)
        exported = self.rpc(user, "school.student", "export_data", [student.id], PERSONAL)
        self.assertNotIn(SNILS_6B, str(exported))
        self.assertNotIn("2014", str(exported))
        # a personal-data field of the student is not stored there: it cannot be grouped
        with self.assertRaises(JsonRpcException) as caught:
            self.rpc(
                user,
                "school.student",
                "read_group",
                [("id", "=", student.id)],
                ["birth_date"],
                ["birth_date"],
            )
        self.assertIn(caught.exception.args[0], {*REFUSALS, "builtins.ValueError"})
        # the table of personal data itself: her own class only
        Personal = "school.student.personal"
        personal = student.sudo().personal_ids
        self.assertRpcRefused(user, Personal, "read", personal.ids, ["snils"])
        rows = self.rpc(user, Personal, "search_read", [], ["student_id", "snils"])
        self.assertNotIn(SNILS_6B, str(rows))
        self.assertIn(self.child.id, [row["student_id"][0] for row in rows])
        groups = self.rpc(user, Personal, "read_group", [], ["snils"], ["snils"])
        self.assertNotIn(SNILS_6B, str(groups))
        self.assertFalse(
            self.rpc(user, "school.student", "search", [("snils", "=", SNILS_6B)]),
        )
        # nor does she write them, with or without the forged context
        self.assertRpcForgeryRefused(
            user, "school.student", "write", [student.id], {"snils": "000-000-000 00"}
        )
        self.assertEqual(student.sudo().snils, SNILS_6B)
        # the form hides the page of personal data from her, and shows it to the class teacher
        for user_, visible in ((user, False), (self.class_teacher_6b, True)):
            rows = self.rpc(
                user_, "school.student", "read", [student.id], ["personal_data_visible"]
            )
            self.assertEqual(rows[0]["personal_data_visible"], visible, user_.login)
        # nothing she could not read is logged as read
        self.assertFalse(self._logs(user, student))

    def test_class_teacher_keeps_the_data_of_her_class(self):
        rows = self.rpc(self.class_teacher, "school.student", "read", [self.child.id], PERSONAL)
        self.assertEqual(rows[0]["snils"], "112-233-445 95")
        self.assertEqual(rows[0]["birth_date"], "2015-03-02")
        self.rpc(
            self.class_teacher,
            "school.student",
            "write",
            [self.child.id],
            {"address": "ул. Мира, 3"},
        )
        self.assertEqual(self.child.sudo().address, "ул. Мира, 3")

    def test_class_teacher_of_the_class_reads_and_the_read_is_logged(self):
        user, student = self.class_teacher_6b, self.other_child
        rows = self.rpc(user, "school.student", "read", [student.id], ["snils", "birth_date"])
        self.assertEqual(rows[0]["snils"], SNILS_6B)
        self.assertEqual(rows[0]["birth_date"], "2014-05-06")
        log = self._logs(user, student)
        self.assertEqual(len(log), 1)
        self.assertEqual(set(log.field_names.split(", ")), {"snils", "birth_date"})
        self.assertEqual(log.student_name, student.name)
        # an export is a read too
        exported = self.rpc(user, "school.student", "export_data", [student.id], ["address"])
        self.assertEqual(exported["datas"], [["ул. Садовая, 6"]])
        self.assertIn("address", self._logs(user, student).mapped("field_names"))
        # the form
        rows = self.rpc(
            user, "school.student", "web_read", [student.id], specification={"health_group": {}}
        )
        self.assertEqual(rows[0]["health_group"], "II")
        self.assertIn("health_group", self._logs(user, student).mapped("field_names"))

    def test_the_deputy_reads_the_log_a_teacher_does_not(self):
        self.rpc(self.secretary, "school.student", "read", [self.other_child.id], ["snils"])
        rows = self.rpc(
            self.deputy,
            "school.personal.data.log",
            "search_read",
            [("student_id", "=", self.other_child.id)],
            ["user_id", "field_names"],
        )
        self.assertIn(
            (self.secretary.id, "snils"), [(r["user_id"][0], r["field_names"]) for r in rows]
        )
        self.assertRpcRefused(
            self.class_teacher, "school.personal.data.log", "search_read", [], ["user_id"]
        )
        self.assertRpcRefused(
            self.deputy,
            "school.personal.data.log",
            "create",
            {"user_id": self.deputy.id, "field_names": "snils"},
        )

    def test_roles_of_the_matrix_read_all_and_the_secretary_keeps_them(self):
        for user in (self.deputy, self.director, self.secretary, self.archivist):
            rows = self.rpc(user, "school.student", "read", [self.other_child.id], ["snils"])
            self.assertEqual(rows[0]["snils"], SNILS_6B, user.login)
        student_id = self.rpc(
            self.secretary,
            "school.student",
            "create",
            {"last_name": "Новиков", "first_name": "Лев", "snils": "111-111-111 11"},
        )
        student = self.env["school.student"].browse(student_id)
        self.assertEqual(student.sudo().snils, "111-111-111 11")
        self.assertEqual(len(student.sudo().personal_ids), 1)
        # the plain teacher reads no field of them at all
        self.assertRpcRefused(self.teacher, "school.student", "read", [self.child.id], ["snils"])

    # guardians' contacts ---------------------------------------------------------------
    def test_plain_teacher_reads_guardian_names_not_contacts(self):
        user, guardian = self.teacher, self.parent_partner
        rows = self.rpc(user, "res.partner", "read", [guardian.id], ["name", *GUARDIAN_CONTACTS])
        self.assertEqual(rows[0]["name"], guardian.name)
        self._assert_no_value(rows, GUARDIAN_CONTACTS)
        rows = self.rpc(
            user, "res.partner", "search_read", [("id", "=", guardian.id)], GUARDIAN_CONTACTS
        )
        self._assert_no_value(rows, GUARDIAN_CONTACTS)
        rows = self.rpc(
            user,
            "res.partner",
            "web_read",
            [guardian.id],
            specification={"email": {}, "phone": {}, "display_name": {}},
            context={"show_email": True, "show_address": True},
        )
        self._assert_no_value(rows, ["email", "phone"])
        self.assertNotIn("olga@", rows[0]["display_name"])
        exported = self.rpc(
            user, "res.partner", "export_data", [guardian.id], ["name", "email", "phone"]
        )
        self.assertEqual(exported["datas"], [[guardian.name, "", ""]])
        groups = self.rpc(
            user, "res.partner", "read_group", [("id", "=", guardian.id)], ["email"], ["email"]
        )
        self.assertNotIn("olga@", str(groups))
        self.assertFalse(
            self.rpc(user, "res.partner", "search", [("email", "=", "olga@example.com")])
        )
        # the name is still found by name, not by the hidden e-mail
        found = self.rpc(user, "res.partner", "name_search", guardian.name)
        self.assertIn(guardian.id, [pair[0] for pair in found])
        found = self.rpc(user, "res.partner", "name_search", "olga@example")
        self.assertNotIn(guardian.id, [pair[0] for pair in found])
        # through the student and the parent's login
        exported = self.rpc(
            user, "school.student", "export_data", [self.child.id], ["guardian_ids/email"]
        )
        self.assertNotIn("olga@", str(exported))
        rows = self.rpc(user, "res.users", "read", [self.parent.id], ["name", "email", "phone"])
        self._assert_no_value(rows, ["email", "phone"])

    def test_secretary_and_class_teacher_read_guardian_contacts(self):
        for user in (self.secretary, self.deputy, self.class_teacher):
            rows = self.rpc(user, "res.partner", "read", [self.parent_partner.id], ["email"])
            self.assertEqual(rows[0]["email"], "olga@example.com", user.login)
        # the class teacher of 5А: not the contacts of a guardian of 6Б only
        rows = self.rpc(
            self.class_teacher, "res.partner", "read", [self.other_parent_partner.id], ["email"]
        )
        self._assert_no_value(rows, ["email"])
        rows = self.rpc(
            self.class_teacher_6b, "res.partner", "read", [self.other_parent_partner.id], ["email"]
        )
        self.assertEqual(rows[0]["email"], "anton@example.com")

    def test_parent_reads_own_contacts_and_staff_contacts_stay_readable(self):
        rows = self.rpc(self.parent, "res.partner", "read", [self.parent_partner.id], ["email"])
        self.assertEqual(rows[0]["email"], "olga@example.com")
        self.deputy.partner_id.email = "deputy@example.com"
        rows = self.rpc(self.teacher, "res.partner", "read", [self.deputy.partner_id.id], ["email"])
        self.assertEqual(rows[0]["email"], "deputy@example.com")
