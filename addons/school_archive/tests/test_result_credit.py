from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.school_records.tests.common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestResultCredit(SchoolRecordsCase):
    """A result from another organisation counted by the director's order: the
    secretary prepares it, the director approves, the journal's period (or year) mark
    becomes the credited one and the journal and the personal file show it."""

    def _credit(self, user=None, **values):
        return (
            self.env["school.result.credit"]
            .with_user(user or self.secretary)
            .create(
                {
                    "student_id": self.child.id,
                    "subject_id": self.math.id,
                    "year_id": self.year.id,
                    "period_id": self.quarter_1.id,
                    "organisation": "ГБОУ Лицей № 239",
                    "organisation_kind": "school",
                    "document": "Справка № 17 от 30.10.2035",
                    "date_from": date(2035, 9, 1),
                    "date_to": date(2035, 10, 27),
                    "hours": 36,
                    "result_kind": "mark",
                    "value_id": self.mark_5.id,
                    "order_number": "45-у",
                    "order_date": date(2035, 11, 2),
                    **values,
                }
            )
        )

    def _period_mark(self, period=None, kind="period"):
        return self.env["school.period.mark"].search(
            [
                ("student_id", "=", self.child.id),
                ("assignment_id", "=", self.assignment_5a.id),
                ("kind", "=", kind),
                ("period_id", "=", period.id if period else False),
            ]
        )

    def test_approved_credit_sets_the_period_mark(self):
        # the teacher's own proposal (a «4») is replaced by the credited «5»
        self.env["school.period.mark"].create(
            {
                "student_id": self.child.id,
                "assignment_id": self.assignment_5a.id,
                "kind": "period",
                "period_id": self.quarter_1.id,
                "value_id": self.mark_4.id,
            }
        )
        credit = self._credit()
        credit.action_submit()
        self.assertRecordValues(
            credit, [{"state": "submitted", "prepared_by_id": self.secretary.id}]
        )
        credit.with_user(self.director).action_approve()
        mark = self._period_mark(self.quarter_1)
        self.assertRecordValues(
            mark,
            [
                {
                    "value_id": self.mark_5.id,
                    "state": "confirmed",
                    "reason": "Credited by order No. 45-у of 02.11.2035: ГБОУ Лицей № 239",
                }
            ],
        )
        self.assertRecordValues(
            credit,
            [{"state": "approved", "approved_by_id": self.director.id, "period_mark_id": mark.id}],
        )
        self.assertIn("45-у", mark.credit_note)

    def test_pass_without_a_mark_sets_the_year_mark(self):
        credit = self._credit(period_id=False, result_kind="pass", value_id=False)
        credit.action_submit()
        credit.with_user(self.director).action_approve()
        self.assertEqual(
            self._period_mark(kind="year").value_id,
            self.env.ref("school_records.school_mark_value_pass"),
        )

    def test_only_the_director_approves(self):
        credit = self._credit()
        credit.action_submit()
        for user in (self.deputy, self.secretary):
            with self.assertRaises(AccessError):
                credit.with_user(user).action_approve()
        self.assertEqual(credit.state, "submitted")
        self.assertFalse(self._period_mark(self.quarter_1))

    def test_the_order_is_required_and_the_credit_frozen(self):
        credit = self._credit(order_number=False)
        credit.action_submit()
        with self.assertRaisesRegex(UserError, "number and the date of the order"):
            credit.with_user(self.director).action_approve()
        with self.assertRaises(UserError):
            credit.hours = 72
        credit.with_user(self.director).order_number = "45-у"
        credit.with_user(self.director).action_approve()
        with self.assertRaises(UserError):
            credit.with_user(self.director).order_number = "46-у"
        with self.assertRaises(UserError):
            credit.unlink()

    def test_refused_credit_goes_back_to_draft(self):
        credit = self._credit()
        credit.action_submit()
        credit.with_user(self.director).action_refuse()
        self.assertEqual(credit.state, "refused")
        credit.with_user(self.secretary).action_draft()
        credit.with_user(self.secretary).hours = 40
        self.assertEqual(credit.hours, 40)

    def test_no_journal_no_credit(self):
        credit = self._credit(
            subject_id=self.env["school.subject"].create({"name": "Химия (тест)"}).id
        )
        with self.assertRaisesRegex(UserError, "no journal of Химия \\(тест\\)"):
            credit.action_submit()

    def test_journal_marker_and_personal_file(self):
        credit = self._credit()
        credit.action_submit()
        credit.with_user(self.director).action_approve()
        data = (
            self.env["school.journal.grid"]
            .with_user(self.teacher)
            .load(self.assignment_5a.id, self.quarter_1.id)
        )
        rows = {row["id"]: row for row in data["students"]}
        self.assertEqual(len(rows[self.child.id]["credits"]), 1)
        self.assertIn("45-у", rows[self.child.id]["credits"][0])
        self.assertEqual(rows[self.classmate.id]["credits"], [])
        personal_file = self.child.personal_file_ids[:1] or self.env["school.personal.file"].create(
            {"student_id": self.child.id}
        )
        self.assertEqual(personal_file.with_user(self.class_teacher).credit_ids, credit)
