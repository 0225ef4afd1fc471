from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SchoolFixture, SchoolRecordsCase
from .rpc_common import SchoolRpcCase

DOCUMENT_5A = "4510 123456, ОВД Тверского р-на, 01.02.2010"
DOCUMENT_6B = "4611 654321, ОВД Заволжского р-на, 03.04.2011"


class GuardianFixture(SchoolFixture):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guardian_5a = cls.env["school.student.guardian"].search(
            [("student_id", "=", cls.child.id), ("partner_id", "=", cls.parent_partner.id)]
        )
        cls.guardian_5a.write({"kinship": "mother", "identity_document": DOCUMENT_5A})
        cls.guardian_6b = cls.env["school.student.guardian"].search(
            [("student_id", "=", cls.other_child.id)]
        )
        cls.guardian_6b.write({"kinship": "father", "identity_document": DOCUMENT_6B})


@tagged("post_install", "-at_install")
class TestStudentGuardian(GuardianFixture, SchoolRecordsCase):
    def test_guardian_ids_and_records_stay_consistent(self):
        # the fixture linked the partners through guardian_ids: each got a record
        self.assertEqual(self.guardian_5a.kinship, "mother")
        self.assertEqual(len(self.child.guardian_record_ids), 1)
        self.assertEqual(self.sibling.guardian_record_ids.partner_id, self.parent_partner)
        # a record adds its partner to guardian_ids (and to the family)
        father = self.env["res.partner"].create({"name": "Иванов Сергей"})
        record = self.env["school.student.guardian"].create(
            {"student_id": self.child.id, "partner_id": father.id, "kinship": "father"}
        )
        self.assertEqual(self.child.guardian_ids, self.parent_partner | father)
        self.assertIn(father, self.child.family_partner_ids)
        # removing the record removes the partner, and only that one
        record.unlink()
        self.assertEqual(self.child.guardian_ids, self.parent_partner)
        self.assertNotIn(father, self.child.family_partner_ids)
        # a partner removed from guardian_ids loses the record
        self.child.guardian_ids = [Command.unlink(self.parent_partner.id)]
        self.assertFalse(self.child.guardian_record_ids)
        # a record moved to another partner moves the link
        self.guardian_6b.partner_id = father
        self.assertEqual(self.other_child.guardian_ids, father)

    def test_sync_of_existing_data_is_idempotent(self):
        # a link made behind the ORM (data recorded before the records existed)
        partner = self.env["res.partner"].create({"name": "Белова Инна"})
        self.env.cr.execute(
            "INSERT INTO school_student_guardian_rel (student_id, partner_id) VALUES (%s, %s)",
            (self.classmate.id, partner.id),
        )
        self.env.invalidate_all()
        Student = self.env["school.student"]
        Student._sync_all_guardian_records()
        Student._sync_all_guardian_records()
        records = self.env["school.student.guardian"].search(
            [("student_id", "=", self.classmate.id)]
        )
        self.assertEqual(records.partner_id, partner)
        self.assertEqual(len(records), 1)

    def test_class_teacher_keeps_her_class_and_reads_are_logged(self):
        Guardian = self.env["school.student.guardian"].with_user(self.class_teacher)
        visible = Guardian.search([])
        self.assertIn(self.guardian_5a, visible)
        self.assertNotIn(self.guardian_6b, visible)
        values = self.guardian_5a.with_user(self.class_teacher).read(["identity_document"])
        self.assertEqual(values[0]["identity_document"], DOCUMENT_5A)
        log = self.env["school.personal.data.log"].search(
            [("user_id", "=", self.class_teacher.id), ("student_id", "=", self.child.id)]
        )
        self.assertIn("guardian: identity_document", log.field_names)

    def test_monthly_check_recorded_by_the_class_teacher(self):
        Check = self.env["school.guardian.check"]
        checks = Check._cron_monthly_checks(today=date(2035, 10, 3))
        self.assertEqual(checks.class_id, self.class_5a)  # 6Б has no class teacher
        self.assertFalse(Check._cron_monthly_checks(today=date(2035, 10, 20)))
        self.assertEqual(checks.month, date(2035, 10, 1))
        self.assertEqual(checks.activity_ids.user_id, self.class_teacher)
        as_teacher = checks.with_user(self.class_teacher)
        self.assertIn(self.guardian_5a, as_teacher.guardian_ids)
        self.assertNotIn(self.guardian_6b, as_teacher.guardian_ids)
        as_teacher.action_checked()
        self.assertEqual(checks.state, "done")
        self.assertEqual(checks.checked_by_id, self.class_teacher)
        self.assertTrue(checks.checked_on)
        self.assertFalse(checks.activity_ids)


