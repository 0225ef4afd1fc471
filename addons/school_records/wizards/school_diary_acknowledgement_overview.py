from markupsafe import Markup, escape

from odoo import api, fields, models


class SchoolDiaryAcknowledgementOverview(models.TransientModel):
    """The class teacher's page of a week: which families have acknowledged the diary
    («Ознакомлен») and which have not."""

    _name = "school.diary.acknowledgement.overview"
    _description = "Diary Acknowledgements of a Week"

    class_id = fields.Many2one("school.class", required=True)
    day = fields.Date(string="Week of", required=True, default=fields.Date.context_today)
    week_start = fields.Date(compute="_compute_table")
    acknowledged_count = fields.Integer(compute="_compute_table")
    missing_count = fields.Integer(string="Not acknowledged", compute="_compute_table")
    table = fields.Html(compute="_compute_table", sanitize=False)

    @api.depends("class_id", "day")
    def _compute_table(self):
        for overview in self:
            rows = overview._rows()
            overview.week_start = overview.day and self.env["school.diary"].week_start(overview.day)
            overview.acknowledged_count = sum(1 for row in rows if row["acknowledged"])
            overview.missing_count = len(rows) - overview.acknowledged_count
            overview.table = overview._render(rows)

    def _rows(self):
        if not (self.class_id and self.day):
            return []
        week_start = self.env["school.diary"].week_start(self.day)
        students = self.class_id._students_on(week_start)[self.class_id].sorted("name")
        acknowledgements = self.env["school.diary.acknowledgement"].search(
            [("student_id", "in", students.ids), ("week_start", "=", week_start)]
        )
        by_student = {}
        for ack in acknowledgements:
            by_student.setdefault(ack.student_id, ack)
        return [
            {
                "student": student.name,
                "acknowledged": by_student.get(student),
            }
            for student in students
        ]

    def _render(self, rows):
        head = Markup("<tr><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            self.env._("Student"),
            self.env._("Acknowledged by"),
            self.env._("When"),
        )
        body = Markup("").join(
            Markup('<tr class="%s"><td>%s</td><td>%s</td><td>%s</td></tr>')
            % (
                "" if row["acknowledged"] else "table-warning",
                row["student"],
                row["acknowledged"].partner_id.name
                if row["acknowledged"]
                else self.env._("not yet"),
                fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(self, row["acknowledged"].acknowledged_on)
                )[:16]
                if row["acknowledged"]
                else "",
            )
            for row in rows
        )
        return Markup('<table class="table table-sm o_diary_ack_table">%s%s</table>') % (
            head,
            body or escape(""),
        )
