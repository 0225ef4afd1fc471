from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.school_records.tests.common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestPersonalFile(SchoolRecordsCase):
    """The personal file: numbered as in the alphabetical book, with the year's confirmed
    marks and the council's decision signed by the class teacher, issued to another
    school only on an application the director approved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Files = cls.env["school.personal.file"]
        cls.file_child = cls.Files.search([("student_id", "=", cls.child.id)])
        cls.file_sibling = cls.Files.search([("student_id", "=", cls.sibling.id)])
        cls.file_classmate = cls.Files.search([("student_id", "=", cls.classmate.id)])
        # 5А: the child's maths year mark is confirmed, the history one only proposed
        cls._year_mark(cls.assignment_5a, cls.child, cls.mark_5, "confirmed")
        cls._year_mark(cls.assignment_5a_history, cls.child, cls.mark_4, "draft")
        cls._year_mark(cls.assignment_5a, cls.classmate, cls.mark_4, "confirmed")
        protocol = cls.env["school.council.decision"].create(
            {
                "number": "12",
                "date": date(2036, 5, 28),
                "year_id": cls.year.id,
                "kind": "transfer",
                "class_ids": [(6, 0, cls.class_5a.ids)],
            }
        )
        protocol.action_fill_from_classes()
        protocol.action_confirm()
        cls.class_teacher_6b = new_test_user(
            cls.env, login="t_class_6b", groups="school_records.group_class_teacher"
        )
        cls.class_6b.class_teacher_id = cls.class_teacher_6b

    @classmethod
    def _year_mark(cls, assignment, student, value, state):
        return cls.env["school.period.mark"].create(
            {
                "student_id": student.id,
                "assignment_id": assignment.id,
                "kind": "year",
                "value_id": value.id,
                "proposed_value_id": value.id,
                "state": state,
            }
        )

    def _fill(self, user=None, classes=None):
        wizard = (
            self.env["school.personal.file.fill"]
            .with_user(user or self.class_teacher)
            .create({"class_ids": [(6, 0, (classes or self.class_5a).ids)]})
        )
        wizard.action_fill()
        return self.file_child.year_ids

    # numbering -----------------------------------------------------------------------------
    def test_file_opened_at_enrollment_numbered_by_surname_letter(self):
        self.assertEqual(len(self.file_child), 1)
        self.assertEqual(self.file_child.letter, "И")
        self.assertEqual(self.file_child.number, f"И-{self.file_child.book_number}")
        # the sibling came next under «И», the classmate is counted under «Б»
        self.assertEqual(self.file_sibling.book_number, self.file_child.book_number + 1)
        self.assertEqual(self.file_classmate.letter, "Б")
        self.assertEqual(self.file_child.admission_date, date(2035, 9, 1))
        self.assertEqual(self.file_child.state, "open")
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Files.create({"student_id": self.child.id})

    def test_number_is_never_given_again(self):
        old_number = self.file_sibling.book_number
        self.file_sibling.unlink()
        newcomer = self.env["school.student"].create({"last_name": "Ильин", "first_name": "Иван"})
        self.env["school.enrollment"].create(
            {"student_id": newcomer.id, "class_id": self.class_6b.id, "date_from": date(2035, 9, 2)}
        )
        new_file = self.Files.search([("student_id", "=", newcomer.id)])
        self.assertEqual(new_file.book_number, old_number + 1)
        reopened = self.Files.create({"student_id": self.sibling.id})
        self.assertEqual(reopened.book_number, old_number + 2)
        self.assertNotEqual(reopened.number, f"И-{old_number}")

    # annual results -----------------------------------------------------------------------
    def test_annual_results_from_confirmed_year_marks_and_council(self):
        year_line = self._fill()
        self.assertRecordValues(
            year_line,
            [
                {
                    "year_id": self.year.id,
                    "class_id": self.class_5a.id,
                    "council_text": "переведен в 6А класс, протокол от 28.05.2036 № 12",
                    "signed": False,
                }
            ],
        )
        # the unconfirmed history mark is not taken
        self.assertEqual(year_line.result_ids.subject_id, self.math)
        self.assertEqual(year_line.result_ids.value_id, self.mark_5)
        classmate_line = self.file_classmate.year_ids
        self.assertEqual(classmate_line.result_ids.value_id, self.mark_4)
        # filling again updates the same line
        self._fill()
        self.assertEqual(len(self.file_child.year_ids), 1)

    def test_another_class_teacher_can_neither_fill_nor_sign(self):
        with self.assertRaises(AccessError):
            self._fill(user=self.class_teacher_6b)
        year_line = self._fill()
        with self.assertRaises(AccessError):
            year_line.with_user(self.class_teacher_6b).action_sign()
        with self.assertRaises(AccessError):
            year_line.with_user(self.teacher).action_sign()
        self.assertFalse(year_line.signed)

    def test_class_teacher_signs_and_the_line_is_read_only(self):
        year_line = self._fill()
        self.assertTrue(year_line.with_user(self.class_teacher).can_sign)
        self.assertFalse(year_line.with_user(self.secretary).can_sign)
        # the class teacher signs only with the button
        with self.assertRaises(UserError):
            year_line.with_user(self.class_teacher).signed = True
        year_line.with_user(self.class_teacher).action_sign()
        self.assertRecordValues(
            year_line, [{"signed": True, "signed_by_id": self.class_teacher.id}]
        )
        with self.assertRaises(UserError):
            year_line.with_user(self.secretary).council_text = "оставлен на повторное обучение"
        with self.assertRaises(UserError):
            year_line.result_ids.with_user(self.secretary).value_id = self.mark_2
        with self.assertRaises(UserError):
            year_line.with_user(self.class_teacher).action_sign()
        # filling again leaves the signed line as it was
        self.env["school.period.mark"].search(
            [("student_id", "=", self.child.id), ("subject_id", "=", self.history.id)]
        ).state = "confirmed"
        self._fill()
        self.assertEqual(year_line.result_ids.subject_id, self.math)
        self.assertEqual(year_line.result_ids.value_id, self.mark_5)
        # only the director withdraws a signature
        with self.assertRaises(AccessError):
            year_line.with_user(self.deputy).action_unsign()
        year_line.with_user(self.director).action_unsign()
        self.assertFalse(year_line.signed)

    # results from the journal -------------------------------------------------------------
    def _child_math_year_mark(self):
        return self.env["school.period.mark"].search(
            [
                ("student_id", "=", self.child.id),
                ("subject_id", "=", self.math.id),
                ("kind", "=", "year"),
            ]
        )

    def test_journal_marks_are_not_edited_by_hand(self):
        year_line = self._fill()
        result = year_line.result_ids
        self.assertRecordValues(
            result,
            [
                {
                    "source": "journal",
                    "period_mark_id": self._child_math_year_mark().id,
                    "value_id": self.mark_5.id,
                }
            ],
        )
        for user in (self.class_teacher, self.secretary):
            with self.assertRaises(UserError):
                result.with_user(user).value_id = self.mark_4
            with self.assertRaises(UserError):
                result.with_user(user).unlink()
            with self.assertRaises(UserError):
                year_line.with_user(user).result_ids = [
                    Command.create({"subject_id": self.history.id, "value_id": self.mark_4.id})
                ]
        self.assertRecordValues(year_line.result_ids, [{"value_id": self.mark_5.id}])

    def test_signing_after_the_year_mark_changed_needs_refilling(self):
        year_line = self._fill()
        year_mark = self._child_math_year_mark()
        # a confirmed year mark changes only through a correction the deputy approves
        request = (
            self.env["school.journal.correction"]
            .with_user(self.teacher)
            .create(
                {
                    "kind": "period_mark",
                    "period_mark_id": year_mark.id,
                    "student_id": self.child.id,
                    "new_value": "4",
                    "reason": "Пересдача",
                }
            )
        )
        request.action_submit()
        request.with_user(self.deputy).action_approve()
        self.assertEqual(year_mark.value_id, self.mark_4)
        with self.assertRaisesRegex(UserError, "Fill the personal files"):
            year_line.with_user(self.class_teacher).action_sign()
        self.assertFalse(year_line.signed)
        # filling again brings the new mark, and the file can be signed
        self._fill()
        self.assertRecordValues(
            year_line.result_ids, [{"value_id": self.mark_4.id, "period_mark_id": year_mark.id}]
        )
        year_line.with_user(self.class_teacher).action_sign()
        self.assertTrue(year_line.signed)

    def test_signing_after_another_year_mark_was_confirmed_needs_refilling(self):
        year_line = self._fill()
        history_mark = self.env["school.period.mark"].search(
            [("student_id", "=", self.child.id), ("subject_id", "=", self.history.id)]
        )
        history_mark.with_user(self.other_teacher).action_confirm()
        with self.assertRaises(UserError):
            year_line.with_user(self.class_teacher).action_sign()
        self._fill()
        self.assertEqual(year_line.result_ids.subject_id, self.math | self.history)
        year_line.with_user(self.class_teacher).action_sign()
        self.assertTrue(year_line.signed)

    # a year at another school ----------------------------------------------------------------
    def _previous_year(self):
        return self.env["school.academic.year"].create(
            {"name": "2034/2035", "date_start": date(2034, 9, 1), "date_end": date(2035, 8, 31)}
        )

    def _other_school_line(self, year, **values):
        return (
            self.env["school.personal.file.year"]
            .with_user(self.secretary)
            .create(
                {
                    "file_id": self.file_child.id,
                    "year_id": year.id,
                    "source": "other_school",
                    "previous_school": "МБОУ «СОШ № 5»",
                    "previous_class": "4Б",
                    "source_document": "личное дело № П-12, выдано 30.06.2035",
                    **values,
                }
            )
        )

    def test_a_year_at_another_school_needs_its_source(self):
        previous_year = self._previous_year()
        with self.assertRaises(ValidationError):
            self._other_school_line(previous_year, source_document=False)
        with self.assertRaises(ValidationError):
            self._other_school_line(previous_year, previous_school="  ")
        # the child studied here in 2035/2036: that year comes from the journal only
        with self.assertRaises(ValidationError):
            self._other_school_line(self.year)
        # a year at this school has its class
        with self.assertRaises(ValidationError):
            self.env["school.personal.file.year"].create(
                {"file_id": self.file_child.id, "year_id": previous_year.id}
            )

    def test_a_year_at_another_school_is_entered_by_hand_and_signed(self):
        previous_year = self._previous_year()
        self.child.enrollment_ids.write(
            {"arrival_reason": "transfer_in", "arrived_from": "МБОУ «СОШ № 5»"}
        )
        action = self.file_child.with_user(self.secretary).action_add_other_school_year()
        with Form(
            self.env["school.personal.file.year"]
            .with_user(self.secretary)
            .with_context(action["context"])
        ) as line_form:
            self.assertEqual(line_form.previous_school, "МБОУ «СОШ № 5»")
            line_form.year_id = previous_year
            line_form.previous_class = "4Б"
            line_form.source_document = "личное дело № П-12, выдано 30.06.2035"
            line_form.council_text = "переведен в 5 класс"
            with line_form.result_ids.new() as result:
                result.subject_id = self.math
                result.value_id = self.mark_4
        year_line = line_form.record
        self.assertRecordValues(
            year_line,
            [
                {
                    "source": "other_school",
                    "class_name": "4Б",
                    "results_summary": "Математика (тест) 4",
                }
            ],
        )
        # the class teacher who has the child here corrects the copy and certifies it
        year_line.result_ids.with_user(self.class_teacher).value_id = self.mark_5
        self.assertFalse(year_line.with_user(self.class_teacher_6b).can_sign)
        with self.assertRaises(AccessError):
            year_line.with_user(self.class_teacher_6b).action_sign()
        self.assertTrue(year_line.with_user(self.class_teacher).can_sign)
        year_line.with_user(self.class_teacher).action_sign()
        self.assertRecordValues(
            year_line, [{"signed": True, "signed_by_id": self.class_teacher.id}]
        )
        # filling this school's year leaves the copied year alone
        self._fill()
        self.assertEqual(len(self.file_child.year_ids), 2)
        self.assertEqual(year_line.result_ids.value_id, self.mark_5)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "school_archive.report_personal_file", self.file_child.ids
        )
        self.assertIn("личное дело № П-12, выдано 30.06.2035", html.decode())

    # access --------------------------------------------------------------------------------
    def test_who_reads_personal_files(self):
        for user in (self.secretary, self.archivist, self.deputy, self.director):
            self.assertEqual(
                self.Files.with_user(user).search([("id", "in", self.file_child.ids)]),
                self.file_child,
            )
        mine = self.Files.with_user(self.class_teacher).search([])
        self.assertIn(self.file_child, mine)
        self.assertNotIn(self.file_sibling, mine)
        for user in (self.teacher, self.parent, self.student_user):
            with self.assertRaises(AccessError):
                self.file_child.with_user(user).read(["number"])
        with self.assertRaises(AccessError):
            self.file_child.with_user(self.class_teacher).write({"note": "x"})

    # leaving, closing, transfer -------------------------------------------------------------
    def test_closing_needs_leaving_and_sets_retention(self):
        with self.assertRaises(UserError):
            self.file_child.with_user(self.secretary).action_close()
        enrollment = self.child.enrollment_ids
        enrollment.write({"date_to": date(2036, 5, 31), "departure_reason": "family_education"})
        self.assertRecordValues(
            self.file_child,
            [
                {
                    "leaving_date": date(2036, 5, 31),
                    "leaving_reason": "family_education",
                    "retention_until": date(2039, 5, 31),
                }
            ],
        )
        self.file_child.with_user(self.secretary).action_close()
        # a real PDF (tests otherwise get the report's HTML)
        self.file_child.with_user(self.archivist).with_context(
            force_report_rendering=True
        ).action_archive_file()
        self.assertEqual(self.file_child.state, "archived")
        unit = self.file_child.archive_record_id
        self.assertRecordValues(
            unit,
            [
                {
                    "kind": "personal_file",
                    "student_id": self.child.id,
                    "retention_start": date(2036, 5, 31),
                    "expiry_date": date(2039, 5, 31),
                }
            ],
        )
        self.assertEqual(len(unit.file_ids), 1)
        printed = unit.file_ids._read_filestore()
        self.assertTrue(printed.startswith(b"%PDF"))
        self.assertEqual(unit.file_ids._read_mirror(), printed)
        self.assertTrue(unit._seal_intact())
        # whoever opens the file in the archive is in the log of reads
        self.file_child.with_user(self.secretary).web_read({"number": {}})
        self.assertRecordValues(
            self.env["school.archive.access.log"].search([("record_id", "=", unit.id)]),
            [{"user_id": self.secretary.id, "how": "open"}],
        )
        # back at school, and gone again: the same unit keeps both prints
        self.file_child.with_user(self.secretary).action_reopen()
        self.file_child.with_user(self.secretary).action_close()
        self.file_child.with_user(self.archivist).action_archive_file()
        self.assertEqual(self.file_child.archive_record_id, unit)
        self.assertEqual(len(unit.file_ids), 2)

    def _application(self, applicant=None):
        return (
            self.env["school.personal.file.transfer"]
            .with_user(self.secretary)
            .create(
                {
                    "file_id": self.file_child.id,
                    "applicant_id": (applicant or self.parent_partner).id,
                    "application_date": date(2036, 1, 10),
                    "destination_school": "МБОУ «СОШ № 5»",
                    "issue_method": "in_person",
                }
            )
        )

    def test_transfer_only_on_approved_application_and_once(self):
        application = self._application()
        with self.assertRaises(UserError):
            application.action_issue()
        with self.assertRaises(AccessError):
            application.action_approve()
        with self.assertRaises(AccessError):
            application.with_user(self.deputy).action_approve()
        application.with_user(self.director).action_approve()
        application.action_issue()
        self.assertEqual(self.file_child.state, "transferred")
        self.assertEqual(application.state, "issued")
        self.assertIn("МБОУ «СОШ № 5»", self.file_child.message_ids[:1].body)
        second = self._application()
        second.with_user(self.director).action_approve()
        with self.assertRaises(UserError):
            second.action_issue()

    def test_only_a_parent_or_the_adult_student_applies(self):
        with self.assertRaises(ValidationError):
            self._application(self.other_parent_partner)
        # the student applies himself only once he is 18
        self.child.birth_date = date(2020, 3, 2)
        with self.assertRaises(ValidationError):
            self._application(self.child.partner_id)
        self.child.birth_date = date(2015, 3, 2)
        self.assertEqual(self._application(self.child.partner_id).state, "draft")

    # the printed file --------------------------------------------------------------------
    def test_personal_file_report(self):
        self._fill()
        self.file_child.year_ids.with_user(self.class_teacher).action_sign()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "school_archive.report_personal_file", self.file_child.ids
        )
        html = html.decode()
        self.assertIn("Иванов Пётр Сергеевич", html)
        self.assertIn(self.file_child.number, html)
        self.assertIn("02.03.2015", html)
        self.assertIn("Математика (тест)", html)
        self.assertIn("переведен в 6А класс, протокол от 28.05.2036 № 12", html)
        self.assertIn("Орлова Ирина", html)

    def test_fill_from_the_class_form(self):
        action = self.class_5a.with_user(self.class_teacher).action_fill_personal_files()
        wizard_form = Form(
            self.env["school.personal.file.fill"]
            .with_user(self.class_teacher)
            .with_context(action["context"])
        )
        wizard_form.save().action_fill()
        self.assertEqual(self.file_child.year_ids.class_id, self.class_5a)
