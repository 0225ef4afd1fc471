from odoo import models


class SchoolClass(models.Model):
    _inherit = "school.class"

    def _council_decisions(self, year):
        """The confirmed decisions of the year, in protocol order («допущен к ГИА, …;
        выдан аттестат …, …»), for the summary statement's last column."""
        result = super()._council_decisions(year)
        lines = (
            self.env["school.council.decision.line"]
            .sudo()
            .search_fetch(
                [
                    ("class_id", "in", self.ids),
                    ("state", "=", "confirmed"),
                    ("year_id", "=", year.id),
                ],
                ["class_id", "student_id", "text"],
                order="protocol_date, id",
            )
        )
        for line in lines:
            key = (line.class_id.id, line.student_id.id)
            result[key] = "; ".join(filter(None, (result.get(key), line.text)))
        return result
