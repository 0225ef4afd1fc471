"""The fields the school's records compute themselves, forged over JSON-RPC.

Odoo lets ``create`` and ``write`` set a stored computed field and keeps the value until
a dependency changes. On the product's models such a value is refused
(``models/base.py``): before, a teacher could make a «2» count as a 5 in the averages
(the mark's numeric value and weight are what the averages sum), move a mark into
another teacher's journal and period, or make a lesson filled late look filled on time,
and the school office could mark a student's personal data consent as given — none of it
in the journal audit. Each case here is the call an attacker would send, with the error
the user's screen shows, then the record as it stayed."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SchoolFixture
from .rpc_common import FORGED_CONTEXT, SchoolRpcCase

GUARD = "computed by the school records, not set by hand"


@tagged("post_install", "-at_install")
class TestDerivedForgery(SchoolFixture, SchoolRpcCase):
    def assertDerivedRefused(self, user, model, method, *args):
        error = self.rpc_error(user, model, method, *args)
        self.assertTrue(error, f"{user.login}: {model}.{method} was accepted")
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn(GUARD, error["message"])

    def _stored(self, mark):
        self.env.cr.execute(
            "SELECT numeric_value, weight, counts_in_average, assignment_id, period_id, date"
            " FROM school_mark WHERE id = %s",
            [mark.id],
        )
        return self.env.cr.fetchone()

    def _averages(self, assignment):
        return self.env["school.journal"]._weighted_averages(
            [("assignment_id", "=", assignment.id)]
        )

    def test_a_teacher_cannot_make_a_two_count_as_a_five(self):
        two = self._mark(self.lesson_5a, self.classmate, self.mark_2)
        self.env.flush_all()
        stored, averages = self._stored(two), self._averages(self.assignment_5a)
        self.assertEqual(averages[self.classmate.id], 2.0)
        for forged in (
            {"numeric_value": 5.0},
            {"weight": 10.0},
            {"counts_in_average": False},
            {"assignment_id": self.assignment_6b.id},
            {"period_id": self.quarter_2.id},
            {"date": "2035-12-20"},
        ):
            with self.subTest(forged=forged):
                self.assertDerivedRefused(self.teacher, "school.mark", "write", [two.id], forged)
        self.assertEqual(self._stored(two), stored)
        self.assertEqual(self._averages(self.assignment_5a), averages)
        self.assertFalse(
            self.env["school.journal.audit"].search(
                [("res_model", "=", "school.mark"), ("res_id", "=", two.id)]
            )
        )

    def test_a_teacher_cannot_create_a_mark_with_its_own_figures(self):
        count = self.env["school.mark"].search_count([])
        vals = {
            "lesson_id": self.lesson_5a.id,
            "student_id": self.classmate.id,
            "value_id": self.mark_2.id,
        }
        for forged in (
            {"numeric_value": 5.0},
            {"weight": 10.0},
            {"assignment_id": self.assignment_6b.id},
        ):
            with self.subTest(forged=forged):
                self.assertDerivedRefused(self.teacher, "school.mark", "create", [vals | forged])
        self.assertEqual(self.env["school.mark"].search_count([]), count)

    def test_the_honest_writes_still_pass_and_the_figures_follow(self):
        """The teacher changes the mark and its work type (an editable field): the
        numeric value and the weight follow, the audit records the change."""
        mark = self._mark(self.lesson_5a, self.classmate, self.mark_2)
        control = self.env.ref("school_records.school_work_type_control")
        self.rpc(
            self.teacher,
            "school.mark",
            "write",
            [mark.id],
            {"value_id": self.mark_4.id, "work_type_id": control.id},
        )
        self.assertEqual(self._stored(mark)[:3], (4.0, control.weight, True))
        self.assertTrue(
            self.env["school.journal.audit"].search(
                [("res_model", "=", "school.mark"), ("res_id", "=", mark.id)]
            )
        )

    def test_an_absence_stays_in_its_lesson_and_journal(self):
        for forged in ({"class_id": self.class_6b.id}, {"period_id": self.quarter_2.id}):
            with self.subTest(forged=forged):
                self.assertDerivedRefused(
                    self.other_teacher,
                    "school.attendance",
                    "write",
                    [self.absence_child.id],
                    forged,
                )
        self.assertEqual(self.absence_child.class_id, self.class_5a)
        self.assertEqual(self.absence_child.period_id, self.quarter_1)

    def test_a_late_lesson_cannot_be_marked_filled_on_time(self):
        lesson = self.lesson_5a
        before = lesson.read(["is_filled", "filled_on", "filled_late", "fill_deadline"])[0]
        for forged in (
            {"filled_late": False},
            {"is_filled": True, "filled_on": "2035-09-07 10:00:00"},
            {"fill_deadline": "2035-12-31 23:00:00"},
        ):
            with self.subTest(forged=forged):
                self.assertDerivedRefused(
                    self.teacher, "school.lesson", "write", [lesson.id], forged
                )
        self.assertEqual(
            lesson.read(["is_filled", "filled_on", "filled_late", "fill_deadline"])[0], before
        )

    def test_the_school_office_cannot_mark_a_consent_as_given(self):
        """152-FZ art. 9: the consent is the signed document; the student's consent
        state is the conclusion drawn from the consents on file, never typed in."""
        state = self.child.pd_consent_state
        self.assertNotEqual(state, "given")
        self.assertDerivedRefused(
            self.secretary,
            "school.student",
            "write",
            [self.child.id],
            {"pd_consent_state": "given"},
        )
        self.assertDerivedRefused(
            self.secretary,
            "school.student",
            "create",
            [{"last_name": "Новиков", "first_name": "Илья", "pd_consent_state": "given"}],
        )
        self.assertEqual(self.child.pd_consent_state, state)
        self.assertFalse(self.env["school.student"].search([("last_name", "=", "Новиков")]))

    def test_the_server_itself_still_writes_them(self):
        """Only the superuser flag, which no RPC caller can set, lets a value through
        (the demo, a migration); the same write as the teacher is refused in process
        too, whatever the context says."""
        mark = self._mark(self.lesson_5a, self.classmate, self.mark_2)
        with self.assertRaisesRegex(UserError, GUARD):
            mark.with_user(self.teacher).with_context(FORGED_CONTEXT).write({"numeric_value": 5.0})
        self.assertEqual(mark.numeric_value, 2.0)
        mark.with_user(self.teacher).sudo().write({"numeric_value": 3.0})
        self.assertEqual(mark.numeric_value, 3.0)
