from odoo import fields, models


class SchoolPersonalFile(models.Model):
    _inherit = "school.personal.file"

    # the personal and metasubject results (УУД, seed 001 §3.2) kept with the file
    uud_assessment_ids = fields.One2many(
        related="student_id.uud_assessment_ids", string="Learning actions (УУД)"
    )
