import uuid
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import SchoolFixture, SchoolRecordsCase

REPORT = "school_records.school_diary_extract_report"
HOMEWORK = "Решить задачи № 12–15"


class DiaryExtractFixture(SchoolFixture):
    """The fixture's school with homework on the 5А maths lesson of Friday 7.09.2035."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lesson_5a.homework = HOMEWORK
        cls.day = date(2035, 9, 5)  # the week of 3-8 September 2035

    @classmethod
    def _issue(cls, user, context=None, **values):
        """Issue extracts as `user` through the wizard; returns the registered extracts."""
        Wizard = cls.env["school.diary.extract.print"].with_user(user)
        wizard = Wizard.with_context(**(context or {})).create(
            {"kind": "week", "day": cls.day, **values}
        )
        return cls.env["school.diary.extract"].browse(wizard._issue().ids)


@tagged("post_install", "-at_install")
class TestDiaryExtract(DiaryExtractFixture, SchoolRecordsCase):
    def _issue_for_child(self, user=None, **values):
        context = {"default_student_ids": self.child.ids}
        return self._issue(user or self.class_teacher, context, **values)

    def test_week_extract_is_registered_with_a_checksum(self):
        extract = self._issue_for_child()
        self.assertRecordValues(
            extract,
            [
                {
                    "student_id": self.child.id,
                    "class_id": self.class_5a.id,
                    "kind": "week",
                    "date_from": date(2035, 9, 3),
                    "date_to": date(2035, 9, 8),
                    "issued_by_id": self.class_teacher.id,
                    "matches_journal": True,
                }
            ],
        )
        self.assertRegex(extract.name, r"^ВД-\d{4}-\d{6}$")
        self.assertRegex(extract.checksum, r"^[0-9a-f]{64}$")
        self.assertRegex(extract.access_token, r"^[0-9a-f]{32}$")
        self.assertEqual(extract.checksum, extract._checksum(extract.content))
        friday = extract.content["days"][0]
        self.assertEqual(friday["date"], "07.09.2035")
        subjects = [line["subject"] for line in friday["lessons"]]
        self.assertEqual(subjects, ["Математика (тест)", "История (тест)"])
        self.assertEqual(extract.content["absences"], {"б": 1})

    def test_print_registers_the_extracts_and_returns_their_pdf(self):
        wizard = (
            self.env["school.diary.extract.print"]
            .with_user(self.class_teacher)
            .with_context(default_student_ids=self.child.ids)
            .create({"kind": "week", "day": self.day})
        )
        action = wizard.action_print()
        extract = self.env["school.diary.extract"].search([("student_id", "=", self.child.id)])
        self.assertEqual(len(extract), 1)
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "school_records.report_diary_extract")
        self.assertEqual(action["context"]["active_ids"], extract.ids)

    def test_checksum_changes_with_a_mark(self):
        extract = self._issue_for_child()
        self.mark_child.value_id = self.mark_4
        extract.invalidate_recordset(["matches_journal"])
        self.assertFalse(extract.matches_journal)
        self.assertNotEqual(extract._current_checksum(), extract.checksum)
        again = self._issue_for_child()
        self.assertNotEqual(again.name, extract.name)
        self.assertNotEqual(again.checksum, extract.checksum)
        self.assertIn("4", again.content["days"][0]["lessons"][0]["marks"][0])

    def test_report_shows_marks_homework_and_qr(self):
        extract = self._issue_for_child()
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, extract.ids)[0].decode()
        mark = extract.content["days"][0]["lessons"][0]["marks"][0]
        self.assertTrue(mark.startswith("5"))
        for text in (
            "Выписка".upper(),
            extract.name,
            self.child.name,
            "Математика (тест)",
            "Тема урока",
            HOMEWORK,
            f'o_diary_extract_marks">{mark}<',
            extract.checksum,
            "data:image/png;base64,",
            f"/school/extract/{extract.access_token}",
            self.class_teacher.name,
        ):
            self.assertIn(text, html)

    def test_period_extract_shows_marks_by_subject(self):
        extract = self._issue_for_child(kind="period", period_id=self.quarter_1.id)
        self.assertRecordValues(
            extract,
            [
                {
                    "kind": "period",
                    "period_id": self.quarter_1.id,
                    "date_from": self.quarter_1.date_start,
                    "date_to": self.quarter_1.date_end,
                }
            ],
        )
        subjects = {row["subject"]: row for row in extract.content["subjects"]}
        self.assertEqual(subjects["Математика (тест)"]["marks"], "5")
        self.assertEqual(subjects["Математика (тест)"]["average"], "5.00")
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, extract.ids)[0].decode()
        self.assertIn("Отметка за период", html)
        self.assertIn("5,00", html)

    def test_class_form_prints_every_student_of_the_class(self):
        extracts = self._issue(self.class_teacher, {"default_class_id": self.class_5a.id})
        self.assertEqual(extracts.student_id, self.child | self.classmate)
        self.assertEqual(extracts.class_id, self.class_5a)
        self.assertEqual(len(set(extracts.mapped("name"))), 2)

    def test_wizard_form_from_the_class(self):
        Wizard = self.env["school.diary.extract.print"].with_user(self.class_teacher)
        with Form(Wizard.with_context(default_class_id=self.class_5a.id)) as form:
            form.day = date(2035, 9, 12)
            self.assertEqual(form.date_from, date(2035, 9, 10))
            self.assertEqual(form.date_to, date(2035, 9, 15))
            self.assertEqual(len(form.student_ids), 2)
            form.kind = "period"
            self.assertEqual(form.period_id, self.quarter_1)
            self.assertEqual(form.date_to, self.quarter_1.date_end)
        extracts = form.record._issue()
        self.assertEqual(extracts.mapped("kind"), ["period", "period"])
        self.assertEqual(extracts.period_id, self.quarter_1)

    def test_class_teacher_of_another_class_cannot_print(self):
        with self.assertRaises(AccessError):
            self._issue(self.class_teacher, {"default_student_ids": self.other_child.ids})
        with self.assertRaises(AccessError):
            self._issue(self.class_teacher, {"default_class_id": self.class_6b.id})
        teacher_6b = new_test_user(
            self.env, login="t_class_6b", groups="school_records.group_class_teacher"
        )
        self.class_6b.class_teacher_id = teacher_6b
        with self.assertRaises(AccessError):
            self._issue_for_child(teacher_6b)
        with self.assertRaises(AccessError):
            self._issue_for_child(self.teacher)
        self.assertFalse(self.env["school.diary.extract"].search([]))

    def test_deputy_and_secretary_print_for_any_student(self):
        for user in (self.deputy, self.secretary):
            extract = self._issue(user, {"default_student_ids": self.other_child.ids})
            self.assertRecordValues(
                extract, [{"class_id": self.class_6b.id, "issued_by_id": user.id}]
            )

    def test_class_teacher_reads_only_the_register_of_their_class(self):
        own = self._issue_for_child()
        other = self._issue(self.secretary, {"default_student_ids": self.other_child.ids})
        Extract = self.env["school.diary.extract"].with_user(self.class_teacher)
        self.assertEqual(Extract.search([("id", "in", (own | other).ids)]), own)

    def test_issued_extract_cannot_be_changed(self):
        extract = self._issue_for_child()
        with self.assertRaises(UserError):
            extract.checksum = "0" * 64
        with self.assertRaises(AccessError):
            extract.with_user(self.class_teacher).unlink()


@tagged("post_install", "-at_install")
class TestDiaryExtractPage(DiaryExtractFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        context = {"default_student_ids": cls.child.ids}
        cls.extract = cls._issue(cls.class_teacher, context)

    def test_public_page_confirms_the_extract_without_its_content(self):
        response = self.url_open(f"/school/extract/{self.extract.access_token}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for text in (self.extract.name, "И. П. С.", self.extract.checksum, "действительна"):
            self.assertIn(text, page)
        for text in (
            self.child.name,
            self.child.last_name,
            self.child.first_name,
            "Математика (тест)",
            "История (тест)",
            "Тема урока",
            HOMEWORK,
            self.extract.content["days"][0]["lessons"][0]["marks"][0],
            "o_diary_extract_marks",
        ):
            self.assertNotIn(text, page)

    def test_unknown_token_is_not_found(self):
        for token in (uuid.uuid4().hex, "not-a-token"):
            response = self.url_open(f"/school/extract/{token}")
            self.assertEqual(response.status_code, 404)
