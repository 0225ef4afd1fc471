from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.school_certificate import LEVEL_OF_GRADE


class SchoolCertificatePrepare(models.TransientModel):
    """«Prepare certificates» of a graduating class (9th or 11th grade): one draft
    certificate per student of the class at the end of the year who has none yet, with
    the final marks computed, and the next blanks in stock if asked."""

    _name = "school.certificate.prepare"
    _description = "Prepare Certificates"

    class_id = fields.Many2one(
        "school.class",
        required=True,
        domain="[('level_number', 'in', (9, 11))]",
        default=lambda self: self._default_class(),
    )
    assign_blanks = fields.Boolean(
        string="Assign blanks", help="Give each certificate the next blank in stock."
    )

    @api.model
    def _default_class(self):
        if self.env.context.get("active_model") == "school.class":
            return self.env.context.get("active_id")
        return False

    def action_prepare(self):
        self.ensure_one()
        level = LEVEL_OF_GRADE.get(self.class_id.level_number)
        if not level:
            raise UserError(self.env._("Certificates are prepared for 9th and 11th grades."))
        certificates = self._create_drafts(level)
        if not certificates:
            raise UserError(self.env._("Every graduate of the class has a certificate."))
        certificates._compute_final_marks()
        if self.assign_blanks:
            certificates._assign_blanks(certificates)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Certificates"),
            "res_model": "school.certificate",
            "view_mode": "list,form",
            "domain": [("id", "in", certificates.ids)],
        }

    def _graduates(self):
        year = self.class_id.year_id
        day = max(year.date_start, min(fields.Date.context_today(self), year.date_end))
        return self.class_id._students_on(day)[self.class_id]

    def _create_drafts(self, level):
        graduates = self._graduates()
        existing = self.env["school.certificate"].search(
            [
                ("student_id", "in", graduates.ids),
                ("level", "=", level),
                ("is_duplicate", "=", False),
                ("state", "!=", "cancelled"),
            ]
        )
        todo = graduates - existing.student_id
        return self.env["school.certificate"].create(
            [
                {
                    "student_id": student.id,
                    "level": level,
                    "year_id": self.class_id.year_id.id,
                    "class_id": self.class_id.id,
                }
                for student in todo.sorted("name")
            ]
        )
