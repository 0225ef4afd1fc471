from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    school_certificate_include_period_marks = fields.Boolean(
        string="Period marks in certificate final marks",
        help="The quarter and half-year marks enter the mean that gives the final mark of "
        "the certificate, with the year and exam marks (Order 546 lets the school decide). "
        "Off: year and exam marks only.",
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
