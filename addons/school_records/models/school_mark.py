from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class SchoolMark(models.Model):
    """Отметка. A narrow, indexed table: about 1.5 million rows a school year.

    Weighted averages are computed in SQL from `numeric_value` and `weight`
    where `counts_in_average` is set, by the journal service (``school.journal``)."""

    _name = "school.mark"
    _description = "Mark"
    _inherit = ["school.journal.entry.mixin"]
    _order = "date desc, id"

    value_id = fields.Many2one("school.mark.value", string="Mark", required=True)
    numeric_value = fields.Float(related="value_id.numeric_value", store=True, precompute=True)
    counts_in_average = fields.Boolean(
        related="value_id.counts_in_average", store=True, precompute=True
    )
    work_type_id = fields.Many2one(
        "school.work.type",
        string="Work type",
        required=True,
        compute="_compute_work_type_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    weight = fields.Float(related="work_type_id.weight", store=True, digits=(3, 1), precompute=True)
    comment = fields.Char()

    def init(self):
        tools.create_index(
            self.env.cr,
            "school_mark_assignment_student_idx",
            self._table,
            ["assignment_id", "student_id", "date"],
        )
        tools.create_index(
            self.env.cr, "school_mark_student_date_idx", self._table, ["student_id", "date"]
        )

    @api.depends("lesson_id.work_type_id")
    def _compute_work_type_id(self):
        # env.ref without its existence query (a batch of marks computes this once)
        default = self.env["school.work.type"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "school_records.school_work_type_answer", raise_if_not_found=False
            )
        )
        for mark in self:
            if not mark.work_type_id:
                mark.work_type_id = mark.lesson_id.work_type_id or default

    @api.depends("value_id.code", "work_type_id.code")
    def _compute_display_name(self):
        for mark in self:
            mark.display_name = mark._audit_value()

    @api.constrains("value_id")
    def _check_value_on_scale(self):
        for mark in self:
            if not mark.value_id.active or not mark.value_id.usable_as_current:
                raise ValidationError(
                    self.env._(
                        "«%(mark)s» is not a mark of the school's scale for lessons.",
                        mark=mark.value_id.code,
                    )
                )

    def _audit_value(self):
        self.ensure_one()
        return f"{self.value_id.code} ({self.work_type_id.code})"

    @api.model
    def _value_for_code(self, code):
        """The scale value a teacher typed, or a clear error."""
        value = self.env["school.mark.value"].search(
            [("code", "=", (code or "").strip()), ("usable_as_current", "=", True)], limit=1
        )
        if not value:
            raise ValidationError(
                self.env._("«%(mark)s» is not a mark of the school's scale.", mark=code)
            )
        return value
