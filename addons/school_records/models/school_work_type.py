from odoo import fields, models


class SchoolWorkType(models.Model):
    """Вид работы (ответ на уроке, самостоятельная, контрольная...) and its weight
    in the weighted average."""

    _name = "school.work.type"
    _description = "Work Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code printed in the journal")
    weight = fields.Float(default=1.0, digits=(3, 1), required=True)
    is_control = fields.Boolean(
        string="Control work", help="Its marks are due within one day of the lesson."
    )
    is_vsoko = fields.Boolean(
        string="ВСОКО",
        help="A work of the internal quality monitoring (ВСОКО, seed 001 §5.3): the "
        "«Control works (internal quality assessment)» report keeps its results apart.",
    )
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "This work type code already exists."),
        ("weight_check", "check(weight > 0)", "The weight must be positive."),
    ]
