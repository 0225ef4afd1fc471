import base64
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.school_records.tests.rpc_common import SchoolRpcCase

from .certificate_common import CertificateFixture

PROTOCOL = (
    "Фамилия;Имя;Дата рождения;Вид экзамена;Предмет;Дата экзамена;Первичный балл;Отметка\n"
    "Алексеев;Иван;05.02.2020;ОГЭ;Русский язык;24.05.2036;33;5\n"
    "Алексеев;Иван;05.02.2020;ОГЭ;Математика;28.05.2036;21;4\n"
)


class GiaCertificateFixture(CertificateFixture):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alekseev.birth_date = date(2020, 2, 5)
        wizard = (
            cls.env["school.gia.import"]
            .with_user(cls.secretary)
            .create(
                {
                    "year_id": cls.year.id,
                    "file": base64.b64encode(PROTOCOL.encode()),
                    "file_name": "rcoi-9.csv",
                }
            )
        )
        action = wizard.action_import()
        cls.gia_protocol = cls.env["school.gia.protocol"].browse(action["res_id"])

    def _exam_rows(self, certificate):
        return sorted(
            (e.form, e.exam_subject, e.value_id.code, e.is_retake, e.source)
            for e in certificate.exam_ids
        )


@tagged("post_install", "-at_install")
class TestGiaCertificate(GiaCertificateFixture, TransactionCase):
    def test_prepared_certificate_takes_the_imported_results(self):
        certificates = self._prepare(self.class_9a)
        alekseev = self._certificate(certificates, self.alekseev)
        self.assertEqual(
            self._exam_rows(alekseev),
            [
                ("oge", "mathematics", "4", False, "imported"),
                ("oge", "russian", "5", False, "imported"),
            ],
        )
        borisova = self._certificate(certificates, self.borisova)
        self.assertFalse(borisova.exam_ids)
        Exam = self.env["school.certificate.exam"].with_user(self.secretary)
        # hand entry for a student without imported results, marked as such
        Exam.create(
            {
                "certificate_id": borisova.id,
                "exam_subject": "russian",
                "form": "oge",
                "value_id": self.mark_4.id,
            }
        )
        self.assertEqual(self._exam_rows(borisova), [("oge", "russian", "4", False, "manual")])
        # not for an exam whose result was imported, nor changing an imported result
        with self.assertRaises(ValidationError):
            Exam.create(
                {
                    "certificate_id": alekseev.id,
                    "exam_subject": "russian",
                    "form": "oge",
                    "value_id": self.mark_3.id,
                }
            )
        with self.assertRaises(ValidationError):
            alekseev.exam_ids.filtered(lambda e: e.exam_subject == "russian").with_user(
                self.secretary
            ).write({"value_id": self.mark_3.id})
        # an exam the protocol does not have may still be typed in
        Exam.create(
            {
                "certificate_id": alekseev.id,
                "exam_subject": "other",
                "subject_id": self.history.id,
                "form": "oge",
                "value_id": self.mark_5.id,
            }
        )
        self.assertEqual(len(alekseev.exam_ids), 3)
        # taking the results again keeps the typed line and the imported ones once
        alekseev.with_user(self.secretary).action_fill_gia_exams()
        self.assertEqual(
            self._exam_rows(alekseev),
            [
                ("oge", "mathematics", "4", False, "imported"),
                ("oge", "other", "5", False, "manual"),
                ("oge", "russian", "5", False, "imported"),
            ],
        )

    def test_protocol_kept_in_the_archive_with_its_retention(self):
        unit = self.gia_protocol.archive_record_id
        self.assertEqual(unit.kind, "gia_protocols")
        self.assertEqual(unit.year_id, self.year)
        self.assertEqual(unit.retention_id.years, 50)
        self.assertEqual(unit.retention_start, self.year.date_end)
        self.assertEqual(unit.expiry_date, date(2086, 8, 31))
        self.assertEqual(unit.file_ids.name, "rcoi-9.csv")
        self.assertEqual(unit.file_ids.sudo()._read_content(), PROTOCOL.encode())
        self.assertTrue(unit._seal_intact())
        with self.assertRaises(ValidationError):
            unit.retention_id.years = 25


@tagged("post_install", "-at_install")
class TestGiaCertificateRpc(GiaCertificateFixture, SchoolRpcCase):
    def test_imported_mark_cannot_be_forged(self):
        certificates = self._prepare(self.class_9a)
        alekseev = self._certificate(certificates, self.alekseev)
        borisova = self._certificate(certificates, self.borisova)
        result = self.gia_protocol.result_ids[:1]
        self.assertRpcForgeryRefused(
            self.secretary,
            "school.certificate.exam",
            "create",
            {
                "certificate_id": borisova.id,
                "exam_subject": "russian",
                "form": "oge",
                "value_id": self.mark_5.id,
                "gia_result_id": result.id,
            },
        )
        self.assertFalse(borisova.exam_ids)
        imported = alekseev.exam_ids.filtered(lambda e: e.exam_subject == "russian")
        self.assertRpcForgeryRefused(
            self.secretary,
            "school.certificate.exam",
            "write",
            imported.ids,
            {"value_id": self.mark_2.id},
        )
        self.assertEqual(imported.value_id, self.mark_5)
        self.assertRpcForgeryRefused(
            self.teacher, "school.certificate", "action_fill_gia_exams", borisova.ids
        )
        self.rpc(self.deputy, "school.certificate", "action_fill_gia_exams", alekseev.ids)
        self.assertEqual(len(alekseev.exam_ids), 2)
