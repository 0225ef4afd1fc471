"""The achievements of a class's students as a grid, one line per achievement, for the
class teacher's XLSX (``school.achievement.export``)."""

from odoo.addons.school_records.builders.grid import GridBook


class AchievementBuilder:
    """The achievements of ``school_class`` (only the accepted ones if ``accepted_only``),
    read with the user's own rights: a class teacher gets the entries of their class."""

    def __init__(self, env, school_class, accepted_only=True):
        self.env = env
        self.school_class = school_class
        self.accepted_only = accepted_only

    def _entries(self):
        domain = [("class_id", "=", self.school_class.id)]
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

    def build(self):
        workbook = GridBook({})
        sheet = workbook.add_worksheet(self.school_class.name or "-")
        title = workbook.add_format({"bold": True, "font_size": 12}, name="title")
        header = workbook.add_format({"bold": True, "border": 1, "text_wrap": True}, name="head")
        cell = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"}, name="cell")
        sheet.write(
            0,
            0,
            self.env._(
                "Achievements of the class %(school_class)s", school_class=self.school_class.name
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
        return workbook
