import io

from odoo import api, fields, models

from odoo.addons.school_records.tools.xlsx import new_workbook


class SchoolAchievementExport(models.TransientModel):
    """The achievements of a class as an XLSX workbook, for the class teacher's reports.
    It reads with the user's own rights: a class teacher gets the entries of their class."""

    _name = "school.achievement.export"
    _inherit = ["school.report.download.mixin"]
    _description = "Export Class Achievements"

    class_id = fields.Many2one("school.class", string="Class", required=True)
    accepted_only = fields.Boolean(default=True, help="Leave out entries not yet accepted.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "class_id" in fields_list and not values.get("class_id"):
            own_class = self.env["school.class"].search(
                [("class_teacher_id", "=", self.env.uid)], limit=1
            )
            values["class_id"] = own_class.id
        return values

    def action_export(self):
        self.ensure_one()
        return self._download(
            self._xlsx_content(),
            self.env._("Achievements %(school_class)s.xlsx", school_class=self.class_id.name),
        )

    def _entries(self):
        domain = [("class_id", "=", self.class_id.id)]
        if self.accepted_only:
            domain.append(("state", "=", "accepted"))
        return self.env["school.achievement"].search(domain, order="student_id, date, id")

    def _headers(self):
        return [
            self.env._("No."),
            self.env._("Student"),
            self.env._("Date"),
            self.env._("Event"),
            self.env._("Category"),
            self.env._("Level"),
            self.env._("Result"),
            self.env._("Subject or direction"),
            self.env._("Organiser"),
            self.env._("Source"),
            self.env._("Confirmed by a document"),
            self.env._("Status"),
        ]

    def _row(self, number, entry):
        def label(field_name):
            field = entry._fields[field_name]
            return dict(field._description_selection(self.env)).get(entry[field_name]) or ""

        return [
            number,
            entry.student_id.name,
            entry.date.strftime("%d.%m.%Y"),
            entry.name,
            label("category"),
            label("level"),
            label("result"),
            entry.subject_id.name or entry.direction or "",
            entry.organiser or "",
            label("source"),
            self.env._("Yes") if entry.certified else self.env._("No"),
            label("state"),
        ]

    def _xlsx_content(self):
        output = io.BytesIO()
        workbook = new_workbook(self.env, output)
        sheet = workbook.add_worksheet(self.class_id.name or "-")
        title = workbook.add_format({"bold": True, "font_size": 12})
        header = workbook.add_format({"bold": True, "border": 1, "text_wrap": True})
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        sheet.write(
            0,
            0,
            self.env._(
                "Achievements of the class %(school_class)s", school_class=self.class_id.name
            ),
            title,
        )
        headers = self._headers()
        for col, text in enumerate(headers):
            sheet.write(2, col, text, header)
        for number, entry in enumerate(self._entries(), start=1):
            for col, value in enumerate(self._row(number, entry)):
                sheet.write(2 + number, col, value, cell)
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 30)
        sheet.set_column(2, 2, 11)
        sheet.set_column(3, 3, 40)
        sheet.set_column(4, len(headers) - 1, 18)
        sheet.freeze_panes(3, 2)
        workbook.close()
        return output.getvalue()
