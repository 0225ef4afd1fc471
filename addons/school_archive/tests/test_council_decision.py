import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.school_records.tests.common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestCouncilDecision(SchoolRecordsCase):
    """The pedagogical council's protocol: decisions proposed from the year marks,
    worded as the summary statement writes them, fixed once confirmed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mark_3 = cls.env.ref("school_records.school_mark_value_3")
        cls.mark_na = cls.env.ref("school_records.school_mark_value_na")
        cls.next_year = cls.env["school.academic.year"].create(
            {"name": "2036/2037", "date_start": date(2036, 9, 1), "date_end": date(2037, 8, 31)}
        )
        cls.env["school.class"].create({"year_id": cls.next_year.id, "level": "6", "letter": "А"})
        # 5А: the child passes everything, the classmate fails history
        cls._year_mark(cls.assignment_5a, cls.child, cls.mark_5)
        cls._year_mark(cls.assignment_5a_history, cls.child, cls.mark_4)
        cls._year_mark(cls.assignment_5a, cls.classmate, cls.mark_3)
        cls._year_mark(cls.assignment_5a_history, cls.classmate, cls.mark_2)
        # 11А: one excellent student, one with a «н/а»
        cls.class_11a = cls.env["school.class"].create(
            {"year_id": cls.year.id, "level": "11", "letter": "А"}
        )
        cls.assignment_11a = cls.env["school.teaching.assignment"].create(
            {"class_id": cls.class_11a.id, "subject_id": cls.math.id, "teacher_id": cls.teacher.id}
        )
        Student = cls.env["school.student"]
        cls.graduate = Student.create({"last_name": "Алексеева", "first_name": "Мария"})
        cls.weak_graduate = Student.create({"last_name": "Яковлев", "first_name": "Денис"})
        for student in cls.graduate | cls.weak_graduate:
            cls.env["school.enrollment"].create(
                {
                    "student_id": student.id,
                    "class_id": cls.class_11a.id,
                    "date_from": date(2035, 9, 1),
                }
            )
        cls._year_mark(cls.assignment_11a, cls.graduate, cls.mark_5)
        cls._year_mark(cls.assignment_11a, cls.weak_graduate, cls.mark_na)

    @classmethod
    def _year_mark(cls, assignment, student, value):
        return cls.env["school.period.mark"].create(
            {
                "student_id": student.id,
                "assignment_id": assignment.id,
                "kind": "year",
                "value_id": value.id,
                "proposed_value_id": value.id,
                "state": "confirmed",
            }
        )

    def _protocol(self, kind="transfer", classes=None, number="12", user=None):
        Protocol = self.env["school.council.decision"].with_user(user or self.deputy)
        return Protocol.create(
            {
                "number": number,
                "date": date(2036, 5, 28),
                "year_id": self.year.id,
                "kind": kind,
                "class_ids": [(6, 0, (classes or self.class_5a).ids)],
            }
        )

    def _line(self, protocol, student):
        return protocol.line_ids.filtered(lambda line: line.student_id == student)

    def test_transfer_proposed_from_year_marks(self):
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        self.assertEqual(len(protocol.line_ids), 2)
        child, classmate = self._line(protocol, self.child), self._line(protocol, self.classmate)
        self.assertEqual(child.decision, "promoted")
        self.assertEqual(child.next_class_name, "6А")
        self.assertEqual(child.text, "переведен в 6А класс, протокол от 28.05.2036 № 12")
        self.assertEqual(classmate.decision, "promoted_conditionally")
        self.assertEqual(classmate.debt_subject_ids, self.history)
        self.assertEqual(
            classmate.text, "условно переведен в 6А класс, протокол от 28.05.2036 № 12"
        )
        # filling again adds nobody twice
        protocol.action_fill_from_classes()
        self.assertEqual(len(protocol.line_ids), 2)

    def test_repeat_year_wording(self):
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        classmate = self._line(protocol, self.classmate)
        classmate.decision = "repeat"
        self.assertEqual(
            classmate.text, "оставлен на повторное обучение в 5 классе, протокол от 28.05.2036 № 12"
        )

    def test_graduation_with_honours_and_medal(self):
        protocol = self._protocol("graduation", self.class_11a | self.class_5a)
        protocol.action_fill_from_classes()
        # 5А is not a graduating class: only 11А's students are decided on
        self.assertEqual(protocol.line_ids.student_id, self.graduate | self.weak_graduate)
        graduate = self._line(protocol, self.graduate)
        self.assertEqual(graduate.decision, "certificate_honours")
        self.assertTrue(graduate.medal)
        self.assertEqual(
            graduate.text,
            "выдан аттестат о среднем общем образовании с отличием, награжден медалью "
            "«За особые успехи в учении», протокол от 28.05.2036 № 12",
        )
        self.assertEqual(self._line(protocol, self.weak_graduate).decision, "study_certificate")

    def test_gia_admission(self):
        protocol = self._protocol("gia_admission", self.class_11a)
        protocol.action_fill_from_classes()
        self.assertEqual(self._line(protocol, self.graduate).decision, "admitted_gia")
        self.assertEqual(self._line(protocol, self.weak_graduate).decision, "not_admitted_gia")

    def test_inconsistent_decisions_are_refused(self):
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        child = self._line(protocol, self.child)
        with self.assertRaises(ValidationError):
            child.write({"decision": "promoted_conditionally"})  # no debt named
        with self.assertRaises(ValidationError):
            child.write({"decision": "certificate"})  # a 5th grader gets no certificate
        with self.assertRaises(ValidationError):
            child.write({"medal": True})

    def test_confirmed_protocol_is_fixed_and_shown_on_the_student(self):
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        self.assertFalse(self.child.last_council_decision)
        protocol.action_confirm()
        self.assertEqual(protocol.state, "confirmed")
        with self.assertRaises(UserError):
            self._line(protocol, self.child).with_user(self.deputy).decision = "repeat"
        with self.assertRaises(UserError):
            protocol.with_user(self.deputy).number = "13"
        with self.assertRaises(UserError):
            protocol.with_user(self.deputy).action_reset_draft()
        self.child.invalidate_recordset()
        self.assertEqual(
            self.child.last_council_decision,
            "переведен в 6А класс, протокол от 28.05.2036 № 12",
        )
        self.assertIn(
            protocol.line_ids[:1],
            self.child.council_decision_line_ids | self.classmate.council_decision_line_ids,
        )
        protocol.with_user(self.director).action_reset_draft()
        self.assertEqual(protocol.state, "draft")

    def test_confirmed_protocol_goes_to_the_archive(self):
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        protocol.action_confirm()
        unit = self.env["school.archive.record"].search(
            [("res_model", "=", protocol._name), ("res_id", "=", protocol.id)]
        )
        self.assertRecordValues(
            unit,
            [{"kind": "council_protocols", "year_id": protocol.year_id.id, "state": "archived"}],
        )
        self.assertEqual(unit.retention_start, protocol.year_id.date_end)
        self.assertIn("Иванов", unit.file_ids._read_filestore().decode())
        self.assertTrue(unit._seal_intact())
        protocol.with_user(self.director).action_reset_draft()
        protocol.action_confirm()
        self.assertEqual(len(unit.file_ids), 2, "the new print joins the same unit")

    def test_undecided_student_blocks_confirmation(self):
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        self._line(protocol, self.child).decision = False
        with self.assertRaisesRegex(UserError, "Иванов"):
            protocol.action_confirm()

    def test_who_may_do_what(self):
        with self.assertRaises(AccessError):
            self._protocol(user=self.teacher)
        with self.assertRaises(AccessError):
            self._protocol(user=self.class_teacher)
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        # the class teacher and the office read the decisions, nobody else
        self.assertTrue(protocol.with_user(self.class_teacher).line_ids)
        self.assertTrue(protocol.with_user(self.secretary).read(["name"]))
        with self.assertRaises(AccessError):
            protocol.with_user(self.teacher).read(["name"])

    def test_printed_protocol_and_extracts(self):
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        Report = self.env["ir.actions.report"]
        html, _kind = Report._render_qweb_html(
            "school_archive.report_council_decision", protocol.ids
        )
        html = html.decode()
        self.assertTrue("ПРОТОКОЛ № <span>12</span>" in html, "the protocol's number")
        self.assertIn("условно переведен в 6А класс", html)
        self.assertIn(self.history.name, html)
        html, _kind = Report._render_qweb_html(
            "school_archive.report_council_decision_extract", protocol.ids
        )
        html = html.decode()
        self.assertEqual(html.count("ВЫПИСКА"), 2)
        self.assertIn(self.child.name, html)

    def test_decision_is_written_on_the_summary_statement(self):
        protocol = self._protocol()
        protocol.action_fill_from_classes()
        protocol.action_confirm()
        wizard = (
            self.env["school.class.report"]
            .with_user(self.deputy)
            .create({"year_id": self.year.id, "class_ids": [(6, 0, self.class_5a.ids)]})
        )
        wizard.action_print()
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))["5А"]
        last = sheet.max_column
        self.assertEqual(sheet.cell(3, last).value[:7], "Решение")
        decisions = {sheet.cell(r, 2).value: sheet.cell(r, last).value for r in range(5, 7)}
        self.assertEqual(
            decisions[self.child.name], "переведен в 6А класс, протокол от 28.05.2036 № 12"
        )
