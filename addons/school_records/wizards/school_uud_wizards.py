import io

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.school_uud import UUD_LEVELS, education_level_of
from ..tools.xlsx import new_workbook


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
        deputy = user.has_group("school_records.group_deputy")
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
        counts = self.env["school.uud.assessment"]._summary(classes)
        Uud = self.env["school.uud"].with_context(active_test=False)
        result = {}
        for school_class in classes:
            uuds = Uud.search(
                [("education_level", "=", education_level_of(school_class.level_number))]
            )
            rows = []
            for uud in uuds:
                levels = counts.get((school_class.id, uud.id), {})
                assessed = sum(levels.values())
                if not assessed and not uud.active:
                    continue
                rows.append(
                    (
                        uud,
                        assessed,
                        {
                            level: round(100.0 * levels.get(level, 0) / assessed, 1)
                            if assessed
                            else 0.0
                            for level, _label in UUD_LEVELS
                        },
                    )
                )
            result[school_class] = rows
        return result

    def action_print(self):
        self.ensure_one()
        classes = self.class_ids or self.env["school.class"].search(
            [("year_id", "=", self.year_id.id)]
        )
        if not classes:
            raise UserError(self.env._("The year has no classes."))
        table = self._summary_table(classes)
        kinds = dict(self.env["school.uud"]._fields["kind"]._description_selection(self.env))
        level_labels = dict(
            self.env["school.uud.assessment"]._fields["level"]._description_selection(self.env)
        )
        output = io.BytesIO()
        book = new_workbook(self.env, output)
        head = book.add_format({"bold": True, "border": 1, "text_wrap": True})
        cell = book.add_format({"border": 1})
        for school_class, rows in table.items():
            sheet = book.add_worksheet(school_class.name)
            sheet.write(
                0,
                0,
                self.env._(
                    "Learning actions (УУД) of class %(class)s, %(year)s",
                    **{"class": school_class.name},
                    year=self.year_id.name,
                ),
                head,
            )
            headers = [self.env._("Kind"), self.env._("Learning action"), self.env._("Assessed")]
            headers += [f"{level_labels[level]}, %" for level, _label in UUD_LEVELS]
            for col, header in enumerate(headers):
                sheet.write(2, col, header, head)
            sheet.set_column(0, 0, 16)
            sheet.set_column(1, 1, 50)
            sheet.set_column(2, 5, 12)
            for row, (uud, assessed, shares) in enumerate(rows, start=3):
                values = [kinds.get(uud.kind, ""), uud.name, assessed]
                values += [shares[level] for level, _label in UUD_LEVELS]
                for col, value in enumerate(values):
                    sheet.write(row, col, value, cell)
        book.close()
        return self._download(output.getvalue(), f"uud_{self.year_id.name}.xlsx".replace("/", "-"))
