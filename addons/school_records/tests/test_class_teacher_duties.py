"""The class teacher's duties (seeds 004 §4.5, 000 §3.1.8, issue 21 §3), over JSON-RPC
as each role would call them: the reason of her class's absences, the weekly list of
unexplained ones, reports to the deputy, the families' diary usage."""

import base64
from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import SchoolFixture
from .rpc_common import SchoolRpcCase

DOCUMENT = base64.b64encode(b"%PDF-1.4 signed consent")


@tagged("post_install", "-at_install")
class TestClassTeacherDuties(SchoolFixture, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_class_teacher = new_test_user(
            cls.env, login="t_class_6b", groups="school_records.group_class_teacher"
        )
        cls.class_6b.class_teacher_id = cls.other_class_teacher
        # an absence of 5А in the math teacher's journal, no reason given
        cls.absence = cls.env["school.attendance"].create(
            {"lesson_id": cls.lesson_5a.id, "student_id": cls.classmate.id, "kind": "absent"}
        )
        cls.absence_6b = cls.env["school.attendance"].create(
            {"lesson_id": cls.lesson_6b.id, "student_id": cls.other_child.id, "kind": "absent"}
        )

    # the reasons of the class's absences ------------------------------------------------
    def test_class_teacher_sets_the_reason_of_her_class_absence(self):
        self.rpc(
            self.class_teacher,
            "school.attendance",
            "write",
            [self.absence.id],
            {"kind": "ill", "comment": "справка"},
        )
        self.assertEqual((self.absence.kind, self.absence.comment), ("ill", "справка"))
        self.assertEqual(self.absence.write_uid, self.class_teacher)
        audit = self.env["school.journal.audit"].search(
            [("res_model", "=", "school.attendance"), ("res_id", "=", self.absence.id)]
        )
        self.assertEqual(audit.create_uid, self.class_teacher, "the change is audited as hers")
        self.assertEqual((audit.old_value, audit.new_value), ("н", "б"))

    def test_class_teacher_changes_only_the_reason(self):
        for vals in (
            {"kind": "late"},
            {"student_id": self.child.id},
            {"lesson_id": self.lesson_5a_substituted.id},
            {"kind": "excused", "lesson_id": self.lesson_5a_substituted.id},
        ):
            with self.subTest(vals=vals):
                self.assertRpcForgeryRefused(
                    self.class_teacher, "school.attendance", "write", [self.absence.id], vals
                )
                self.assertEqual(
                    (self.absence.kind, self.absence.student_id, self.absence.lesson_id),
                    ("absent", self.classmate, self.lesson_5a),
                )
        self.assertRpcForgeryRefused(
            self.class_teacher, "school.mark", "write", [self.mark_child.id], {"comment": "x"}
        )
        self.assertFalse(self.mark_child.comment, "the journals stay read-only for her")
        self.assertRpcForgeryRefused(
            self.class_teacher, "school.attendance", "unlink", [self.absence.id]
        )
        self.assertTrue(self.absence.exists())

    def test_others_may_not_correct_the_reason(self):
        for user, absence in (
            (self.other_class_teacher, self.absence),  # class teacher of another class
            (self.class_teacher, self.absence_6b),  # of her own class only
            (self.other_teacher, self.absence),  # a subject teacher not of this journal
            (self.parent, self.absence),
            (self.secretary, self.absence),
        ):
            with self.subTest(user=user.login, absence=absence.id):
                self.assertRpcForgeryRefused(
                    user, "school.attendance", "write", [absence.id], {"kind": "excused"}
                )
                self.assertEqual(absence.kind, "absent")

    def test_subject_teacher_keeps_her_rights(self):
        self.rpc(self.teacher, "school.attendance", "write", [self.absence.id], {"kind": "late"})
        self.assertEqual(self.absence.kind, "late")

    def test_weekly_activity_lists_the_unexplained_absences(self):
        ill = self.env["school.attendance"].create(
            {"lesson_id": self.lesson_5a.id, "student_id": self.child.id, "kind": "ill"}
        )
        with freeze_time("2035-09-10 08:00:00"):  # the Monday after the lessons of 7 Sept.
            self.env["school.class"]._cron_unexplained_absences()
        activity = self.class_5a.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.class_teacher)
        self.assertIn(self.classmate.name, str(activity.note))
        self.assertNotIn(ill.student_id.name, str(activity.note), "an ill child has a reason")
        self.assertEqual(self.class_6b.activity_ids.user_id, self.other_class_teacher)
        with freeze_time("2035-09-17 08:00:00"):  # the week after: nothing new
            self.env["school.class"]._cron_unexplained_absences()
        self.assertEqual(len(self.class_5a.activity_ids), 1)

    # reports to the deputy --------------------------------------------------------------
    def _report(self, user, **vals):
        return self.rpc(
            user,
            "school.journal.report",
            "create",
            {
                "assignment_id": self.assignment_5a.id,
                "lesson_id": self.lesson_5a.id,
                "problem": "Нет отметок за контрольную",
                **vals,
            },
        )

    def test_report_waits_for_the_next_check_and_lands_in_it(self):
        report = self.env["school.journal.report"].browse(self._report(self.class_teacher))
        self.assertEqual(report.state, "pending")
        self.assertEqual(report.reporter_id, self.class_teacher)
        self.assertEqual(report.teacher_id, self.teacher)
        self.assertTrue(report.activity_ids, "the deputy sees the waiting report")
        check_id = self.rpc(
            self.deputy,
            "school.journal.check",
            "create",
            {"class_id": self.class_5a.id, "date_from": "2035-09-01", "date_to": "2035-09-30"},
        )
        self.assertEqual(report.state, "in_check")
        remark = report.remark_id
        self.assertEqual(remark.check_id.id, check_id)
        self.assertEqual(remark.teacher_id, self.teacher)
        self.assertIn("Нет отметок за контрольную", remark.remark)
        self.assertFalse(report.activity_ids)

    def test_report_lands_in_the_check_being_prepared(self):
        check = self.env["school.journal.check"].create(
            {
                "class_id": self.class_5a.id,
                "date_from": date(2035, 9, 1),
                "date_to": date(2035, 9, 30),
            }
        )
        report = self.env["school.journal.report"].browse(self._report(self.class_teacher))
        self.assertEqual(report.remark_id.check_id, check)
        self.assertEqual(report.state, "in_check")

    def test_only_the_class_teacher_of_the_class_reports(self):
        Report = self.env["school.journal.report"]
        for user in (self.other_class_teacher, self.teacher, self.other_teacher, self.parent):
            with self.subTest(user=user.login):
                self.assertRpcForgeryRefused(
                    user,
                    "school.journal.report",
                    "create",
                    {"assignment_id": self.assignment_5a.id, "problem": "x"},
                )
        self.assertFalse(Report.search([]))
        # workflow fields are not sent by the class teacher
        for vals in ({"state": "in_check"}, {"reporter_id": self.teacher.id}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.class_teacher,
                    "school.journal.report",
                    "create",
                    {"assignment_id": self.assignment_5a.id, "problem": "x", **vals},
                )
        self.assertFalse(Report.search([]))
        # a lesson of another journal is refused
        self.assertRpcRefused(
            self.class_teacher,
            "school.journal.report",
            "create",
            {
                "assignment_id": self.assignment_5a.id,
                "lesson_id": self.lesson_6b.id,
                "problem": "x",
            },
        )
        report = Report.browse(self._report(self.class_teacher))
        self.assertRpcForgeryRefused(
            self.class_teacher, "school.journal.report", "write", [report.id], {"problem": "y"}
        )
        self.assertRpcRefused(
            self.other_class_teacher, "school.journal.report", "read", [report.id], ["problem"]
        )
        self.assertEqual(report.problem, "Нет отметок за контрольную")

    # the diary usage --------------------------------------------------------------------
    def _consent(self, partner, student):
        self.env["school.pd.consent"].create(
            {
                "partner_id": partner.id,
                "student_id": student.id,
                "state": "given",
                "date": date(2025, 9, 1),
                "document": DOCUMENT,
                "document_name": "consent.pdf",
            }
        )

    def _usage_line(self, usage_id, partner):
        usage = self.env["school.diary.usage"].browse(usage_id)
        return usage.line_ids.filtered(lambda line: line.partner_id == partner)

    def test_class_teacher_sees_the_usage_and_resets_and_revokes_access(self):
        self._consent(self.parent_partner, self.child)
        self.env["school.login.log"].create({"user_id": self.parent.id})
        self.env["school.diary.acknowledgement"].create(
            {
                "student_id": self.child.id,
                "class_id": self.class_5a.id,
                "week_start": date(2035, 9, 3),
                "partner_id": self.parent_partner.id,
            }
        )
        usage_id = self.rpc(
            self.class_teacher, "school.diary.usage", "create", {"class_id": self.class_5a.id}
        )
        line = self._usage_line(usage_id, self.parent_partner)
        self.assertEqual(line.role, "guardian")
        self.assertTrue(line.portal_access)
        self.assertEqual((line.login_count, line.acknowledgement_count), (1, 1))
        self.assertEqual(len(self._usage_line(usage_id, self.classmate.partner_id)), 1)

        self.rpc(self.class_teacher, "school.diary.usage.line", "action_revoke", [line.id])
        self.assertFalse(self.parent.active, "the family's access is revoked")
        self.rpc(self.class_teacher, "school.diary.usage.line", "action_reset", [line.id])
        self.assertTrue(self.parent.active)
        self.assertTrue(line.password)
        self.assertEqual(line.login, self.parent.login)

    def test_reset_needs_the_consent(self):
        usage_id = self.rpc(
            self.class_teacher, "school.diary.usage", "create", {"class_id": self.class_5a.id}
        )
        line = self._usage_line(usage_id, self.classmate.partner_id)
        self.assertRpcRefused(
            self.class_teacher, "school.diary.usage.line", "action_reset", [line.id]
        )
        self.assertFalse(self.classmate.partner_id.with_context(active_test=False).user_ids)

    def test_others_may_not_see_or_change_the_family_access(self):
        for user in (self.other_class_teacher, self.teacher, self.parent):
            with self.subTest(user=user.login):
                self.assertRpcForgeryRefused(
                    user, "school.diary.usage", "create", {"class_id": self.class_5a.id}
                )
        usage_id = self.rpc(
            self.class_teacher, "school.diary.usage", "create", {"class_id": self.class_5a.id}
        )
        line = self._usage_line(usage_id, self.parent_partner)
        for user in (self.other_class_teacher, self.teacher, self.parent):
            with self.subTest(user=user.login):
                self.assertRpcRefused(user, "school.diary.usage.line", "action_revoke", [line.id])
        self.assertTrue(self.parent.active)
        # a usage of her own class whose line is switched to another class's person
        own_6b = self.rpc(
            self.other_class_teacher, "school.diary.usage", "create", {"class_id": self.class_6b.id}
        )
        self.assertRpcRefused(
            self.other_class_teacher,
            "school.diary.usage.line",
            "write",
            [self._usage_line(own_6b, self.other_parent_partner).id],
            {"partner_id": self.parent_partner.id},
        )
