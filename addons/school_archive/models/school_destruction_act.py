from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SchoolDestructionAct(models.Model):
    """Акт о выделении к уничтожению (seed 000 §3.1.9, seed 003 §7.3.4).

    - the archivist drafts it with units whose retention is over;
    - the expert commission (a deputy director) approves it;
    - the director signs it;
    - only then does the archivist destroy the files (both copies): each unit stays as a
      tombstone that says what was destroyed, when, under which act, with the digests."""

    _name = "school.destruction.act"
    _description = "Act of Destruction"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("New act"), tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    archivist_id = fields.Many2one(
        "res.users", string="Archivist", default=lambda self: self.env.user, readonly=True
    )
    record_ids = fields.Many2many(
        "school.archive.record",
        string="Units",
        domain="[('state', '=', 'expired')]",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved by the expert commission"),
            ("signed", "Signed by the director"),
            ("done", "Destroyed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    signed_by_id = fields.Many2one("res.users", string="Signed by", readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    destroyed_on = fields.Datetime(readonly=True, copy=False)
    record_count = fields.Integer(compute="_compute_record_count", string="Units count")

    @api.depends("record_ids")
    def _compute_record_count(self):
        for act in self:
            act.record_count = len(act.record_ids)

    @api.constrains("record_ids", "state")
    def _check_records_expired(self):
        for act in self.filtered(lambda a: a.state in ("draft", "approved", "signed")):
            early = act.record_ids.filtered(lambda r: not r._is_expired())
            if early:
                raise ValidationError(
                    self.env._(
                        "Only units whose retention is over may be proposed for destruction: %s.",
                        ", ".join(early.mapped("name")),
                    )
                )

    def write(self, vals):
        if "record_ids" in vals and self.filtered(lambda a: a.state != "draft"):
            raise UserError(self.env._("The units of an approved act cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda a: a.state not in ("draft", "cancel")):
            raise UserError(self.env._("Only a draft act can be deleted."))

    # workflow --------------------------------------------------------------------------------
    def action_approve(self):
        self._check_step("draft", "school_records.group_deputy")
        if not self.record_ids:
            raise UserError(self.env._("The act lists no units."))
        self.write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_on": fields.Datetime.now(),
            }
        )

    def action_sign(self):
        self._check_step("approved", "school_records.group_director")
        self.write(
            {"state": "signed", "signed_by_id": self.env.uid, "signed_on": fields.Datetime.now()}
        )

    def action_destroy(self):
        self._check_step("signed", "school_records.group_archivist")
        for act in self:
            act.record_ids._destroy(act)
        self.write({"state": "done", "destroyed_on": fields.Datetime.now()})

    def action_cancel(self):
        if self.filtered(lambda a: a.state == "done"):
            raise UserError(self.env._("The files are already destroyed."))
        self.write({"state": "cancel"})

    def action_draft(self):
        self._check_step("cancel", "school_records.group_archivist")
        self.write({"state": "draft"})

    def _check_step(self, state, group):
        if not self.env.su and not self.env.user.has_group(group):
            raise UserError(self.env._("You may not take this step of the act."))
        if self.filtered(lambda act: act.state != state):
            raise UserError(self.env._("The act is not at this step."))