@tagged("post_install", "-at_install")
class TestStudentGuardianRpc(GuardianFixture, SchoolRpcCase):
    def test_subject_teacher_reads_no_guardian(self):
        for user in (self.teacher, self.other_teacher):
            self.assertRpcRefused(
                user, "school.student.guardian", "read", self.guardian_5a.ids, ["identity_document"]
            )
            self.assertRpcRefused(
                user, "school.student.guardian", "search_read", [], ["identity_document"]
            )

    def test_class_teacher_of_another_class_gets_nothing(self):
        other = new_test_user(
            self.env, login="t_ct_6b", groups="school_records.group_class_teacher", name="Орлова"
        )
        self.class_6b.class_teacher_id = other
        rows = self.rpc(other, "school.student.guardian", "search_read", [], ["student_id"])
        self.assertEqual(
            {row["student_id"][0] for row in rows}, {self.other_child.id, self.sibling.id}
        )
        self.assertRpcRefused(
            other, "school.student.guardian", "read", self.guardian_5a.ids, ["identity_document"]
        )
        self.assertRpcRefused(
            other,
            "school.student.guardian",
            "write",
            self.guardian_5a.ids,
            {"identity_document": "подделка"},
        )
        self.assertEqual(self.guardian_5a.identity_document, DOCUMENT_5A)

    def test_class_teacher_cannot_move_a_guardian_to_another_class(self):
        """Odoo checks the rules on the record as it was: moving her class's guardian
        record to a child of another class would have given that partner the child's
        diary through guardian_ids."""
        self.assertRpcForgeryRefused(
            self.class_teacher,
            "school.student.guardian",
            "write",
            self.guardian_5a.ids,
            {"student_id": self.other_child.id},
        )
        self.assertEqual(self.guardian_5a.student_id, self.child)
        self.assertNotIn(self.parent_partner, self.other_child.guardian_ids)
        # her own class's data she keeps
        self.rpc(
            self.class_teacher,
            "school.student.guardian",
            "write",
            self.guardian_5a.ids,
            {"phone": "+7 900 000-00-01"},
        )
        self.assertEqual(self.guardian_5a.phone, "+7 900 000-00-01")

    def test_parents_read_no_guardian_record(self):
        # another family's guardian, and even their own: the portal has no access
        self.assertRpcRefused(
            self.parent,
            "school.student.guardian",
            "read",
            self.guardian_6b.ids,
            ["identity_document"],
        )
        self.assertRpcRefused(
            self.parent, "school.student.guardian", "search_read", [], ["identity_document"]
        )
        self.assertRpcRefused(
            self.parent, "school.student", "read", self.other_child.ids, ["guardian_record_ids"]
        )

    def test_check_fields_only_through_the_action(self):
        check = self.env["school.guardian.check"]._cron_monthly_checks(today=date(2035, 11, 2))
        self.assertRpcForgeryRefused(
            self.class_teacher,
            "school.guardian.check",
            "write",
            check.ids,
            {"state": "done", "checked_by_id": self.deputy.id},
        )
        self.assertRpcForgeryRefused(
            self.class_teacher,
            "school.guardian.check",
            "create",
            {"class_id": self.class_5a.id, "month": "2035-12-01", "state": "done"},
        )
        self.assertRpcForgeryRefused(
            self.class_teacher,
            "school.guardian.check",
            "write",
            check.ids,
            {"class_id": self.class_6b.id, "month": "2035-12-01"},
        )
        self.assertRecordValues(check, [{"class_id": self.class_5a.id, "state": "todo"}])
        # a teacher of the class who is not its class teacher cannot tick it
        self.assertRpcForgeryRefused(
            self.teacher, "school.guardian.check", "action_checked", check.ids
        )
        self.assertEqual(check.state, "todo")
        self.rpc(self.class_teacher, "school.guardian.check", "action_checked", check.ids)
        self.assertEqual(check.state, "done")
        self.assertEqual(check.checked_by_id, self.class_teacher)
