from datetime import date

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import PortfolioFixture


@tagged("post_install", "-at_install")
class TestHandover(PortfolioFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.olympiad.action_submit()
        cls.olympiad.with_user(cls.class_teacher).action_accept()
        cls.draft_entry = cls._entry(cls.child, name="Эстафета", category="sport")
        cls.encouragement = cls.env["school.encouragement"].create(
            {"student_id": cls.child.id, "kind": "gratitude", "reason": "За помощь"}
        )

    def _hand_over(self):
        handover = (
            self.env["school.portfolio.handover"]
            .with_user(self.class_teacher)
            .create(
                {
                    "student_id": self.child.id,
                    "date": "2036-05-20",
                    "receiver_partner_id": self.parent_partner.id,
                    "receiver_document": "паспорт 4510 123456",
                }
            )
        )
        handover.action_confirm()
        return handover

    def test_hand_over_makes_the_entries_read_only(self):
        self.draft_entry.write({"organiser": "Спорткомитет"})  # still open
        handover = self._hand_over()
        self.assertRecordValues(
            handover,
            [{"state": "done", "receiver_name": self.parent_partner.name, "achievement_count": 1}],
        )
        self.assertTrue(self.olympiad.locked)
        for entry in (self.olympiad, self.draft_entry):
            with self.subTest(entry=entry.name):
                with self.assertRaises(UserError):
                    entry.write({"name": "Исправлено"})
                with self.assertRaises(UserError):
                    entry.unlink()
        with self.assertRaises(UserError):
            self.draft_entry.action_submit()
        with self.assertRaises(UserError):
            self._entry(self.child, name="Новая запись")
        with self.assertRaises(UserError):
            self.encouragement.write({"reason": "Другое"})
        with self.assertRaises(UserError):
            handover.write({"receiver_name": "Другой"})
        # another family's portfolio stays open
        self.other_entry.write({"organiser": "ДДТ"})

    def test_a_portfolio_is_handed_over_once(self):
        self._hand_over()
        with self.assertRaises(UserError):
            self._hand_over()

    def test_receipt_prints(self):
        handover = self._hand_over()
        html = str(
            self.env["ir.actions.report"]
            ._render_qweb_html("school_portfolio.school_portfolio_handover_report", handover.ids)[0]
            .decode()
        )
        self.assertIn(self.child.name, html)
        self.assertIn(self.parent_partner.name, html)
        self.assertIn("паспорт 4510 123456", html)

    def test_a_transfer_to_another_school_prepares_the_hand_over(self):
        Handover = self.env["school.portfolio.handover"]
        self.child.enrollment_ids._close(date(2036, 3, 2), "transfer_out")
        handover = Handover.search([("student_id", "=", self.child.id)])
        self.assertRecordValues(
            handover,
            [
                {
                    "state": "draft",
                    "date": date(2036, 3, 2),
                    "receiver_partner_id": self.parent_partner.id,
                    "receiver_name": self.parent_partner.name,
                }
            ],
        )
        self.assertRecordValues(
            handover.activity_ids,
            [
                {
                    "user_id": self.class_teacher.id,
                    "activity_type_id": self.env.ref(
                        "school_portfolio.mail_activity_type_portfolio_handover"
                    ).id,
                }
            ],
        )
        self.assertFalse(self.olympiad.locked)  # not before the receiver signs
        handover.with_user(self.class_teacher).action_confirm()
        self.assertFalse(handover.activity_ids)
        self.assertTrue(self.olympiad.locked)

    def test_other_departures_prepare_no_hand_over(self):
        self.classmate.enrollment_ids._close(date(2036, 3, 2), "class_transfer")
        self.assertFalse(
            self.env["school.portfolio.handover"].search([("student_id", "=", self.classmate.id)])
        )

    def test_a_hand_over_needs_a_receiver(self):
        handover = self.env["school.portfolio.handover"].create({"student_id": self.classmate.id})
        with self.assertRaises(UserError):
            handover.action_confirm()
        self.assertEqual(handover.state, "draft")
