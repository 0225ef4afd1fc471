from odoo.tests import new_test_user, tagged

from odoo.addons.school_records.tests.common import SchoolFixture
from odoo.addons.school_records.tests.rpc_common import SchoolRpcCase

from .common import ENTRY_DATE


@tagged("post_install", "-at_install")
class TestPortfolioForgery(SchoolFixture, SchoolRpcCase):
    """The review of a portfolio entry and the hand-over receipt are the class
    teacher's signatures: over JSON-RPC nobody else sets them, whatever the context."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_class_teacher = new_test_user(
            cls.env, login="t_class_6b", groups="school_records.group_class_teacher"
        )
        cls.class_6b.class_teacher_id = cls.other_class_teacher
        cls.entry = cls.env["school.achievement"].create(
            {
                "student_id": cls.child.id,
                "date": ENTRY_DATE,
                "name": "Олимпиада по математике",
                "category": "olympiad",
                "subject_id": cls.math.id,
            }
        )
        cls.entry.action_submit()
        cls.handover = cls.env["school.portfolio.handover"].create(
            {"student_id": cls.child.id, "receiver_name": "Иванова Ольга"}
        )

    def test_nobody_but_the_reviewer_accepts_an_entry(self):
        accepted = {"state": "accepted", "reviewer_id": self.class_teacher.id}
        for user in (self.teacher, self.other_class_teacher, self.parent, self.student_user):
            self.assertRpcForgeryRefused(
                user, "school.achievement", "write", [self.entry.id], accepted
            )
            self.assertRpcForgeryRefused(
                user, "school.achievement", "action_accept", [self.entry.id]
            )
        self.assertEqual(self.entry.state, "submitted")
        self.assertFalse(self.entry.reviewer_id)

    def test_an_entry_is_not_created_already_reviewed(self):
        values = {
            "student_id": self.child.id,
            "date": str(ENTRY_DATE),
            "name": "Сразу принято",
            "category": "olympiad",
            "subject_id": self.math.id,
        }
        for forged in ({"state": "accepted"}, {"reviewer_id": self.class_teacher.id}):
            self.assertRpcForgeryRefused(
                self.teacher, "school.achievement", "create", [{**values, **forged}]
            )
        entry_id = self.rpc(
            self.teacher,
            "school.achievement",
            "create",
            [values],
            context={"default_state": "accepted", "default_reviewer_id": self.class_teacher.id},
        )
        entry = self.env["school.achievement"].browse(entry_id)
        self.assertEqual(entry.state, "draft", "a context default is no signature")
        self.assertFalse(entry.reviewer_id)

    def test_a_foreign_file_is_not_linked_nor_served_as_a_document(self):
        """A teacher links an attachment of another record (an archive copy, a
        personal file) into an entry by its id, for the family to download it."""
        foreign = self.env["ir.attachment"].create(
            {"name": "personal-file.pdf", "raw": b"%PDF-1.4 secret", "res_model": "res.partner"}
        )
        self.assertRpcRefused(
            self.class_teacher,
            "school.achievement",
            "write",
            [self.entry.id],
            {"document_ids": [(4, foreign.id)]},
        )
        self.assertFalse(self.entry.document_ids)
        # even if it were linked (by an older version), the portal route refuses it
        self.env.cr.execute(
            "INSERT INTO school_achievement_attachment_rel VALUES (%s, %s)",
            (self.entry.id, foreign.id),
        )
        self.authenticate(self.parent.login, self.parent.login)
        self._rpc_login = None
        response = self.url_open(f"/my/portfolio/{self.child.id}/document/{foreign.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"secret", response.content)

    def test_the_class_teacher_reviews_through_the_button(self):
        self.rpc(self.class_teacher, "school.achievement", "action_accept", [self.entry.id])
        self.assertEqual(self.entry.state, "accepted")
        self.assertEqual(self.entry.reviewer_id, self.class_teacher)

    def test_a_hand_over_is_confirmed_only_through_the_button(self):
        for user in (self.class_teacher, self.secretary, self.teacher, self.parent):
            self.assertRpcForgeryRefused(
                user, "school.portfolio.handover", "write", [self.handover.id], {"state": "done"}
            )
        self.assertRpcForgeryRefused(
            self.secretary,
            "school.portfolio.handover",
            "write",
            [self.handover.id],
            {"handed_by_id": self.director.id},
        )
        self.assertRpcForgeryRefused(
            self.secretary,
            "school.portfolio.handover",
            "create",
            [{"student_id": self.sibling.id, "receiver_name": "Иванова", "state": "done"}],
        )
        self.assertRpcRefused(
            self.teacher, "school.portfolio.handover", "action_confirm", [self.handover.id]
        )
        self.assertEqual(self.handover.state, "draft")
        self.rpc(self.secretary, "school.portfolio.handover", "action_confirm", [self.handover.id])
        self.assertEqual(self.handover.state, "done")
        self.assertEqual(self.handover.handed_by_id, self.secretary)
