from odoo import api, models
from odoo.exceptions import AccessError, UserError

DIRECTOR = "school_records.group_director"


class SchoolWorkflowMixin(models.AbstractModel):
    """The one way a legal record changes its status.

    The workflow fields of a model (``_workflow_fields``: its state, who signed or
    approved and when, seals, the issued-to of an issued document, tombstones) change
    only inside the model's own ``action_*`` methods. An action first checks who the
    user is (:meth:`_check_school_role`) and then writes with :meth:`_workflow_write`,
    that is with ``sudo()`` — the pattern of Odoo's ``hr_expense``. From anyone else —
    ``create`` or ``write`` over JSON-RPC, an import, a form — these fields are refused.

    The guard asks the environment's superuser flag, which no caller can set over RPC.
    It never reads the context: ``/web/dataset/call_kw`` copies the caller's context into
    the environment, so a context key may choose behaviour but never grant a right. The
    ``default_<field>`` keys of the workflow fields are dropped from the context of a
    ``create`` for the same reason.

    Put the mixin first in ``_inherit`` (before ``mail.thread``) so that its
    ``_track_subtype`` posts a status change with the «status changed» subtype.
    """

    _name = "school.workflow.mixin"
    _description = "School Workflow Guard"

    # the fields that only the model's actions change
    _workflow_fields = ()

    # the guard ------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        records = self._without_workflow_defaults()
        defaults = records.default_get(list(records._workflow_fields))
        for vals in vals_list:
            records._check_workflow_vals(vals, defaults)
        return super(SchoolWorkflowMixin, records).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_workflow_vals(vals)
        return super().write(vals)

    def _without_workflow_defaults(self):
        keys = {f"default_{name}" for name in self._workflow_fields}
        if not keys & self.env.context.keys():
            return self
        return self.with_context(
            {key: value for key, value in self.env.context.items() if key not in keys}
        )

    def _check_workflow_vals(self, vals, defaults=None):
        """Refuse the workflow fields in ``vals``. On ``create`` (``defaults`` given) a
        field may carry its own default or stay empty: a new draft is no forgery."""
        forged = [
            name
            for name in vals.keys() & set(self._workflow_fields)
            if defaults is None or (vals[name] and vals[name] != defaults.get(name))
        ]
        if forged:
            labels = ", ".join(sorted(self._fields[name].string for name in forged))
            raise UserError(
                self.env._(
                    "%(fields)s of %(document)s change only through the document's buttons.",
                    fields=labels,
                    document=self._description,
                )
            )

    def _workflow_write(self, vals):
        """Write workflow fields from an ``action_*`` method, once the role is checked.
        The chatter still names the user: ``sudo()`` keeps the environment's user."""
        return self.sudo().write(vals)

    def _workflow_create(self, vals_list):
        """Create records that carry workflow values, from an action that checked the
        role; returned in the caller's environment."""
        return self.sudo().create(vals_list).with_env(self.env)

    # the roles ------------------------------------------------------------------------------
    def _check_school_role(self, *groups, role=None, director_may=True):
        """Raise unless the user of the request holds one of ``groups`` — or is the
        director, unless ``director_may`` is false. ``sudo()`` does not help: the user
        of the request counts, never the superuser flag (only the server's own user,
        uid 1, which nobody logs in as, passes). ``role`` names the role in the
        error («the deputy director»)."""
        user = self.env.user
        if user._is_superuser():
            return True  # the server itself (uid 1: install data, shell, crons); no login has it
        allowed = list(groups) + ([DIRECTOR] if director_may else [])
        if self.env["school.roles"]._holds_any(*allowed):
            return True
        raise AccessError(
            self.env._(
                "Only %(role)s may do this on %(document)s.",
                role=role or ", ".join(self.env.ref(group).name for group in groups),
                document=self._description,
            )
        )

    def _check_not_same_person(self, user, role):
        """Separation of duties: the user of the request already acted on this document
        as ``role`` and may not take the next step too."""
        if user and user == self.env.user:
            raise AccessError(
                self.env._(
                    "You already acted on %(document)s as %(role)s: another person takes "
                    "this step.",
                    document=self._description,
                    role=role,
                )
            )

    # activities and chatter -----------------------------------------------------------------
    def _school_activity(self, activity_type, users, summary, note=None):
        """Give each of ``users`` a to-do of ``activity_type`` (an xml id of
        school_records' activity types: sign, approve, check, answer) on these
        records, once: an open one of the same type and user is not repeated."""
        records = self.sudo()
        activity_type_id = self.env.ref(activity_type).id
        for record in records:
            open_users = record.activity_ids.filtered(
                lambda a: a.activity_type_id.id == activity_type_id
            ).user_id
            for user in users - open_users:
                record.activity_schedule(activity_type, summary=summary, note=note, user_id=user.id)

    def _school_activity_done(self, *activity_types, feedback=None):
        self.sudo().activity_feedback(list(activity_types), feedback=feedback)

    def _track_subtype(self, init_values):
        if "state" in init_values and "state" in self._fields:
            return self.env.ref("school_records.mt_school_state_change")
        return super()._track_subtype(init_values)
