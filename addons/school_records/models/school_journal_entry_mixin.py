from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the key of the cursor's cache under which an approved correction marks itself while
# its action applies it (see school.journal.correction._apply)
APPLYING_CORRECTION = "school_records.applying_correction"
# the key of the cursor's cache under which the journal service's set-based save
# collects the audit rows of its batches, to insert them at once (school.journal)
AUDIT_BUFFER = "school_records.journal_audit_buffer"
# the key of the cursor's cache under which the set-based save lends its batches what its
# plan has just read, while it applies them (school.journal._apply_plan): the roster of
# each lesson on its day, and the absences of the (lesson, student) pairs it read. Only
# that method puts it there, and removes it after: nothing a caller sends reaches it.
SAVE_PLAN = "school_records.journal_save_plan"


def applying_correction(env):
    """The correction whose approval the deputy's action is applying right now, or an
    empty recordset. Only that action puts it there, and only as superuser: neither a
    context key nor any other value a caller sends over RPC can open a closed period."""
    correction_id = env.cr.cache.get(APPLYING_CORRECTION) if env.su else None
    return env["school.journal.correction"].browse(correction_id or ())


class SchoolJournalEntryMixin(models.AbstractModel):
    """What marks and absences share: a student in a lesson.

    Entries are checked against the student's enrollment on the lesson date and
    against closed periods, and every change or deletion is written to the
    journal audit (who, when, old value, new value). Creation is recorded by the
    entry's own create_uid/create_date."""

    _name = "school.journal.entry.mixin"
    _description = "Journal Entry"

    lesson_id = fields.Many2one("school.lesson", required=True, ondelete="restrict", index=True)
    student_id = fields.Many2one("school.student", required=True, ondelete="restrict", index=True)
    # precomputed: a batch of entries is inserted with them, not updated after
    assignment_id = fields.Many2one(
        related="lesson_id.assignment_id", store=True, index=True, string="Journal", precompute=True
    )
    date = fields.Date(related="lesson_id.date", store=True, index=True, precompute=True)
    period_id = fields.Many2one(
        related="lesson_id.period_id", store=True, index=True, precompute=True
    )

    @api.constrains("lesson_id", "student_id")
    def _check_student_enrolled(self):
        entries_by_lesson = defaultdict(lambda: self.browse())
        for entry in self:
            entries_by_lesson[entry.lesson_id] |= entry
        # the rosters the grid's save already read, the others in one query a journal
        planned = self.env.cr.cache.get(SAVE_PLAN, {}).get("rosters", {})
        unplanned = self.lesson_id.filtered(lambda lesson: lesson.id not in planned)
        rosters = unplanned._students_by_lesson() if unplanned else {}
        Student = self.env["school.student"]
        for lesson, entries in entries_by_lesson.items():
            if lesson.id in planned:
                students = Student.browse(planned[lesson.id])
            else:
                students = rosters[lesson]
            strangers = entries.student_id - students
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(students)s is not enrolled in %(group)s on %(date)s: "
                        "no mark or absence can be recorded for them in this lesson.",
                        students=", ".join(strangers.mapped("name")),
                        group=lesson.study_group_id.name or lesson.class_id.name,
                        date=lesson.date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lesson_ids = {vals.get("lesson_id") for vals in vals_list}
        self.env["school.lesson"].browse(lesson_ids - {None, False})._check_period_open()
        return super().create(vals_list)

    def write(self, vals):
        self.lesson_id._check_period_open()
        if vals.get("lesson_id"):
            self.env["school.lesson"].browse(vals["lesson_id"])._check_period_open()
        old_values = {entry.id: entry._audit_value() for entry in self}
        result = super().write(vals)
        self._log_audit("write", old_values)
        return result

    def unlink(self):
        self.lesson_id._check_period_open()
        old_values = {entry.id: entry._audit_value() for entry in self}
        self._log_audit("unlink", old_values)
        return super().unlink()

    def _audit_value(self):
        """The entry as the journal shows it, e.g. «5 (КР)» or «н»."""
        raise NotImplementedError

    def _log_audit(self, operation, old_values):
        """One audit row per changed or deleted entry. Its reason and correction are the
        approved correction's being applied, never a text sent by the caller."""
        correction = applying_correction(self.env)
        rows = []
        for entry in self:
            of_correction = correction.filtered(lambda c, e=entry: c.lesson_id == e.lesson_id)
            new_value = entry._audit_value() if operation == "write" else False
            old_value = old_values.get(entry.id)
            if operation == "write" and new_value == old_value:
                continue
            rows.append(
                {
                    "res_model": self._name,
                    "res_id": entry.id,
                    "lesson_id": entry.lesson_id.id,
                    "student_id": entry.student_id.id,
                    "operation": operation,
                    "old_value": old_value,
                    "new_value": new_value,
                    "reason": of_correction._audit_reason() if of_correction else False,
                    "correction_id": of_correction.id,
                }
            )
        buffer = self.env.cr.cache.get(AUDIT_BUFFER)
        if buffer is not None:
            buffer.extend(rows)
        elif rows:
            self.env["school.journal.audit"].sudo().create(rows)
