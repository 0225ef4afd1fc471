from datetime import date

from odoo.tests import HttpCase, tagged

from .common import SchoolFixture


@tagged("post_install", "-at_install", "is_tour")
class TestGuardianTour(SchoolFixture, HttpCase):
    """In Chromium: the class teacher adds the father on the student form's «Законные
    представители» tab, then ticks the month's check of her class's guardian data."""

    def test_guardian_data_through_the_screens(self):
        father = self.env["res.partner"].create({"name": "Иванов Сергей"})
        action = self.env.ref("school_records.school_student_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{self.child.id}",
            "school_guardian_record_tour",
            login=self.class_teacher.login,
        )
        record = self.child.guardian_record_ids.filtered(lambda g: g.partner_id == father)
        self.assertRecordValues(record, [{"kinship": "father", "identity_document": "4509 112233"}])
        self.assertEqual(self.child.guardian_ids, self.parent_partner | father)
        check = self.env["school.guardian.check"]._cron_monthly_checks(today=date(2035, 10, 1))
        check_action = self.env.ref("school_records.school_guardian_check_action")
        self.start_tour(
            f"/odoo/action-{check_action.id}/{check.id}",
            "school_guardian_check_tour",
            login=self.class_teacher.login,
        )
        self.assertRecordValues(check, [{"state": "done", "checked_by_id": self.class_teacher.id}])
