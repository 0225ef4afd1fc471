from odoo import fields, models

from .school_certificate_exam import HONOURS_EXAM_RULES


class ResCompany(models.Model):
    _inherit = "res.company"

    school_certificate_include_period_marks = fields.Boolean(
        string="Period marks in certificate final marks",
        help="The quarter and half-year marks enter the mean that gives the final mark of "
        "the certificate, with the year and exam marks (Order 546 lets the school decide). "
        "Off: year and exam marks only.",
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
