from datetime import timedelta

from odoo import api, fields, models


class SchoolDemoGenerator(models.AbstractModel):
    _inherit = "school.demo.generator"

    @api.model
    def _generate(self, size="small", year_start=None, certificate_blanks=True):
        """The demo student's portfolio has entries to review and print."""
        counts = super()._generate(size, year_start, certificate_blanks)
        counts["portfolio_entries"] = len(self._create_demo_portfolio())
        return counts

    @api.model
    def _create_demo_portfolio(self, students=None):
        """A few entries and an encouragement for the demo student (the user ``student``)
        and two classmates, so that the demo school shows a portfolio to review and print.
        """
        Achievement = self.env["school.achievement"].sudo()
        if students is None:
            students = self._demo_students()
        if not students or Achievement.search_count([("student_id", "in", students.ids)]):
            return Achievement.browse()
        first, *others = students
        start = self._demo_start(first)

        def day(days):
            return start + timedelta(days=days)

        entries = Achievement.create(
            [
                self._demo_values(
                    first,
                    day(45),
                    name="Всероссийская олимпиада школьников по математике, школьный этап",
                    category="olympiad",
                    result="winner",
                    subject_id=self.env["school.subject"]
                    .search([("name", "ilike", "Математ")], limit=1)
                    .id,
                    certified=True,
                ),
                self._demo_values(
                    first,
                    day(60),
                    name="Выполнение нормативов комплекса ГТО",
                    category="gto",
                    level="municipal",
                    result="badge",
                    gto_badge="silver",
                    document_type="certificate",
                    certified=True,
                ),
                *(
                    self._demo_values(
                        student,
                        day(50 + 10 * index),
                        name=name,
                        category=category,
                        level=level,
                        result=result,
                    )
                    for index, (student, (name, category, level, result)) in enumerate(
                        zip(
                            others[:2],
                            (
                                (
                                    "Первенство района по лёгкой атлетике",
                                    "sport",
                                    "municipal",
                                    "prize_winner",
                                ),
                                (
                                    "Школьная научно-практическая конференция «Шаг в науку»",
                                    "conference",
                                    "school",
                                    "winner",
                                ),
                            ),
                            strict=False,
                        )
                    )
                ),
            ]
        )
        to_review = Achievement.create(
            self._demo_values(
                first,
                day(70),
                name="Муниципальный конкурс чтецов «Живое слово»",
                category="contest",
                level="municipal",
                result="prize_winner",
                source="external",
                state="draft",
            )
        )
        to_review.action_submit()
        self.env["school.encouragement"].sudo().create(
            {
                "student_id": first.id,
                "kind": "gratitude",
                "reason": "За активное участие в олимпиадах и конкурсах",
                "date": day(80),
                "order_number": "45-о",
                "order_date": day(79),
            }
        )
        return entries | to_review

    @api.model
    def _demo_students(self):
        user = self.env["res.users"].sudo().search([("login", "=", "student")], limit=1)
        student = (
            self.env["school.student"]
            .sudo()
            .search([("partner_id", "=", user.partner_id.id)], limit=1)
        )
        if not user or not student.class_id:
            return self.env["school.student"]
        classmates = (
            self.env["school.student"]
            .sudo()
            .search([("class_id", "=", student.class_id.id), ("id", "!=", student.id)], limit=2)
        )
        return student | classmates

    @api.model
    def _demo_start(self, student):
        """The first day of the student's last stay in a class: the demo dates follow it."""
        enrollment = student.enrollment_ids.sorted("date_from")[-1:]
        return enrollment.date_from or fields.Date.context_today(self)

    @api.model
    def _demo_values(self, student, day, state="accepted", **values):
        teacher = student.enrollment_ids.sorted("date_from")[-1:].class_id.class_teacher_id
        accepted = state == "accepted"
        return {
            "student_id": student.id,
            "date": day,
            "organiser": student.company_id.name or self.env.company.name,
            "state": state,
            "reviewer_id": teacher.id if accepted and teacher else False,
            "reviewed_on": day if accepted else False,
            **values,
        }
