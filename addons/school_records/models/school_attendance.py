from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .school_journal_entry_mixin import SAVE_PLAN

ABSENCE_KINDS = [
    ("absent", "Absent"),
    ("ill", "Ill"),
    ("excused", "Excused"),
    ("late", "Late"),
]
# What the paper journal writes in the cell.
ABSENCE_CODES = {"absent": "н", "ill": "б", "excused": "у", "late": "оп"}


class SchoolAttendance(models.Model):
    """A student's absence (or lateness) at a lesson. Presence is not stored:
    the lesson's «attendance taken» flag says the roll was called."""

    _name = "school.attendance"
    _description = "Absence"
    _inherit = ["school.journal.entry.mixin"]
    _order = "date desc, id"

    kind = fields.Selection(ABSENCE_KINDS, required=True, default="absent")
    class_id = fields.Many2one(
        related="assignment_id.class_id", store=True, index=True, precompute=True
    )
    code = fields.Char(compute="_compute_code")
    comment = fields.Char()

    _sql_constraints = [
        (
            "lesson_student_uniq",
            "unique(lesson_id, student_id)",
            "A student has one absence record per lesson.",
        ),
    ]

    def init(self):
        tools.create_index(
            self.env.cr,
            "school_attendance_student_date_idx",
            self._table,
            ["student_id", "date"],
        )

    @api.depends("kind")
    def _compute_code(self):
        for absence in self:
            absence.code = ABSENCE_CODES.get(absence.kind, "")

    @api.depends("kind", "student_id.name")
    def _compute_display_name(self):
        for absence in self:
            absence.display_name = f"{absence.student_id.name}: {absence.code}"

    @api.model_create_multi
    def create(self, vals_list):
        self._check_no_duplicate(vals_list)
        return super().create(vals_list)

    @api.model
    def _check_no_duplicate(self, vals_list):
        pairs = [(vals.get("lesson_id"), vals.get("student_id")) for vals in vals_list]
        duplicate = len(set(pairs)) != len(pairs)
        # the set-based save has just read the absences of its cells (all of them: who
        # may create an absence in a lesson reads that lesson's absences)
        known = self.env.cr.cache.get(SAVE_PLAN, {}).get("absences")
        if (
            not duplicate
            and known
            and all(
                lesson_id in known["lessons"] and student_id in known["students"]
                for lesson_id, student_id in pairs
            )
        ):
            duplicate = bool(known["found"].intersection(pairs))
        elif not duplicate:
            lesson_ids = {lesson_id for lesson_id, _student in pairs}
            existing = self.sudo().search_read(
                [("lesson_id", "in", list(lesson_ids))], ["lesson_id", "student_id"]
            )
            known = {(row["lesson_id"][0], row["student_id"][0]) for row in existing}
            duplicate = bool(known & set(pairs))
        if duplicate:
            raise ValidationError(
                self.env._("The student already has an absence recorded for this lesson.")
            )

    def _audit_value(self):
        self.ensure_one()
        return self.code
