from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    school_certificate_include_period_marks = fields.Boolean(
        string="Period marks in certificate final marks",
        help="The quarter and half-year marks enter the mean that gives the final mark of "
        "the certificate, with the year and exam marks (Order 546 lets the school decide). "
        "Off: year and exam marks only.",
    )
