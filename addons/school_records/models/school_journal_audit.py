from odoo import fields, models
from odoo.exceptions import UserError


class SchoolJournalAudit(models.Model):
    """Журнал изменений: one changed or deleted mark or absence. Never edited."""

    _name = "school.journal.audit"
    _description = "Journal Audit Entry"
    _order = "create_date desc, id desc"

    res_model = fields.Selection(
        [("school.mark", "Mark"), ("school.attendance", "Absence")],
        string="Entry",
        required=True,
        readonly=True,
    )
    res_id = fields.Integer(readonly=True)
    lesson_id = fields.Many2one("school.lesson", ondelete="set null", index=True, readonly=True)
    student_id = fields.Many2one("school.student", ondelete="cascade", index=True, readonly=True)
    assignment_id = fields.Many2one(
        related="lesson_id.assignment_id", string="Journal", readonly=True
    )
    operation = fields.Selection(
        [("write", "Changed"), ("unlink", "Deleted")], required=True, readonly=True
    )
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(readonly=True)
    reason = fields.Char(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Changed by", default=lambda self: self.env.uid, readonly=True
    )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The journal audit cannot be changed."))

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(self.env._("The journal audit cannot be deleted."))
