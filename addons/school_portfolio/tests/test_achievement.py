from datetime import date

from odoo.exceptions import AccessError, UserError  # an AccessError is a UserError
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import freeze_time

from .common import PortfolioFixture


@tagged("post_install", "-at_install")
class TestAchievement(PortfolioFixture, TransactionCase):
    def test_entry_takes_the_class_and_the_portfolio_period_of_its_date(self):
        self.assertRecordValues(
            self.olympiad,
            [{"class_id": self.class_5a.id, "class_level": 5, "portfolio_period": "basic"}],
        )
        self.assertEqual(self.olympiad.academic_year_id, self.year)

    def test_review_path_submit_return_resubmit_accept(self):
        entry = self.olympiad
        entry.action_submit()
        self.assertEqual(entry.state, "submitted")
        activity = entry.activity_ids
        self.assertEqual(activity.user_id, self.class_teacher)
        as_teacher = entry.with_user(self.class_teacher)
        self.assertTrue(as_teacher.can_review)
        with self.assertRaises(UserError):
            as_teacher.action_return()  # a return needs a comment
        as_teacher.review_comment = "Приложите скан диплома"
        as_teacher.action_return()
        self.assertRecordValues(
            entry, [{"state": "returned", "reviewer_id": self.class_teacher.id}]
        )
        self.assertFalse(entry.activity_ids)
        self.assertIn("Приложите скан диплома", entry.message_ids[0].body)
        self._document(entry)
        entry.action_submit()
        self.assertEqual(entry.state, "submitted")
        as_teacher.action_accept()
        self.assertRecordValues(
            entry, [{"state": "accepted", "reviewer_id": self.class_teacher.id}]
        )
        self.assertFalse(entry.activity_ids)
        with self.assertRaises(UserError):
            entry.unlink()

    def test_a_student_or_a_parent_cannot_accept(self):
        self.olympiad.action_submit()
        for user in (self.student_user, self.parent):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.olympiad.with_user(user).action_accept()
        self.assertEqual(self.olympiad.state, "submitted")

    def test_only_the_class_teacher_of_the_class_or_a_deputy_accepts(self):
        self.olympiad.action_submit()
        self.assertFalse(self.olympiad.with_user(self.teacher).can_review)
        with self.assertRaises(UserError):
            self.olympiad.with_user(self.teacher).action_accept()
        self.other_entry.action_submit()
        with self.assertRaises(UserError):
            self.other_entry.with_user(self.class_teacher).action_accept()
        self.other_entry.with_user(self.deputy).action_accept()
        self.assertEqual(self.other_entry.state, "accepted")

    def test_the_state_changes_only_through_the_review(self):
        entry = self.Achievement.with_user(self.teacher).create(
            {
                "student_id": self.child.id,
                "date": "2035-11-01",
                "name": "Олимпиада",
                "subject_id": self.math.id,
            }
        )
        with self.assertRaises(UserError):
            entry.write({"state": "accepted"})
        with self.assertRaises(UserError):
            self.Achievement.with_user(self.teacher).create(
                {
                    "student_id": self.child.id,
                    "name": "Сразу принято",
                    "subject_id": self.math.id,
                    "state": "accepted",
                }
            )
        entry.action_submit()
        self.assertEqual(entry.state, "submitted")
        with self.assertRaises(UserError):
            entry.with_user(self.class_teacher).write({"state": "accepted"})
        entry.with_user(self.class_teacher).action_accept()
        self.assertEqual(entry.state, "accepted")

    def test_a_teacher_adds_the_olympiads_of_their_subject(self):
        Achievement = self.Achievement.with_user(self.teacher)
        values = {"student_id": self.child.id, "date": "2035-11-01", "name": "Олимпиада"}
        entry = Achievement.create({**values, "category": "olympiad", "subject_id": self.math.id})
        self.assertEqual(entry.create_uid, self.teacher)
        with self.assertRaises(UserError):
            Achievement.create({**values, "category": "olympiad", "subject_id": self.history.id})
        with self.assertRaises(UserError):
            Achievement.create({**values, "category": "sport"})

    def test_families_see_only_their_children(self):
        for user, mine, theirs in (
            (self.parent, self.olympiad, self.other_entry),
            (self.student_user, self.olympiad, self.other_entry),
            (self.class_teacher, self.olympiad, self.other_entry),
        ):
            with self.subTest(user=user.login):
                visible = self.Achievement.with_user(user).search([])
                self.assertIn(mine, visible)
                self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            self.olympiad.with_user(self.parent).write({"name": "Другое"})
        self.assertEqual(
            self.Achievement.with_user(self.deputy).search_count([]),
            self.Achievement.search_count([]),
        )

    def test_encouragement_in_the_family_view(self):
        encouragement = self.env["school.encouragement"].create(
            {
                "student_id": self.child.id,
                "kind": "merit_certificate",
                "reason": "За отличную учёбу",
                "date": "2035-12-25",
                "order_number": "15-о",
                "order_date": "2035-12-24",
            }
        )
        self.assertEqual(encouragement.class_id, self.class_5a)
        Encouragement = self.env["school.encouragement"]
        self.assertIn(encouragement, Encouragement.with_user(self.parent).search([]))
        self.assertFalse(
            Encouragement.with_user(self.other_teacher).search([("id", "=", encouragement.id)])
        )

    def test_the_review_date_is_the_schools_day(self):
        """The date a review records is the school's day: neither a time zone the caller
        puts in the context nor the reviewer's own preference moves it (at 12:00 UTC it
        is the 1st in Moscow and already the 2nd in Kiritimati, UTC+14)."""
        self.env.company.partner_id.tz = "Europe/Moscow"
        self.class_teacher.tz = "Pacific/Kiritimati"
        self.olympiad.action_submit()
        with freeze_time("2035-10-01 12:00:00"):
            self.olympiad.with_user(self.class_teacher).with_context(
                tz="Pacific/Kiritimati"
            ).action_accept()
        self.assertEqual(self.olympiad.reviewed_on, date(2035, 10, 1))
