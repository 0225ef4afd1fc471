from datetime import date
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import SchoolFixture, SchoolRecordsCase
from .rpc_common import SchoolRpcCase

TODAY = date(2035, 10, 20)


@tagged("post_install", "-at_install")
class TestJournalCheck(SchoolRecordsCase):
    """The deputy's journal check: computed findings on a journal built to have each
    defect, remarks answered by teachers, and the director's sign-off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lesson = cls.env["school.lesson"]
        # the fixture's lessons (the demo school's quarter 1 is closed)
        Lesson.search([("year_id", "=", cls.year.id)]).write(
            {"homework": "§ 1", "attendance_taken": True}
        )
        control = cls.env.ref("school_records.school_work_type_control")
        cls.no_topic = cls._lesson(
            cls.assignment_5a,
            date(2035, 10, 1),
            1,
            topic=False,
            homework="§ 1",
            attendance_taken=True,
        )
        cls.no_homework = cls._lesson(
            cls.assignment_5a, date(2035, 10, 2), 1, attendance_taken=True
        )
        cls.no_attendance = cls._lesson(
            cls.assignment_5a, date(2035, 10, 3), 1, homework="§ 2", attendance_taken=False
        )
        cls.control_work = cls._lesson(
            cls.assignment_5a,
            date(2035, 10, 4),
            1,
            homework="§ 3",
            attendance_taken=True,
            work_type_id=control.id,
        )
        cls.env["school.lesson.plan.line"].create(
            [
                {
                    "assignment_id": cls.assignment_5a_history.id,
                    "sequence": n,
                    "topic": f"Тема {n}",
                    "planned_date": date(2035, 10, n),
                }
                for n in range(1, 6)
            ]
        )
        cls.check = cls.env["school.journal.check"].create(
            {
                "class_id": cls.class_5a.id,
                "date_from": date(2035, 10, 1),
                "date_to": date(2035, 10, 31),
                "kind": "period_end",
                "period_id": cls.quarter_1.id,
            }
        )

    def _today(self):
        return patch.object(fields.Date, "context_today", return_value=TODAY)

    def _findings(self, kind):
        return self.check.finding_ids.filtered(lambda f: f.kind == kind)

    def test_findings_name_each_defect(self):
        with self._today():
            self.check.with_user(self.deputy).action_compute_findings()
        self.assertEqual(self._findings("no_topic").count, 1)
        self.assertEqual(self._findings("no_topic").detail, "01.10")
        self.assertEqual(self._findings("no_homework").detail, "02.10")
        self.assertEqual(self._findings("no_attendance").detail, "03.10")
        self.assertEqual(self._findings("control_without_marks").detail, "04.10")
        self.assertEqual(self._findings("control_without_marks").teacher_id, self.teacher)
        few = self._findings("few_marks").filtered(lambda f: f.assignment_id == self.assignment_5a)
        self.assertIn(self.child.name, few.detail)
        behind = self._findings("plan_behind")
        self.assertEqual(behind.assignment_id, self.assignment_5a_history)
        # five lessons planned by 05.10, one held (07.09, from the common set-up)
        self.assertEqual(behind.count, 4)
        self.assertIn("1", behind.detail)

    def test_a_period_mark_far_from_the_average_is_found(self):
        self._mark(self.no_homework, self.child, self.mark_5)
        period_mark = self.env["school.period.mark"].create(
            {
                "student_id": self.child.id,
                "assignment_id": self.assignment_5a.id,
                "kind": "period",
                "period_id": self.quarter_1.id,
                "average": 4.8,
                "value_id": self.env.ref("school_records.school_mark_value_3").id,
            }
        )
        with self._today():
            self.check.action_compute_findings()
        far = self._findings("period_mark_far")
        self.assertEqual(far.count, 1)
        self.assertIn(period_mark.student_id.name, far.detail)

    def test_remarks_answers_and_sign_off(self):
        check = self.check.with_user(self.deputy)
        with self.assertRaises(UserError):
            check.action_send()  # no remark yet
        check.remark_ids = [
            fields.Command.create(
                {"assignment_id": self.assignment_5a.id, "remark": "Заполнить темы уроков"}
            )
        ]
        remark = check.remark_ids
        self.assertEqual(remark.teacher_id, self.teacher)
        check.action_send()
        self.assertEqual(check.state, "sent")
        activity = check.activity_ids.filtered(lambda a: a.user_id == self.teacher)
        self.assertTrue(activity)
        with self.assertRaises(UserError):
            check.action_accept()  # not answered
        with self.assertRaises(UserError):
            remark.with_user(self.other_teacher).action_answer()
        remark.with_user(self.teacher).answer = "Темы заполнены"
        remark.with_user(self.teacher).action_answer()
        self.assertEqual(remark.state, "answered")
        self.assertFalse(activity.exists())
        with self.assertRaises(UserError):
            self.check.with_user(self.teacher).action_accept()
        check.action_accept()
        self.assertEqual(check.state, "accepted")
        with self.assertRaises(UserError):
            check.action_sign()  # a deputy does not sign
        self.check.with_user(self.director).action_sign()
        self.assertRecordValues(self.check, [{"state": "signed", "signed_by_id": self.director.id}])
        with self.assertRaises(UserError):
            check.action_reset()

    def test_who_sees_a_check(self):
        self.check.remark_ids = [
            fields.Command.create({"assignment_id": self.assignment_5a.id, "remark": "Темы"})
        ]
        Check = self.env["school.journal.check"]
        self.assertIn(self.check, Check.with_user(self.teacher).search([]))
        self.assertIn(self.check, Check.with_user(self.class_teacher).search([]))
        self.assertNotIn(self.check, Check.with_user(self.other_teacher).search([]))
        with self.assertRaises(AccessError):
            self.check.with_user(self.teacher).write({"conclusion": "<p>Хорошо</p>"})
        with self.assertRaises(UserError):
            self.check.with_user(self.teacher).action_compute_findings()

    def test_monthly_cron_makes_one_check_per_class(self):
        with patch.object(fields.Date, "context_today", return_value=date(2035, 11, 2)):
            checks = self.env["school.journal.check"]._cron_create_monthly_checks()
            again = self.env["school.journal.check"]._cron_create_monthly_checks()
        self.assertEqual(checks.class_id, self.class_5a | self.class_6b)
        self.assertFalse(again)
        self.assertEqual(set(checks.mapped("date_from")), {date(2035, 10, 1)})
        self.assertTrue(checks.filtered(lambda c: c.class_id == self.class_5a).finding_ids)

    def test_the_certificate_prints(self):
        with self._today():
            self.check.action_compute_findings()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("school_records.school_journal_check_report", self.check.ids)[0]
            .decode()
        )
        self.assertIn("о проверке электронного журнала", html)
        self.assertIn("Замечания по ведению журнала", html)
        self.assertIn(self.class_5a.name, html)


@tagged("post_install", "-at_install")
class TestJournalCheckScreens(SchoolRecordsCase):
    """The journal check through its form, role by role (``Form`` loads the real view
    with the access rights and domains of the user)."""

    def _deputy_creates_a_period_end_check(self):
        with Form(self.env["school.journal.check"].with_user(self.deputy)) as form:
            form.class_id = self.class_5a
            form.kind = "period_end"
            # the period's domain used to read ``class_id.year_id`` (InvalidDomainError)
            form.period_id = self.quarter_1
            form.date_from = date(2035, 10, 1)
            form.date_to = date(2035, 10, 31)
            with form.remark_ids.new() as line:
                line.assignment_id = self.assignment_5a
                line.remark = "Заполнить темы уроков"
        return form.record

    def test_period_end_check_created_answered_accepted_signed_in_the_form(self):
        check = self._deputy_creates_a_period_end_check()
        self.assertEqual(check.year_id, self.year)
        self.assertEqual(check.period_id, self.quarter_1)
        self.assertEqual(check.remark_ids.teacher_id, self.teacher)
        check.with_user(self.deputy).action_send()

        # the addressed teacher answers in the form: the answer is editable for her
        with Form(check.with_user(self.teacher)) as form:
            with form.remark_ids.edit(0) as line:
                line.answer = "Темы заполнены"
        remark = check.remark_ids
        self.assertEqual(remark.answer, "Темы заполнены")
        remark.with_user(self.teacher).action_answer()
        self.assertEqual(remark.state, "answered")

        # another teacher cannot answer it through the check's form
        with self.assertRaises(AccessError):
            check.with_user(self.other_teacher).write(
                {"remark_ids": [fields.Command.update(remark.id, {"answer": "Я"})]}
            )
        with self.assertRaises(AccessError):
            check.with_user(self.teacher).write({"conclusion": "<p>Всё хорошо</p>"})

        with Form(check.with_user(self.deputy)) as form:
            self.assertEqual(form.state, "sent")
        check.with_user(self.deputy).action_accept()
        self.assertEqual(check.state, "accepted")
        check.with_user(self.director).action_sign()
        self.assertRecordValues(check, [{"state": "signed", "signed_by_id": self.director.id}])

    def test_teacher_cannot_rewrite_the_remark_or_its_status_through_the_check(self):
        check = self._deputy_creates_a_period_end_check()
        check.with_user(self.deputy).action_send()
        remark = check.remark_ids
        for vals in ({"remark": "Иначе"}, {"state": "accepted"}):
            with self.assertRaises(UserError):  # AccessError is a UserError
                check.with_user(self.teacher).write(
                    {"remark_ids": [fields.Command.update(remark.id, vals)]}
                )
        with self.assertRaises(AccessError):
            check.with_user(self.teacher).write({"remark_ids": [fields.Command.delete(remark.id)]})
        self.assertRecordValues(remark, [{"remark": "Заполнить темы уроков", "state": "open"}])

    def test_choosing_the_period_fills_the_dates(self):
        """Issue 21 §8: the end-of-period check is created from the form without typing
        the period's dates (the chain's deputy tour walks it)."""
        with Form(self.env["school.journal.check"].with_user(self.deputy)) as form:
            form.class_id = self.class_5a
            form.kind = "period_end"
            form.period_id = self.quarter_1
            self.assertEqual(form.date_from, self.quarter_1.date_start)
            self.assertEqual(form.date_to, self.quarter_1.date_end)
            with form.remark_ids.new() as line:
                line.assignment_id = self.assignment_5a
                line.remark = "Заполнить темы уроков"
        self.assertEqual(form.record.date_to, self.quarter_1.date_end)

    def test_an_end_of_period_check_proposes_the_period_of_the_day(self):
        """The end-of-period check proposes the class's quarter in progress, in the
        holidays after it the quarter just ended; a period the deputy chose stays."""
        cases = [
            (date(2035, 10, 20), self.quarter_1),  # in quarter 1
            (date(2035, 10, 30), self.quarter_1),  # the autumn holidays after it
            (date(2035, 11, 5), self.quarter_2),  # quarter 2's first day
        ]
        for today, period in cases:
            with (
                self.subTest(today=today),
                patch.object(fields.Date, "context_today", return_value=today),
                Form(self.env["school.journal.check"].with_user(self.deputy)) as form,
            ):
                form.class_id = self.class_5a
                form.kind = "period_end"
                self.assertEqual(form.period_id, period)
                self.assertEqual(form.date_from, period.date_start)
                self.assertEqual(form.date_to, period.date_end)
                form.period_id = self.quarter_2
                form.kind = "manual"
                form.kind = "period_end"
                self.assertEqual(form.period_id, self.quarter_2)


@tagged("post_install", "-at_install")
class TestJournalCheckForgery(SchoolFixture, SchoolRpcCase):
    """A teacher may now save the check's form: over JSON-RPC she still only answers
    her own remark, and nothing else of the check changes."""

    def setUp(self):
        super().setUp()
        self.check = self.env["school.journal.check"].create(
            {
                "class_id": self.class_5a.id,
                "date_from": date(2035, 10, 1),
                "date_to": date(2035, 10, 31),
                "kind": "period_end",
                "period_id": self.quarter_1.id,
                "remark_ids": [
                    fields.Command.create(
                        {"assignment_id": self.assignment_5a.id, "remark": "Темы"}
                    )
                ],
            }
        )
        self.check.with_user(self.deputy).action_send()
        self.remark = self.check.remark_ids

    def test_teacher_writes_nothing_but_her_answer_over_rpc(self):
        check_id, remark_id = self.check.id, self.remark.id
        for vals in (
            {"state": "signed"},
            {"conclusion": "<p>Хорошо</p>"},
            {"remark_ids": [fields.Command.update(remark_id, {"state": "accepted"})]},
            {"remark_ids": [fields.Command.update(remark_id, {"remark": "Иначе"})]},
            {"remark_ids": [fields.Command.delete(remark_id)]},
            {"remark_ids": [fields.Command.create({"teacher_id": self.teacher.id, "remark": "x"})]},
        ):
            self.assertRpcForgeryRefused(
                self.teacher, "school.journal.check", "write", [check_id], vals
            )
        # another teacher does not answer it
        self.assertRpcForgeryRefused(
            self.other_teacher,
            "school.journal.check",
            "write",
            [check_id],
            {"remark_ids": [fields.Command.update(remark_id, {"answer": "Я"})]},
        )
        self.check.invalidate_recordset()
        self.remark.invalidate_recordset()
        self.assertRecordValues(self.check, [{"state": "sent", "conclusion": False}])
        self.assertRecordValues(self.remark, [{"state": "open", "remark": "Темы", "answer": False}])
        # the addressed teacher answers through the check's form and sends the answer
        self.rpc(
            self.teacher,
            "school.journal.check",
            "write",
            [check_id],
            {"remark_ids": [fields.Command.update(remark_id, {"answer": "Готово"})]},
        )
        self.rpc(self.teacher, "school.journal.check.remark", "action_answer", [remark_id])
        self.remark.invalidate_recordset()
        self.assertRecordValues(self.remark, [{"state": "answered", "answer": "Готово"}])
