"""The attestation protocols and the credited results, attacked over JSON-RPC.

A teacher signing a protocol whose commission she is not in, a teacher or the deputy
approving a credit (the director's order), the workflow fields forged on create and
on write, the frozen results changed after submitting: each is refused and nothing
changes; the legitimate roles still take their steps through the actions."""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.school_records.tests.rpc_common import SchoolRpcCase

from .archive_common import ArchiveCase

PROTOCOL = "school.attestation.protocol"
LINE = "school.attestation.protocol.line"
CREDIT = "school.result.credit"


@tagged("post_install", "-at_install")
class TestAttestationForgery(ArchiveCase, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a protocol of 5А mathematics (the teacher's journal) being signed by a
        # commission of the deputy (chairman) and the history teacher — not the teacher
        cls.protocol = cls.env[PROTOCOL].create(
            {
                "assignment_id": cls.assignment_5a.id,
                "date": date(2036, 5, 20),
                "chairman_id": cls.deputy.id,
                "commission_ids": [Command.set(cls.other_teacher.ids)],
            }
        )
        cls.protocol.action_fill_students()
        cls.protocol.line_ids.value_id = cls.mark_4
        cls.protocol.action_submit()
        cls.credit = (
            cls.env[CREDIT]
            .with_user(cls.secretary)
            .create(
                {
                    "student_id": cls.child.id,
                    "subject_id": cls.math.id,
                    "year_id": cls.year.id,
                    "period_id": cls.quarter_1.id,
                    "organisation": "Колледж связи № 54",
                    "document": "Справка № 3",
                    "value_id": cls.mark_5.id,
                    "order_number": "12-у",
                    "order_date": date(2035, 10, 20),
                }
            )
        )
        cls.credit.action_submit()

    # the protocol ------------------------------------------------------------------------
    def test_teacher_outside_the_commission_cannot_sign(self):
        self.assertRpcForgeryRefused(self.teacher, PROTOCOL, "action_sign", self.protocol.ids)
        self.assertRpcForgeryRefused(self.director, PROTOCOL, "action_sign", self.protocol.ids)
        self.assertFalse(self.protocol.signed_user_ids)
        self.assertEqual(self.protocol.state, "signing")
        # the commission signs through the action
        self.rpc(self.other_teacher, PROTOCOL, "action_sign", self.protocol.ids)
        self.rpc(self.deputy, PROTOCOL, "action_sign", self.protocol.ids)
        self.assertEqual(self.protocol.state, "signed")
        self.assertEqual(self.protocol.signed_user_ids, self.other_teacher | self.deputy)

    def test_teacher_cannot_chair_her_own_protocol(self):
        """The chairman is the deputy or the director: a teacher naming herself would set
        (and overwrite confirmed) year marks alone."""
        draft = self.env[PROTOCOL].create(
            {
                "assignment_id": self.assignment_5a.id,
                "date": date(2036, 5, 21),
                "chairman_id": self.teacher.id,
            }
        )
        draft.action_fill_students()
        draft.line_ids.value_id = self.mark_5
        self.assertRpcForgeryRefused(self.teacher, PROTOCOL, "action_submit", draft.ids)
        self.assertEqual(draft.state, "draft")

    def test_results_only_for_the_journals_students(self):
        draft = self.env[PROTOCOL].create(
            {"assignment_id": self.assignment_5a.id, "date": date(2036, 5, 21)}
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            LINE,
            "create",
            {"protocol_id": draft.id, "student_id": self.other_child.id},
        )
        self.assertFalse(draft.line_ids)

    def test_a_retake_is_not_typed(self):
        before = self.env[PROTOCOL].search_count([])
        for vals in ({"attempt": "retake2"}, {"origin_id": self.protocol.id}):
            self.assertRpcForgeryRefused(
                self.teacher,
                PROTOCOL,
                "create",
                {"assignment_id": self.assignment_5a.id, **vals},
            )
        self.assertEqual(self.env[PROTOCOL].search_count([]), before)

    def test_workflow_fields_refused_on_write(self):
        draft = self.env[PROTOCOL].create(
            {"assignment_id": self.assignment_5a.id, "chairman_id": self.teacher.id}
        )
        for vals in (
            {"state": "signed"},
            {"signed_user_ids": [Command.set(self.teacher.ids)]},
            {"signed_on": "2036-05-21 10:00:00"},
        ):
            self.assertRpcForgeryRefused(self.teacher, PROTOCOL, "write", draft.ids, vals)
        self.assertRecordValues(draft, [{"state": "draft", "signed_on": False}])
        self.assertFalse(draft.signed_user_ids)
        self.assertRpcForgeryRefused(
            self.teacher, PROTOCOL, "write", self.protocol.ids, {"state": "draft"}
        )
        self.assertEqual(self.protocol.state, "signing")

    def test_workflow_fields_refused_on_create(self):
        before = self.env[PROTOCOL].search_count([])
        for vals in (
            {"state": "signed"},
            {"signed_user_ids": [Command.set(self.teacher.ids)]},
        ):
            self.assertRpcForgeryRefused(
                self.teacher,
                PROTOCOL,
                "create",
                {"assignment_id": self.assignment_5a.id, "chairman_id": self.teacher.id, **vals},
            )
        self.assertEqual(self.env[PROTOCOL].search_count([]), before)
        # a draft is no forgery; a default_state key in the context is dropped
        new_id = self.rpc(
            self.teacher,
            PROTOCOL,
            "create",
            {"assignment_id": self.assignment_5a.id},
            context={"default_state": "signed", "default_signed_on": "2036-05-21 10:00:00"},
        )
        self.assertRecordValues(
            self.env[PROTOCOL].browse(new_id), [{"state": "draft", "signed_on": False}]
        )

    def test_results_frozen_while_signing(self):
        line = self.protocol.line_ids[:1]
        self.assertRpcForgeryRefused(
            self.teacher, LINE, "write", line.ids, {"value_id": self.mark_5.id}
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            LINE,
            "create",
            {"protocol_id": self.protocol.id, "student_id": self.sibling.id, "value_id": 1},
        )
        self.assertRpcForgeryRefused(self.teacher, LINE, "unlink", line.ids)
        self.assertEqual(line.value_id, self.mark_4)
        self.assertEqual(len(self.protocol.line_ids), 2)

    def test_another_teacher_cannot_prepare_the_protocol(self):
        draft = self.env[PROTOCOL].create(
            {"assignment_id": self.assignment_5a.id, "chairman_id": self.teacher.id}
        )
        draft.commission_ids = self.other_teacher
        self.assertRpcForgeryRefused(
            self.other_teacher, PROTOCOL, "action_fill_students", draft.ids
        )
        self.assertRpcForgeryRefused(self.other_teacher, PROTOCOL, "action_submit", draft.ids)
        self.assertFalse(draft.line_ids)
        self.assertEqual(draft.state, "draft")
        self.assertRpcForgeryRefused(
            self.teacher, PROTOCOL, "action_reset_draft", self.protocol.ids
        )
        self.assertEqual(self.protocol.state, "signing")

    # the credit ---------------------------------------------------------------------------
    def test_only_the_director_approves_a_credit(self):
        for user in (self.class_teacher, self.teacher, self.deputy, self.secretary):
            self.assertRpcForgeryRefused(user, CREDIT, "action_approve", self.credit.ids)
        self.assertRecordValues(self.credit, [{"state": "submitted", "approved_by_id": False}])
        self.assertFalse(self.credit.period_mark_id)
        self.rpc(self.director, CREDIT, "action_approve", self.credit.ids)
        self.assertRecordValues(
            self.credit, [{"state": "approved", "approved_by_id": self.director.id}]
        )
        self.assertEqual(self.credit.sudo().period_mark_id.value_id, self.mark_5)

    def test_credit_workflow_fields_refused(self):
        base = {
            "student_id": self.child.id,
            "subject_id": self.math.id,
            "year_id": self.year.id,
            "organisation": "Школа № 1",
            "document": "Справка",
            "value_id": self.mark_5.id,
        }
        before = self.env[CREDIT].search_count([])
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.director.id},
            {"prepared_by_id": self.deputy.id},
        ):
            self.assertRpcForgeryRefused(self.secretary, CREDIT, "create", {**base, **vals})
        self.assertEqual(self.env[CREDIT].search_count([]), before)
        draft = self.env[CREDIT].create(base)
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.director.id},
            {"approved_on": "2035-11-01 10:00:00"},
        ):
            self.assertRpcForgeryRefused(self.deputy, CREDIT, "write", draft.ids, vals)
        self.assertRecordValues(draft, [{"state": "draft", "approved_by_id": False}])
        # a teacher may not even prepare one
        self.assertRpcForgeryRefused(self.teacher, CREDIT, "create", base)
        self.assertRpcForgeryRefused(self.class_teacher, CREDIT, "action_submit", draft.ids)
        self.assertEqual(draft.state, "draft")
