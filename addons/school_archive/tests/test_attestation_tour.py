from datetime import date

from odoo.tests import HttpCase, tagged

from .archive_common import ArchiveCase


@tagged("post_install", "-at_install", "is_tour")
class TestAttestationTour(ArchiveCase, HttpCase):
    """In Chromium: the teacher drafts the attestation protocol of her journal, fills
    the class, types the results, submits and signs it; the chairman signs it last.
    The secretary records a credited result; the director approves it by order; the
    teacher's journal marks the student."""

    def test_attestation_protocol_through_the_screens(self):
        action = self.env.ref("school_archive.school_attestation_protocol_action")
        new = action.copy({"context": repr({"default_date": "2036-05-20"})})
        self.start_tour(
            f"/odoo/action-{new.id}/new",
            "school_attestation_protocol_teacher_tour",
            login=self.teacher.login,
        )
        protocol = self.env["school.attestation.protocol"].search(
            [("assignment_id", "=", self.assignment_5a.id)]
        )
        self.assertRecordValues(
            protocol,
            [
                {
                    "form": "control_work",
                    "date": date(2036, 5, 20),
                    "chairman_id": self.deputy.id,
                    "state": "signing",
                }
            ],
        )
        self.assertEqual(protocol.signed_user_ids, self.teacher)
        self.assertEqual(
            {line.student_id: line.value_id for line in protocol.line_ids},
            {self.child: self.mark_4, self.classmate: self.mark_2},
        )
        self.start_tour(
            f"/odoo/action-{action.id}/{protocol.id}",
            "school_attestation_protocol_chairman_tour",
            login=self.deputy.login,
        )
        self.assertEqual(protocol.state, "signed")
        self.assertTrue(protocol.archive_record_id)

    def test_result_credit_through_the_screens(self):
        action = self.env.ref("school_archive.school_result_credit_action")
        new = action.copy({"context": repr({"default_order_date": "2035-11-02"})})
        self.start_tour(
            f"/odoo/action-{new.id}/new",
            "school_result_credit_secretary_tour",
            login=self.secretary.login,
        )
        credit = self.env["school.result.credit"].search([("student_id", "=", self.child.id)])
        self.assertRecordValues(
            credit,
            [
                {
                    "subject_id": self.math.id,
                    "period_id": self.quarter_1.id,
                    "value_id": self.mark_5.id,
                    "organisation": "ГБОУ Лицей № 239",
                    "hours": 36,
                    "order_number": "45-у",
                    "state": "submitted",
                }
            ],
        )
        self.start_tour(
            f"/odoo/action-{action.id}/{credit.id}",
            "school_result_credit_director_tour",
            login=self.director.login,
        )
        self.assertEqual(credit.state, "approved")
        self.assertEqual(credit.period_mark_id.value_id, self.mark_5)
        # the teacher's journal shows the marker by the student's name
        journal = self.env["ir.actions.client"].create(
            {
                "name": "Journal",
                "tag": "school_journal_grid",
                "context": repr(
                    {"assignment_id": self.assignment_5a.id, "period_id": self.quarter_1.id}
                ),
            }
        )
        self.start_tour(
            f"/odoo/action-{journal.id}",
            "school_result_credit_journal_tour",
            login=self.teacher.login,
        )
