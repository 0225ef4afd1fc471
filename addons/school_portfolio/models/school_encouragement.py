from odoo import api, fields, models

KINDS = [
    ("gratitude", "Gratitude"),
    ("merit_certificate", "Certificate of merit"),
    ("award", "Award"),
]


class SchoolEncouragement(models.Model):
    """Поощрение обучающегося (seed 003 §3.3): a gratitude, a certificate of merit or an
    award, given by the director's order. Shown in the student's portfolio."""

    _name = "school.encouragement"
    _description = "Student Encouragement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    student_id = fields.Many2one(
        "school.student", required=True, index=True, ondelete="restrict", tracking=True
    )
    class_id = fields.Many2one("school.class", compute="_compute_class_id", store=True, index=True)
    kind = fields.Selection(KINDS, string="Type", required=True, default="gratitude", tracking=True)
    reason = fields.Text(required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    order_number = fields.Char(tracking=True)
    order_date = fields.Date(tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("date", "student_id.enrollment_ids.class_id")
    def _compute_class_id(self):
        for encouragement in self:
            student = encouragement.student_id
            school_class = student._class_on(encouragement.date) if encouragement.date else False
            encouragement.class_id = school_class or student.class_id

    @api.depends("kind", "student_id.name", "date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for encouragement in self:
            encouragement.display_name = " — ".join(
                part
                for part in (kinds.get(encouragement.kind), encouragement.student_id.name)
                if part
            )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["school.student"].browse(
            [vals["student_id"] for vals in vals_list if vals.get("student_id")]
        )._check_portfolio_open()
        return super().create(vals_list)

    def write(self, vals):
        self.student_id._check_portfolio_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_portfolio_open(self):
        self.student_id._check_portfolio_open()
