import base64
from datetime import date

from odoo.addons.school_records.tests.common import SchoolFixture

ENTRY_DATE = date(2035, 10, 15)  # in the fixture's year, while the child is in 5А


class PortfolioFixture(SchoolFixture):
    """The school of school_records with a few portfolio entries of the child (5А, whose
    class teacher is `class_teacher`) and of another family's child (6Б)."""

    def _csrf_token(self, student):
        """The CSRF token of the student's portfolio page (an HTTP test's form posts)."""
        text = self.url_open(f"/my/portfolio/{student.id}").text
        marker = 'name="csrf_token" value="'
        start = text.index(marker) + len(marker)
        return text[start : text.index('"', start)]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Achievement = cls.env["school.achievement"]
        cls.olympiad = cls._entry(
            cls.child,
            name="Олимпиада по математике, школьный этап",
            category="olympiad",
            subject_id=cls.math.id,
            result="winner",
        )
        cls.other_entry = cls._entry(
            cls.other_child, name="Конкурс рисунков 6Б", category="contest"
        )

    @classmethod
    def _entry(cls, student, **values):
        return cls.Achievement.create(
            {"student_id": student.id, "date": ENTRY_DATE, "level": "school", **values}
        )

    @classmethod
    def _document(cls, entry, name="diploma.pdf"):
        attachment = cls.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(b"%PDF-1.4 diploma"),
                "res_model": "school.achievement",
                "res_id": entry.id,
            }
        )
        entry.document_ids = attachment
        return attachment
