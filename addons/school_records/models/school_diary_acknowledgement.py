from odoo import api, fields, models
from odoo.exceptions import AccessError


class SchoolDiaryAcknowledgement(models.Model):
    """«Ознакомлен»: a guardian confirms having seen a student's week in the diary
    (seed 001 §5.5, where the paper diary is signed by the parent every week)."""

    _name = "school.diary.acknowledgement"
    _description = "Diary Acknowledgement"
    _order = "week_start desc, student_id"
    _rec_name = "student_id"

    student_id = fields.Many2one("school.student", required=True, ondelete="cascade", index=True)
    class_id = fields.Many2one("school.class", required=True, ondelete="cascade", index=True)
    week_start = fields.Date(string="Week of", required=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Acknowledged by", required=True)
    acknowledged_on = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        (
            "week_uniq",
            "unique(student_id, week_start, partner_id)",
            "This week is already acknowledged.",
        )
    ]

    @api.model
    def _acknowledge(self, student, day):
        """The current portal user acknowledges `student`'s week of `day`; callers
        have checked that the user may read the student."""
        partner = self.env.user.partner_id
        if partner not in student.sudo().guardian_ids and partner != student.sudo().partner_id:
            raise AccessError(self.env._("Only the student's family acknowledges the diary."))
        week_start = self.env["school.diary"].week_start(day)
        existing = self.sudo().search(
            [
                ("student_id", "=", student.id),
                ("week_start", "=", week_start),
                ("partner_id", "=", partner.id),
            ]
        )
        if existing:
            return existing
        school_class = student.sudo()._class_on(week_start) or student.sudo().class_id
        return self.sudo().create(
            {
                "student_id": student.id,
                "class_id": school_class.id,
                "week_start": week_start,
                "partner_id": partner.id,
            }
        )
