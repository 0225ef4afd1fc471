from odoo import fields, models

COUNCIL_READERS = (
    "school_records.group_class_teacher,school_records.group_secretary,"
    "school_records.group_archivist"
)


class SchoolStudent(models.Model):
    _inherit = "school.student"

    council_decision_line_ids = fields.One2many(
        "school.council.decision.line",
        "student_id",
        string="Council decisions",
        domain=[("state", "=", "confirmed")],
        groups=COUNCIL_READERS,
    )
    last_council_decision = fields.Char(
        compute="_compute_last_council_decision",
        help="The latest confirmed decision of the pedagogical council.",
        groups=COUNCIL_READERS,
    )

    def _compute_last_council_decision(self):
        lines = (
            self.env["school.council.decision.line"]
            .sudo()
            .search(
                [("student_id", "in", self.ids), ("state", "=", "confirmed")],
                order="protocol_date desc, id desc",
            )
        )
        latest = {}
        for line in lines:
            latest.setdefault(line.student_id.id, line.text)
        for student in self:
            student.last_council_decision = latest.get(student.id, False)
