"""The certificate documents attacked over JSON-RPC, as each role's login would.

The old code opened the status and the signatures of the certificates, the blanks and
the registration book to anyone who sent the context key ``school_certificate_workflow``
(a secretary signed «as the director» and issued, and the public page then called the
certificate valid), took workflow fields on ``create`` with no guard, let any deputy sign
a class's entries as its class teacher and a received batch of blanks go back to draft.
Every test below was refused nowhere on that code."""

from datetime import date

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.school_records.tests.rpc_common import SchoolRpcCase

from .certificate_common import CertificateFixture

CERTIFICATE = "school.certificate"
BLANK = "school.certificate.blank"
BATCH = "school.certificate.blank.batch"
REGISTER = "school.certificate.register"
SIGNOFF = "school.certificate.register.signoff"
CORRECTION = "school.certificate.register.correction"
CUSTODY = "school.certificate.custody"


def stored(record, names):
    """The values as the database holds them after the refused call."""
    record.invalidate_recordset()
    return {name: record[name] for name in names}


@tagged("post_install", "-at_install")
class TestCertificateForgery(CertificateFixture, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Certificate = cls.env[CERTIFICATE]
        cls.cert_a, cls.cert_b = (
            Certificate.create(
                {
                    "student_id": student.id,
                    "level": "basic",
                    "year_id": cls.year.id,
                    "class_id": cls.class_9a.id,
                }
            )
            for student in (cls.alekseev, cls.borisova)
        )
        (cls.cert_a | cls.cert_b)._compute_final_marks()
        cls.cert_a.with_user(cls.deputy).action_check()
        cls.cert_b.with_user(cls.deputy).action_check()
        cls.cert_b.with_user(cls.director).action_sign()
        # a class teacher of another class
        cls.other_class_teacher = new_test_user(
            cls.env,
            login="t_class_9b",
            groups="school_records.group_class_teacher",
            name="Ковалёва Нина",
        )
        cls.class_9b.class_teacher_id = cls.other_class_teacher

    # helpers ----------------------------------------------------------------------------
    def _issue_b(self):
        self.cert_b.with_user(self.secretary).action_assign_blanks()
        self.cert_b.with_user(self.secretary).action_issue()
        return self.cert_b

    def _issue_class_9a(self):
        """Both graduates of 9А issued: the open book and a sign-off of the class."""
        self.cert_a.with_user(self.director).action_sign()
        certificates = self.cert_a | self.cert_b
        certificates.with_user(self.secretary).action_assign_blanks()
        certificates.with_user(self.secretary).action_issue()
        book = self.env[REGISTER].search([("level", "=", "basic"), ("state", "=", "open")])
        signoff = (
            self.env[SIGNOFF]
            .with_user(self.secretary)
            .create({"register_id": book.id, "kind": "class", "class_id": self.class_9a.id})
        )
        return book, signoff

    # the certificate --------------------------------------------------------------------
    def test_secretary_cannot_sign_as_the_director(self):
        signature = {
            "state": "signed",
            "signed_by_id": self.director.id,
            "signed_on": "2036-06-30",
        }
        self.assertRpcForgeryRefused(
            self.secretary, CERTIFICATE, "write", self.cert_a.ids, signature
        )
        self.assertRpcForgeryRefused(self.secretary, CERTIFICATE, "action_sign", self.cert_a.ids)
        self.assertRpcForgeryRefused(self.deputy, CERTIFICATE, "action_sign", self.cert_a.ids)
        self.assertEqual(
            stored(self.cert_a, ["state", "signed_by_id"]),
            {"state": "checked", "signed_by_id": self.env["res.users"]},
        )

    def test_secretary_cannot_issue_by_writing_the_status(self):
        issue = {"state": "issued", "issued_to": "Алексеев Иван", "issue_date": "2036-07-01"}
        self.assertRpcForgeryRefused(self.secretary, CERTIFICATE, "write", self.cert_b.ids, issue)
        self.assertRpcForgeryRefused(
            self.secretary, CERTIFICATE, "write", self.cert_b.ids, {"state": "draft"}
        )
        self.assertEqual(stored(self.cert_b, ["state", "issued_to"])["state"], "signed")

    def test_certificate_created_issued_is_refused(self):
        forged = {
            "student_id": self.vasiliev.id,
            "level": "basic",
            "year_id": self.year.id,
            "class_id": self.class_9b.id,
            "state": "issued",
            "checked_by_id": self.deputy.id,
            "signed_by_id": self.director.id,
            "signed_on": "2036-06-30",
        }
        self.assertRpcForgeryRefused(self.secretary, CERTIFICATE, "create", [forged])
        duplicate = dict(forged, state="draft", is_duplicate=True, original_id=self.cert_b.id)
        for key in ("checked_by_id", "signed_by_id", "signed_on"):
            duplicate.pop(key)
        self.assertRpcForgeryRefused(self.secretary, CERTIFICATE, "create", [duplicate])
        self.assertFalse(self.env[CERTIFICATE].search([("student_id", "=", self.vasiliev.id)]))

    def test_default_state_in_the_context_is_ignored(self):
        ids = self.rpc(
            self.secretary,
            CERTIFICATE,
            "create",
            [
                {
                    "student_id": self.vasiliev.id,
                    "level": "basic",
                    "year_id": self.year.id,
                    "class_id": self.class_9b.id,
                }
            ],
            context={
                "default_state": "issued",
                "default_signed_by_id": self.director.id,
                "default_is_duplicate": True,
                "school_certificate_workflow": True,
            },
        )
        certificate = self.env[CERTIFICATE].browse(ids)
        self.assertRecordValues(
            certificate, [{"state": "draft", "signed_by_id": False, "is_duplicate": False}]
        )

    def test_the_director_does_not_sign_what_they_checked(self):
        draft = self.env[CERTIFICATE].create(
            {
                "student_id": self.vasiliev.id,
                "level": "basic",
                "year_id": self.year.id,
                "class_id": self.class_9b.id,
            }
        )
        draft._compute_final_marks()
        self.rpc(self.director, CERTIFICATE, "action_check", draft.ids)
        self.assertEqual(draft.state, "checked")
        self.assertRpcForgeryRefused(self.director, CERTIFICATE, "action_sign", draft.ids)
        self.assertEqual(stored(draft, ["state"]), {"state": "checked"})

    def test_secretary_cannot_check(self):
        self.cert_a.with_user(self.deputy).action_reset_draft()
        self.assertRpcForgeryRefused(self.secretary, CERTIFICATE, "action_check", self.cert_a.ids)
        self.assertRpcForgeryRefused(
            self.secretary,
            CERTIFICATE,
            "write",
            self.cert_a.ids,
            {"checked_by_id": self.deputy.id, "checked_on": "2036-06-29"},
        )
        self.assertEqual(stored(self.cert_a, ["state"]), {"state": "draft"})

    def test_an_issued_certificate_keeps_its_blank_recipient_and_date(self):
        issued = self._issue_b()
        before = stored(issued, ["blank_id", "annex_blank_id", "issued_to", "issue_date"])
        other_blank = self.batch.blank_ids.filtered(lambda b: b.state == "available")[:1]
        for vals in (
            {"blank_id": other_blank.id},
            {"issued_to": "Посторонний Пётр"},
            {"issue_date": "2030-01-01"},
            {"issue_method": "post"},
        ):
            with self.subTest(vals=vals):
                self.assertRpcForgeryRefused(self.secretary, CERTIFICATE, "write", issued.ids, vals)
        self.assertEqual(
            stored(issued, ["blank_id", "annex_blank_id", "issued_to", "issue_date"]),
            before,
        )
        # the act of cancellation is still filled in, and the secretary cancels with it
        self.rpc(
            self.secretary,
            CERTIFICATE,
            "write",
            issued.ids,
            {"cancel_act_number": "4", "cancel_act_date": "2036-07-02", "cancel_reason": "Порча"},
        )
        self.rpc(self.secretary, CERTIFICATE, "action_cancel", issued.ids)
        self.assertEqual(issued.state, "cancelled")
        self.assertRpcForgeryRefused(
            self.secretary, CERTIFICATE, "write", issued.ids, {"cancel_reason": "Иначе"}
        )

    def test_legitimate_path_through_the_buttons(self):
        draft = self.env[CERTIFICATE].create(
            {
                "student_id": self.vasiliev.id,
                "level": "basic",
                "year_id": self.year.id,
                "class_id": self.class_9b.id,
            }
        )
        draft._compute_final_marks()
        self.rpc(self.deputy, CERTIFICATE, "action_check", draft.ids)
        self.rpc(self.director, CERTIFICATE, "action_sign", draft.ids)
        self.rpc(self.secretary, CERTIFICATE, "action_assign_blanks", draft.ids)
        self.rpc(self.secretary, CERTIFICATE, "action_issue", draft.ids)
        self.assertRecordValues(
            draft,
            [
                {
                    "state": "issued",
                    "checked_by_id": self.deputy.id,
                    "signed_by_id": self.director.id,
                    "issued_to": "Васильев Лев",
                    "validity": "valid",
                }
            ],
        )
        self.assertEqual(draft.blank_id.certificate_id, draft)
        sign = self.env.ref("school_records.mail_activity_school_sign")
        self.assertFalse(draft.activity_ids)
        done = self.env["mail.message"].search(
            [("model", "=", CERTIFICATE), ("res_id", "=", draft.id)]
        )
        self.assertIn(sign, done.mail_activity_type_id)
        # the duplicate: the secretary makes it, the director signs it
        action = self.rpc(self.secretary, CERTIFICATE, "action_duplicate", draft.ids)
        duplicate = self.env[CERTIFICATE].browse(action["res_id"])
        self.assertRecordValues(
            duplicate, [{"is_duplicate": True, "original_id": draft.id, "state": "draft"}]
        )
        self.assertRpcForgeryRefused(self.deputy, CERTIFICATE, "action_duplicate", draft.ids)
        # the director who signed retires: what they signed stays valid
        self.director.groups_id = [(3, self.env.ref("school_records.group_director").id)]
        self.director.active = False
        draft.invalidate_recordset(["validity"])
        self.assertEqual(draft.validity, "valid")

    def test_checked_certificate_gives_the_director_a_sign_activity(self):
        sign = self.env.ref("school_records.mail_activity_school_sign")
        activity = self.cert_a.activity_ids
        self.assertEqual(activity.activity_type_id, sign)
        self.assertTrue(activity.user_id.has_group("school_records.group_director"))

    def test_public_page_never_calls_a_forged_certificate_valid(self):
        # what the old context key let a secretary write: issued, «signed by the
        # director», with no blank taken and no entry in the book
        self.cert_a.with_user(self.secretary).action_assign_blanks()
        self.cert_a.sudo().write(
            {
                "state": "issued",
                "signed_by_id": self.director.id,
                "signed_on": fields.Date.today(),
                "issue_date": fields.Date.today(),
                "issued_to": "Алексеев Иван",
            }
        )
        self.assertEqual(self.cert_a.validity, "unconfirmed")
        page = self.url_open(f"/school/certificate/{self.cert_a.sudo().access_token}").text
        self.assertNotIn("Аттестат действителен", page)
        self.assertIn("Аттестат не подтверждён", page)
        # the certificate issued through the buttons is valid
        issued = self._issue_b()
        page = self.url_open(f"/school/certificate/{issued.sudo().access_token}").text
        self.assertIn("Аттестат действителен", page)

    # blanks and batches -----------------------------------------------------------------
    def test_a_received_batch_never_goes_back_to_draft(self):
        self.assertRpcForgeryRefused(
            self.secretary, BATCH, "write", self.batch.ids, {"state": "draft"}
        )
        self.assertRpcForgeryRefused(
            self.director, BATCH, "write", self.batch.ids, {"state": "draft"}
        )
        self.assertEqual(stored(self.batch, ["state"]), {"state": "received"})

    def test_a_batch_created_received_is_refused_and_receiving_works(self):
        vals = {
            "level": "basic",
            "series": "ББ",
            "number_from": "0000001",
            "number_to": "0000003",
            "document": "Накладная № 9",
        }
        self.assertRpcForgeryRefused(
            self.secretary, BATCH, "create", [dict(vals, state="received")]
        )
        self.assertFalse(self.env[BATCH].search([("series", "=", "ББ")]))
        ids = self.rpc(self.secretary, BATCH, "create", [vals])
        self.assertRpcForgeryRefused(self.deputy, BATCH, "action_receive", ids)
        self.rpc(self.secretary, BATCH, "action_receive", ids)
        batch = self.env[BATCH].browse(ids)
        self.assertEqual((batch.state, batch.available_count), ("received", 3))

    def test_blanks_move_only_by_issue_cancel_or_spoil(self):
        issued = self._issue_b()
        used = issued.blank_id
        free = self.batch.blank_ids.filtered(lambda b: b.state == "available")[:1]
        self.assertRpcForgeryRefused(
            self.secretary,
            BLANK,
            "write",
            used.ids,
            {"state": "available", "certificate_id": False},
        )
        self.assertRpcForgeryRefused(
            self.secretary,
            BLANK,
            "write",
            free.ids,
            {"state": "used", "certificate_id": self.cert_a.id},
        )
        self.assertRpcForgeryRefused(
            self.secretary,
            BLANK,
            "create",
            [{"batch_id": self.batch.id, "number": "0000999"}],
        )
        self.assertEqual(stored(used, ["state", "certificate_id"])["state"], "used")
        self.assertEqual(stored(free, ["state"]), {"state": "available"})
        # spoiling: the act on the blank, then the button; the act then stays
        act = {"spoil_act_number": "3", "spoil_act_date": "2036-06-01", "spoil_reason": "Помарка"}
        self.rpc(self.secretary, BLANK, "write", free.ids, act)
        self.assertRpcForgeryRefused(self.deputy, BLANK, "action_spoil", free.ids)
        self.rpc(self.secretary, BLANK, "action_spoil", free.ids)
        self.assertEqual(free.state, "spoiled")
        self.assertRpcForgeryRefused(
            self.secretary, BLANK, "write", free.ids, {"spoil_reason": "Другая причина"}
        )
        self.assertRpcForgeryRefused(
            self.secretary, BLANK, "write", free.ids, {"state": "available"}
        )
        self.assertEqual(stored(free, ["state", "spoil_reason"])["spoil_reason"], "Помарка")

    # the registration book ------------------------------------------------------------------
    def test_register_closes_only_by_the_director(self):
        book, _signoff = self._issue_class_9a()
        closing = {"state": "closed", "date_closed": "2036-07-01"}
        self.assertRpcForgeryRefused(self.secretary, REGISTER, "write", book.ids, closing)
        self.assertRpcForgeryRefused(self.secretary, REGISTER, "action_close", book.ids)
        self.assertRpcForgeryRefused(
            self.secretary, REGISTER, "write", book.ids, {"retention_years": 1}
        )
        self.assertRpcForgeryRefused(
            self.secretary,
            REGISTER,
            "create",
            [{"name": "Книга (подделка)", "level": "secondary", "state": "closed"}],
        )
        self.assertEqual(
            stored(book, ["state", "date_closed", "retention_years"]),
            {"state": "open", "date_closed": False, "retention_years": 50},
        )
        self.rpc(self.director, REGISTER, "action_close", book.ids)
        self.assertEqual(book.state, "closed")

    def test_sign_off_created_signed_and_sealed_is_refused(self):
        book, signoff = self._issue_class_9a()
        forged = {
            "register_id": book.id,
            "kind": "class",
            "class_id": self.class_9b.id,
            "class_teacher_id": self.class_teacher.id,
            "class_teacher_signed_on": "2036-07-01",
            "director_id": self.director.id,
            "director_signed_on": "2036-07-01",
            "sealed": True,
        }
        self.assertRpcForgeryRefused(self.secretary, SIGNOFF, "create", [forged])
        self.assertRpcForgeryRefused(
            self.secretary,
            SIGNOFF,
            "write",
            signoff.ids,
            {"director_id": self.director.id, "director_signed_on": "2036-07-01", "sealed": True},
        )
        self.assertRpcForgeryRefused(self.secretary, SIGNOFF, "action_sign_director", signoff.ids)
        self.assertRpcForgeryRefused(
            self.secretary, SIGNOFF, "action_sign_class_teacher", signoff.ids
        )
        self.assertFalse(self.env[SIGNOFF].search([("class_id", "=", self.class_9b.id)]))
        self.assertEqual(
            stored(signoff, ["class_teacher_id", "director_id", "sealed"]),
            {
                "class_teacher_id": self.env["res.users"],
                "director_id": self.env["res.users"],
                "sealed": False,
            },
        )

    def test_only_the_class_teacher_of_that_class_signs_its_entries(self):
        _book, signoff = self._issue_class_9a()
        for user in (self.deputy, self.director, self.other_class_teacher, self.teacher):
            with self.subTest(user=user.login):
                self.assertRpcForgeryRefused(
                    user, SIGNOFF, "action_sign_class_teacher", signoff.ids
                )
        self.assertFalse(stored(signoff, ["class_teacher_signed_on"])["class_teacher_signed_on"])
        self.rpc(self.class_teacher, SIGNOFF, "action_sign_class_teacher", signoff.ids)
        self.assertEqual(signoff.class_teacher_id, self.class_teacher)
        # the class teacher does not sign as the director, nor the secretary
        for user in (self.class_teacher, self.secretary, self.deputy):
            with self.subTest(user=user.login):
                self.assertRpcForgeryRefused(user, SIGNOFF, "action_sign_director", signoff.ids)
        # a signed sign-off is neither retargeted nor deleted
        self.assertRpcForgeryRefused(
            self.secretary, SIGNOFF, "write", signoff.ids, {"class_id": self.class_9b.id}
        )
        self.assertRpcForgeryRefused(self.secretary, SIGNOFF, "unlink", signoff.ids)
        self.rpc(self.director, SIGNOFF, "action_sign_director", signoff.ids)
        self.assertRecordValues(signoff, [{"director_id": self.director.id, "sealed": True}])

    def test_the_director_does_not_sign_twice_as_class_teacher_and_director(self):
        self.class_9a.class_teacher_id = self.director
        _book, signoff = self._issue_class_9a()
        self.rpc(self.director, SIGNOFF, "action_sign_class_teacher", signoff.ids)
        self.assertRpcForgeryRefused(self.director, SIGNOFF, "action_sign_director", signoff.ids)
        self.assertFalse(stored(signoff, ["director_id"])["director_id"])

    def test_correction_is_certified_only_by_the_director(self):
        book, _signoff = self._issue_class_9a()
        entry = book.entry_ids[:1]
        vals = {
            "entry_id": entry.id,
            "corrected_item": "номер бланка",
            "wrong_text": "0000101",
            "correct_text": "0000110",
        }
        self.assertRpcForgeryRefused(
            self.secretary,
            CORRECTION,
            "create",
            [dict(vals, state="certified", director_id=self.director.id)],
        )
        ids = self.rpc(self.secretary, CORRECTION, "create", [vals])
        correction = self.env[CORRECTION].browse(ids)
        self.assertRpcForgeryRefused(
            self.secretary,
            CORRECTION,
            "write",
            ids,
            {"state": "certified", "director_id": self.director.id, "certified_on": "2036-07-01"},
        )
        self.assertRpcForgeryRefused(self.secretary, CORRECTION, "action_certify", ids)
        self.assertEqual(stored(correction, ["state"]), {"state": "draft"})
        self.rpc(self.director, CORRECTION, "action_certify", ids)
        self.assertRecordValues(
            correction, [{"state": "certified", "director_id": self.director.id}]
        )


@tagged("post_install", "-at_install")
class TestCertificateCustodyForgery(CertificateFixture, SchoolRpcCase):
    """The basic certificate kept in the safe: returned only through «Return»."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "school_certificate_custody_responsible_id": cls.secretary.id,
                "school_certificate_custody_order_number": "15-о",
                "school_certificate_custody_order_date": date(2035, 8, 30),
            }
        )
        class_10a = cls._class(cls.year, "10", "А")
        cls.senior = cls.env["school.student"].create(
            {"last_name": "Кузьмина", "first_name": "Алёна"}
        )
        cls._enroll(cls.senior, class_10a, date(2035, 9, 1))
        cls.custody_vals = {
            "student_id": cls.senior.id,
            "certificate": "12345 0001234",
            "accepted_on": "2035-09-01",
            "responsible_id": cls.secretary.id,
        }

    def test_custody_is_returned_only_through_the_button(self):
        self.assertRpcForgeryRefused(
            self.secretary,
            CUSTODY,
            "create",
            [dict(self.custody_vals, state="returned", returned_on="2035-09-02", returned_to="Я")],
        )
        self.assertRpcForgeryRefused(
            self.secretary,
            CUSTODY,
            "create",
            [dict(self.custody_vals, accepted_by_id=self.director.id)],
        )
        ids = self.rpc(self.secretary, CUSTODY, "create", [self.custody_vals])
        custody = self.env[CUSTODY].browse(ids)
        self.assertEqual(custody.accepted_by_id, self.secretary)
        returned = {"returned_on": "2036-02-01", "returned_to": "Кузьмина А."}
        self.assertRpcForgeryRefused(
            self.secretary, CUSTODY, "write", ids, dict(returned, state="returned")
        )
        self.assertEqual(stored(custody, ["state"]), {"state": "kept"})
        self.rpc(self.secretary, CUSTODY, "write", ids, returned)
        self.assertRpcForgeryRefused(self.deputy, CUSTODY, "action_return", ids)
        self.rpc(self.secretary, CUSTODY, "action_return", ids)
        self.assertEqual(custody.state, "returned")
        self.assertRpcForgeryRefused(
            self.secretary, CUSTODY, "write", ids, {"returned_to": "Другой человек"}
        )
        self.assertRpcForgeryRefused(self.secretary, CUSTODY, "write", ids, {"state": "kept"})
        self.assertRecordValues(custody, [{"state": "returned", "returned_to": "Кузьмина А."}])
