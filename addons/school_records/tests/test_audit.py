from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestAudit(SchoolRecordsCase):
    """Every change or deletion of a mark or an absence leaves an audit line."""

    def _audit(self, record):
        return self.env["school.journal.audit"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_mark_edit_is_audited(self):
        self.mark_child.with_user(self.teacher).write({"value_id": self.mark_4.id})
        self.assertRecordValues(
            self._audit(self.mark_child),
            [
                {
                    "operation": "write",
                    "old_value": "5 (УО)",
                    "new_value": "4 (УО)",
                    "user_id": self.teacher.id,
                    "lesson_id": self.lesson_5a.id,
                    "student_id": self.child.id,
                }
            ],
        )
        self.assertIn(self._audit(self.mark_child), self.child.audit_ids)
        self.assertIn(self._audit(self.mark_child), self.lesson_5a.audit_ids)

    def test_mark_deletion_is_audited(self):
        mark = self.mark_child
        mark_id = mark.id
        mark.with_user(self.teacher).unlink()
        audit = self.env["school.journal.audit"].search(
            [("res_model", "=", "school.mark"), ("res_id", "=", mark_id)]
        )
        self.assertRecordValues(
            audit,
            [
                {
                    "operation": "unlink",
                    "old_value": "5 (УО)",
                    "new_value": False,
                    "user_id": self.teacher.id,
                }
            ],
        )
        self.assertIn(audit, self.lesson_5a.audit_ids)

    def test_unchanged_write_is_not_audited(self):
        self.mark_child.write({"comment": "устный ответ"})
        self.assertFalse(self._audit(self.mark_child))

    def test_absence_change_is_audited(self):
        self.absence_child.write({"kind": "excused"})
        self.assertRecordValues(
            self._audit(self.absence_child),
            [{"operation": "write", "old_value": "б", "new_value": "у"}],
        )

    def test_audit_is_read_only(self):
        self.mark_child.write({"value_id": self.mark_4.id})
        audit = self._audit(self.mark_child)
        with self.assertRaises(UserError):
            audit.write({"old_value": "2"})
        with self.assertRaises(UserError):
            audit.unlink()
        self.assertEqual(audit.old_value, "5 (УО)")

    def test_reason_comes_from_a_correction_never_from_the_context(self):
        # a reason is the approved correction's (test_journal_correction); a text sent
        # in the context is no reason and links no correction
        self.mark_child.with_context(school_audit_reason="Ошибка ввода").write(
            {"value_id": self.mark_4.id}
        )
        self.assertRecordValues(
            self._audit(self.mark_child), [{"reason": False, "correction_id": False}]
        )
