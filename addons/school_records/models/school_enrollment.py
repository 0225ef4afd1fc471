from odoo import api, fields, models
from odoo.exceptions import ValidationError

ARRIVAL_REASONS = [
    ("admission", "Admission"),
    ("transfer_in", "Transfer from another school"),
    ("class_transfer", "Transfer between classes"),
    ("promotion", "Promotion to the next grade"),
    ("repeat", "Repeating the grade"),
    ("other", "Other"),
]
DEPARTURE_REASONS = [
    ("transfer_out", "Transfer to another school"),
    ("class_transfer", "Transfer between classes"),
    ("promotion", "Promotion to the next grade"),
    ("graduation", "Graduation"),
    ("family_education", "Family education"),
    ("expulsion", "Expulsion"),
    ("other", "Other"),
]


class SchoolEnrollment(models.Model):
    """Движение обучающихся: one stay of a student in a class, with the order
    that opened it and the one that closed it. A student is in one class at a time."""

    _name = "school.enrollment"
    _description = "Enrollment"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _rec_name = "student_id"

    student_id = fields.Many2one(
        "school.student", required=True, ondelete="cascade", index=True, tracking=True
    )
    class_id = fields.Many2one(
        "school.class", required=True, ondelete="restrict", index=True, tracking=True
    )
    year_id = fields.Many2one(related="class_id.year_id", store=True)
    date_from = fields.Date(required=True, tracking=True)
    date_to = fields.Date(tracking=True)
    arrival_reason = fields.Selection(ARRIVAL_REASONS, required=True, default="admission")
    arrival_order = fields.Char(string="Arrival order", help="Order number and date")
    arrived_from = fields.Char(help="The school or class the student came from")
    departure_reason = fields.Selection(DEPARTURE_REASONS, tracking=True)
    departure_order = fields.Char(string="Departure order")
    departed_to = fields.Char(help="The school or class the student went to")
    note = fields.Text()

    _sql_constraints = [
        (
            "dates_check",
            "check(date_to IS NULL OR date_from <= date_to)",
            "An enrollment must end after it starts.",
        ),
    ]

    @api.constrains("student_id", "date_from", "date_to")
    def _check_no_overlap(self):
        for enrollment in self:
            domain = [
                ("id", "!=", enrollment.id),
                ("student_id", "=", enrollment.student_id.id),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", enrollment.date_from),
            ]
            if enrollment.date_to:
                domain.append(("date_from", "<=", enrollment.date_to))
            other = self.search(domain, limit=1)
            if other:
                raise ValidationError(
                    self.env._(
                        "%(student)s is already enrolled in class %(school_class)s from %(date)s: "
                        "a student studies in one class at a time. Close that enrollment "
                        "first.",
                        student=enrollment.student_id.name,
                        date=other.date_from,
                        school_class=other.class_id.name,
                    )
                )

    @api.constrains("date_from", "date_to", "class_id")
    def _check_within_year(self):
        for enrollment in self:
            year = enrollment.class_id.year_id
            if not year.date_start <= enrollment.date_from <= year.date_end:
                raise ValidationError(
                    self.env._(
                        "The enrollment date %(date)s is outside the academic year %(year)s.",
                        date=enrollment.date_from,
                        year=year.name,
                    )
                )

    @api.depends("student_id.name", "class_id.name")
    def _compute_display_name(self):
        for enrollment in self:
            enrollment.display_name = f"{enrollment.student_id.name} — {enrollment.class_id.name}"

    def _close(self, day, reason, order=None, destination=None):
        self.write(
            {
                "date_to": day,
                "departure_reason": reason,
                "departure_order": order,
                "departed_to": destination,
            }
        )
