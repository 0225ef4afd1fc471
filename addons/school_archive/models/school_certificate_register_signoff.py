from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# what the sign-off certifies: fixed once somebody signed it
TARGET_FIELDS = {"register_id", "kind", "class_id", "entry_id"}


class SchoolCertificateRegisterSignoff(models.Model):
    """The signatures that certify the registration book (seed 003 §7.3.5): for each
    class, the class teacher's and the director's signature and the school's seal
    under the entries of the class; for each duplicate, the director's signature and
    the seal under its entry.

    The secretary prepares the sign-off and signs nothing; only the class teacher of
    that class signs as class teacher; only the director signs as director and seals,
    and never a sign-off they signed as the class teacher: the two signatures are two
    persons. The signatures change only through the buttons."""

    _name = "school.certificate.register.signoff"
    _description = "Certificate Registration Sign-off"
    _inherit = ["school.workflow.mixin", "mail.thread"]
    _workflow_fields = (
        "class_teacher_id",
        "class_teacher_signed_on",
        "director_id",
        "director_signed_on",
        "sealed",
    )
    _order = "register_id, id"

    register_id = fields.Many2one(
        "school.certificate.register",
        string="Registration book",
        required=True,
        ondelete="restrict",
        index=True,
    )
    kind = fields.Selection(
        [("class", "Class entries"), ("duplicate", "Duplicate entry")],
        required=True,
        default="class",
    )
    class_id = fields.Many2one("school.class", ondelete="restrict", index=True)
    entry_id = fields.Many2one(
        "school.certificate.register.entry",
        string="Entry",
        ondelete="restrict",
        domain="[('register_id', '=', register_id), ('is_duplicate', '=', True)]",
    )
    first_entry = fields.Integer(compute="_compute_entry_range")
    last_entry = fields.Integer(compute="_compute_entry_range")
    class_teacher_id = fields.Many2one("res.users", string="Class teacher", readonly=True)
    class_teacher_signed_on = fields.Date(readonly=True)
    director_id = fields.Many2one("res.users", string="Director", readonly=True)
    director_signed_on = fields.Date(readonly=True)
    sealed = fields.Boolean(string="Seal affixed", readonly=True)

    _sql_constraints = [
        (
            "class_uniq",
            "unique(register_id, kind, class_id, entry_id)",
            "This sign-off already exists.",
        )
    ]

    @api.depends("register_id", "class_id", "entry_id")
    def _compute_entry_range(self):
        groups = self.env["school.certificate.register.entry"]._read_group(
            [
                ("register_id", "in", self.register_id.ids),
                ("class_id", "in", self.class_id.ids),
                ("is_duplicate", "=", False),
            ],
            ["register_id", "class_id"],
            ["sequence:min", "sequence:max"],
        )
        ranges = {(r.id, c.id): (first, last) for r, c, first, last in groups}
        for signoff in self:
            if signoff.kind == "duplicate":
                signoff.first_entry = signoff.last_entry = signoff.entry_id.sequence
            else:
                first, last = ranges.get((signoff.register_id.id, signoff.class_id.id), (0, 0))
                signoff.first_entry, signoff.last_entry = first, last

    @api.constrains("kind", "class_id", "entry_id")
    def _check_target(self):
        for signoff in self:
            if signoff.kind == "class" and not signoff.class_id:
                raise UserError(self.env._("Say which class the sign-off certifies."))
            if signoff.kind == "duplicate" and not signoff.entry_id.is_duplicate:
                raise UserError(self.env._("Say which duplicate entry the sign-off certifies."))

    def write(self, vals):
        if self.filtered("director_signed_on") and vals.keys() - {"message_main_attachment_id"}:
            raise UserError(self.env._("A sign-off the director signed cannot change."))
        if self.filtered("class_teacher_signed_on") and vals.keys() & TARGET_FIELDS:
            raise UserError(
                self.env._("A signed sign-off keeps the entries it certifies: make a new one.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unsigned(self):
        if self.filtered(lambda s: s.class_teacher_signed_on or s.director_signed_on):
            raise UserError(
                self.env._("A signed sign-off of the registration book cannot be deleted.")
            )

    def action_sign_class_teacher(self):
        """The class teacher of THAT class signs its entries; nobody signs in their name
        (neither the secretary, nor a deputy or the director of another class)."""
        self._check_school_role(
            "school_records.group_class_teacher",
            role=self.env._("the class teacher"),
            director_may=False,
        )
        for signoff in self:
            if signoff.kind != "class":
                raise UserError(self.env._("A duplicate entry is signed by the director only."))
            if signoff.class_teacher_signed_on:
                raise UserError(self.env._("The class teacher has already signed."))
            if not self.env["school.roles"]._is_class_teacher_of(signoff.class_id):
                raise AccessError(
                    self.env._(
                        "Only the class teacher of %(class)s signs its entries.",
                        **{"class": signoff.class_id.name},
                    )
                )
        self._workflow_write(
            {"class_teacher_id": self.env.uid, "class_teacher_signed_on": fields.Date.today()}
        )
        return True

    def action_sign_director(self):
        """The director's signature and the seal; nobody signs on the director's behalf."""
        self._check_school_role("school_records.group_director", role=self.env._("the director"))
        for signoff in self:
            if signoff.director_signed_on:
                raise UserError(self.env._("The director has already signed."))
            if signoff.kind == "class" and not signoff.class_teacher_signed_on:
                raise UserError(
                    self.env._("The class teacher signs the entries of the class first.")
                )
            signoff._check_not_same_person(
                signoff.class_teacher_id, self.env._("the class teacher")
            )
        self._workflow_write(
            {
                "director_id": self.env.uid,
                "director_signed_on": self.env["school.journal"]._today(),
                "sealed": True,
            }
        )
        return True
