from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoYearInProgress(TransactionCase):
    """The installed demo school is in the middle of its year: quarter 1 closed with
    confirmed period marks, a journal check waiting for the teacher, a correction request
    waiting for the deputy, and the families' 152-FZ consents (all but one)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            login: cls.env["res.users"].search([("login", "=", login)])
            for login in ("deputy", "teacher", "parent")
        }
        if not cls.users["teacher"]:
            # a database installed without demo data: make the small school here
            cls.env["school.demo.generator"]._generate("small")
            cls.users = {
                login: cls.env["res.users"].search([("login", "=", login)])
                for login in ("deputy", "teacher", "parent")
            }
        cls.year = cls.env["school.academic.year"].search(
            [("period_ids", "!=", False)], order="date_start desc", limit=1
        )
        quarters = cls.year.period_ids.filtered(lambda p: p.scheme == "quarter").sorted(
            "date_start"
        )
        cls.quarter, cls.next_quarter = quarters[:1], quarters[1:2]

    def _quarter_one_in_progress(self):
        """True while quarter 1 is taught and in the autumn holidays after it, until
        quarter 2 begins: the demo then has nothing closed yet (its deputy closes quarter 1
        in those holidays). Asserted, not skipped: a skipped test fails this suite, and
        the suite runs on every day of the year."""
        today = self.env["school.journal"]._today()
        if self.next_quarter.date_start <= today:
            return False
        self.assertEqual(set(self.year.period_ids.mapped("state")), {"open"})
        self.assertFalse(
            self.env["school.period.mark"].search_count([("state", "=", "confirmed")]),
            "no period mark is confirmed before quarter 2 begins",
        )
        self.assertFalse(self.env["school.journal.correction"].search_count([]))
        return True

    def test_quarter_one_is_closed_with_confirmed_marks(self):
        if self._quarter_one_in_progress():
            return
        today = self.env["school.journal"]._today()
        self.assertEqual(self.quarter.state, "closed")
        self.assertEqual(self.quarter.closed_by_id, self.users["deputy"])
        marks = self.env["school.period.mark"].search(
            [("period_id", "=", self.quarter.id), ("kind", "=", "period")]
        )
        self.assertTrue(marks)
        self.assertEqual(set(marks.mapped("state")), {"confirmed"})
        self.assertFalse(marks.filtered(lambda m: not m.value_id))
        self.assertFalse(marks.filtered(lambda m: m.value_id != m.proposed_value_id))
        # every class in quarters has its quarter marks
        journals = self.env["school.teaching.assignment"].search(
            [("year_id", "=", self.year.id), ("class_id.period_scheme", "in", ("quarter", False))]
        )
        self.assertEqual(marks.assignment_id.class_id, journals.class_id)
        # the next quarter is the one being taught
        later = self.year.period_ids.filtered(lambda p: p.date_end >= today)
        # (none is left in the summer, after the year's last period)
        self.assertFalse(later.filtered(lambda p: p.state != "open"))

    def test_a_journal_check_waits_for_the_teacher(self):
        checks = self.env["school.journal.check"].search([("state", "=", "sent")])
        self.assertEqual(len(checks), 1)
        self.assertEqual(checks.deputy_id, self.users["deputy"])
        remarks = checks.remark_ids
        self.assertEqual(remarks.mapped("state"), ["open"])
        self.assertEqual(remarks.teacher_id, self.users["teacher"])
        self.assertFalse(remarks.answer)
        self.assertEqual(remarks.assignment_id.teacher_id, self.users["teacher"])
        activities = checks.activity_ids.filtered(lambda a: a.user_id == self.users["teacher"])
        self.assertTrue(activities, "the teacher is asked to answer")

    def test_a_correction_waits_for_the_deputy(self):
        if self._quarter_one_in_progress():
            return
        corrections = self.env["school.journal.correction"].search([("state", "=", "submitted")])
        self.assertEqual(len(corrections), 1)
        self.assertEqual(corrections.requested_by, self.users["teacher"])
        self.assertEqual(corrections.period_id, self.quarter)
        self.assertEqual(corrections.teacher_id, self.users["teacher"])
        self.assertNotEqual(corrections.old_value, corrections.new_value)
        self.assertTrue(corrections.with_user(self.users["deputy"]).can_approve)

    def test_families_consented_but_one(self):
        students = self.env["school.student"].search([("state", "=", "studying")])
        given = students.filtered(lambda s: s.pd_consent_state == "given")
        missing = students - given
        self.assertGreater(len(given), len(students) * 0.9)
        self.assertTrue(missing, "one family shows the paper route")
        self.assertTrue(all(s.paper_route for s in missing))
        parent = self.users["parent"].partner_id
        children = students.filtered(lambda s: parent in s.guardian_ids)
        self.assertTrue(children)
        self.assertEqual(set(children.mapped("pd_consent_state")), {"given"})
        consents = self.env["school.pd.consent"].search([("student_id", "in", given.ids)])
        self.assertTrue(all(consents.mapped("document")))
