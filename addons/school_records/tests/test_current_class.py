from datetime import date

from freezegun import freeze_time

from .common import SchoolRecordsCase


class TestCurrentClassRefresh(SchoolRecordsCase):
    """The stored current class follows the calendar through the daily job, not only writes."""

    def _cron(self):
        return self.env["school.student"]._cron_refresh_current_class()

    def test_an_enrollment_starting_later_takes_effect_on_its_day(self):
        self.assertEqual(self.child.state, "new", "the fixture enrolls from 1 September 2035")
        self.assertFalse(self.child.class_id)
        with freeze_time("2035-09-02"):
            refreshed = self._cron()
            self.assertIn(self.child, refreshed)
            self.assertEqual(self.child.class_id, self.class_5a)
            self.assertEqual(self.child.state, "studying")
            self.assertEqual(self.sibling.class_id, self.class_6b)
            self.assertFalse(self._cron(), "a second run finds nothing stale")

    def test_an_enrollment_ending_leaves_the_student_without_a_class(self):
        enrollment = self.child.enrollment_ids
        enrollment.date_to = date(2035, 12, 28)
        with freeze_time("2035-12-01"):
            self._cron()
            self.assertEqual(self.child.class_id, self.class_5a)
        with freeze_time("2036-01-12"):  # the job did not run during the holidays
            self.assertIn(self.child, self._cron())
            self.assertFalse(self.child.class_id)
            self.assertEqual(self.child.state, "left")
            self.assertNotIn(self.classmate, self._cron())

    def test_a_transfer_between_classes_moves_the_student_on_the_transfer_day(self):
        self.child.enrollment_ids.date_to = date(2035, 12, 31)
        self.env["school.enrollment"].create(
            {
                "student_id": self.child.id,
                "class_id": self.class_6b.id,
                "date_from": date(2036, 1, 9),
            }
        )
        with freeze_time("2035-12-30"):
            self._cron()
            self.assertEqual(self.child.class_id, self.class_5a)
        with freeze_time("2036-01-09"):
            self._cron()
            self.assertEqual(self.child.class_id, self.class_6b)
            self.assertEqual(self.child.state, "studying")

    def test_the_daily_job_is_scheduled(self):
        cron = self.env.ref("school_records.ir_cron_refresh_current_class")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))


class TestClassLabel(SchoolRecordsCase):
    """The pickers where classes of several years meet show the year: the label
    follows the context it is read in, not the first one cached."""

    def test_the_label_with_and_without_the_year(self):
        plain = self.class_5a.display_name
        with_year = self.class_5a.with_context(school_class_with_year=True).display_name
        self.assertEqual(plain, self.class_5a.name)
        self.assertEqual(with_year, f"{self.class_5a.name} ({self.class_5a.year_id.name})")
        self.assertEqual(self.class_5a.display_name, plain)
