"""The archivist lands on the archive; the archive is a menu of its own, out of
«Обучающиеся», and a teacher does not see it (issue 22 §2)."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.school_records.tests.common import SchoolFixture
from odoo.addons.school_records.tests.test_roles_landing import MAX_CHILDREN, school_menus


@tagged("post_install", "-at_install")
class TestArchiveLanding(SchoolFixture, TransactionCase):
    def test_the_archivist_lands_on_the_archive(self):
        archive = self.env.ref("school_archive.school_archive_record_action").id
        self.assertEqual(self.archivist.action_id.id, archive)
        # the deputy who is also the archivist stays on the checks
        self.deputy.groups_id = [(4, self.env.ref("school_records.group_archivist").id)]
        self.assertEqual(
            self.deputy.action_id.id, self.env.ref("school_records.school_home_action_deputy").id
        )
        demo = self.env["res.users"].search([("login", "=", "archivist")])
        if demo:
            self.assertEqual(demo.action_id.id, archive)

    def test_the_archive_is_a_menu_of_its_own(self):
        storage = self.env.ref("school_archive.school_archive_storage_menu")
        self.assertEqual(storage.parent_id, self.env.ref("school_records.school_records_menu_root"))
        documents = self.env.ref("school_records.school_records_menu_documents")
        for xmlid in (
            "school_personal_file_menu_root",
            "school_certificate_menu_root",
            "school_archive_menu_council",
        ):
            self.assertEqual(self.env.ref(f"school_archive.{xmlid}").parent_id, documents)
        students = self.env.ref("school_records.school_records_menu_students")
        for user in (self.archivist, self.deputy, self.secretary):
            menus = school_menus(self.env, user)
            self.assertFalse(set(menus.get(students.id, [])) & set(storage.child_id.ids))
            for menu_id, children in menus.items():
                with self.subTest(user=user.login, menu=menu_id):
                    self.assertLessEqual(len(children), MAX_CHILDREN)
        self.assertIn(storage.id, school_menus(self.env, self.archivist))
        for user in (self.teacher, self.class_teacher, self.secretary):
            with self.subTest(user=user.login):
                self.assertNotIn(storage.id, school_menus(self.env, user))
