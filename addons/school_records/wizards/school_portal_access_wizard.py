import secrets

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize

from odoo.addons.auth_signup.models.res_partner import SignupError

from ..models.school_names import translit as _translit
from ..models.school_pd_consent import CONSENT_STATUSES

REPORT_REF = "school_records.school_portal_access_report"
# no 0/O, 1/l/I: the password is read from paper and typed by hand
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 10


class SchoolPortalAccessWizard(models.TransientModel):
    """Реквизиты доступа к электронному дневнику (seed 000 §3.1.6): the class teacher
    gives the students of their class and the students' guardians their portal logins
    at the start of the year.

    One line per student and per guardian of the class tells whether they consented to
    the processing of their personal data, which login they would get and whether they
    already have a user. Issuing creates portal users (from the portal's template user)
    for the ticked lines only, all or nothing, each with an initial password printed
    once in the list of invitations; a line without consent is never issued: that
    family gets paper extracts from the school office.

    The class teacher of the class issues access, and so do deputies, the director and
    the secretary (for any class of the school). Access is issued only to the class's
    own students and their guardians, as the server lists them when issuing: a line
    sent for anyone else is refused, so nobody receives another person's login."""

    _name = "school.portal.access.wizard"
    _description = "Portal Access for a Class"
    _inherit = ["school.workflow.mixin"]
    _workflow_fields = ("state",)

    class_id = fields.Many2one("school.class", string="Class", required=True, readonly=True)
    line_ids = fields.One2many(
        "school.portal.access.wizard.line",
        "wizard_id",
        string="People",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    state = fields.Selection(
        [("draft", "To issue"), ("done", "Issued")], default="draft", required=True
    )
    portal_url = fields.Char(string="Portal address", compute="_compute_portal_url")
    issued_count = fields.Integer(string="Issued", compute="_compute_issued_count")

    @api.depends("class_id")
    def _compute_line_ids(self):
        for wizard in self:
            self._check_can_issue(wizard.class_id)
            wizard.line_ids = [Command.clear()] + [
                Command.create(vals) for vals in wizard._line_values()
            ]

    def _compute_portal_url(self):
        for wizard in self:
            wizard.portal_url = f"{wizard.get_base_url()}/web/login"

    @api.depends("line_ids.issued")
    def _compute_issued_count(self):
        for wizard in self:
            wizard.issued_count = len(wizard.line_ids.filtered("issued"))

    @api.model_create_multi
    def create(self, vals_list):
        classes = self.env["school.class"].browse(
            vals.get("class_id") for vals in vals_list if vals.get("class_id")
        )
        self._check_can_issue(classes)
        return super().create(vals_list)

    @api.model
    def _check_can_issue(self, classes):
        """Class teachers issue access for their own class only; deputies, the director
        and the secretary for any class."""
        roles = self.env["school.roles"]
        if self.env.su or roles._is_deputy() or roles._is_secretary():
            return
        for school_class in classes:
            is_own = roles._is_class_teacher_of(school_class)
            if not (is_own and roles._is_class_teacher()):
                raise AccessError(
                    self.env._(
                        "Only the class teacher of %s, a deputy director, the director or "
                        "the secretary issues portal access to its families.",
                        school_class.display_name,
                    )
                )

    def _line_values(self):
        """One line per student of the class (enrolled now or from a later date, for
        access given before the year starts) and per guardian, each person once."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        students = (
            self.class_id.enrollment_ids.filtered(lambda e: not e.date_to or e.date_to >= today)
            .student_id.filtered("active")
            .sorted("name")
        )
        values, seen = [], set()
        for student in students:
            people = [("student", student.partner_id)]
            people += [("guardian", guardian) for guardian in student.guardian_ids]
            for role, partner in people:
                if partner in seen:
                    continue
                seen.add(partner)
                represented = students.filtered(lambda s, p=partner: p in s.guardian_ids)
                values.append(
                    {
                        "partner_id": partner.id,
                        "role": role,
                        "student_ids": [
                            Command.set(student.ids if role == "student" else represented.ids)
                        ],
                    }
                )
        return values

    def action_issue(self):
        """Create the portal users of the ticked lines, then show their passwords."""
        self.ensure_one()
        self._check_can_issue(self.class_id)
        lines = self.line_ids.filtered("issue")
        lines._check_can_issue()
        self._check_lines_of_the_class(lines)
        with self.env.cr.savepoint():
            lines._issue()
        self._workflow_write({"state": "done"})
        return self._action_reopen()

    def _check_lines_of_the_class(self, lines):
        """Every ticked line is a student of the class or a guardian of its students,
        with the students the server finds for them: the lines come from the client,
        which may send any person."""
        expected = {
            vals["partner_id"]: (vals["role"], set(vals["student_ids"][0][2]))
            for vals in self.sudo()._line_values()
        }
        strangers = lines.filtered(
            lambda line: expected.get(line.partner_id.id) != (line.role, set(line.student_ids.ids))
        )
        if strangers:
            raise AccessError(
                self.env._(
                    "Portal access of %(school_class)s is issued only to its students and "
                    "their guardians, not to: %(people)s.",
                    school_class=self.class_id.display_name,
                    people=", ".join(strangers.sudo().partner_id.mapped("name")),
                )
            )

    def action_print(self):
        self.ensure_one()
        if not self.issued_count:
            raise UserError(self.env._("No access has been issued yet: there is nothing to print."))
        return self.env.ref(REPORT_REF).report_action(self)

    def _action_reopen(self):
        return {
            "name": self.env._("Portal access"),
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "res_id": self.id,
            "target": "new",
        }


class SchoolPortalAccessWizardLine(models.TransientModel):
    """A student or a guardian of the class, and the portal access they would get."""

    _name = "school.portal.access.wizard.line"
    _description = "Portal Access Line"
    _inherit = ["school.workflow.mixin"]
    _order = "id"
    # what the issue writes: a login and password the client cannot make up
    _workflow_fields = ("login", "password", "issued")

    wizard_id = fields.Many2one(
        "school.portal.access.wizard", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Person", required=True, readonly=True)
    role = fields.Selection(
        [("student", "Student"), ("guardian", "Guardian")], required=True, readonly=True
    )
    student_ids = fields.Many2many("school.student", string="Students", readonly=True)
    email = fields.Char(related="partner_id.email")
    consent_state = fields.Selection(
        CONSENT_STATUSES, string="Consent", compute="_compute_consent_state"
    )
    user_id = fields.Many2one(
        "res.users", string="User", compute="_compute_user_id", compute_sudo=True
    )
    user_active = fields.Boolean(string="Has access", compute="_compute_user_id", compute_sudo=True)
    skip_reason = fields.Char(string="Not issued because", compute="_compute_skip_reason")
    issue = fields.Boolean(
        compute="_compute_issue",
        store=True,
        readonly=False,
        help="Issue a portal user to this person.",
    )
    login = fields.Char(readonly=True, copy=False)
    password = fields.Char(string="Initial password", readonly=True, copy=False)
    issued = fields.Boolean(readonly=True, copy=False)

    @api.depends("partner_id", "role", "student_ids")
    def _compute_consent_state(self):
        Consent = self.env["school.pd.consent"]
        for line in self:
            if line.role == "student":
                line.consent_state = line.student_ids.sudo()[:1].pd_consent_state or "missing"
            else:
                line.consent_state = Consent._guardian_status(line.partner_id, line.student_ids)

    @api.depends("partner_id.user_ids")
    def _compute_user_id(self):
        for line in self:
            user = line.partner_id.with_context(active_test=False).user_ids[:1]
            line.user_id = user
            line.user_active = bool(user.active)

    @api.depends("consent_state", "user_id", "user_active", "issued")
    def _compute_skip_reason(self):
        for line in self:
            line.skip_reason = line._skip_reason()

    @api.depends("partner_id")
    def _compute_issue(self):
        for line in self:
            line.issue = not line._skip_reason()

    def _skip_reason(self):
        self.ensure_one()
        if self.issued:
            return False
        if self.consent_state != "given":
            return self.env._("No consent: give paper extracts")
        if self.user_id and self.user_id._is_internal():
            return self.env._("Uses their staff account")
        if self.user_active:
            return self.env._("Already has portal access")
        return False

    def _check_can_issue(self):
        """All or nothing: refuse the whole issue when a ticked line may not get access."""
        if not self:
            raise UserError(self.env._("Tick the people to whom portal access is issued."))
        refused = self.filtered(lambda line: line._skip_reason())
        if refused:
            raise UserError(
                self.env._(
                    "Portal access is not issued to:\n%s\nUntick them: without their "
                    "consent to the processing of personal data they get paper extracts.",
                    "\n".join(f"{line.partner_id.name}: {line._skip_reason()}" for line in refused),
                )
            )

    def _issue(self):
        taken = set()
        for line in self:
            login = line._new_login(taken)
            taken.add(login)
            password = "".join(
                secrets.choice(PASSWORD_ALPHABET) for _index in range(PASSWORD_LENGTH)
            )
            line._grant(login, password)
            line._workflow_write(
                {"login": login, "password": password, "issued": True, "issue": False}
            )

    def _grant(self, login, password):
        """A portal user for the line's person, from the portal's template user; an
        archived user of theirs is brought back with the new login and password."""
        self.ensure_one()
        portal = self.env.ref("base.group_portal")
        public = self.env.ref("base.group_public")
        Users = self.env["res.users"].sudo().with_context(no_reset_password=True)
        values = {"login": login, "password": password}
        user = self.user_id.sudo()
        if user:
            user.write({**values, "active": True})
        else:
            company = self.partner_id.company_id or self.env.company
            values.update(
                partner_id=self.partner_id.id,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                tz=self.env.user.tz,
            )
            if self.env.user.lang:
                values["lang"] = self.env.user.lang
            try:
                user = Users.with_company(company)._create_user_from_template(values)
            except SignupError as error:
                raise UserError(
                    self.env._(
                        "No portal access was issued: the user of %(name)s could not be "
                        "created (%(error)s).",
                        name=self.partner_id.name,
                        error=error,
                    )
                ) from error
        if not user._is_internal():
            user.write({"groups_id": [Command.link(portal.id), Command.unlink(public.id)]})
        return user

    def _new_login(self, taken):
        """The person's e-mail when no one else logs in with it, else a login made of
        the name like the demo school's: ivanova.os, ivanova.os2…"""
        self.ensure_one()
        Users = self.env["res.users"].sudo().with_context(active_test=False)
        email = email_normalize(self.partner_id.email or "")
        if email and email not in taken and not Users.search_count([("login", "=", email)]):
            return email
        words = (self.partner_id.name or "").split()
        base = _translit(words[0]) if words else "user"
        if len(words) > 1:
            base += "." + "".join(_translit(word[0]) for word in words[1:])
        existing = set(Users.search([("login", "=like", f"{base}%")]).mapped("login")) | taken
        login, number = base, 1
        while login in existing:
            number += 1
            login = f"{base}{number}"
        return login
