from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.school_records.tests.common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestCertificateCustody(SchoolRecordsCase):
    """The basic certificates of 10th–11th grade students kept in the safe: given back
    as soon as the student leaves, before the personal file is closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.class_10a = cls.env["school.class"].create(
            {"year_id": cls.year.id, "level": "10", "letter": "А"}
        )
        cls.senior = cls.env["school.student"].create(
            {"last_name": "Кузьмина", "first_name": "Алёна"}
        )
        cls.enrollment = cls.env["school.enrollment"].create(
            {
                "student_id": cls.senior.id,
                "class_id": cls.class_10a.id,
                "date_from": date(2035, 9, 1),
            }
        )
        cls.custody = (
            cls.env["school.certificate.custody"]
            .with_user(cls.secretary)
            .create(
                {
                    "student_id": cls.senior.id,
                    "certificate": "12345 0001234",
                    "accepted_on": date(2035, 9, 1),
                    "responsible_id": cls.secretary.id,
                    "order_number": "15-о",
                    "order_date": date(2035, 8, 30),
                }
            )
        )
        cls.senior_file = cls.env["school.personal.file"].search(
            [("student_id", "=", cls.senior.id)]
        )

    def _activities(self):
        return self.custody.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("school_archive.mail_activity_certificate_return")
            )
        )

    def _leave(self):
        self.enrollment.write({"date_to": date(2036, 2, 1), "departure_reason": "transfer_out"})

    def test_only_for_senior_students_and_once(self):
        with self.assertRaises(ValidationError):
            self.env["school.certificate.custody"].create(
                {
                    "student_id": self.child.id,
                    "certificate": "1",
                    "responsible_id": self.secretary.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["school.certificate.custody"].create(
                {
                    "student_id": self.senior.id,
                    "certificate": "2",
                    "responsible_id": self.secretary.id,
                }
            )

    def test_enrollment_into_the_senior_school_asks_for_the_certificate(self):
        accept = self.env.ref("school_archive.mail_activity_certificate_accept")
        newcomer, junior = self.env["school.student"].create(
            [
                {"last_name": "Новикова", "first_name": "Дарья"},
                {"last_name": "Орлов", "first_name": "Иван"},
            ]
        )
        start = date(2035, 9, 2)
        self.env["school.enrollment"].create(
            [
                {"student_id": student.id, "class_id": school_class.id, "date_from": start}
                for student, school_class in ((newcomer, self.class_10a), (junior, self.class_5a))
            ]
        )
        todo = newcomer.activity_ids.filtered(lambda a: a.activity_type_id == accept)
        self.assertTrue(todo.user_id.has_group("school_records.group_secretary"))
        self.assertIn(newcomer.name, todo.note)
        self.assertFalse(junior.activity_ids.filtered(lambda a: a.activity_type_id == accept))
        # the student already in custody (set-up) is not asked again on a new enrollment
        self.assertFalse(self.senior.activity_ids.filtered(lambda a: a.activity_type_id == accept))
        self.env["school.certificate.custody"].with_user(self.secretary).create(
            {
                "student_id": newcomer.id,
                "certificate": "12345 0007777",
                "responsible_id": self.secretary.id,
            }
        )
        self.assertFalse(newcomer.activity_ids.filtered(lambda a: a.activity_type_id == accept))

    def test_leaving_raises_the_return(self):
        self.assertFalse(self.custody.to_return)
        self.assertFalse(self._activities())
        self._leave()
        self.assertTrue(self.custody.to_return)
        self.assertEqual(self._activities().user_id, self.secretary)
        to_return = self.env["school.certificate.custody"].search([("to_return", "=", True)])
        self.assertIn(self.custody, to_return)
        # a second change of the departure does not ask twice
        self.enrollment.departure_order = "№ 3-о от 01.02.2036"
        self.enrollment.departure_reason = "family_education"
        self.assertEqual(len(self._activities()), 1)

    def test_custody_blocks_closing_the_file_until_returned(self):
        self._leave()
        with self.assertRaises(UserError):
            self.senior_file.with_user(self.secretary).action_close()
        custody = self.custody.with_user(self.secretary)
        with self.assertRaises(UserError):
            custody.action_return()
        custody.write({"returned_on": date(2036, 2, 1), "returned_to": "Кузьмина А. (лично)"})
        custody.action_return()
        self.assertEqual(self.custody.state, "returned")
        self.assertFalse(self.custody.to_return)
        self.assertFalse(self._activities())
        self.senior_file.with_user(self.secretary).action_close()
        self.assertEqual(self.senior_file.state, "closed")

    def test_a_custody_record_is_never_deleted(self):
        custody = self.custody.with_user(self.secretary)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            custody.unlink()
        self._leave()
        custody.write({"returned_on": date(2036, 2, 1), "returned_to": "Кузьмина А. (лично)"})
        custody.action_return()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            custody.unlink()
        self.assertTrue(self.custody.exists())

    def test_returned_only_with_the_date_and_the_recipient(self):
        custody = self.custody.with_user(self.secretary)
        day = date(2036, 2, 1)
        for vals in (
            {"state": "returned"},
            {"state": "returned", "returned_on": day},
            {"state": "returned", "returned_to": "Кузьмина А."},
            {"state": "returned", "returned_on": day, "returned_to": "  "},
        ):
            with self.subTest(vals=vals):
                # assertRaises rolls back to a savepoint: the next write starts afresh
                with self.assertRaises(ValidationError) as caught:
                    custody.write(vals)
                self.assertIn("when and to whom", str(caught.exception))
        self.assertEqual(self.custody.state, "kept")
        custody.write({"state": "returned", "returned_on": day, "returned_to": "Кузьмина А."})
        self.assertEqual(self.custody.state, "returned")
        # a returned record keeps when and to whom the certificate was given back
        for vals in ({"returned_to": False}, {"returned_on": False}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                custody.write(vals)
        self.assertRecordValues(self.custody, [{"returned_on": day, "returned_to": "Кузьмина А."}])
