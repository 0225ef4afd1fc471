from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .school_certificate_blank import WORKFLOW, check_workflow_fields


class SchoolCertificateRegisterCorrection(models.Model):
    """A certified correction of the registration book (seed 003 §7.3.5): it refers to
    the number of the entry, says what is corrected and how, and counts once the
    director signed it and the seal is affixed. The entry itself stays as written.

    The secretary drafts the correction; only the director certifies it."""

    _name = "school.certificate.register.correction"
    _description = "Certificate Registration Correction"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "register_id, id"

    entry_id = fields.Many2one(
        "school.certificate.register.entry",
        string="Entry",
        required=True,
        ondelete="restrict",
        index=True,
    )
    register_id = fields.Many2one(
        related="entry_id.register_id", store=True, index=True, string="Registration book"
    )
    entry_number = fields.Integer(related="entry_id.sequence", store=True)
    corrected_item = fields.Char(
        string="What is corrected", required=True, help="For example «blank number»."
    )
    wrong_text = fields.Char(string="As written", required=True)
    correct_text = fields.Char(string="Correct", required=True)
    reason = fields.Text()
    state = fields.Selection(
        [("draft", "Draft"), ("certified", "Certified")],
        default="draft",
        required=True,
        tracking=True,
    )
    director_id = fields.Many2one("res.users", string="Certified by", readonly=True)
    certified_on = fields.Date(readonly=True)

    def write(self, vals):
        check_workflow_fields(self, vals, {"state", "director_id", "certified_on"})
        if self.filtered(lambda c: c.state == "certified") and vals.keys() - {
            "message_main_attachment_id"
        }:
            raise UserError(self.env._("A certified correction cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda c: c.state == "certified"):
            raise UserError(self.env._("A certified correction cannot be deleted."))

    def action_certify(self):
        """The director's signature and the school's seal."""
        if not self.env.user.has_group("school_records.group_director"):
            raise AccessError(self.env._("Only the director certifies corrections."))
        self.sudo().with_context(**{WORKFLOW: True}).write(
            {
                "state": "certified",
                "director_id": self.env.uid,
                "certified_on": fields.Date.context_today(self),
            }
        )
        return True
