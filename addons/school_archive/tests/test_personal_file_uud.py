from odoo.tests import tagged

from odoo.addons.school_records.tests.common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestPersonalFileUud(SchoolRecordsCase):
    """The personal file shows the student's learning action (УУД) assessments, read by
    the secretary and the archivist who keep the files."""

    def test_the_file_shows_the_students_assessments(self):
        goal = self.env.ref("school_records.uud_ooo_regulatory_1")
        assessment = (
            self.env["school.uud.assessment"]
            .with_user(self.class_teacher)
            .create(
                {
                    "student_id": self.child.id,
                    "class_id": self.class_5a.id,
                    "uud_id": goal.id,
                    "level": "medium",
                }
            )
        )
        self.env["school.uud.assessment"].with_user(self.other_teacher).create(
            {
                "student_id": self.other_child.id,
                "class_id": self.class_6b.id,
                "uud_id": goal.id,
                "subject_id": self.math.id,
                "level": "low",
            }
        )
        personal_file = self.env["school.personal.file"].search(
            [("student_id", "=", self.child.id)]
        )
        for user in (self.secretary, self.archivist):
            shown = personal_file.with_user(user).uud_assessment_ids
            self.assertEqual(shown, assessment)
            self.assertEqual(shown.level, "medium")
