from odoo import api, models
from odoo.osv.expression import AND
from odoo.tools import SQL

# The contact details of a guardian: shown only to the roles that need them (the class
# teacher of the child's class, the deputy and the director, the secretary). The name
# stays readable, as the diary and the chatter show it.
CONTACT_FIELDS = (
    "email",
    "email_normalized",
    "email_formatted",
    "phone",
    "mobile",
    "phone_sanitized",
    "phone_mobile_search",
    "street",
    "street2",
    "city",
    "zip",
    "state_id",
    "country_id",
    "contact_address",
    "contact_address_complete",
)
# display_name shows the address or the e-mail only when the context asks for it
CONTACT_CONTEXT_KEYS = ("show_address", "show_email", "address_inline")
ALL_CONTACTS_GROUPS = ("school_records.group_deputy", "school_records.group_secretary")


def _contact_fields(model):
    return [name for name in CONTACT_FIELDS if name in model._fields]


def _touches_contacts(model, names):
    contacts = set(_contact_fields(model))
    return any(name.split(".")[0].split(":")[0] in contacts for name in names if name)


def _domain_fields(domain):
    for leaf in domain or ():
        if isinstance(leaf, list | tuple) and leaf and isinstance(leaf[0], str):
            yield leaf[0]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # who may read which guardian's contacts ------------------------------------------
    def _school_contacts_hidden_ids(self, all_partners=False, ignore_su=False):
        """Ids of the guardians (among `self`, or all with `all_partners`) whose contacts
        the current user may not read. Authorization by the user's groups and the classes
        they are the class teacher of, never by the context."""
        if (self.env.su and not ignore_su) or self.env.user._is_superuser():
            return set()
        if self.env["school.roles"]._holds_any(*ALL_CONTACTS_GROUPS):
            return set()
        user = self.env.user
        ids = None if all_partners else [i for i in self._ids if isinstance(i, int)]
        if ids is not None and not ids:
            return set()
        self.env["school.student"].flush_model(["guardian_ids"])
        self.env["school.enrollment"].flush_model(["student_id", "class_id", "date_to"])
        self.env["res.users"].flush_model(["partner_id", "share"])
        self.env.cr.execute(
            SQL(
                """
                SELECT guardian.partner_id
                  FROM school_student_guardian_rel guardian
                 WHERE %(only)s
                   AND guardian.partner_id != %(own)s
                   AND NOT EXISTS (
                       SELECT 1 FROM res_users staff
                        WHERE staff.partner_id = guardian.partner_id AND staff.share IS NOT TRUE
                   )
                EXCEPT
                SELECT guardian.partner_id
                  FROM school_student_guardian_rel guardian
                  JOIN school_enrollment enrollment ON enrollment.student_id = guardian.student_id
                  JOIN school_class class ON class.id = enrollment.class_id
                 WHERE class.class_teacher_id = %(uid)s
                   AND (enrollment.date_to IS NULL OR enrollment.date_to >= CURRENT_DATE)
                """,
                only=SQL("TRUE") if ids is None else SQL("guardian.partner_id IN %s", tuple(ids)),
                own=user.partner_id.id,
                uid=user.id,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _school_contacts_domain(self, domain, id_field="id"):
        """`domain` where each condition on a contact (a search by e-mail, phone or
        address) matches only the partners whose contacts the user may read, so that a
        search does not tell a hidden e-mail; conditions on the name are left as they are."""
        if self.env.su or not _touches_contacts(self, _domain_fields(domain)):
            return domain
        hidden = self._school_contacts_hidden_ids(all_partners=True)
        if not hidden:
            return domain
        contacts = set(_contact_fields(self))
        guard = (id_field, "not in", list(hidden))
        guarded = []
        for leaf in domain:
            if (
                isinstance(leaf, list | tuple)
                and leaf
                and isinstance(leaf[0], str)
                and leaf[0].split(".")[0] in contacts
            ):
                guarded += ["&", leaf, guard]
            else:
                guarded.append(leaf)
        return guarded

    # the read paths: read, search_read, web_read, export, read_group, search ----------
    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        contacts = [name for name in _contact_fields(self) if name in fnames]
        if contacts and result:
            hidden = self._school_contacts_hidden_ids()
            for values in result:
                if values.get("id") in hidden:
                    values.update(dict.fromkeys(contacts, False))
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        contacts = set(_contact_fields(self))
        columns = [i for i, path in enumerate(fields) if path and path[0] in contacts]
        hidden = columns and self._school_contacts_hidden_ids()
        if not hidden:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        lines, visible = [], self.browse()
        for partner in self:
            if partner.id not in hidden:
                visible |= partner
                continue
            if visible:
                lines += super(ResPartner, visible)._export_rows(
                    fields, _is_toplevel_call=_is_toplevel_call
                )
                visible = self.browse()
            rows = super(ResPartner, partner)._export_rows(
                fields, _is_toplevel_call=_is_toplevel_call
            )
            # contacts are plain or many2one fields: they fill the partner's first row only
            for i in columns:
                rows[0][i] = ""
            lines += rows
        if visible:
            lines += super(ResPartner, visible)._export_rows(
                fields, _is_toplevel_call=_is_toplevel_call
            )
        return lines

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        if not self.env.su and _touches_contacts(self, [*groupby, *aggregates]):
            hidden = self._school_contacts_hidden_ids(all_partners=True)
            if hidden:
                domain = AND([list(domain or []), [("id", "not in", list(hidden))]])
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    @api.model
    def _search_display_name(self, operator, value):
        # a partner is found by name as before, by e-mail only where it may be read
        return self._school_contacts_domain(super()._search_display_name(operator, value))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        domain = self._school_contacts_domain(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.depends_context(
        "show_address",
        "partner_show_db_id",
        "address_inline",
        "show_email",
        "show_vat",
        "lang",
        "uid",
    )
    def _compute_display_name(self):
        super()._compute_display_name()
        if not any(self.env.context.get(key) for key in CONTACT_CONTEXT_KEYS):
            return
        # the many2one names of web_read are read with sudo(): check the real user
        hidden = self._school_contacts_hidden_ids(ignore_su=True)
        for partner in self.filtered(lambda p: p.id in hidden):
            # the name alone (the field is being computed: no nested display_name read)
            partner.display_name = partner.with_context(lang=self.env.lang)._get_complete_name()


class ResUsers(models.Model):
    _inherit = "res.users"

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        contacts = [name for name in _contact_fields(self) if name in fnames]
        if contacts and result:
            partners = self.sudo().browse([values["id"] for values in result]).partner_id
            hidden = partners.with_env(self.env)._school_contacts_hidden_ids()
            if hidden:
                partner_of = {user.id: user.partner_id.id for user in self.sudo()}
                for values in result:
                    if partner_of.get(values.get("id")) in hidden:
                        values.update(dict.fromkeys(contacts, False))
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su and _touches_contacts(self, _domain_fields(domain)):
            domain = self.env["res.partner"]._school_contacts_domain(domain, "partner_id")
        return super()._search(domain, offset=offset, limit=limit, order=order)
