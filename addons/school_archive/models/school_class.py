from odoo import models


class SchoolClassReport(models.TransientModel):
    _inherit = "school.class.report"

    def _council_decisions(self, classes):
        """The confirmed decisions of the year, in protocol order («допущен к ГИА, …;
        выдан аттестат …, …»), for the summary statement's last column."""
        result = super()._council_decisions(classes)
        lines = (
            self.env["school.council.decision.line"]
            .sudo()
            .search_fetch(
                [
                    ("class_id", "in", classes.ids),
                    ("state", "=", "confirmed"),
                    ("year_id", "=", self.year_id.id),
                ],
                ["class_id", "student_id", "text"],
                order="protocol_date, id",
            )
        )
        for line in lines:
            key = (line.class_id.id, line.student_id.id)
            result[key] = "; ".join(filter(None, (result.get(key), line.text)))
        return result
