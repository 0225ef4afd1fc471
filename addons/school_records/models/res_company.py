from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # The lowest weighted average that proposes each period mark (seed 004: 2.5 → «3»,
    # 3.5 → «4», 4.5 → «5»).
    school_boundary_3 = fields.Float(string="Average for «3»", default=2.5, digits=(3, 2))
    school_boundary_4 = fields.Float(string="Average for «4»", default=3.5, digits=(3, 2))
    school_boundary_5 = fields.Float(string="Average for «5»", default=4.5, digits=(3, 2))
