from datetime import date

from odoo.addons.school_records.tests.common import SchoolFixture


class CertificateFixture(SchoolFixture):
    """Two 9th-grade classes of 2035/2036 (9А: Алексеев, Борисова; 9Б: Васильев,
    Григорьева) with their 8th grade of 2034/2035, year marks in mathematics and
    history, a confirmed graduation protocol issuing a certificate to each, and a
    batch of ten basic blanks АА 0000101–0000110."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mark_3 = cls.env.ref("school_records.school_mark_value_3")
        cls.mark_pass = cls.env.ref("school_records.school_mark_value_pass")
        cls.marks = {5: cls.mark_5, 4: cls.mark_4, 3: cls.mark_3, 2: cls.mark_2}
        cls.last_year = cls.env["school.academic.year"].create(
            {"name": "2034/2035", "date_start": date(2034, 9, 1), "date_end": date(2035, 8, 31)}
        )
        cls.last_year.action_generate_periods()
        cls.class_8a = cls._class(cls.last_year, "8", "А")
        cls.class_9a = cls._class(cls.year, "9", "А", cls.class_teacher)
        cls.class_9b = cls._class(cls.year, "9", "Б")
        Student = cls.env["school.student"]
        cls.alekseev = Student.create({"last_name": "Алексеев", "first_name": "Иван"})
        cls.borisova = Student.create({"last_name": "Борисова", "first_name": "Ева"})
        cls.vasiliev = Student.create({"last_name": "Васильев", "first_name": "Лев"})
        cls.grigorieva = Student.create({"last_name": "Григорьева", "first_name": "Яна"})
        for student, school_class in (
            (cls.alekseev, cls.class_9a),
            (cls.borisova, cls.class_9a),
            (cls.vasiliev, cls.class_9b),
            (cls.grigorieva, cls.class_9b),
        ):
            cls._enroll(student, school_class, date(2035, 9, 1))
        cls._enroll(cls.alekseev, cls.class_8a, date(2034, 9, 1), date(2035, 8, 31))
        cls.journals = {}
        for school_class in cls.class_8a | cls.class_9a | cls.class_9b:
            for subject in cls.math | cls.history:
                cls.journals[school_class, subject] = cls.env["school.teaching.assignment"].create(
                    {
                        "class_id": school_class.id,
                        "subject_id": subject.id,
                        "teacher_id": cls.teacher.id,
                    }
                )
        # Алексеев: math 8th «4», 9th «3»; history 8th «5», 9th «4»: his final marks are
        # the 9th-grade year marks «3» and «4» (Order 546, p. 5.1: no exam, no earlier grade)
        cls._period_mark(cls.class_8a, cls.math, cls.alekseev, 4)
        cls._period_mark(cls.class_9a, cls.math, cls.alekseev, 3)
        cls._period_mark(cls.class_8a, cls.history, cls.alekseev, 5)
        cls._period_mark(cls.class_9a, cls.history, cls.alekseev, 4)
        # Борисова: «5» everywhere, and «5» at the exam in mathematics
        cls._period_mark(cls.class_9a, cls.math, cls.borisova, 5)
        cls._period_mark(cls.class_9a, cls.math, cls.borisova, 5, kind="exam")
        cls._period_mark(cls.class_9a, cls.history, cls.borisova, 5)
        for student in cls.vasiliev | cls.grigorieva:
            cls._period_mark(cls.class_9b, cls.math, student, 4)
            cls._period_mark(cls.class_9b, cls.history, student, 4)
        cls.protocol = cls.env["school.council.decision"].create(
            {
                "number": "15",
                "date": date(2036, 6, 25),
                "year_id": cls.year.id,
                "kind": "graduation",
                "class_ids": [(6, 0, (cls.class_9a | cls.class_9b).ids)],
            }
        )
        cls.decisions = {}
        for student, school_class, decision in (
            (cls.alekseev, cls.class_9a, "certificate"),
            (cls.borisova, cls.class_9a, "certificate_honours"),
            (cls.vasiliev, cls.class_9b, "certificate"),
            (cls.grigorieva, cls.class_9b, "certificate"),
        ):
            cls.decisions[student] = cls.env["school.council.decision.line"].create(
                {
                    "decision_id": cls.protocol.id,
                    "student_id": student.id,
                    "class_id": school_class.id,
                    "decision": decision,
                }
            )
        cls.protocol.action_confirm()
        cls.batch = cls.env["school.certificate.blank.batch"].create(
            {
                "level": "basic",
                "series": "АА",
                "number_from": "0000101",
                "number_to": "0000110",
                "document": "Накладная № 7",
            }
        )
        cls.batch.action_receive()

    @classmethod
    def _class(cls, year, level, letter, class_teacher=None):
        return cls.env["school.class"].create(
            {
                "year_id": year.id,
                "level": level,
                "letter": letter,
                "class_teacher_id": class_teacher.id if class_teacher else False,
            }
        )

    @classmethod
    def _enroll(cls, student, school_class, date_from, date_to=None):
        cls.env["school.enrollment"].create(
            {
                "student_id": student.id,
                "class_id": school_class.id,
                "date_from": date_from,
                "date_to": date_to,
            }
        )

    @classmethod
    def _period_mark(cls, school_class, subject, student, mark, kind="year", period=None):
        value = cls.marks[mark] if isinstance(mark, int) else mark
        return cls.env["school.period.mark"].create(
            {
                "student_id": student.id,
                "assignment_id": cls.journals[school_class, subject].id,
                "kind": kind,
                "period_id": period.id if period else False,
                "value_id": value.id,
                "proposed_value_id": value.id,
                "state": "confirmed",
            }
        )

    def _prepare(self, school_class, user=None, **values):
        wizard = (
            self.env["school.certificate.prepare"]
            .with_user(user or self.secretary)
            .create({"class_id": school_class.id, **values})
        )
        action = wizard.action_prepare()
        return self.env["school.certificate"].search(action["domain"])

    def _certificate(self, certificates, student):
        return certificates.filtered(lambda c: c.student_id == student)

    def _line(self, certificate, subject):
        return certificate.line_ids.filtered(lambda line: line.subject_id == subject)

    def _sign(self, certificates):
        certificates.with_user(self.deputy).action_check()
        certificates.with_user(self.director).action_sign()

    def _issue(self, certificates):
        """Check, sign, take blanks and issue, as the school does it."""
        self._sign(certificates)
        certificates.with_user(self.secretary).action_assign_blanks()
        certificates.with_user(self.secretary).action_issue()
