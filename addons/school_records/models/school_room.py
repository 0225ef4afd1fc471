from odoo import fields, models


class SchoolRoom(models.Model):
    """Кабинет: a room lessons take place in. Two lessons at the same time in one room
    clash, unless the room is shared (a gym, an assembly hall)."""

    _name = "school.room"
    _description = "Room"
    _order = "sequence, name"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    capacity = fields.Integer(string="Seats")
    is_shared = fields.Boolean(
        string="Shared room",
        help="Several groups may have lessons here at the same time (a gym).",
    )
    note = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_uniq", "unique(name)", "This room already exists.")]
