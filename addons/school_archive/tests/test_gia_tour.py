import base64
from datetime import date

from odoo.tests import HttpCase, tagged

from .certificate_common import CertificateFixture
from .test_gia_certificate import PROTOCOL


@tagged("post_install", "-at_install", "is_tour")
class TestGiaTour(CertificateFixture, HttpCase):
    """In Chromium: the secretary imports a РЦОИ protocol through the wizard, then takes
    its results on a draft certificate."""

    def test_gia_results_through_the_screens(self):
        self.alekseev.birth_date = date(2020, 2, 5)
        action = self.env.ref("school_records.school_gia_import_action")
        action.context = repr(
            {
                "default_year_id": self.year.id,
                "default_file": base64.b64encode(PROTOCOL.encode()).decode(),
                "default_file_name": "rcoi.csv",
            }
        )
        self.start_tour(
            f"/odoo/action-{action.id}", "school_gia_import_tour", login=self.secretary.login
        )
        results = self.env["school.gia.result"].search([("student_id", "=", self.alekseev.id)])
        self.assertEqual(sorted(results.mapped("value_id.code")), ["4", "5"])
        certificate = self.env["school.certificate"].create(
            {
                "student_id": self.alekseev.id,
                "level": "basic",
                "year_id": self.year.id,
                "class_id": self.class_9a.id,
            }
        )
        certificate_action = self.env.ref("school_archive.school_certificate_action")
        self.start_tour(
            f"/odoo/action-{certificate_action.id}/{certificate.id}",
            "school_gia_certificate_tour",
            login=self.secretary.login,
        )
        self.assertEqual(certificate.exam_ids.gia_result_id, results)
        self.assertEqual(set(certificate.exam_ids.mapped("source")), {"imported"})
