import importlib.util
from datetime import date
from pathlib import Path
from unittest.mock import patch

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools import translate

from odoo.addons.school_archive.models.school_certificate import round_half_up

from .certificate_common import CertificateFixture

MIGRATION = (
    Path(__file__).parent.parent / "migrations" / "18.0.1.0.0" / "post-order546_final_marks.py"
)


@tagged("post_install", "-at_install")
class TestCertificateOrder546(CertificateFixture, TransactionCase):
    """The final marks exactly as Order 546 (pp. 5.1–5.2) computes them, on hand-made
    confirmed marks: Егоров (8А of 2034/2035, 9А of 2035/2036) for the basic certificate,
    Дмитриев (10А of 2034/2035, 11А of 2035/2036) for the secondary one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Subject = cls.env["school.subject"]
        cls.russian = Subject.create({"name": "Русский язык (тест)"})
        cls.music = Subject.create({"name": "Музыка (тест)"})
        cls.project = Subject.create({"name": "Индивидуальный проект (тест)", "graded": False})
        cls.algebra = Subject.create({"name": "Алгебра (тест)"})
        cls.geometry = Subject.create({"name": "Геометрия (тест)"})
        cls.statistics = Subject.create({"name": "Вероятность и статистика (тест)"})
        cls.env.company.write(
            {
                "school_certificate_math_mean": True,
                "school_certificate_math_subject_id": cls.math.id,
                "school_certificate_math_course_ids": [
                    (6, 0, (cls.algebra | cls.geometry | cls.statistics).ids)
                ],
            }
        )
        cls.mark_studied = cls.env.ref("school_archive.school_mark_value_studied")
        cls.class_10a = cls._class(cls.last_year, "10", "А")
        cls.class_11a = cls._class(cls.year, "11", "А")
        Student = cls.env["school.student"]
        cls.egorov = Student.create({"last_name": "Егоров", "first_name": "Олег"})
        cls._enroll(cls.egorov, cls.class_8a, date(2034, 9, 1), date(2035, 8, 31))
        cls._enroll(cls.egorov, cls.class_9a, date(2035, 9, 1))
        cls.dmitriev = Student.create({"last_name": "Дмитриев", "first_name": "Пётр"})
        cls._enroll(cls.dmitriev, cls.class_10a, date(2034, 9, 1), date(2035, 8, 31))
        cls._enroll(cls.dmitriev, cls.class_11a, date(2035, 9, 1))

    def _marks(self, school_class, subject, student, *marks, kind="year", scheme=None):
        """Confirmed marks in the journal of the subject of the class (made when
        missing): with a scheme, the period marks of its periods in order; otherwise one
        mark of the kind."""
        Assignment = self.env["school.teaching.assignment"]
        journal = Assignment.search(
            [
                ("class_id", "=", school_class.id),
                ("subject_id", "=", subject.id),
                ("study_group_id", "=", False),
            ],
            limit=1,
        ) or Assignment.create(
            {"class_id": school_class.id, "subject_id": subject.id, "teacher_id": self.teacher.id}
        )
        if scheme:
            periods = school_class.year_id.period_ids.filtered(lambda p: p.scheme == scheme)
            pairs = list(zip(periods.sorted("sequence"), marks, strict=False))
        else:
            pairs = [(self.env["school.period"], marks[0])]
        created = self.env["school.period.mark"]
        for period, mark in pairs:
            value = self.marks[mark] if isinstance(mark, int) else mark
            created |= created.create(
                {
                    "student_id": student.id,
                    "assignment_id": journal.id,
                    "kind": "period" if period else kind,
                    "period_id": period.id,
                    "value_id": value.id,
                    "proposed_value_id": value.id,
                    "state": "confirmed",
                }
            )
        return created

    def _basic(self, student=None):
        certificates = self._prepare(self.class_9a)
        return self._certificate(certificates, student or self.egorov)

    def _secondary(self):
        return self._certificate(self._prepare(self.class_11a), self.dmitriev)

    def _assertLine(self, certificate, subject, mark, average, count, explanation=None):
        line = self._line(certificate, subject)
        self.assertEqual(len(line), 1, f"one final mark in {subject.name}")
        value = self.marks[mark] if isinstance(mark, int) else mark
        self.assertEqual(line.value_id, value, f"{subject.name}: {line.explanation}")
        self.assertAlmostEqual(line.average, average, places=2)
        self.assertEqual(line.mark_count, count)
        if explanation is not None:
            self.assertEqual(line.explanation, explanation)
        return line

    # the basic certificate (p. 5.1) ------------------------------------------------------
    def test_issue_example_9th_grade_year_mark_not_quarters_nor_earlier_years(self):
        """Quarter marks «5» and a 9th-grade year mark «3» in a subject without an exam:
        «3» (the old rule averaged the 8th-grade «5» in and gave «4»)."""
        self._marks(self.class_8a, self.history, self.egorov, 5)
        self._marks(self.class_9a, self.history, self.egorov, 5, 5, 5, 5, scheme="quarter")
        self._marks(self.class_9a, self.history, self.egorov, 3)
        certificate = self._basic()
        self._assertLine(certificate, self.history, 3, 3.0, 1, "the year mark of grade 9")
        self.assertEqual(self._line(certificate, self.history).value_text, "3 (удовлетворительно)")

    def test_exam_subject_mean_of_year_and_exam_mark_rounded_half_up(self):
        # Russian: year «3», ОГЭ «4» → 3.5 → «4»
        self._marks(self.class_9a, self.russian, self.egorov, 3)
        self._marks(self.class_9a, self.russian, self.egorov, 4, kind="exam")
        # a subject of choice: year «4», ОГЭ «5» → 4.5 → «5»; the 8th grade does not enter
        self._marks(self.class_8a, self.history, self.egorov, 2)
        self._marks(self.class_9a, self.history, self.egorov, 4)
        self._marks(self.class_9a, self.history, self.egorov, 5, kind="exam")
        certificate = self._basic()
        self._assertLine(
            certificate,
            self.russian,
            4,
            3.5,
            2,
            "mean of the year mark 3 and the exam mark 4",
        )
        self._assertLine(
            certificate, self.history, 5, 4.5, 2, "mean of the year mark 4 and the exam mark 5"
        )

    def test_exam_marks_only_of_the_9th_grade_of_the_certificate_year(self):
        # a transfer exam of the 8th grade and an unconfirmed exam mark never enter
        self._marks(self.class_8a, self.history, self.egorov, 2, kind="exam")
        self._marks(self.class_9a, self.history, self.egorov, 4)
        self._marks(self.class_9a, self.history, self.egorov, 2, kind="exam").state = "draft"
        certificate = self._basic()
        self._assertLine(certificate, self.history, 4, 4.0, 1, "the year mark of grade 9")

    def test_subject_ended_in_the_8th_grade_takes_its_last_year_mark(self):
        self._marks(self.class_8a, self.music, self.egorov, 5)
        self._marks(self.class_8a, self.music, self.egorov, 3, 3, 3, 3, scheme="quarter")
        certificate = self._basic()
        self._assertLine(
            certificate,
            self.music,
            5,
            5.0,
            1,
            "the year mark of grade 8, the last year of study",
        )

    def test_subject_without_marks_is_entered_as_such(self):
        self._marks(self.class_8a, self.project, self.egorov, 4)
        self._marks(self.class_9a, self.project, self.egorov, self.mark_pass)
        certificate = self._basic()
        line = self._assertLine(
            certificate, self.project, self.mark_pass, 0.0, 0, "assessed without marks: зачтено"
        )
        self.assertEqual(line.value_text, "зачтено")
        self.assertTrue(certificate.with_honours, "«зачтено» does not bar the honours")

    def test_mathematics_of_the_updated_programme_is_one_final_mark(self):
        """Algebra «4», geometry «3», probability and statistics «5» and the ОГЭ «5» (in
        the algebra journal) → «Математика» (4 + 3 + 5 + 5) / 4 = 4.25 → «4»; the
        mathematics of an earlier grade gives way to its courses."""
        self._marks(self.class_8a, self.math, self.egorov, 2)
        self._marks(self.class_8a, self.algebra, self.egorov, 2)
        self._marks(self.class_9a, self.algebra, self.egorov, 4)
        self._marks(self.class_9a, self.algebra, self.egorov, 5, kind="exam")
        self._marks(self.class_9a, self.geometry, self.egorov, 3)
        self._marks(self.class_9a, self.statistics, self.egorov, 5)
        certificate = self._basic()
        self.assertEqual(certificate.line_ids.subject_id, self.math)
        self._assertLine(
            certificate,
            self.math,
            4,
            4.25,
            4,
            "mean of the year marks 4, 3, 5 and the exam mark 5: 4.25; courses: "
            "Алгебра (тест), Геометрия (тест), Вероятность и статистика (тест)",
        )
        # the setting off (another regional instruction): each course has its final mark
        self.env.company.school_certificate_math_mean = False
        certificate.action_compute_final_marks()
        self.assertEqual(
            certificate.line_ids.subject_id, self.algebra | self.geometry | self.statistics
        )
        self._assertLine(certificate, self.algebra, 5, 4.5, 2)
        self._assertLine(certificate, self.geometry, 3, 3.0, 1)
        self._assertLine(certificate, self.statistics, 5, 5.0, 1)

    def test_mathematics_courses_default_to_their_usual_names(self):
        Subject = self.env["school.subject"]
        names = ("Математика", "Алгебра", "Геометрия", "Вероятность и статистика")
        subjects = Subject.browse()
        for name in names:
            subjects |= Subject.search([("name", "=", name)], limit=1) or Subject.create(
                {"name": name}
            )
        self.env.company.write(
            {
                "school_certificate_math_subject_id": False,
                "school_certificate_math_course_ids": [(5, 0, 0)],
            }
        )
        merge, target, courses = self.env["school.certificate"]._math_courses(self.env.company)
        self.assertTrue(merge, "on by default")
        self.assertEqual(target, subjects[0])
        self.assertEqual(courses, subjects[1:])
        company = self.env["res.company"].create({"name": "Другая школа"})
        self.assertTrue(company.school_certificate_math_mean)

    # the secondary certificate (p. 5.2) --------------------------------------------------
    def test_issue_example_11th_grade_half_years_count_and_the_ege_does_not(self):
        """Half-year marks «5», «5» and the year mark «4»: «5» (the old rule left the
        half-years out and averaged an exam «2» in, which gave «3»)."""
        self._marks(self.class_11a, self.history, self.dmitriev, 5, 5, scheme="half_year")
        self._marks(self.class_11a, self.history, self.dmitriev, 4)
        self._marks(self.class_11a, self.history, self.dmitriev, 2, kind="exam")
        certificate = self._secondary()
        self.env["school.certificate.exam"].create(
            {
                "certificate_id": certificate.id,
                "exam_subject": "other",
                "subject_id": self.history.id,
                "form": "ege",
                "points": 12,
            }
        )
        certificate.action_compute_final_marks()
        self._assertLine(
            certificate,
            self.history,
            5,
            14 / 3,
            3,
            "mean of the half-year and year marks of grade 11: 4.67",
        )

    def test_secondary_mean_of_half_year_and_year_marks_of_10th_and_11th_grades(self):
        # 5, 4, 5 | 4, 4, 4 → 26 / 6 = 4.33 → «4» (below half: down)
        self._marks(self.class_10a, self.history, self.dmitriev, 5, 4, scheme="half_year")
        self._marks(self.class_10a, self.history, self.dmitriev, 5)
        self._marks(self.class_11a, self.history, self.dmitriev, 4, 4, scheme="half_year")
        self._marks(self.class_11a, self.history, self.dmitriev, 4)
        # 5, 5, 4 | 5, 4, 4 → 27 / 6 = 4.5 → «5» (half: up)
        self._marks(self.class_10a, self.russian, self.dmitriev, 5, 5, scheme="half_year")
        self._marks(self.class_10a, self.russian, self.dmitriev, 4)
        self._marks(self.class_11a, self.russian, self.dmitriev, 5, 4, scheme="half_year")
        self._marks(self.class_11a, self.russian, self.dmitriev, 4)
        # a subject studied without assessment: «изучено»
        self._marks(self.class_11a, self.project, self.dmitriev, self.mark_studied)
        certificate = self._secondary()
        self._assertLine(
            certificate,
            self.history,
            4,
            26 / 6,
            6,
            "mean of the half-year and year marks of grades 10–11: 4.33",
        )
        self._assertLine(
            certificate,
            self.russian,
            5,
            4.5,
            6,
            "mean of the half-year and year marks of grades 10–11: 4.50",
        )
        line = self._assertLine(certificate, self.project, self.mark_studied, 0.0, 0)
        self.assertEqual(line.value_text, "изучено")
        self.assertEqual(round_half_up(4.49), 4)
        self.assertEqual(round_half_up(26 / 6), 4)

    def test_secondary_mathematics_courses_make_one_final_mark(self):
        self._marks(self.class_10a, self.algebra, self.dmitriev, 5, 5, scheme="half_year")
        self._marks(self.class_10a, self.algebra, self.dmitriev, 5)
        self._marks(self.class_11a, self.geometry, self.dmitriev, 4, 4, scheme="half_year")
        self._marks(self.class_11a, self.geometry, self.dmitriev, 4)
        self._marks(self.class_11a, self.geometry, self.dmitriev, 2, kind="exam")
        certificate = self._secondary()
        self.assertEqual(certificate.line_ids.subject_id, self.math)
        self._assertLine(certificate, self.math, 5, 4.5, 6)

    def test_explanations_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        # ru.po as it is: Odoo reads it through the .pot, which the lead exports later
        key = ("school_archive", "ru_RU")
        cache = translate.code_translations.python_translations
        cache.pop(key, None)
        self.addCleanup(cache.pop, key, None)
        with patch.object(polib.POFile, "merge", lambda pofile, pot: None):
            translate.code_translations.get_python_translations(*key)
        self._marks(self.class_9a, self.russian, self.egorov, 3)
        self._marks(self.class_9a, self.russian, self.egorov, 5, kind="exam")
        self._marks(self.class_10a, self.history, self.dmitriev, 5, 5, scheme="half_year")
        self._marks(self.class_10a, self.history, self.dmitriev, 4)
        self._marks(self.class_11a, self.history, self.dmitriev, 5, 4, scheme="half_year")
        self._marks(self.class_11a, self.history, self.dmitriev, 4)
        basic = self._basic()
        secondary = self._secondary()
        (basic | secondary).with_user(self.secretary).with_context(
            lang="ru_RU"
        ).action_compute_final_marks()
        self.assertEqual(
            self._line(basic, self.russian).explanation, "среднее годовой 3 и экзаменационной 5"
        )
        self.assertEqual(
            self._line(secondary, self.history).explanation,
            "среднее полугодовых и годовых за 10–11 классы: 4,50",
        )

    # nothing checked changes silently -------------------------------------------------------
    def test_deputy_lists_checked_signed_issued_certificates_whose_marks_differ(self):
        certificates = self._prepare(self.class_9a)
        alekseev = self._certificate(certificates, self.alekseev)
        borisova = self._certificate(certificates, self.borisova)
        egorov = self._certificate(certificates, self.egorov)
        self._issue(borisova)
        alekseev.with_user(self.deputy).action_check()
        before = {
            c: c.line_ids.mapped(lambda line: (line.subject_id, line.value_id))
            for c in certificates
        }
        Certificate = self.env["school.certificate"].with_user(self.deputy)
        differing = [("has_mark_differences", "=", True)]
        self.assertFalse(Certificate.search([("id", "in", certificates.ids), *differing]))
        # marks confirmed after the check: Борисова's ОГЭ in history «3», a music mark of
        # Алексеев's 8th grade; Егоров's draft is recomputed, never listed
        self._marks(self.class_9a, self.history, self.borisova, 3, kind="exam")
        self._marks(self.class_8a, self.music, self.alekseev, 5)
        self._marks(self.class_9a, self.history, self.egorov, 4)
        found = Certificate.search([("id", "in", certificates.ids), *differing])
        self.assertEqual(found, alekseev | borisova)
        agreeing = [("id", "in", certificates.ids), ("has_mark_differences", "!=", True)]
        self.assertEqual(Certificate.search(agreeing), egorov)
        self.assertEqual(
            borisova.with_user(self.deputy).mark_differences,
            "История (тест): 5 → 4 (mean of the year mark 5 and the exam mark 3)",
        )
        self.assertEqual(
            alekseev.with_user(self.deputy).mark_differences,
            "Музыка (тест): — → 5 (the year mark of grade 8, the last year of study)",
        )
        self.assertEqual(
            {
                c: c.line_ids.mapped(lambda line: (line.subject_id, line.value_id))
                for c in certificates
            },
            before,
            "computed without writing",
        )
        self.assertTrue(borisova.with_honours)
        # the menu's action lists the same certificates
        action = self.env.ref("school_archive.school_certificate_mark_differences_action")
        listed = Certificate.search([("id", "in", certificates.ids), *eval(action.domain)])  # noqa: S307
        self.assertEqual(listed, alekseev | borisova)
        # corrected: the checked one back to draft, the issued one by a duplicate
        alekseev.with_user(self.deputy).action_reset_draft()
        alekseev.with_user(self.secretary).action_compute_final_marks()
        self.assertEqual(self._line(alekseev, self.music).value_id, self.mark_5)
        action = borisova.with_user(self.secretary).action_duplicate()
        duplicate = self.env["school.certificate"].browse(action["res_id"])
        duplicate.with_user(self.secretary).action_compute_final_marks()
        self.assertEqual(self._line(duplicate, self.history).value_id, self.mark_4)
        self.assertEqual(Certificate.search([("id", "in", certificates.ids), *differing]), borisova)

    def test_certificates_without_journal_marks_are_not_listed(self):
        """A certificate entered by hand (no confirmed mark of the student in the
        journal) has nothing to compare with."""
        alekseev = self._certificate(self._prepare(self.class_9a), self.alekseev)
        alekseev.with_user(self.deputy).action_check()
        marks = self.env["school.period.mark"].search([("student_id", "=", self.alekseev.id)])
        marks.write({"state": "draft"})
        Certificate = self.env["school.certificate"].with_user(self.deputy)
        differing = [("id", "=", alekseev.id), ("has_mark_differences", "=", True)]
        self.assertFalse(Certificate.search(differing))
        self.assertFalse(alekseev.with_user(self.deputy).mark_differences)
        # one mark confirmed again: the other subject now differs
        marks.filtered(
            lambda m: m.subject_id == self.history and m.class_id == self.class_9a
        ).write({"state": "confirmed"})
        self.assertEqual(Certificate.search(differing), alekseev)
        alekseev.invalidate_recordset(["mark_differences"])  # computed anew on each read
        self.assertEqual(
            alekseev.with_user(self.deputy).mark_differences,
            "Математика (тест): 3 → — (no marks)",
        )

    def test_upgrade_recomputes_the_drafts_only(self):
        certificates = self._prepare(self.class_9a)
        alekseev = self._certificate(certificates, self.alekseev)
        borisova = self._certificate(certificates, self.borisova)
        borisova.with_user(self.deputy).action_check()
        # a line of the old rule: the mean of the 8th and the 9th grade, no explanation
        self._line(alekseev, self.history).write(
            {"value_id": self.mark_5.id, "average": 4.5, "mark_count": 2, "explanation": False}
        )
        borisova_lines = {(line.id, line.value_id) for line in borisova.line_ids}
        spec = importlib.util.spec_from_file_location("order546_migration", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.0.2.0")
        alekseev.invalidate_recordset()
        self._assertLine(alekseev, self.history, 4, 4.0, 1, "the year mark of grade 9")
        self.assertEqual({(line.id, line.value_id) for line in borisova.line_ids}, borisova_lines)
