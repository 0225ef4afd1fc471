from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .certificate_common import CertificateFixture


@tagged("post_install", "-at_install")
class TestCertificateHonours(CertificateFixture, TransactionCase):
    """The honours of the certificate by the final marks and the ГИА results (Order 546,
    p. 22–23; the medal rule of Order 730 as the school's option)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.class_11a = cls._class(cls.year, "11", "А")
        cls.physics = cls.env["school.subject"].create({"name": "Физика (тест)"})

    def _secondary(self, marks=(5, 5), **values):
        """A draft 11th-grade certificate of Алексеев with final marks in mathematics and
        history (the exam results are what the tests vary)."""
        return self.env["school.certificate"].create(
            {
                "student_id": self.alekseev.id,
                "level": "secondary",
                "year_id": self.year.id,
                "class_id": self.class_11a.id,
                "line_ids": [
                    Command.create({"subject_id": subject.id, "value_id": self.marks[mark].id})
                    for subject, mark in zip(self.math | self.history, marks, strict=True)
                ],
                **values,
            }
        )

    def _exam(self, certificate, exam_subject, form="ege", points=0, mark=None, **values):
        return self.env["school.certificate.exam"].create(
            {
                "certificate_id": certificate.id,
                "exam_subject": exam_subject,
                "form": form,
                "points": points,
                "value_id": self.marks[mark].id if mark else False,
                **values,
            }
        )

    def test_secondary_honours_need_russian_and_mathematics_at_70_points(self):
        certificate = self._secondary()
        self.assertFalse(certificate.with_honours, "final marks «5» alone are not enough")
        self.assertIn("Russian", certificate.honours_note)
        self.assertIn("Mathematics", certificate.honours_note)
        self._exam(certificate, "russian", points=72)
        maths = self._exam(certificate, "mathematics", points=69, math_level="profile")
        self.assertFalse(certificate.with_honours)
        self.assertNotIn("Russian", certificate.honours_note)
        maths.points = 70
        self.assertTrue(certificate.with_honours)
        self.assertFalse(certificate.honours_note)
        # the base level of mathematics is marked: «5» is what counts
        maths.write({"math_level": "base", "value_id": self.mark_4.id})
        self.assertFalse(certificate.with_honours)
        maths.value_id = self.mark_5
        self.assertTrue(certificate.with_honours)

    def test_a_final_mark_4_bars_the_honours_whatever_the_exams(self):
        certificate = self._secondary(marks=(5, 4))
        self._exam(certificate, "russian", points=100)
        self._exam(certificate, "mathematics", points=100, math_level="profile")
        self.assertFalse(certificate.with_honours)
        self.assertIn("«4»", certificate.honours_note)

    def test_gve_5_qualifies_and_a_repeated_attestation_never_does(self):
        certificate = self._secondary()
        self._exam(certificate, "russian", form="gve", mark=5)
        self._exam(certificate, "mathematics", form="gve", mark=5)
        self.assertTrue(certificate.with_honours)
        certificate.exam_ids.filtered(lambda e: e.exam_subject == "russian").is_retake = True
        self.assertFalse(certificate.with_honours)
        self.assertIn("repeated attestation", certificate.honours_note)

    def test_medal_rule_russian_and_one_more_subject(self):
        certificate = self._secondary(honours_exam_rule="russian_any")
        self._exam(certificate, "russian", points=75)
        physics = self._exam(certificate, "other", points=69, subject_id=self.physics.id)
        self._exam(certificate, "mathematics", math_level="base", mark=5)
        # base mathematics counts only when no other ЕГЭ was taken
        self.assertFalse(certificate.with_honours)
        self.assertIn("One more subject", certificate.honours_note)
        physics.points = 70
        self.assertTrue(certificate.with_honours)
        physics.unlink()
        self.assertTrue(certificate.with_honours, "Russian and base mathematics «5» only")

    def test_rule_and_points_come_from_the_company_and_stay_on_the_certificate(self):
        self.env.company.write(
            {
                "school_certificate_honours_exam_rule": "russian_math",
                "school_certificate_honours_min_points": 80,
            }
        )
        certificate = self._secondary()
        self.assertEqual(
            (certificate.honours_exam_rule, certificate.honours_min_points), ("russian_math", 80)
        )
        self._exam(certificate, "russian", points=75)
        self._exam(certificate, "mathematics", points=90, math_level="profile")
        self.assertFalse(certificate.with_honours)
        self.env.company.school_certificate_honours_min_points = 70
        self.assertEqual(certificate.honours_min_points, 80, "settings change no prepared one")
        certificate.honours_min_points = 70
        self.assertTrue(certificate.with_honours)
        self.env.company.school_certificate_honours_exam_rule = "none"
        self.assertTrue(self._secondary(student_id=self.borisova.id).with_honours)

    def test_exam_results_are_checked(self):
        certificate = self._secondary()
        with self.assertRaises(ValidationError):
            self._exam(certificate, "russian", points=101)
        with self.assertRaises(ValidationError):
            self._exam(certificate, "mathematics", points=80)  # no level
        with self.assertRaises(ValidationError):
            self._exam(certificate, "russian", form="gve")  # no mark
        with self.assertRaises(ValidationError):
            self._exam(certificate, "other", points=80)  # no subject
        self.assertFalse(certificate.exam_ids)

    def test_basic_honours_barred_by_a_retaken_or_failed_exam(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self.assertTrue(borisova.with_honours, "the basic certificate needs no exam points")
        exam = self._exam(borisova, "mathematics", form="oge", mark=5, is_retake=True)
        self.assertFalse(borisova.with_honours)
        exam.write({"is_retake": False, "value_id": self.mark_2.id})
        self.assertFalse(borisova.with_honours)
        self.assertIn("failed", borisova.honours_note)
        exam.value_id = self.mark_5
        self.assertTrue(borisova.with_honours)

    def test_council_decision_must_agree_with_the_exam_results(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self._exam(borisova, "russian", form="oge", mark=4, is_retake=True)
        with self.assertRaisesRegex(UserError, "repeated attestation"):
            borisova.with_user(self.deputy).action_check()

    def test_exam_results_freeze_once_checked(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self._exam(borisova, "russian", form="oge", mark=5)
        borisova.with_user(self.deputy).action_check()
        with self.assertRaises(UserError):
            borisova.exam_ids.is_retake = True
        with self.assertRaises(UserError):
            self._exam(borisova, "mathematics", form="oge", mark=5)

    def test_duplicate_keeps_the_exam_results(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self._exam(borisova, "russian", form="oge", mark=5)
        self._issue(borisova)
        action = borisova.with_user(self.secretary).action_duplicate()
        duplicate = self.env["school.certificate"].browse(action["res_id"])
        self.assertEqual(duplicate.exam_ids.mapped("result_text"), ["5"])
        self.assertTrue(duplicate.with_honours)

    def test_graduation_council_proposes_honours_from_the_prepared_certificate(self):
        borisova = self._certificate(self._prepare(self.class_9a), self.borisova)
        self._exam(borisova, "russian", form="oge", mark=5, is_retake=True)
        protocol = self.env["school.council.decision"].create(
            {
                "number": "16",
                "date": self.protocol.date,
                "year_id": self.year.id,
                "kind": "graduation",
                "class_ids": [Command.set(self.class_9a.ids)],
            }
        )
        protocol.action_fill_from_classes()
        line = protocol.line_ids.filtered(lambda line: line.student_id == self.borisova)
        self.assertEqual(line.decision, "certificate", "all «5» but a retaken exam")
        borisova.exam_ids.is_retake = False
        protocol.line_ids.unlink()
        protocol.action_fill_from_classes()
        line = protocol.line_ids.filtered(lambda line: line.student_id == self.borisova)
        self.assertEqual(line.decision, "certificate_honours")

    def test_secretary_enters_the_results_on_the_form(self):
        """The «State final attestation» tab as the secretary fills it from the regional
        protocol: the level of mathematics is asked only for its ЕГЭ."""
        certificate = self._secondary().with_user(self.secretary)
        with Form(certificate) as form:
            with form.exam_ids.new() as exam:
                exam.exam_subject = "russian"
                exam.points = 81
            with form.exam_ids.new() as exam:
                exam.exam_subject = "mathematics"
                self.assertTrue(exam._get_modifier("math_level", "required"))
                exam.math_level = "profile"
                exam.points = 74
            with form.exam_ids.new() as exam:
                exam.exam_subject = "other"
                self.assertTrue(exam._get_modifier("subject_id", "required"))
                exam.subject_id = self.physics
                exam.form = "gve"
                self.assertFalse(exam._get_modifier("math_level", "required"))
                exam.value_id = self.mark_4
        self.assertEqual(
            certificate.exam_ids.mapped("result_text"), ["81", "74", "4"], "russian, maths, other"
        )
        self.assertTrue(certificate.with_honours)
