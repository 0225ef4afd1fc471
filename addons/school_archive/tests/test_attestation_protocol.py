from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .archive_common import ArchiveCase


@tagged("post_install", "-at_install")
class TestAttestationProtocol(ArchiveCase):
    """The intermediate attestation's protocol of 5А mathematics: results, the year
    marks they lead to, the commission's signatures, the archive, and the retakes of
    the academic debt within its year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mark_3 = cls.env.ref("school_records.school_mark_value_3")
        PeriodMark = cls.env["school.period.mark"]
        quarter_3 = cls.year.period_ids.filtered(
            lambda p: p.scheme == "quarter" and p.sequence == 3
        )
        # the child: 5, 4, 5 in the quarters; the classmate: 3, 2, 3
        for student, values in ((cls.child, (5, 4, 5)), (cls.classmate, (3, 2, 3))):
            for period, value in zip(
                (cls.quarter_1, cls.quarter_2, quarter_3), values, strict=True
            ):
                PeriodMark.create(
                    {
                        "student_id": student.id,
                        "assignment_id": cls.assignment_5a.id,
                        "kind": "period",
                        "period_id": period.id,
                        "value_id": cls.env.ref(f"school_records.school_mark_value_{value}").id,
                    }
                )

    def _protocol(self, user=None, **values):
        Protocol = self.env["school.attestation.protocol"].with_user(user or self.teacher)
        protocol = Protocol.create(
            {
                "assignment_id": self.assignment_5a.id,
                "form": "control_work",
                "date": date(2036, 5, 20),
                "chairman_id": self.deputy.id,
                "commission_ids": [(6, 0, (self.teacher | self.other_teacher).ids)],
                **values,
            }
        )
        return protocol

    def _filled(self, child_value, classmate_value, **values):
        protocol = self._protocol(**values)
        protocol.action_fill_students()
        by_student = {line.student_id: line for line in protocol.line_ids}
        by_student[self.child].value_id = child_value
        by_student[self.classmate].value_id = classmate_value
        return protocol, by_student

    def _sign_all(self, protocol):
        for user in protocol._signers():
            protocol.with_user(user).action_sign()

    def _year_mark(self, student):
        return self.env["school.period.mark"].search(
            [
                ("student_id", "=", student.id),
                ("assignment_id", "=", self.assignment_5a.id),
                ("kind", "=", "year"),
            ]
        )

    def test_year_mark_from_period_marks_and_the_result(self):
        protocol, lines = self._filled(self.mark_4, self.mark_2)
        self.assertEqual(protocol.line_ids.student_id, self.child | self.classmate)
        # the child: (5 + 4 + 5 + 4) / 4 = 4.5 -> «5»; the classmate fails: «2», a debt
        self.assertAlmostEqual(lines[self.child].period_average, 14 / 3, places=2)
        self.assertEqual(lines[self.child].year_value_id, self.mark_5)
        self.assertFalse(lines[self.child].is_debt)
        self.assertEqual(lines[self.classmate].year_value_id, self.mark_2)
        self.assertTrue(lines[self.classmate].is_debt)
        # (3 + 2 + 3 + 3) / 4 = 2.75 would be «3» anyway; a weak mean with a pass is «3»
        lines[self.classmate].value_id = self.mark_3
        self.assertEqual(lines[self.classmate].year_value_id, self.mark_3)

    def test_signed_by_the_whole_commission_sets_the_year_marks_and_archives(self):
        protocol, _lines = self._filled(self.mark_4, self.mark_2)
        protocol.action_submit()
        self.assertEqual(protocol.state, "signing")
        protocol.with_user(self.teacher).action_sign()
        protocol.with_user(self.other_teacher).action_sign()
        self.assertEqual(protocol.state, "signing")
        self.assertFalse(self._year_mark(self.child))
        protocol.with_user(self.deputy).action_sign()
        self.assertEqual(protocol.state, "signed")
        self.assertEqual(protocol.signed_user_ids, self.teacher | self.other_teacher | self.deputy)
        self.assertRecordValues(
            self._year_mark(self.child) | self._year_mark(self.classmate),
            [
                {"value_id": self.mark_5.id, "state": "confirmed"},
                {"value_id": self.mark_2.id, "state": "confirmed"},
            ],
        )
        unit = protocol.archive_record_id
        self.assertEqual(unit.kind, "attestation_protocols")
        self.assertEqual(unit.retention_id.years, 25)
        self.assertEqual(len(unit.file_ids), 1)
        self.assertTrue(unit.file_ids.name.endswith(".pdf"))

    def test_results_frozen_after_submitting(self):
        protocol, lines = self._filled(self.mark_4, self.mark_2)
        protocol.action_submit()
        with self.assertRaises(UserError):
            lines[self.child].with_user(self.teacher).value_id = self.mark_5
        with self.assertRaises(UserError):
            protocol.with_user(self.teacher).form = "test"
        self.assertEqual(lines[self.child].value_id, self.mark_4)
        # the deputy returns it to draft: the result is corrected, the signatures dropped
        protocol.with_user(self.teacher).action_sign()
        protocol.with_user(self.deputy).action_reset_draft()
        self.assertFalse(protocol.signed_user_ids)
        lines[self.child].with_user(self.teacher).value_id = self.mark_5
        self.assertEqual(lines[self.child].value_id, self.mark_5)

    def test_only_the_commission_signs(self):
        protocol, _lines = self._filled(self.mark_4, self.mark_2, commission_ids=[])
        protocol.commission_ids = self.other_teacher
        protocol.action_submit()
        with self.assertRaises(AccessError):
            protocol.with_user(self.teacher).action_sign()
        with self.assertRaises(AccessError):
            protocol.with_user(self.director).action_sign()
        self.assertFalse(protocol.signed_user_ids)
        protocol.with_user(self.other_teacher).action_sign()
        with self.assertRaises(UserError):
            protocol.with_user(self.other_teacher).action_sign()

    def test_retakes_close_the_debt(self):
        protocol, lines = self._filled(self.mark_4, self.mark_2)
        protocol.action_submit()
        self._sign_all(protocol)
        self.assertEqual(lines[self.classmate].debt_state, "open")
        self.assertEqual(lines[self.child].debt_state, "none")
        action = protocol.with_user(self.teacher).action_create_retake()
        retake = self.env["school.attestation.protocol"].browse(action["res_id"])
        self.assertRecordValues(
            retake,
            [
                {
                    "attempt": "retake1",
                    "origin_id": protocol.id,
                    "main_id": protocol.id,
                    "debt_date": date(2036, 5, 20),
                    "deadline": date(2037, 5, 20),
                    "state": "draft",
                }
            ],
        )
        self.assertEqual(retake.line_ids.student_id, self.classmate)
        # the first retake fails too: the second is before a commission of three
        retake.date = date(2036, 9, 10)
        retake.line_ids.with_user(self.teacher).value_id = self.mark_2
        retake.action_submit()
        self._sign_all(retake)
        second = self.env["school.attestation.protocol"].browse(
            retake.with_user(self.teacher).action_create_retake()["res_id"]
        )
        self.assertEqual(second.attempt, "retake2")
        self.assertEqual(second.main_id, protocol)
        second.write({"date": date(2036, 10, 14), "commission_ids": [(6, 0, [])]})
        second.line_ids.value_id = self.mark_3
        with self.assertRaisesRegex(UserError, "at least three"):
            second.action_submit()
        second.commission_ids = self.teacher | self.other_teacher
        second.action_submit()
        self._sign_all(second)
        # passed: (3 + 2 + 3 + 3) / 4 = 2.75 -> «3»; the debt is closed
        self.assertEqual(self._year_mark(self.classmate).value_id, self.mark_3)
        self.assertEqual(lines[self.classmate].debt_state, "closed")
        with self.assertRaises(UserError):
            second.action_create_retake()

    def test_retake_within_the_year_on_a_school_day(self):
        protocol, _lines = self._filled(self.mark_4, self.mark_2)
        protocol.action_submit()
        self._sign_all(protocol)
        retake = self.env["school.attestation.protocol"].browse(
            protocol.action_create_retake()["res_id"]
        )
        retake.line_ids.value_id = self.mark_3
        # 21 May 2037 (a Thursday) is after the year from 20 May 2036
        retake.date = date(2037, 5, 21)
        with self.assertRaisesRegex(UserError, "ended on 20.05.2037"):
            retake.action_submit()
        # ten days of illness extend the student's term
        retake.line_ids.excused_days = 10
        self.assertEqual(retake.line_ids.deadline, date(2037, 5, 30))
        # but not in the autumn vacation of the fifth grade
        self.env["school.calendar.day"].create(
            {"date": date(2036, 11, 5), "kind": "vacation", "level_from": 1, "level_to": 9}
        )
        retake.date = date(2036, 11, 5)
        with self.assertRaisesRegex(UserError, "not a school day"):
            retake.action_submit()
        retake.date = date(2037, 5, 21)
        retake.action_submit()
        self.assertEqual(retake.state, "signing")

    def test_the_print_is_a_paper_protocol(self):
        protocol, _lines = self._filled(self.mark_4, self.mark_2)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("school_archive.school_attestation_protocol_report", protocol.ids)[0]
            .decode()
        )
        for text in (
            "промежуточной аттестации",
            "5А",
            "Математика (тест)",
            "20.05.2036",
            "Смирнов Павел",
            "Сидоров Олег",
            "Иванов Пётр",
            "Председатель комиссии",
        ):
            self.assertIn(text, html)

    def test_the_cron_archives_signed_protocols_left_out(self):
        protocol, _lines = self._filled(self.mark_4, self.mark_2)
        protocol.action_submit()
        self._sign_all(protocol)
        unit = protocol.archive_record_id
        protocol.sudo().archive_record_id = False
        self.env["school.attestation.protocol"]._cron_archive_signed()
        self.assertEqual(protocol.archive_record_id, unit)
        self.assertEqual(len(unit.file_ids), 2)
