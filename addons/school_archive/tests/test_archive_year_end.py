from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .archive_common import ArchiveCase

WIZARD = "odoo.addons.school_archive.wizards.school_archive_year_wizard"


@tagged("post_install", "-at_install")
class TestArchiveYearEnd(ArchiveCase):
    """The year-end archiving wizard proposes the last finished year and shows its
    progress; the archiving is due by 30 June, with a reminder to the archivist before
    and an escalation to the director after (seed 004 §7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.next_year = cls.env["school.academic.year"].create(
            {"name": "2036/2037", "date_start": date(2036, 9, 1), "date_end": date(2037, 8, 31)}
        )
        cls.activity_type = cls.env.ref("school_archive.mail_activity_type_school_archive")

    def _wizard_form(self, user=None):
        return Form(self.env["school.archive.year.wizard"].with_user(user or self.archivist))

    def _activities(self, user):
        act = self.Act.search([("year_id", "=", self.year.id)])
        return act.activity_ids.filtered(
            lambda a: a.user_id == user and a.activity_type_id == self.activity_type
        )

    def test_wizard_proposes_the_last_finished_year_not_the_current_one(self):
        with freeze_time("2036-10-01"):  # 2036/2037 is going on, 2035/2036 is over
            form = self._wizard_form()
            self.assertEqual(form.year_id, self.year)
        with freeze_time("2036-03-01"):  # 2035/2036 is not finished yet
            self.assertNotEqual(self._wizard_form().year_id, self.year)
        self.year.period_ids.write({"state": "closed"})
        with freeze_time("2036-06-10"):  # finished by closing its periods
            self.assertEqual(self._wizard_form().year_id, self.year)

    def test_wizard_archives_in_batches_and_shows_the_progress(self):
        with freeze_time("2036-10-01"), patch(f"{WIZARD}.WIZARD_BATCH", 1):
            form = self._wizard_form()
            form.with_pdf = False
            wizard = form.save()
            action = wizard.action_archive()
            self.assertEqual(action["res_model"], "school.archive.year.wizard")
            self.assertEqual(wizard.units_done, 1)
            self.assertGreater(wizard.units_total, 1)
            self.assertAlmostEqual(wizard.progress, 100.0 / wizard.units_total)
            self.assertEqual(wizard.act_state, "collecting")
            for _step in range(wizard.units_total):
                action = wizard.action_archive()
                if action["res_model"] != wizard._name:
                    break
        self.assertEqual(action["res_model"], "school.archive.transfer.act")
        self.assertRecordValues(
            wizard.act_id, [{"state": "to_sign", "units_done": wizard.units_total}]
        )
        self.assertEqual(wizard.progress, 100.0)

    def test_archiving_started_in_the_background_goes_on_with_the_cron(self):
        with freeze_time("2036-10-01"):
            wizard = self._wizard_form().save()
            wizard.action_archive_in_background()
        act = wizard.act_id
        self.assertEqual(act.state, "collecting")
        self.assertGreater(act.units_total, 0)
        self.assertEqual(act.units_done, 0)
        # early: periods open, far from 30 June, but the archiving was started
        self.assertIn(self.year, self.Act._years_due(date(2036, 1, 15)))
        with freeze_time("2036-10-02"):
            self.Act._cron_archive_year_end(batch_size=1000)
        self.assertEqual(act.state, "to_sign")

    def test_reminder_before_30_june_and_escalation_after(self):
        with freeze_time("2036-06-10"):  # three weeks before: nothing yet
            self.Act._cron_archive_deadline()
        self.assertFalse(self._activities(self.archivist))
        with freeze_time("2036-06-20"):
            self.Act._cron_archive_deadline()
            self.Act._cron_archive_deadline()  # daily: not repeated
        reminder = self._activities(self.archivist)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.date_deadline, date(2036, 6, 30))
        self.assertFalse(self._activities(self.director))
        # the reminder's act has not started the archiving
        self.assertNotIn(self.year, self.Act._years_due(date(2036, 6, 20)))
        with freeze_time("2036-07-01"):
            self.Act._cron_archive_deadline()
            self.Act._cron_archive_deadline()
        self.assertEqual(len(self._activities(self.director)), 1)
        self.Act._archive_year(self.year, with_pdf=False)
        self.assertFalse(self._activities(self.archivist))
        self.assertFalse(self._activities(self.director))
        with freeze_time("2036-07-02"):  # archived: no escalation any more
            self.Act._cron_archive_deadline()
        self.assertFalse(self._activities(self.director))

    def test_deputy_signature_passes_the_act_to_the_director(self):
        """The deputy's to-do closes with his signature and the director finds the act
        in «To sign» (it used to stay with the deputy, the director was never told)."""
        act = self.Act._archive_year(self.year, with_pdf=False)
        archive_type = self.env.ref("school_archive.mail_activity_type_school_archive")
        sign_type = self.env.ref("school_records.mail_activity_school_sign")

        def activities(activity_type):
            return act.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        self.assertEqual(len(activities(archive_type)), 1, "a deputy is asked to sign")
        act.with_user(self.deputy).action_sign_deputy()
        self.assertFalse(activities(archive_type))
        self.assertIn(self.director, activities(sign_type).user_id)
        home = self.env.ref("school_records.school_home_action_director")
        to_sign = self.env["mail.activity"].search(
            safe_eval(home.domain)
            + [("user_id", "=", self.director.id), ("res_model", "=", act._name)]
        )
        self.assertEqual(to_sign.res_id, act.id)
        act.with_user(self.director).action_sign_director()
        self.assertEqual(act.state, "signed")
        self.assertFalse(activities(sign_type))
