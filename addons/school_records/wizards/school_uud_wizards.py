from odoo import api, fields, models
from odoo.exceptions import UserError

from ..builders.uud import UudSummaryBuilder
from ..tools.xlsx import write_grid


class SchoolUudEntry(models.TransientModel):
    """Opens the editable list of a class's УУД assessments for the current user: the
    class teacher's (no subject) or the subject teacher's (a subject they teach there)."""

    _name = "school.uud.entry"
    _description = "Enter Learning Action Assessments"

    class_id = fields.Many2one(
        "school.class",
        string="Class",
        required=True,
        domain="[('id', 'in', allowed_class_ids)]",
    )
    subject_id = fields.Many2one(
        "school.subject",
        domain="[('id', 'in', allowed_subject_ids)]",
        help="Your subject in this class, or empty to assess as the class teacher.",
    )
    allowed_class_ids = fields.Many2many("school.class", compute="_compute_allowed")
    allowed_subject_ids = fields.Many2many("school.subject", compute="_compute_allowed")

    @api.depends("class_id")
    @api.depends_context("uid")
    def _compute_allowed(self):
        """What the pickers offer: the classes the user leads or teaches (every class
        for the deputy) and the user's subjects in the chosen class (every subject of
        the class for the deputy). The assessment checks the rights again."""
        user = self.env.user
        deputy = self.env["school.roles"]._is_deputy()
        Class = self.env["school.class"]
        classes = Class.search(
            []
            if deputy
            else [
                "|",
                ("class_teacher_id", "=", user.id),
                ("assignment_ids.teacher_id", "=", user.id),
            ]
        )
        for wizard in self:
            wizard.allowed_class_ids = classes
            assignments = wizard.class_id.sudo().assignment_ids
            if not deputy:
                assignments = assignments.filtered(lambda a: a.teacher_id == user)
            wizard.allowed_subject_ids = assignments.subject_id.sudo(False)

    def action_open(self):
        self.ensure_one()
        return self.env["school.uud.assessment"]._prepare_grid(self.class_id, self.subject_id)


class SchoolUudSummary(models.TransientModel):
    """The deputy's summary of the УУД assessments (seed 001 §3.2): per class and action,
    how many students were assessed and the share of each level, as an XLSX workbook."""

    _name = "school.uud.summary"
    _inherit = ["school.report.download.mixin"]
    _description = "Summary of Learning Action Assessments"

    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        default=lambda self: self.env["school.class.report"]._default_year(),
    )
    class_ids = fields.Many2many(
        "school.class",
        string="Classes",
        domain="[('year_id', '=', year_id)]",
        help="Leave empty for every class of the year.",
    )

    @api.model
    def _summary_table(self, classes):
        """{class: [(action, assessed, {level: share in percent})]} by the action order."""
        return UudSummaryBuilder(
            self.env, self.env["school.academic.year"], classes
        )._summary_table(classes)

    def action_print(self):
        self.ensure_one()
        classes = self.class_ids or self.env["school.class"].search(
            [("year_id", "=", self.year_id.id)]
        )
        if not classes:
            raise UserError(self.env._("The year has no classes."))
        builder = UudSummaryBuilder(self.env, self.year_id, classes)
        return self._download(
            write_grid(self.env, builder.build()),
            f"uud_{self.year_id.name}.xlsx".replace("/", "-"),
        )
