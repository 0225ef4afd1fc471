from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.school_records.tests.common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestCertificateCustody(SchoolRecordsCase):
    """The basic certificates of 10th–11th grade students kept in the safe: given back
    as soon as the student leaves, before the personal file is closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the director's order: the secretary keeps the certificates
        cls.env.company.write(
            {
                "school_certificate_custody_responsible_id": cls.secretary.id,
                "school_certificate_custody_order_number": "15-о",
                "school_certificate_custody_order_date": date(2035, 8, 30),
            }
        )
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

    # the director's order from the company ----------------------------------------------
    def _newcomer(self, last_name="Новикова"):
        newcomer = self.env["school.student"].create(
            {"last_name": last_name, "first_name": "Дарья"}
        )
        self.env["school.enrollment"].create(
            {
                "student_id": newcomer.id,
                "class_id": self.class_10a.id,
                "date_from": date(2035, 9, 2),
            }
        )
        return newcomer

    def _set_company_order(self, responsible, number, day):
        self.env.company.write(
            {
                "school_certificate_custody_responsible_id": responsible.id,
                "school_certificate_custody_order_number": number,
                "school_certificate_custody_order_date": day,
            }
        )

    def test_the_director_order_comes_from_the_company(self):
        self._set_company_order(self.archivist, "21-од", date(2035, 8, 29))
        newcomer = self._newcomer()
        # the to-do to accept the certificate goes to the person the order appoints
        accept = self.env.ref("school_archive.mail_activity_certificate_accept")
        todo = newcomer.activity_ids.filtered(lambda a: a.activity_type_id == accept)
        self.assertEqual(todo.user_id, self.archivist)
        custody_form = Form(self.env["school.certificate.custody"].with_user(self.secretary))
        custody_form.student_id = newcomer
        custody_form.certificate = "12345 0007777"
        custody = custody_form.save()
        self.assertRecordValues(
            custody,
            [
                {
                    "responsible_id": self.archivist.id,
                    "order_number": "21-од",
                    "order_date": date(2035, 8, 29),
                    "accepted_by_id": self.secretary.id,
                }
            ],
        )

    def _assert_order_refused(self, action, *args):
        # assertRaises (unlike assertRaisesRegex) rolls the refused record back
        with self.assertRaises(ValidationError) as caught:
            action(*args)
        self.assertIn("number and date", str(caught.exception))

    def test_no_custody_without_the_order(self):
        newcomer = self._newcomer()
        Custody = self.env["school.certificate.custody"].with_user(self.secretary)
        vals = {"student_id": newcomer.id, "certificate": "12345 0007777"}
        self.env.company.school_certificate_custody_order_number = False
        self._assert_order_refused(Custody.create, vals)
        self.env.company.school_certificate_custody_order_number = "15-о"
        self.env.company.school_certificate_custody_order_date = False
        self._assert_order_refused(Custody.create, vals)
        self._assert_order_refused(
            Custody.create, {**vals, "order_number": " ", "order_date": date(2035, 8, 30)}
        )
        # nor is the order of a kept certificate erased
        self._assert_order_refused(
            self.custody.with_user(self.secretary).write, {"order_date": False}
        )
        custody = Custody.create({**vals, "order_date": date(2035, 8, 30)})
        self.assertRecordValues(
            custody, [{"order_number": "15-о", "order_date": date(2035, 8, 30)}]
        )

    def test_a_new_order_does_not_rewrite_the_kept_certificates(self):
        self._set_company_order(self.archivist, "40-од", date(2036, 1, 10))
        self.assertRecordValues(
            self.custody,
            [
                {
                    "responsible_id": self.secretary.id,
                    "order_number": "15-о",
                    "order_date": date(2035, 8, 30),
                }
            ],
        )
        custody = (
            self.env["school.certificate.custody"]
            .with_user(self.secretary)
            .create({"student_id": self._newcomer().id, "certificate": "12345 0007777"})
        )
        self.assertRecordValues(
            custody,
            [
                {
                    "responsible_id": self.archivist.id,
                    "order_number": "40-од",
                    "order_date": date(2036, 1, 10),
                }
            ],
        )

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
            {},
            {"returned_on": day},
            {"returned_to": "Кузьмина А."},
            {"returned_on": day, "returned_to": "  "},
        ):
            with self.subTest(vals=vals):
                # assertRaises rolls back to a savepoint: the next write starts afresh
                with self.assertRaises(UserError) as caught:
                    custody.write(vals)
                    custody.action_return()
                self.assertIn("when and to whom", str(caught.exception))
        self.assertEqual(self.custody.state, "kept")
        # the status changes only through the button, never by a write
        with self.assertRaisesRegex(UserError, "only through the document.s buttons"):
            custody.write({"state": "returned", "returned_on": day, "returned_to": "Кузьмина А."})
        custody.write({"returned_on": day, "returned_to": "Кузьмина А."})
        custody.action_return()
        self.assertEqual(self.custody.state, "returned")
        # a returned record keeps when and to whom the certificate was given back
        for vals in ({"returned_to": False}, {"returned_on": False}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                custody.write(vals)
        self.assertRecordValues(self.custody, [{"returned_on": day, "returned_to": "Кузьмина А."}])
