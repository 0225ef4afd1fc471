from odoo import api, fields, models
from odoo.exceptions import UserError


class SchoolCertificateRegisterCorrection(models.Model):
    """A certified correction of the registration book (seed 003 §7.3.5): it refers to
    the number of the entry, says what is corrected and how, and counts once the
    director signed it and the seal is affixed. The entry itself stays as written.

    The secretary drafts the correction; only the director certifies it, through the
    button (the status and the certification are never written otherwise)."""

    _name = "school.certificate.register.correction"
    _description = "Certificate Registration Correction"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "director_id", "certified_on")
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
        self._check_school_role("school_records.group_director", role=self.env._("the director"))
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("The correction is already certified."))
        self._workflow_write(
            {
                "state": "certified",
                "director_id": self.env.uid,
                "certified_on": self.env["school.journal"]._today(),
            }
        )
        return True
