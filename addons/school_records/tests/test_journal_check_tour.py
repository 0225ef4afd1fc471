from datetime import date

from odoo.tests import HttpCase, tagged

from .common import SchoolFixture


@tagged("post_install", "-at_install", "is_tour")
class TestJournalCheckTour(SchoolFixture, HttpCase):
    """In Chromium, on one check: the deputy creates an end-of-period check and a
    remark, the teacher answers it in the form, the deputy accepts, the director signs."""

    def test_journal_check_through_the_screens(self):
        action = self.env.ref("school_records.school_journal_check_action")
        new_check = action.copy(
            {
                "context": repr(
                    {
                        "default_class_id": self.class_5a.id,
                        "default_date_from": "2035-10-01",
                        "default_date_to": "2035-10-31",
                    }
                )
            }
        )
        self.start_tour(
            f"/odoo/action-{new_check.id}/new",
            "school_journal_check_deputy_tour",
            login=self.deputy.login,
        )
        check = self.env["school.journal.check"].search([("class_id", "=", self.class_5a.id)])
        self.assertRecordValues(
            check,
            [
                {
                    "kind": "period_end",
                    "period_id": self.quarter_1.id,
                    "date_from": date(2035, 10, 1),
                    "state": "sent",
                    "deputy_id": self.deputy.id,
                }
            ],
        )
        self.assertEqual(check.remark_ids.teacher_id, self.teacher)
        url = f"/odoo/action-{action.id}/{check.id}"
        self.start_tour(url, "school_journal_check_teacher_tour", login=self.teacher.login)
        self.assertRecordValues(
            check.remark_ids, [{"state": "answered", "answer": "Темы заполнены"}]
        )
        self.start_tour(url, "school_journal_check_accept_tour", login=self.deputy.login)
        self.assertEqual(check.state, "accepted")
        self.start_tour(url, "school_journal_check_sign_tour", login=self.director.login)
        self.assertRecordValues(check, [{"state": "signed", "signed_by_id": self.director.id}])
