"""The school term through the screens (issue 21 §8, first half of the year's chain).

``TermChainSteps._run_term_chain`` runs, inside the calling ``HttpCase`` test method (one
transaction: what a tour records is there for the next one), the Chromium tours of
``school_records/static/tests/tours/year_chain_term_tours.js`` in order, each as the demo
user of its role starting from that role's home, and checks in Python between the tours
what the screens recorded:

1. the teacher (``teacher``, 5А mathematics) opens today's lesson from her journal, writes
   the homework, gives the demo parent's daughter a 5 and marks the next student absent;
2. the parent (``parent``) reads the week in the diary, sees the homework and the 5, and
   acknowledges the week;
3. the teacher proposes the quarter marks in the grid, confirms her daughter's there and
   the others from «Period marks» (filters «To confirm», «My journals», select all);
4. the deputy (``deputy``) creates the end-of-quarter check of 5А with a remark to the
   mathematics journal and sends it; 5. the teacher answers the remark in the check's
   form; 6. the deputy accepts the answers; 7. the director (``director``) signs the check
   off from «To sign»;
8. the deputy closes the quarter from «Settings → Periods»;
9. the teacher asks, from the closed journal, to correct the daughter's 5 into a 4 and
   submits the request; 10. the deputy approves it from «Journal → Corrections»: the
   closed journal has the 4, with the audit row of the approved correction.

What the test sets up, and why: the demo school (``school_demo``, small) has its current
quarter in progress, and period marks are confirmed only from the day of the journal's
last lesson of the period (seed 001 §5.4), which the published timetable still gives
weeks ahead. The chain plays the quarter's last day: the current quarter of 5А is made to
end today (``date_end`` = today; its later lessons, planned ones with nothing recorded,
are removed). In the holidays after a quarter (the demo closes quarter 1 only when
quarter 2 begins) the chain plays that quarter, as the school does in those days: the
latest lesson is the quarter's last one. Nothing else of the demo changes; the demo's
own journal check and correction request (quarter 1) are left as they are, and the tours
pick the chain's own. No step of this half needs a scheduled action.
"""

from datetime import timedelta

from odoo import fields

from odoo.addons.school_records.tests.test_role_day_tours import run_tour_without_server_errors

# the texts the tours type (year_chain_term_tours.js)
HOMEWORK = "№ 112, 115 на стр. 48"
REMARK = "Оформить темы уроков по КТП"
ANSWER = "Темы оформлены"
CORRECTION_REASON = "Отметка за ответ у доски выставлена ошибочно"


