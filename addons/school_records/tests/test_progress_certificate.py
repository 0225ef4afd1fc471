import uuid
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SchoolFixture, SchoolRecordsCase
from .rpc_common import SchoolRpcCase

MODEL = "school.progress.certificate"
REPORT = "school_records.school_progress_certificate_report"
DAY = date(2035, 10, 1)


class ProgressCertificateFixture(SchoolFixture):
    """The child of 5А with a confirmed first-quarter mark «5» in maths and the
    fixture's current mark «5»; the other child's request of 6Б."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period_mark = (
            cls.env["school.period.mark"]
            .sudo()
            .create(
                {
                    "student_id": cls.child.id,
                    "assignment_id": cls.assignment_5a.id,
                    "kind": "period",
                    "period_id": cls.quarter_1.id,
                    "value_id": cls.mark_5.id,
                    "proposed_value_id": cls.mark_5.id,
                    "state": "confirmed",
                }
            )
        )
        Certificate = cls.env[MODEL]
        cls.certificate = Certificate.with_user(cls.class_teacher).create(
            {"student_id": cls.child.id, "requested_by": "Иванова Ольга", "request_date": DAY}
        )
        cls.other_certificate = Certificate.with_user(cls.secretary).create(
            {"student_id": cls.other_child.id, "requested_by": "Морозов Антон", "request_date": DAY}
        )


@tagged("post_install", "-at_install")
class TestProgressCertificate(ProgressCertificateFixture, SchoolRecordsCase):
    def test_director_signs_and_secretary_issues(self):
        certificate = self.certificate.with_user(self.director)
        self.assertEqual(certificate.class_id, self.class_5a)
        certificate.action_sign()
        self.assertEqual(certificate.state, "signed")
        self.assertRegex(certificate.name, r"^СУ-\d{4}-\d{6}$")
        self.assertRegex(certificate.checksum, r"^[0-9a-f]{64}$")
        self.assertRegex(certificate.access_token, r"^[0-9a-f]{32}$")
        self.assertEqual(certificate.signed_by_id, self.director)
        self.assertTrue(certificate._is_intact())
        maths = [s for s in certificate.content["subjects"] if s["subject"] == "Математика (тест)"]
        self.assertEqual(maths[0]["marks"], [{"label": self.quarter_1.name, "value": "5"}])
        self.assertEqual(maths[0]["average"], "5.00")
        self.assertEqual(maths[0]["current"], "5")
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.director).action_issue()
        self.certificate.with_user(self.secretary).action_issue()
        self.assertRecordValues(
            self.certificate, [{"state": "issued", "issued_by_id": self.secretary.id}]
        )

    def test_the_director_is_asked_to_sign(self):
        self.certificate.with_user(self.class_teacher).action_request_signature()
        sign = self.env.ref("school_records.mail_activity_school_sign")
        activities = self.certificate.activity_ids.filtered(lambda a: a.activity_type_id == sign)
        self.assertIn(self.director, activities.user_id)
        self.certificate.with_user(self.director).action_sign()
        self.assertFalse(
            self.certificate.activity_ids.filtered(lambda a: a.activity_type_id == sign)
        )
        with self.assertRaises(AccessError):
            self.other_certificate.with_user(self.class_teacher).action_request_signature()

    def test_class_teacher_registers_only_for_own_class(self):
        with self.assertRaises(AccessError):
            self.env[MODEL].with_user(self.class_teacher).create(
                {
                    "student_id": self.other_child.id,
                    "requested_by": "Морозов Антон",
                    "request_date": DAY,
                }
            )
        with self.assertRaises(AccessError):
            self.env[MODEL].with_user(self.teacher).create(
                {"student_id": self.child.id, "requested_by": "Иванова Ольга", "request_date": DAY}
            )

    def test_class_teacher_cannot_move_a_request_to_another_class(self):
        with self.assertRaises(AccessError):
            self.certificate.with_user(self.class_teacher).write(
                {"student_id": self.other_child.id}
            )
        self.assertEqual(self.certificate.student_id, self.child)

    def test_signed_certificate_is_frozen_and_kept(self):
        self.certificate.with_user(self.director).action_sign()
        with self.assertRaises(UserError):
            self.certificate.with_user(self.secretary).write({"requested_by": "Другой"})
        with self.assertRaises(UserError):
            self.certificate.with_user(self.secretary).unlink()
        with self.assertRaises(UserError):
            self.certificate.with_user(self.director).action_sign()

    def test_pdf_shows_the_signed_marks_and_the_qr_code(self):
        self.certificate.with_user(self.director).action_sign()
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.certificate.ids)[0]
        html = html.decode()
        for text in (
            "СПРАВКА",
            "об успеваемости в текущем учебном году",
            self.certificate.name,
            self.child.name,
            "Математика (тест)",
            "Текущие отметки",
            self.quarter_1.name,
            "5,00",
            self.certificate.checksum,
            f"/school/progress/{self.certificate.access_token}",
            "o_progress_certificate_qr",
            self.director.name,
        ):
            self.assertIn(text, html)

    def test_draft_is_not_printed(self):
        with self.assertRaises(UserError):
            self.env["ir.actions.report"].with_user(self.secretary)._render_qweb_html(
                REPORT, self.certificate.ids
            )


@tagged("post_install", "-at_install")
class TestProgressCertificateRpc(ProgressCertificateFixture, SchoolRpcCase):
    def test_secretary_cannot_sign(self):
        self.assertRpcForgeryRefused(self.secretary, MODEL, "action_sign", self.certificate.ids)
        self.assertRpcForgeryRefused(self.class_teacher, MODEL, "action_sign", self.certificate.ids)
        self.assertRecordValues(self.certificate, [{"state": "draft", "name": False}])
        self.rpc(self.director, MODEL, "action_sign", self.certificate.ids)
        self.assertEqual(self.certificate.state, "signed")

    def test_nobody_writes_the_state(self):
        for user in (self.secretary, self.director, self.class_teacher):
            self.assertRpcForgeryRefused(
                user, MODEL, "write", self.certificate.ids, {"state": "issued"}
            )
            self.assertRpcForgeryRefused(
                user,
                MODEL,
                "write",
                self.certificate.ids,
                {"signed_by_id": self.director.id, "checksum": "0" * 64},
            )
            self.assertRpcForgeryRefused(
                user,
                MODEL,
                "create",
                [
                    {
                        "student_id": self.child.id,
                        "requested_by": "Иванова Ольга",
                        "request_date": str(DAY),
                        "state": "signed",
                        "access_token": uuid.uuid4().hex,
                    }
                ],
            )
        self.assertRecordValues(
            self.certificate, [{"state": "draft", "signed_by_id": False, "checksum": False}]
        )
        self.assertEqual(self.env[MODEL].search_count([("student_id", "=", self.child.id)]), 1)

    def test_family_reads_only_its_own_child(self):
        for certificate in self.certificate | self.other_certificate:
            certificate.with_user(self.director).action_sign()
        rows = self.rpc(self.parent, MODEL, "search_read", [], ["name", "student_id"])
        self.assertEqual([row["id"] for row in rows], self.certificate.ids)
        self.assertRpcRefused(self.parent, MODEL, "read", self.other_certificate.ids, ["name"])
        self.assertRpcRefused(self.parent, MODEL, "action_issue", self.certificate.ids)
        self.assertRpcRefused(
            self.parent, MODEL, "write", self.certificate.ids, {"requested_by": "x"}
        )
        self.assertEqual(self.certificate.state, "signed")

    def test_verification_page(self):
        self.certificate.with_user(self.director).action_sign()
        response = self.url_open(f"/school/progress/{self.certificate.access_token}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for text in (self.certificate.name, "И. П. С.", self.certificate.checksum, "действительна"):
            self.assertIn(text, page)
        for text in (self.child.name, self.child.first_name, "Математика (тест)"):
            self.assertNotIn(text, page)
        for token in (uuid.uuid4().hex, "not-a-token"):
            self.assertEqual(self.url_open(f"/school/progress/{token}").status_code, 404)
