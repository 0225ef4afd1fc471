from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # The lowest weighted average that proposes each period mark (seed 004: 2.5 → «3»,
    # 3.5 → «4», 4.5 → «5»).
    school_boundary_3 = fields.Float(string="Average for «3»", default=2.5, digits=(3, 2))
    school_boundary_4 = fields.Float(string="Average for «4»", default=3.5, digits=(3, 2))
    school_boundary_5 = fields.Float(string="Average for «5»", default=4.5, digits=(3, 2))
    school_min_marks_per_period = fields.Integer(
        string="Marks needed for a period mark",
        default=3,
        help="With fewer marks the proposed period mark is flagged as not confident.",
    )
    school_min_control_per_period = fields.Integer(
        string="Control works needed for a period mark", default=1
    )
    school_class_teacher_sets_period_marks = fields.Boolean(
        string="Class teachers may set period marks",
        help="Seed 004 §4.5: the class teacher may set the period marks of every subject "
        "of the class.",
    )