class TermChainSteps:
    """Mixin for an ``HttpCase``: ``_run_term_chain()`` walks the term, tour by tour."""

    def _term_tour(self, tour, login, url="/odoo"):
        run_tour_without_server_errors(self, url, tour, login)

    def _run_term_chain(self):
        self._term_chain_setup()
        self._term_teacher_fills_the_lesson()
        self._term_parent_acknowledges_the_week()
        self._term_teacher_confirms_the_quarter_marks()
        self._term_journal_check()
        self._term_deputy_closes_the_quarter()
        self._term_correction()

    # setup --------------------------------------------------------------------------------
    def _term_chain_setup(self):
        env = self.env
        self.term_users = {
            login: env["res.users"].search([("login", "=", login)])
            for login in ("teacher", "deputy", "director", "parent")
        }
        if not all(self.term_users.values()):
            self.skipTest("the demo school is not installed")
        teacher = self.term_users["teacher"]
        self.term_class = env["school.class"].search([("name", "=", "5А")], limit=1)
        self.term_assignment = env["school.teaching.assignment"].search(
            [("class_id", "=", self.term_class.id), ("teacher_id", "=", teacher.id)], limit=1
        )
        parent = self.term_users["parent"]
        self.term_child = env["school.student"].search(
            [("guardian_ids", "in", parent.partner_id.ids)], limit=1
        )
        today = fields.Date.context_today(teacher)
        latest = env["school.lesson"].search(
            [("assignment_id", "=", self.term_assignment.id), ("date", "<=", today)],
            order="date desc, number desc",
            limit=1,
        )
        self.term_period = period = latest.period_id
        self.assertEqual(period.state, "open", "the demo's current quarter is in progress")
        # the quarter ends today: the lessons the timetable made for later days go
        later = env["school.lesson"].search(
            [
                ("class_id", "=", self.term_class.id),
                ("date", ">", today),
                ("date", "<=", period.date_end),
            ]
        )
        self.assertFalse(later.mark_ids or later.attendance_ids, "planned lessons only")
        later.sudo().unlink()
        if period.date_end > today:
            period.sudo().date_end = today

        # her journal of 5А mathematics (the tours choose it when the grid lands on another
        # of her classes, whose lesson is the day's last) opens on its lesson of today
        grid = env["school.journal.grid"].with_user(teacher)
        landing = grid.load(self.term_assignment.id, False, False)
        self.assertEqual(landing["period"]["id"], period.id)
        self.term_lesson = env["school.lesson"].browse(landing["focus_lesson_id"])
        students = [student["id"] for student in landing["students"]]
        self.term_students = env["school.student"].browse(students)
        self.assertIn(self.term_child.id, students)
        self.term_next_student = self.term_students[students.index(self.term_child.id) + 1]
        # what the demo recorded for the two of them in the lesson (a lesson of the past in
        # the holidays and the summer) goes: the teacher records it in the first tour
        for model in ("school.mark", "school.attendance"):
            for student in (self.term_child, self.term_next_student):
                self._term_entries(model, student).sudo().unlink()

    def _term_entries(self, model, student):
        return self.env[model].search(
            [("lesson_id", "=", self.term_lesson.id), ("student_id", "=", student.id)]
        )

    # 1-2. the lesson and the diary ---------------------------------------------------------
    def _term_teacher_fills_the_lesson(self):
        teacher = self.term_users["teacher"]
        self._term_tour("school_year_chain_teacher_lesson", "teacher")
        self.assertEqual(self.term_lesson.homework, HOMEWORK)
        marks = self._term_entries("school.mark", self.term_child)
        self.assertEqual(marks.mapped("value_id.code"), ["5"])
        self.assertEqual(marks.write_uid, teacher)
        self.assertFalse(self._term_entries("school.attendance", self.term_child))
        absence = self._term_entries("school.attendance", self.term_next_student)
        self.assertRecordValues(absence, [{"kind": "absent"}])
        self.assertEqual(absence.write_uid, teacher)
        self.assertFalse(self._term_entries("school.mark", self.term_next_student))

    def _term_parent_acknowledges_the_week(self):
        parent = self.term_users["parent"]
        self._term_tour("school_year_chain_parent_week", "parent", url="/my")
        monday = self.term_lesson.date - timedelta(days=self.term_lesson.date.weekday())
        acknowledgement = self.env["school.diary.acknowledgement"].search(
            [("student_id", "=", self.term_child.id), ("week_start", "=", monday)]
        )
        self.assertRecordValues(
            acknowledgement,
            [{"partner_id": parent.partner_id.id, "class_id": self.term_class.id}],
        )

    # 3. the quarter marks -------------------------------------------------------------------
    def _term_period_marks(self):
        return self.env["school.period.mark"].search(
            [
                ("assignment_id", "=", self.term_assignment.id),
                ("period_id", "=", self.term_period.id),
                ("kind", "=", "period"),
            ]
        )

    def _term_teacher_confirms_the_quarter_marks(self):
        teacher = self.term_users["teacher"]
        self.assertFalse(self._term_period_marks(), "no quarter mark before the chain")
        self._term_tour("school_year_chain_teacher_quarter_marks", "teacher")
        marks = self._term_period_marks()
        self.assertEqual(marks.student_id, self.term_students)
        self.assertEqual(set(marks.mapped("state")), {"confirmed"})
        self.assertEqual(marks.confirmed_by_id, teacher)
        for mark in marks:
            self.assertEqual(mark.value_id, mark.proposed_value_id, mark.student_id.name)

    # 4-7. the journal check -----------------------------------------------------------------
    def _term_journal_check(self):
        users = self.term_users
        self._term_tour("school_year_chain_deputy_check", "deputy")
        check = self.env["school.journal.check"].search(
            [("class_id", "=", self.term_class.id), ("kind", "=", "period_end")]
        )
        self.assertRecordValues(
            check,
            [
                {
                    "period_id": self.term_period.id,
                    "date_from": self.term_period.date_start,
                    "date_to": self.term_period.date_end,
                    "state": "sent",
                    "deputy_id": users["deputy"].id,
                }
            ],
        )
        self.assertRecordValues(
            check.remark_ids,
            [
                {
                    "assignment_id": self.term_assignment.id,
                    "teacher_id": users["teacher"].id,
                    "remark": REMARK,
                    "state": "open",
                }
            ],
        )

        self._term_tour("school_year_chain_teacher_answer", "teacher")
        self.assertRecordValues(check.remark_ids, [{"state": "answered", "answer": ANSWER}])
        self.assertEqual(check.state, "sent")

        self._term_tour("school_year_chain_deputy_accept", "deputy")
        self.assertEqual(check.state, "accepted")
        sign_off = check.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("school_records.mail_activity_type_check_sign_off")
            )
        )
        self.assertEqual(sign_off.user_id, users["director"])

        self._term_tour("school_year_chain_director_sign", "director")
        self.assertRecordValues(check, [{"state": "signed", "signed_by_id": users["director"].id}])
        self.assertFalse(check.activity_ids, "the director's sign-off is done")

    # 8. closing the quarter -----------------------------------------------------------------
    def _term_deputy_closes_the_quarter(self):
        quarters = self.term_period.year_id.period_ids.filtered(
            lambda p: p.scheme == "quarter"
        ).sorted("date_start")
        number = list(quarters).index(self.term_period) + 1
        self._term_tour(f"school_year_chain_deputy_close_q{number}", "deputy")
        self.assertRecordValues(
            self.term_period,
            [{"state": "closed", "closed_by_id": self.term_users["deputy"].id}],
        )

    # 9-10. the correction -------------------------------------------------------------------
    def _term_correction(self):
        users = self.term_users
        self._term_tour("school_year_chain_teacher_correction", "teacher")
        correction = self.env["school.journal.correction"].search(
            [("lesson_id", "=", self.term_lesson.id), ("student_id", "=", self.term_child.id)]
        )
        self.assertRecordValues(
            correction,
            [
                {
                    "kind": "mark",
                    "old_value": "5",
                    "new_value": "4",
                    "reason": CORRECTION_REASON,
                    "state": "submitted",
                    "requested_by": users["teacher"].id,
                }
            ],
        )
        self.assertEqual(
            self._term_entries("school.mark", self.term_child).mapped("value_id.code"), ["5"]
        )

        self._term_tour("school_year_chain_deputy_approve", "deputy")
        self.assertRecordValues(
            correction, [{"state": "approved", "approved_by": users["deputy"].id}]
        )
        self.assertEqual(
            self._term_entries("school.mark", self.term_child).mapped("value_id.code"), ["4"]
        )
        audit = self.env["school.journal.audit"].search([("correction_id", "=", correction.id)])
        self.assertTrue(audit, "the change in the closed journal is audited")
        self.assertEqual(audit.student_id, self.term_child)
        self.assertEqual(set(audit.mapped("lesson_id")), {self.term_lesson})
        self.assertIn(CORRECTION_REASON, " ".join(audit.mapped("reason")))
