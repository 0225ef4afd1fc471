from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DIRECTOR = "school_records.group_director"
ARCHIVIST = "school_records.group_archivist"
COMMISSION = "school_records.group_deputy"


class SchoolDestructionAct(models.Model):
    """Акт о выделении к уничтожению (seed 000 §3.1.9, seed 003 §7.3.4).

    - the archivist drafts it with units whose retention is over;
    - the expert commission (a deputy director) approves it;
    - the director signs it;
    - only then does the archivist destroy the files (both copies): each unit stays as a
      tombstone that says what was destroyed, when, under which act, with the digests.

    Each step is another person's: the commission member who approves is not the
    archivist who drafted, the director who signs is not the commission member who
    approved, and the archivist who destroys is not the director who signed. The state,
    the approvals and the execution change only through these buttons."""

    _name = "school.destruction.act"
    _description = "Act of Destruction"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = (
        "state",
        "archivist_id",
        "approved_by_id",
        "approved_on",
        "signed_by_id",
        "signed_on",
        "destroyed_on",
    )
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
        """The expert commission approves the list: a member other than the archivist
        who drafted it."""
        self._check_step("draft", COMMISSION, self.env._("the expert commission"))
        if not self.record_ids:
            raise UserError(self.env._("The act lists no units."))
        for act in self:
            act._check_not_same_person(act.archivist_id, self.env._("the archivist"))
        self._workflow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_on": fields.Datetime.now(),
            }
        )
        return True

    def action_sign(self):
        """The director signs an act the commission approved: never one they approved
        themself as the commission."""
        self._check_step("approved", DIRECTOR, self.env._("the director"))
        for act in self:
            act._check_not_same_person(act.approved_by_id, self.env._("the expert commission"))
            act._check_not_same_person(act.archivist_id, self.env._("the archivist"))
        self._workflow_write(
            {"state": "signed", "signed_by_id": self.env.uid, "signed_on": fields.Datetime.now()}
        )
        return True

    def action_destroy(self):
        """The archivist destroys the files of a signed act: not the director who
        signed it."""
        self._check_step("signed", ARCHIVIST, self.env._("the archivist"), director_may=False)
        for act in self:
            act._check_not_same_person(act.signed_by_id, self.env._("the director"))
            act._check_not_same_person(act.approved_by_id, self.env._("the expert commission"))
        for act in self:
            act.record_ids._destroy(act)
        self._workflow_write({"state": "done", "destroyed_on": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._check_school_role(
            ARCHIVIST, COMMISSION, role=self.env._("the archivist or the expert commission")
        )
        if self.filtered(lambda a: a.state == "done"):
            raise UserError(self.env._("The files are already destroyed."))
        self._workflow_write({"state": "cancel"})
        return True

    def action_draft(self):
        self._check_step("cancel", ARCHIVIST, self.env._("the archivist"), director_may=False)
        self._workflow_write(
            {
                "state": "draft",
                "archivist_id": self.env.uid,
                "approved_by_id": False,
                "approved_on": False,
                "signed_by_id": False,
                "signed_on": False,
            }
        )
        return True

    def _check_step(self, state, group, role, director_may=True):
        self._check_school_role(group, role=role, director_may=director_may)
        if self.filtered(lambda act: act.state != state):
            raise UserError(self.env._("The act is not at this step."))
