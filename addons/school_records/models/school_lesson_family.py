from datetime import date

from odoo import api, fields, models
from odoo.osv import expression


class SchoolLesson(models.Model):
    _inherit = "school.lesson"

    family_partner_ids = fields.Many2many(
        "res.partner",
        string="Families reading the lesson",
        compute="_compute_family_partner_ids",
        search="_search_family_partner_ids",
        help="The students of the lesson and their guardians, while the student was at "
        "school: the portal record rule of the lessons. A family whose child left reads "
        "the lessons up to the departure and none after, as the diary shows them.",
    )

    @api.depends("date", "class_id", "study_group_id")
    def _compute_family_partner_ids(self):
        for lesson in self:
            lesson.family_partner_ids = self._students_of(lesson).family_partner_ids

    @api.model
    def _students_of(self, lesson):
        lesson = lesson.sudo()
        if lesson.study_group_id:
            return lesson.study_group_id.student_ids
        return lesson.class_id.enrollment_ids.filtered(
            lambda e: e.date_from <= lesson.date and (not e.date_to or e.date_to >= lesson.date)
        ).student_id

    @api.model
    def _search_family_partner_ids(self, operator, value):
        """The lessons of the diaries of the partners' children: exactly the lessons the
        diary shows (``school.diary._lesson_domain`` within the student's time at school)."""
        if operator not in ("in", "="):
            return NotImplemented
        students = self.env["school.student"].sudo().search([("family_partner_ids", "in", value)])
        Diary = self.env["school.diary"]
        domains = []
        for student in students:
            school_range = Diary._school_range(student, date.min, date.max)
            if school_range:
                domains.append(Diary._lesson_domain(student, *school_range))
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN
