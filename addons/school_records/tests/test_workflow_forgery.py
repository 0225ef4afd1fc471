"""The journal's workflows tried over JSON-RPC as the attacker's login would: closed
periods and their corrections, the journal check, substitutes, diary extracts, the
portal-access wizard and the homework files. Each forged path is refused (plainly and
with every context key the code once trusted) and leaves the records as they were;
the legitimate role still takes its step through the action."""

import base64
from datetime import date
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import tagged

from .common import SchoolFixture
from .rpc_common import FORGED_CONTEXT, SchoolRpcCase

DOCUMENT = base64.b64encode(b"%PDF-1.4 signed consent")


@tagged("post_install", "-at_install")
class TestWorkflowForgery(SchoolFixture, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period_mark_child = cls.env["school.period.mark"].create(
            {
                "student_id": cls.child.id,
                "assignment_id": cls.assignment_5a.id,
                "kind": "period",
                "period_id": cls.quarter_1.id,
                "proposed_value_id": cls.mark_5.id,
                "value_id": cls.mark_5.id,
            }
        )

    # helpers -----------------------------------------------------------------------------
    def _close_quarter(self):
        self.quarter_1.with_user(self.deputy).action_close()
        self.assertEqual(self.quarter_1.state, "closed")

    def _audit(self, record):
        return self.env["school.journal.audit"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def _correction_vals(self, **values):
        return {
            "lesson_id": self.lesson_5a.id,
            "student_id": self.child.id,
            "kind": "mark",
            "new_value": "4",
            "reason": "Ученик отвечал на «4»",
            **values,
        }

    # closed periods and corrections --------------------------------------------------------
    def test_forged_context_does_not_open_a_closed_period(self):
        self._close_quarter()
        Mark, Attendance, Lesson = "school.mark", "school.attendance", "school.lesson"
        self.assertRpcForgeryRefused(
            self.teacher, Mark, "write", [self.mark_child.id], {"value_id": self.mark_2.id}
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            Mark,
            "create",
            [
                {
                    "lesson_id": self.lesson_5a.id,
                    "student_id": self.classmate.id,
                    "value_id": self.mark_2.id,
                }
            ],
        )
        self.assertRpcForgeryRefused(self.teacher, Mark, "unlink", [self.mark_child.id])
        self.assertRpcForgeryRefused(
            self.other_teacher, Attendance, "unlink", [self.absence_child.id]
        )
        self.assertRpcForgeryRefused(
            self.teacher, Lesson, "write", [self.lesson_5a.id], {"topic": "Задним числом"}
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            Lesson,
            "create",
            [{"assignment_id": self.assignment_5a.id, "date": "2035-09-10", "number": 5}],
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            "school.period.mark",
            "write",
            [self.period_mark_child.id],
            {"value_id": self.mark_2.id, "reason": "Задним числом"},
        )
        self.assertEqual(self.mark_child.value_id, self.mark_5)
        self.assertTrue(self.absence_child.exists())
        self.assertFalse(self.lesson_5a.topic == "Задним числом")
        self.assertEqual(self.period_mark_child.value_id, self.mark_5)
        self.assertFalse(self.env["school.journal.audit"].search([]))

    def test_teacher_cannot_approve_her_own_request(self):
        self._close_quarter()
        Correction = "school.journal.correction"
        for forged in (
            {"state": "approved"},
            {"approved_by": self.deputy.id},
            {"requested_by": self.other_teacher.id},
        ):
            self.assertRpcForgeryRefused(
                self.teacher, Correction, "create", [self._correction_vals(**forged)]
            )
        request_id = self.rpc(self.teacher, Correction, "create", [self._correction_vals()])[0]
        self.rpc(self.teacher, Correction, "action_submit", [request_id])
        request = self.env[Correction].browse(request_id)
        for forged in (
            {"state": "approved"},
            {"approved_by": self.teacher.id, "approved_on": "2035-11-10 10:00:00"},
            {"state": "draft"},
        ):
            self.assertRpcForgeryRefused(self.teacher, Correction, "write", [request_id], forged)
        self.assertRpcForgeryRefused(self.teacher, Correction, "action_approve", [request_id])
        self.assertRpcForgeryRefused(
            self.teacher,
            Correction,
            "write",
            [request_id],
            {"refusal_reason": "Сама себе отказала"},
        )
        self.assertRecordValues(
            request, [{"state": "submitted", "approved_by": False, "refusal_reason": False}]
        )
        self.assertEqual(self.mark_child.value_id, self.mark_5)
        self.assertFalse(self._audit(self.mark_child))

    def test_deputy_approval_applies_the_correction_with_its_audit(self):
        self._close_quarter()
        Correction = "school.journal.correction"
        request_id = self.rpc(self.teacher, Correction, "create", [self._correction_vals()])[0]
        self.rpc(self.teacher, Correction, "action_submit", [request_id])
        # the deputy's approval, even sent with the forged context, applies the request
        self.rpc(self.deputy, Correction, "action_approve", [request_id], context=FORGED_CONTEXT)
        request = self.env[Correction].browse(request_id)
        self.assertRecordValues(request, [{"state": "approved", "approved_by": self.deputy.id}])
        self.assertEqual(self.mark_child.value_id, self.mark_4)
        self.assertRecordValues(
            self._audit(self.mark_child),
            [
                {
                    "operation": "write",
                    "old_value": "5 (УО)",
                    "user_id": self.deputy.id,
                    "correction_id": request_id,
                    "reason": f"Correction #{request_id}: {request.reason}",
                }
            ],
        )
        # the period is closed again once the correction is applied
        self.assertRpcRefused(
            self.teacher, "school.mark", "write", [self.mark_child.id], {"value_id": self.mark_5.id}
        )

    # the journal check ---------------------------------------------------------------------
    def _sent_check(self):
        Check = "school.journal.check"
        check_id = self.rpc(
            self.deputy,
            Check,
            "create",
            [
                {
                    "class_id": self.class_5a.id,
                    "date_from": "2035-09-01",
                    "date_to": "2035-10-31",
                    "kind": "period_end",
                    "period_id": self.quarter_1.id,
                    "remark_ids": [
                        Command.create(
                            {
                                "assignment_id": self.assignment_5a.id,
                                "remark": "Не заполнены темы уроков",
                            }
                        )
                    ],
                }
            ],
        )[0]
        self.rpc(self.deputy, Check, "action_send", [check_id])
        return self.env[Check].browse(check_id)

    def test_only_the_director_signs_a_journal_check(self):
        Check = "school.journal.check"
        self.assertRpcForgeryRefused(
            self.deputy,
            Check,
            "create",
            [
                {
                    "class_id": self.class_5a.id,
                    "date_from": "2035-09-01",
                    "date_to": "2035-10-31",
                    "state": "signed",
                    "signed_by_id": self.director.id,
                }
            ],
        )
        check = self._sent_check()
        remark = check.remark_ids
        self.rpc(self.teacher, remark._name, "write", [remark.id], {"answer": "Заполнила"})
        self.rpc(self.teacher, remark._name, "action_answer", [remark.id])
        self.rpc(self.deputy, Check, "action_accept", [check.id])
        for forged in (
            {"state": "signed"},
            {"signed_by_id": self.director.id, "signed_on": "2035-11-05 10:00:00"},
            {"deputy_id": self.other_teacher.id},
        ):
            self.assertRpcForgeryRefused(self.deputy, Check, "write", [check.id], forged)
        self.assertRpcForgeryRefused(self.deputy, Check, "action_sign", [check.id])
        self.assertRecordValues(
            check, [{"state": "accepted", "signed_by_id": False, "deputy_id": self.deputy.id}]
        )
        self.rpc(self.director, Check, "action_sign", [check.id])
        self.assertRecordValues(check, [{"state": "signed", "signed_by_id": self.director.id}])

    def test_teacher_writes_only_her_answer_to_a_remark(self):
        check = self._sent_check()
        remark = check.remark_ids
        Remark = remark._name
        for forged in (
            {"remark": "Замечаний нет"},
            {"state": "accepted"},
            {"state": "answered", "answered_on": "2035-11-05 10:00:00"},
            {"deadline": "2036-05-31"},
        ):
            self.assertRpcForgeryRefused(self.teacher, Remark, "write", [remark.id], forged)
        # the class teacher of 5А may read the remark but not answer it for the teacher
        self.assertRpcForgeryRefused(
            self.class_teacher, Remark, "write", [remark.id], {"answer": "За неё"}
        )
        self.assertRecordValues(
            remark, [{"remark": "Не заполнены темы уроков", "state": "open", "answer": False}]
        )
        self.rpc(self.teacher, Remark, "write", [remark.id], {"answer": "Заполнила"})
        self.rpc(self.teacher, Remark, "action_answer", [remark.id])
        self.assertRecordValues(remark, [{"state": "answered", "answer": "Заполнила"}])
        # answered: she cannot rewrite it afterwards either
        self.assertRpcRefused(self.teacher, Remark, "write", [remark.id], {"answer": "Иначе"})
        self.rpc(self.deputy, "school.journal.check", "action_accept", [check.id])
        self.assertEqual(remark.state, "accepted")

    # substitutes ---------------------------------------------------------------------------
    def test_a_teacher_cannot_appoint_a_substitute(self):
        Lesson = "school.lesson"
        # the class teacher of 5А names herself substitute of a 6Б lesson
        self.assertRpcForgeryRefused(
            self.class_teacher,
            Lesson,
            "create",
            [
                {
                    "assignment_id": self.assignment_6b.id,
                    "date": "2035-09-09",
                    "number": 3,
                    "substitute_teacher_id": self.class_teacher.id,
                }
            ],
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            Lesson,
            "write",
            [self.lesson_5a.id],
            {"substitute_teacher_id": self.class_teacher.id},
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            Lesson,
            "action_appoint_substitute",
            [self.lesson_5a.id],
            self.class_teacher.id,
        )
        self.assertFalse(self.lesson_5a.substitute_teacher_id)
        self.assertFalse(
            self.env[Lesson].search([("substitute_teacher_id", "=", self.class_teacher.id)])
        )
        # so she reads nothing of 6Б
        self.assertRpcRefused(
            self.class_teacher, "school.student", "read", [self.other_child.id], ["name"]
        )
        # and a substitute does not move her lesson into another journal
        self.assertRpcForgeryRefused(
            self.substitute,
            Lesson,
            "write",
            [self.lesson_5a_substituted.id],
            {"date": "2035-09-09"},
        )

    def test_deputy_appoints_the_substitute_who_reads_that_days_roster(self):
        Lesson, Student = "school.lesson", "school.student"
        newcomer = self.env["school.student"].create({"last_name": "Новиков", "first_name": "Лев"})
        self.env["school.enrollment"].create(
            {"student_id": newcomer.id, "class_id": self.class_5a.id, "date_from": "2035-10-01"}
        )
        self.rpc(
            self.deputy,
            Lesson,
            "action_appoint_substitute",
            [self.lesson_5a.id],
            self.other_teacher.id,
        )
        self.assertEqual(self.lesson_5a.substitute_teacher_id, self.other_teacher)
        # the deputy's lesson form writes the field: it goes through the same action
        self.rpc(
            self.deputy, Lesson, "write", [self.lesson_5a.id], {"substitute_teacher_id": False}
        )
        self.assertFalse(self.lesson_5a.substitute_teacher_id)
        # the substitute of 8 September fills that lesson and reads its day's roster
        self.rpc(
            self.substitute,
            Lesson,
            "write",
            [self.lesson_5a_substituted.id],
            {"topic": "Замена: дроби"},
        )
        self.assertEqual(self.lesson_5a_substituted.topic, "Замена: дроби")
        self.rpc(self.substitute, Student, "read", [self.child.id], ["name"])
        for stranger in (newcomer, self.other_child):
            self.assertRpcRefused(self.substitute, Student, "read", [stranger.id], ["name"])
        self.assertRpcRefused(
            self.substitute, Lesson, "write", [self.lesson_5a.id], {"topic": "Чужой урок"}
        )

    # diary extracts ------------------------------------------------------------------------
    def test_class_teacher_prints_extracts_of_her_class_only(self):
        Extract = "school.diary.extract"
        week = {"kind": "week", "date_from": "2035-09-03", "date_to": "2035-09-08"}
        self.assertRpcForgeryRefused(
            self.class_teacher,
            Extract,
            "create",
            [{"student_id": self.other_child.id, "class_id": self.class_5a.id, **week}],
        )
        # the print wizard of her class, sent another class's child
        self.assertRpcForgeryRefused(
            self.class_teacher,
            "school.diary.extract.print",
            "create",
            [
                {
                    "class_id": self.class_5a.id,
                    "student_ids": [Command.set(self.other_child.ids)],
                    "kind": "week",
                    "day": "2035-09-05",
                }
            ],
        )
        self.assertFalse(self.env[Extract].search([("student_id", "=", self.other_child.id)]))
        # her own pupil, with forged issuer and token: the server's values are kept
        extract_id = self.rpc(
            self.class_teacher,
            Extract,
            "create",
            [
                {
                    "student_id": self.child.id,
                    "issued_by_id": self.deputy.id,
                    "access_token": "0" * 32,
                    **week,
                }
            ],
        )[0]
        extract = self.env[Extract].browse(extract_id)
        self.assertRecordValues(
            extract, [{"class_id": self.class_5a.id, "issued_by_id": self.class_teacher.id}]
        )
        self.assertNotEqual(extract.access_token, "0" * 32)

    # portal access -------------------------------------------------------------------------
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

    def _portal_users(self, partner):
        return (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)])
        )

    def test_portal_access_only_for_the_families_of_the_class(self):
        self._consent(self.parent_partner, self.child)
        self._consent(self.other_parent_partner, self.other_child)
        Wizard, Line = "school.portal.access.wizard", "school.portal.access.wizard.line"
        outsider = self.other_parent_partner  # a guardian of 6Б
        stranger_line = {
            "partner_id": outsider.id,
            "role": "guardian",
            "student_ids": [Command.set(self.other_child.ids)],
            "issue": True,
        }
        wizard_id = self.rpc(
            self.class_teacher,
            Wizard,
            "create",
            [{"class_id": self.class_5a.id, "line_ids": [Command.create(stranger_line)]}],
        )[0]
        self.assertRpcForgeryRefused(self.class_teacher, Wizard, "action_issue", [wizard_id])
        # another class's wizard, or a login and password written on a line
        self.assertRpcForgeryRefused(
            self.class_teacher, Wizard, "create", [{"class_id": self.class_6b.id}]
        )
        wizard = self.env[Wizard].browse(wizard_id)
        self.assertRpcForgeryRefused(
            self.class_teacher,
            Line,
            "write",
            wizard.line_ids.ids,
            {"login": "stolen", "password": "secret123", "issued": True},
        )
        self.assertRpcForgeryRefused(
            self.class_teacher, Wizard, "write", [wizard_id], {"state": "done"}
        )
        self.assertFalse(self._portal_users(outsider))
        self.assertFalse(wizard.line_ids.filtered("issued"))
        # the secretary issues for any class: the parent of 6Б gets a login
        wizard_id = self.rpc(self.secretary, Wizard, "create", [{"class_id": self.class_6b.id}])[0]
        self.rpc(self.secretary, Wizard, "action_issue", [wizard_id])
        self.assertTrue(self._portal_users(outsider))
        line = (
            self.env[Wizard]
            .browse(wizard_id)
            .line_ids.filtered(lambda line: line.partner_id == outsider)
        )
        self.assertTrue(line.issued and line.password)

    # homework files ------------------------------------------------------------------------
    def test_homework_route_serves_only_the_lessons_uploads(self):
        archive_copy = self.env["ir.attachment"].create(
            {
                "name": "personal_file.pdf",
                "raw": b"archived personal file",
                "res_model": "school.student",
                "res_id": self.other_child.id,
            }
        )
        self.assertRpcForgeryRefused(
            self.teacher,
            "school.lesson",
            "write",
            [self.lesson_5a.id],
            {"homework_attachment_ids": [Command.link(archive_copy.id)]},
        )
        self.assertFalse(self.lesson_5a.homework_attachment_ids)
        # linked behind the product's back: the route still does not serve it
        self.lesson_5a.homework_attachment_ids = archive_copy
        self.authenticate(self.parent.login, self.parent.login)
        self._rpc_login = None
        response = self.url_open(f"/my/diary/{self.child.id}/file/{archive_copy.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"archived personal file", response.content)
        self.lesson_5a.homework_attachment_ids = False
        # the teacher's own upload on the lesson form is served to the family
        upload_id = self.rpc(
            self.teacher,
            "ir.attachment",
            "create",
            [
                {
                    "name": "task.txt",
                    "datas": base64.b64encode(b"homework task").decode(),
                    "res_model": "school.lesson",
                    "res_id": 0,
                }
            ],
        )[0]
        self.rpc(
            self.teacher,
            "school.lesson",
            "write",
            [self.lesson_5a.id],
            {"homework_attachment_ids": [Command.link(upload_id)]},
        )
        self.assertEqual(self.env["ir.attachment"].browse(upload_id).res_id, self.lesson_5a.id)
        self.authenticate(self.parent.login, self.parent.login)
        self._rpc_login = None
        response = self.url_open(f"/my/diary/{self.child.id}/file/{upload_id}")
        self.assertEqual(response.content, b"homework task")

    # the temporary journal transfer and the class statement register ----------------------
    def test_only_a_deputy_acknowledges_a_transfer_as_herself(self):
        Transfer = "school.journal.transfer"
        transfer = self.env[Transfer].create(
            {
                "assignment_id": self.assignment_5a.id,
                "user_id": self.teacher.id,
                "date_from": "2035-09-07",
                "date_to": "2035-09-08",
                "mark_count": 1,
                "lesson_ids": [Command.set(self.lesson_5a.ids)],
            }
        )
        for forged in (
            {"state": "acknowledged"},
            {"acknowledged_by_id": self.director.id},
            {"mark_count": 0, "lesson_ids": [Command.clear()]},
            {"user_id": self.deputy.id},
        ):
            self.assertRpcForgeryRefused(self.deputy, Transfer, "write", [transfer.id], forged)
        self.assertRpcForgeryRefused(self.teacher, Transfer, "action_acknowledge", [transfer.id])
        self.assertRpcForgeryRefused(
            self.teacher,
            Transfer,
            "create",
            [{"assignment_id": self.assignment_5a.id, "state": "acknowledged"}],
        )
        self.assertRecordValues(
            transfer,
            [{"state": "new", "acknowledged_by_id": False, "mark_count": 1}],
        )
        self.rpc(self.deputy, Transfer, "write", [transfer.id], {"note": "Принято к сведению"})
        self.rpc(self.deputy, Transfer, "action_acknowledge", [transfer.id])
        self.assertRecordValues(
            transfer, [{"state": "acknowledged", "acknowledged_by_id": self.deputy.id}]
        )

    def test_a_class_statement_is_issued_by_whoever_prints_it(self):
        statement_id = self.rpc(
            self.teacher,
            "school.class.statement",
            "create",
            [
                {
                    "report": "results",
                    "year_id": self.year.id,
                    "class_ids": [Command.set(self.class_5a.ids)],
                    "issued_by_id": self.director.id,
                    "issued_on": "2035-01-01 10:00:00",
                    "access_token": "0" * 32,
                }
            ],
            context=FORGED_CONTEXT,
        )[0]
        statement = self.env["school.class.statement"].browse(statement_id)
        self.assertEqual(statement.issued_by_id, self.teacher)
        self.assertNotEqual(statement.access_token, "0" * 32)
        self.assertNotEqual(str(statement.issued_on), "2035-01-01 10:00:00")


@tagged("post_install", "-at_install")
class TestPeriodMarkForgery(SchoolFixture, SchoolRpcCase):
    """A period mark's confirmation is the teacher's signature and its proposal the
    server's arithmetic: over JSON-RPC neither is written by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period_mark = cls.env["school.period.mark"].create(
            {
                "student_id": cls.child.id,
                "assignment_id": cls.assignment_5a.id,
                "kind": "period",
                "period_id": cls.quarter_1.id,
                "proposed_value_id": cls.mark_4.id,
            }
        )

    def test_the_confirmation_and_the_proposal_are_not_written_by_hand(self):
        model, ids = "school.period.mark", self.period_mark.ids
        for vals in (
            {"state": "confirmed"},
            {"confirmed_by_id": self.deputy.id},
            {"proposed_value_id": self.mark_5.id},
            {"average": 4.9},
        ):
            self.assertRpcForgeryRefused(self.teacher, model, "write", ids, vals)
        self.assertRpcForgeryRefused(
            self.teacher,
            model,
            "create",
            [
                {
                    "student_id": self.classmate.id,
                    "assignment_id": self.assignment_5a.id,
                    "kind": "year",
                    "proposed_value_id": self.mark_5.id,
                    "state": "confirmed",
                }
            ],
        )
        self.assertRecordValues(
            self.period_mark,
            [{"state": "draft", "proposed_value_id": self.mark_4.id, "confirmed_by_id": False}],
        )
        self.assertRpcRefused(self.other_teacher, model, "action_confirm", ids)
        # confirmation opens on the day of the period's last lesson (seed 001 §5.4)
        with patch.object(fields.Date, "context_today", return_value=date(2035, 9, 8)):
            self.rpc(self.teacher, model, "action_confirm", ids)
        self.assertRecordValues(
            self.period_mark,
            [
                {
                    "state": "confirmed",
                    "value_id": self.mark_4.id,
                    "confirmed_by_id": self.teacher.id,
                }
            ],
        )
