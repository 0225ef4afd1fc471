from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.school_archive.models.school_certificate import round_half_up

from .certificate_common import CertificateFixture

ANNEX = "school_archive.school_certificate_annex_report"


@tagged("post_install", "-at_install")
class TestCertificate(CertificateFixture, TransactionCase):
    """Final marks by Order 546, honours, the council decision and the signatures."""

    def test_round_half_up(self):
        self.assertEqual(round_half_up(3.5), 4)
        self.assertEqual(round_half_up(4.5), 5)
        self.assertEqual(round_half_up(4.49), 4)
        self.assertEqual(round_half_up(2.5), 3)
        self.assertEqual(round_half_up((3.1 + 3.9 + 3.5) / 3), 4)

    def test_final_marks_basic_take_the_9th_grade_year_mark(self):
        """Order 546, p. 5.1: without an exam, the 9th-grade year mark; the 8th grade
        does not enter (the old rule averaged it in: 3.5 → «4», 4.5 → «5»)."""
        certificates = self._prepare(self.class_9a)
        self.assertEqual(len(certificates), 2)
        alekseev = self._certificate(certificates, self.alekseev)
        self.assertRecordValues(
            self._line(alekseev, self.math) | self._line(alekseev, self.history),
            [
                {"value_id": self.mark_3.id, "average": 3.0, "mark_count": 1},
                {"value_id": self.mark_4.id, "average": 4.0, "mark_count": 1},
            ],
        )
        self.assertEqual(self._line(alekseev, self.math).value_text, "3 (удовлетворительно)")
        self.assertEqual(self._line(alekseev, self.history).value_text, "4 (хорошо)")

    def test_exam_mark_enters_the_mean(self):
        # history: 9th «4», exam «5» → 4.5 → «5» (the 8th-grade «5» does not enter)
        self._period_mark(self.class_9a, self.history, self.alekseev, 5, kind="exam")
        # math: 9th «3», exam «5» → 4.0
        self._period_mark(self.class_9a, self.math, self.alekseev, 5, kind="exam")
        alekseev = self._certificate(self._prepare(self.class_9a), self.alekseev)
        history = self._line(alekseev, self.history)
        self.assertEqual((history.average, history.mark_count), (4.5, 2))
        self.assertEqual(history.value_id, self.mark_5)
        math = self._line(alekseev, self.math)
        self.assertEqual((math.average, math.value_id), (4.0, self.mark_4))

    def test_only_confirmed_marks_of_the_level_count(self):
        self._period_mark(self.class_9a, self.math, self.alekseev, 2, kind="exam").write(
            {"state": "draft"}
        )
        # a 10th grade mark belongs to the secondary programme, not to the basic one
        class_10a = self._class(self.year, "10", "А")
        self.journals[class_10a, self.math] = self.env["school.teaching.assignment"].create(
            {"class_id": class_10a.id, "subject_id": self.math.id, "teacher_id": self.teacher.id}
        )
        self._period_mark(class_10a, self.math, self.alekseev, 2)
        alekseev = self._certificate(self._prepare(self.class_9a), self.alekseev)
        line = self._line(alekseev, self.math)
        self.assertEqual((line.mark_count, line.average), (1, 3.0))

    def test_quarter_marks_never_enter_the_basic_certificate(self):
        """Order 546 decides, not a school setting: quarter marks are not averaged in."""
        self._period_mark(
            self.class_9a, self.math, self.alekseev, 5, kind="period", period=self.quarter_1
        )
        self._period_mark(
            self.class_9a, self.math, self.alekseev, 5, kind="period", period=self.quarter_2
        )
        for quarter in self.last_year.period_ids.filtered(lambda p: p.scheme == "quarter")[:2]:
            self._period_mark(self.class_8a, self.math, self.alekseev, 5, "period", quarter)
        alekseev = self._certificate(self._prepare(self.class_9a), self.alekseev)
        line = self._line(alekseev, self.math)
        self.assertEqual((line.average, line.mark_count, line.value_id), (3.0, 1, self.mark_3))
        self.assertNotIn("include_period_marks", alekseev._fields)
        self.assertNotIn("school_certificate_include_period_marks", self.env.company._fields)

    def test_honours_only_when_every_final_mark_is_5(self):
        certificates = self._prepare(self.class_9a)
        self.assertTrue(self._certificate(certificates, self.borisova).with_honours)
        self.assertFalse(self._certificate(certificates, self.alekseev).with_honours)
        borisova = self._certificate(certificates, self.borisova)
        self._line(borisova, self.history).value_id = self.mark_4
        self.assertFalse(borisova.with_honours)
        self._line(borisova, self.history).value_id = self.mark_pass
        self.assertTrue(borisova.with_honours, "a passed subject without a mark does not bar")

    def test_no_certificate_without_the_council_decision(self):
        certificates = self._prepare(self.class_9b)
        vasiliev = self._certificate(certificates, self.vasiliev)
        self.protocol.with_user(self.director).action_reset_draft()
        self.decisions[self.vasiliev].decision = "study_certificate"
        self.protocol.action_confirm()
        with self.assertRaisesRegex(UserError, "council decision"):
            vasiliev.with_user(self.deputy).action_check()
        self.assertEqual(vasiliev.state, "draft")
        # an unconfirmed protocol does not count either
        grigorieva = self._certificate(certificates, self.grigorieva)
        self.protocol.with_user(self.director).action_reset_draft()
        with self.assertRaisesRegex(UserError, "council decision"):
            grigorieva.with_user(self.deputy).action_check()

    def test_no_issue_once_the_council_decision_is_withdrawn(self):
        certificates = self._prepare(self.class_9b)
        vasiliev = self._certificate(certificates, self.vasiliev)
        grigorieva = self._certificate(certificates, self.grigorieva)
        self._sign(certificates)
        certificates.with_user(self.secretary).action_assign_blanks()
        # the protocol reopened after the signature: no confirmed decision any more
        self.protocol.with_user(self.director).action_reset_draft()
        with self.assertRaisesRegex(UserError, "council decision"):
            grigorieva.with_user(self.secretary).action_issue()
        # confirmed again, with another decision for Васильев
        self.decisions[self.vasiliev].decision = "study_certificate"
        self.protocol.action_confirm()
        with self.assertRaisesRegex(UserError, "council decision"):
            vasiliev.with_user(self.secretary).action_issue()
        self.assertEqual(set(certificates.mapped("state")), {"signed"})
        self.assertEqual(set(certificates.blank_id.mapped("state")), {"available"})
        self.assertFalse(certificates.register_entry_ids)
        grigorieva.with_user(self.secretary).action_issue()
        self.assertEqual(grigorieva.state, "issued")

    def test_no_issue_when_the_council_withdraws_the_honours(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self._sign(borisova)
        borisova.with_user(self.secretary).action_assign_blanks()
        self.protocol.with_user(self.director).action_reset_draft()
        self.decisions[self.borisova].decision = "certificate"
        self.protocol.action_confirm()
        with self.assertRaisesRegex(UserError, "the exam results say otherwise"):
            borisova.with_user(self.secretary).action_issue()
        self.assertEqual(borisova.state, "signed")

    def test_final_marks_change_only_on_a_draft(self):
        certificates = self._prepare(self.class_9a)
        alekseev = self._certificate(certificates, self.alekseev)
        borisova = self._certificate(certificates, self.borisova)
        math = self._line(alekseev, self.math)
        history = self._line(alekseev, self.history)
        Line = self.env["school.certificate.line"]
        drawing = self.env["school.subject"].create({"name": "ИЗО (тест)"})
        # a draft: the secretary may still correct a final mark
        math.with_user(self.secretary).value_id = self.mark_3
        alekseev.with_user(self.deputy).action_check()
        for user in self.secretary | self.deputy:
            with self.assertRaisesRegex(UserError, "no longer a draft"):
                math.with_user(user).write({"value_id": self.mark_5.id})
            with self.assertRaisesRegex(UserError, "no longer a draft"):
                history.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "no longer a draft"):
                Line.with_user(user).create(
                    {
                        "certificate_id": alekseev.id,
                        "subject_id": drawing.id,
                        "value_id": self.mark_5.id,
                    }
                )
            with self.assertRaisesRegex(UserError, "no longer a draft"):
                alekseev.with_user(user).write(
                    {"line_ids": [Command.update(math.id, {"value_id": self.mark_5.id})]}
                )
        # a line of a draft is not moved onto a checked certificate either
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            self._line(borisova, self.math).write({"certificate_id": alekseev.id})
        alekseev.with_user(self.director).action_sign()
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            math.sudo().write({"value_id": self.mark_5.id})
        alekseev.with_user(self.secretary).action_assign_blanks()
        alekseev.with_user(self.secretary).action_issue()
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            math.with_user(self.secretary).write({"value_id": self.mark_5.id})
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            (math | history).with_user(self.deputy).unlink()
        self.assertEqual((math.value_id, history.value_id), (self.mark_3, self.mark_4))

    def test_final_marks_change_again_once_reset_to_draft(self):
        alekseev = self._certificate(self._prepare(self.class_9a), self.alekseev)
        self._sign(alekseev)
        alekseev.with_user(self.deputy).action_reset_draft()
        self._line(alekseev, self.math).with_user(self.secretary).value_id = self.mark_5
        alekseev.with_user(self.secretary).action_compute_final_marks()
        self.assertEqual(self._line(alekseev, self.math).value_id, self.mark_3)

    def test_honours_must_match_the_council_decision(self):
        alekseev = self._certificate(self._prepare(self.class_9a), self.alekseev)
        self.protocol.with_user(self.director).action_reset_draft()
        self.decisions[self.alekseev].decision = "certificate_honours"
        self.protocol.action_confirm()
        with self.assertRaisesRegex(UserError, "say otherwise.\n.*final mark «3»"):
            alekseev.with_user(self.deputy).action_check()

    def test_secretary_cannot_sign_as_director(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        borisova.with_user(self.deputy).action_check()
        with self.assertRaises(AccessError):
            borisova.with_user(self.secretary).action_sign()
        with self.assertRaises(AccessError):
            borisova.with_user(self.secretary).sudo().action_sign()
        with self.assertRaises(AccessError):
            borisova.with_user(self.deputy).action_sign()
        with self.assertRaisesRegex(UserError, "only through the document.s buttons"):
            borisova.with_user(self.secretary).write(
                {"state": "signed", "signed_by_id": self.director.id}
            )
        self.assertEqual(borisova.state, "checked")
        borisova.with_user(self.director).action_sign()
        self.assertRecordValues(borisova, [{"state": "signed", "signed_by_id": self.director.id}])

    def test_certificate_shows_the_council_decision_it_rests_on(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self.assertEqual(borisova.decision_line_id, self.decisions[self.borisova])
        self.assertEqual(
            borisova.decision_line_id.display_name,
            "Борисова Ева — выдан аттестат об основном общем образовании с отличием, "
            "протокол от 25.06.2036 № 15",
        )

    def test_secretary_cannot_check(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        with self.assertRaises(AccessError):
            borisova.with_user(self.secretary).action_check()

    def test_checked_final_marks_are_kept_as_final_period_marks(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        borisova.with_user(self.deputy).action_check()
        finals = self.env["school.period.mark"].search(
            [("student_id", "=", self.borisova.id), ("kind", "=", "final")]
        )
        self.assertEqual(finals.subject_id, self.math | self.history)
        self.assertEqual(set(finals.mapped("state")), {"confirmed"})
        self.assertEqual(finals.value_id, self.mark_5)

    def test_issue_takes_a_blank_in_stock_and_records_the_hand_over(self):
        certificates = self._prepare(self.class_9a)
        alekseev = self._certificate(certificates, self.alekseev)
        alekseev.write({"issue_method": "proxy", "issued_to": "Алексеева Мария"})
        self._sign(certificates)
        certificates.with_user(self.secretary).action_assign_blanks()
        with self.assertRaisesRegex(UserError, "power of attorney"):
            certificates.with_user(self.secretary).action_issue()
        alekseev.proxy_document = "Доверенность № 3"
        certificates.with_user(self.secretary).action_issue()
        self.assertRecordValues(
            alekseev,
            [{"state": "issued", "issued_to": "Алексеева Мария", "validity": "valid"}],
        )
        self.assertEqual(alekseev.blank_id.state, "used")
        self.assertEqual(alekseev.blank_id.certificate_id, alekseev)
        self.assertEqual(self._certificate(certificates, self.borisova).issued_to, "Борисова Ева")

    def test_a_used_or_spoiled_blank_is_refused(self):
        certificates = self._prepare(self.class_9a)
        self._sign(certificates)
        blank = self.batch.blank_ids[0]
        blank.write(
            {"spoil_act_number": "1", "spoil_act_date": "2036-06-01", "spoil_reason": "Помарка"}
        )
        blank.with_user(self.secretary).action_spoil()
        certificates[0].blank_id = blank
        with self.assertRaisesRegex(UserError, "not in stock"):
            certificates[0].with_user(self.secretary).action_issue()

    def test_cancel_spoils_the_blank_under_the_act(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self._issue(borisova)
        with self.assertRaisesRegex(UserError, "act number"):
            borisova.with_user(self.secretary).action_cancel()
        borisova.write(
            {"cancel_act_number": "2", "cancel_act_date": "2036-07-01", "cancel_reason": "Ошибка"}
        )
        borisova.with_user(self.secretary).action_cancel()
        self.assertEqual(borisova.validity, "cancelled")
        self.assertRecordValues(borisova.blank_id, [{"state": "spoiled", "spoil_act_number": "2"}])

    def test_blank_balance_by_level(self):
        Blank = self.env["school.certificate.blank"]
        before = Blank._balance_by_level().get("basic", 0)
        self._issue(self._prepare(self.class_9a))
        self.assertEqual(Blank._balance_by_level().get("basic", 0), before - 2)
        self.assertEqual(self.batch.available_count, 8)
        self.assertEqual(self.batch.used_count, 2)

    def _receive_annex_blanks(self):
        batch = self.env["school.certificate.blank.batch"].create(
            {
                "level": "basic",
                "kind": "annex",
                "series": "АА",
                "number_from": "0000101",
                "number_to": "0000105",
                "document": "Накладная № 8",
            }
        )
        batch.action_receive()
        return batch

    def test_annex_blanks_are_taken_from_their_own_stock_and_spoiled_with_the_certificate(self):
        annexes = self._receive_annex_blanks()
        self.assertEqual(annexes.level_balance, 5)
        self.assertEqual(self.batch.level_balance, 10, "the certificate blanks are counted apart")
        certificates = self._prepare(self.class_9a)
        self._issue(certificates)
        alekseev, borisova = (
            self._certificate(certificates, s) for s in (self.alekseev, self.borisova)
        )
        self.assertEqual(alekseev.annex_blank_id.number, "0000101")
        self.assertEqual(borisova.annex_blank_id.number, "0000102")
        self.assertEqual(alekseev.annex_blank_id.state, "used")
        self.assertEqual(annexes.used_count, 2)
        self.assertEqual(self.batch.used_count, 2)
        entry = alekseev.register_entry_ids
        self.assertEqual(entry.annex_blank_number, "АА 0000101")
        borisova.write(
            {"cancel_act_number": "3", "cancel_act_date": "2036-07-01", "cancel_reason": "Ошибка"}
        )
        borisova.with_user(self.secretary).action_cancel()
        self.assertEqual(borisova.annex_blank_id.state, "spoiled")
        self.assertEqual(annexes.spoiled_count, 1)

    def test_annex_blank_required_once_the_school_keeps_them(self):
        self._receive_annex_blanks()
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self._sign(borisova)
        borisova.with_user(self.secretary).blank_id = self.batch.blank_ids[0]
        with self.assertRaisesRegex(UserError, "annex blank"):
            borisova.with_user(self.secretary).action_issue()
        self.assertEqual(borisova.state, "signed")
        self.assertEqual(self.batch.blank_ids[0].state, "available")

    def test_a_certificate_blank_cannot_serve_as_annex(self):
        self._receive_annex_blanks()
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self._sign(borisova)
        borisova.write(
            {"blank_id": self.batch.blank_ids[0].id, "annex_blank_id": self.batch.blank_ids[1].id}
        )
        with self.assertRaisesRegex(UserError, "not a blank of this kind"):
            borisova.with_user(self.secretary).action_issue()

    def test_each_step_gives_the_next_person_a_todo(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        borisova.with_user(self.deputy).action_check()
        todo = borisova.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertTrue(todo.user_id.has_group("school_records.group_director"))
        self.assertFalse(todo.user_id.has_group("base.group_system"))
        borisova.with_user(self.director).action_sign()
        todo = borisova.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertTrue(todo.user_id.has_group("school_records.group_secretary"))
        self.assertFalse(todo.user_id.has_group("school_records.group_director"))
        borisova.with_user(self.secretary).action_assign_blanks()
        borisova.with_user(self.secretary).action_issue()
        self.assertFalse(borisova.activity_ids)
        done = self.env["mail.message"].search(
            [
                ("model", "=", borisova._name),
                ("res_id", "=", borisova.id),
                ("mail_activity_type_id", "!=", False),
            ]
        )
        self.assertEqual(len(done), 2, "both to-dos are marked done in the chatter")

    def test_prepare_twice_creates_no_second_certificate(self):
        self._prepare(self.class_9a)
        with self.assertRaisesRegex(UserError, "has a certificate"):
            self._prepare(self.class_9a)

    def test_portal_users_never_read_certificates(self):
        certificate = self._certificate(self._prepare(self.class_9a), self.alekseev)
        for user in self.parent | self.student_user:
            with self.assertRaises(AccessError):
                certificate.with_user(user).read(["student_id"])
            with self.assertRaises(AccessError):
                self.env["school.certificate.blank"].with_user(user).search([])

    def test_annex_pdf_renders_with_the_marks(self):
        alekseev = self._certificate(self._prepare(self.class_9a), self.alekseev)
        self._issue(alekseev)
        html = self.env["ir.actions.report"]._render_qweb_html(ANNEX, alekseev.ids)[0].decode()
        self.assertIn("3 (удовлетворительно)", html)
        self.assertIn("4 (хорошо)", html)
        self.assertIn(self.math.name, html)
        self.assertIn("data:image/png;base64,", html)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(ANNEX, alekseev.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestCertificateVerificationPage(CertificateFixture, HttpCase):
    """The QR code's public page: number, year, validity; no name, no marks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.certificate = cls.env["school.certificate"].create(
            {
                "student_id": cls.alekseev.id,
                "level": "basic",
                "year_id": cls.year.id,
                "class_id": cls.class_9a.id,
            }
        )
        cls.certificate._compute_final_marks()
        cls.certificate.with_user(cls.deputy).action_check()
        cls.certificate.with_user(cls.director).action_sign()
        cls.certificate.with_user(cls.secretary).action_assign_blanks()
        cls.certificate.with_user(cls.secretary).action_issue()

    def test_page_shows_number_year_validity_and_no_name(self):
        response = self.url_open(f"/school/certificate/{self.certificate.access_token}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("АА 0000101", page)
        self.assertIn("2035/2036", page)
        self.assertIn("Аттестат действителен", page)
        self.assertNotIn("Алексеев", page)
        self.assertNotIn("хорошо", page)

    def test_page_says_cancelled(self):
        self.certificate.write(
            {"cancel_act_number": "5", "cancel_act_date": "2036-07-01", "cancel_reason": "Утрата"}
        )
        self.certificate.with_user(self.secretary).action_cancel()
        page = self.url_open(f"/school/certificate/{self.certificate.access_token}").text
        self.assertIn("Аттестат аннулирован", page)

    def test_unknown_token_or_id_is_not_found(self):
        for path in (
            f"/school/certificate/{'0' * 32}",
            f"/school/certificate/{self.certificate.id}",
        ):
            self.assertEqual(self.url_open(path).status_code, 404)
