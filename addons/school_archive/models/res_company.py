from odoo import fields, models

from .school_certificate_exam import HONOURS_EXAM_RULES


class ResCompany(models.Model):
    _inherit = "res.company"

    # the mathematics of the updated programmes in the certificates (regional instructions
    # differ): one final mark «Математика» from the year marks of its courses, or one each
    school_certificate_math_mean = fields.Boolean(
        string="Mathematics as one final mark",
        default=True,
        help="The updated programmes give algebra, geometry, probability and statistics "
        "their own year marks: the certificate's «Математика» is then the mean of those "
        "year marks (and of the exam mark in the 9th grade). Off: each course has its own "
        "final mark in the certificate.",
    )
    school_certificate_math_subject_id = fields.Many2one(
        "school.subject",
        string="Mathematics subject",
        help="The subject the certificate names «Математика». Empty: the subject named "
        "«Математика».",
    )
    school_certificate_math_course_ids = fields.Many2many(
        "school.subject",
        "res_company_school_certificate_math_course_rel",
        "company_id",
        "subject_id",
        string="Mathematics courses",
        help="The courses whose year marks make the final mark in mathematics. Empty: the "
        "subjects named «Алгебра», «Геометрия» and «Вероятность и статистика».",
    )
    school_certificate_honours_exam_rule = fields.Selection(
        HONOURS_EXAM_RULES,
        string="Honours of the secondary certificate",
        default="russian_math",
        help="The exam results the 11th-grade certificate with honours needs besides the "
        "final marks «5»: ЕГЭ in Russian and mathematics (Order 546), in Russian and one "
        "more subject (the rule of the medal of the 1st degree, Order 730) or none.",
    )
    school_certificate_honours_min_points = fields.Integer(
        string="Honours ЕГЭ points",
        default=70,
        help="The least ЕГЭ test points an exam of the honours rule needs.",
    )
    # seed 000 §3.4: the director's order appoints who keeps the basic certificates
    school_certificate_custody_responsible_id = fields.Many2one(
        "res.users",
        string="Keeps the certificates in custody",
        help="Appointed by the director's order to keep the basic certificates of the "
        "10th–11th grade students. New custody records and the to-dos to accept a "
        "certificate go to this person.",
    )
    school_certificate_custody_order_number = fields.Char(
        string="Custody order number",
        help="The director's order that appoints the person keeping the certificates; "
        "new custody records take it.",
    )
    school_certificate_custody_order_date = fields.Date(string="Custody order date")
