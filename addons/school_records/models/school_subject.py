from odoo import fields, models


class SchoolSubject(models.Model):
    """Учебный предмет (or course) of the curriculum."""

    _name = "school.subject"
    _description = "Subject"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    short_name = fields.Char(help="As printed in narrow journal columns")
    code = fields.Char()
    sequence = fields.Integer(default=10)
    graded = fields.Boolean(
        default=True,
        help="Unticked for subjects assessed pass/fail (зачёт) without marks.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_uniq", "unique(name)", "This subject already exists.")]
