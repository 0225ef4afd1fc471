import secrets

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..builders.diary_usage import DiaryUsageBuilder
from .school_portal_access_wizard import PASSWORD_ALPHABET, PASSWORD_LENGTH


class SchoolDiaryUsage(models.TransientModel):
    """How the class's families and students use the electronic diary (seed 004 §4.5,
    000 §3.1.8): each person's portal access, last login, logins and «Ознакомлен» of the
    last 30 days. The class teacher revokes a person's access or resets the password,
    with the rights of the portal access wizard (her own class; deputies, the director
    and the secretary for any class)."""

    _name = "school.diary.usage"
    _description = "Diary Usage of a Class"

    class_id = fields.Many2one(
        "school.class", string="Class", required=True, default=lambda self: self._default_class()
    )
    line_ids = fields.One2many(
        "school.diary.usage.line", "usage_id", string="People", readonly=True
    )

    @api.model
    def _default_class(self):
        return self.env["school.class"].search(
            [("class_teacher_id", "=", self.env.uid)], order="year_id desc", limit=1
        )

    @api.model_create_multi
    def create(self, vals_list):
        usages = super().create(vals_list)
        for usage in usages:
            usage._refresh()
        return usages

    def action_refresh(self):
        self.ensure_one()
        self._refresh()
        return self._action_reopen()

    def _refresh(self):
        self.env["school.portal.access.wizard"]._check_can_issue(self.class_id)
        lines = DiaryUsageBuilder(self.env, self.class_id).lines()
        self.sudo().line_ids = [Command.clear()] + [Command.create(vals) for vals in lines]

    def _action_reopen(self):
        return {
            "name": self.env._("Diary usage"),
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "res_id": self.id,
            "target": "current",
        }


class SchoolDiaryUsageLine(models.TransientModel):
    _name = "school.diary.usage.line"
    _description = "Diary Usage of a Person"
    _order = "id"

    usage_id = fields.Many2one("school.diary.usage", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Person", readonly=True)
    role = fields.Selection([("student", "Student"), ("guardian", "Guardian")], readonly=True)
    students = fields.Char(readonly=True)
    portal_access = fields.Boolean(string="Has access", readonly=True)
    last_login = fields.Datetime(readonly=True)
    login_count = fields.Integer(string="Logins in 30 days", readonly=True)
    acknowledgement_count = fields.Integer(string="Acknowledged weeks", readonly=True)
    last_acknowledgement = fields.Datetime(string="Last acknowledged", readonly=True)
    login = fields.Char(readonly=True)
    password = fields.Char(string="New password", readonly=True)

    def _access_line(self):
        """The portal access wizard's line of this person, after the wizard's own checks:
        the user may issue access for the class and the person belongs to it."""
        self.ensure_one()
        Access = self.env["school.portal.access.wizard"]
        school_class = self.usage_id.class_id
        Access._check_can_issue(school_class)
        wizard = Access.create({"class_id": school_class.id})
        line = wizard.line_ids.filtered(lambda line: line.partner_id == self.partner_id)
        if not line:
            raise AccessError(
                self.env._(
                    "%(person)s is neither a student of %(school_class)s nor a guardian of one.",
                    person=self.sudo().partner_id.name,
                    school_class=school_class.display_name,
                )
            )
        return line

    def action_revoke(self):
        """Take the person's portal access away (the user is archived, nothing deleted)."""
        for usage_line in self:
            line = usage_line._access_line()
            user = line.user_id.sudo()
            if not user or not user.active:
                raise UserError(self.env._("%s has no portal access.", line.sudo().partner_id.name))
            if user._is_internal():
                raise UserError(self.env._("%s uses a staff account.", line.sudo().partner_id.name))
            user.active = False
            usage_line.sudo().write({"portal_access": False, "password": False})
        return self.usage_id._action_reopen()

    def action_reset(self):
        """A new password (and the access back, if it was revoked): the class teacher
        gives it to the family on paper. Only with the consent the access needs."""
        for usage_line in self:
            line = usage_line._access_line()
            if line.consent_state != "given":
                raise UserError(
                    self.env._(
                        "%s has not consented to the processing of personal data: no "
                        "portal access, paper extracts instead.",
                        line.sudo().partner_id.name,
                    )
                )
            if line.user_id and line.user_id._is_internal():
                raise UserError(self.env._("%s uses a staff account.", line.sudo().partner_id.name))
            login = line.user_id.sudo().login or line._new_login(set())
            password = "".join(
                secrets.choice(PASSWORD_ALPHABET) for _index in range(PASSWORD_LENGTH)
            )
            line._grant(login, password)
            usage_line.sudo().write({"portal_access": True, "login": login, "password": password})
        return self.usage_id._action_reopen()
