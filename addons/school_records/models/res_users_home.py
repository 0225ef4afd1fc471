from odoo import api, models

# Where each role lands after login (issue 22 §2), the first role the user holds wins:
# the director on what waits for a signature, the deputy on the checks in progress,
# the secretary on the students, teachers on the journal grid. school_archive puts the
# archivist on the archive (``_school_home_actions``).
HOME_ACTIONS = [
    ("school_records.group_director", "school_records.school_home_action_director"),
    ("school_records.group_deputy", "school_records.school_home_action_deputy"),
    ("school_records.group_secretary", "school_records.school_student_action"),
    ("school_records.group_teacher", "school_records.school_journal_grid_action"),
]
# a user form sends the groups as these keys rather than ``groups_id``
GROUP_KEYS = ("groups_id", "in_group_", "sel_groups_")


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._school_set_home_action()
        return users

    def write(self, vals):
        result = super().write(vals)
        if any(key.startswith(GROUP_KEYS) for key in vals):
            self._school_set_home_action()
        return result

    @api.model
    def _school_home_actions(self):
        """(group xmlid, action xmlid) by priority."""
        return list(HOME_ACTIONS)

    def _school_set_home_action(self):
        """Give each staff user the home action of their school role, unless the user's
        home action was chosen by hand (one that is not a school role's is kept)."""
        pairs = [
            (self.env.ref(group, raise_if_not_found=False), self.env.ref(action, False))
            for group, action in self._school_home_actions()
        ]
        pairs = [(group, action) for group, action in pairs if group and action]
        ours = {action.id for _group, action in pairs}
        for user in self.sudo().filtered(lambda u: not u.share):
            if user.action_id and user.action_id.id not in ours:
                continue
            home = next((action for group, action in pairs if group in user.groups_id), None)
            if home and user.action_id.id != home.id:
                user.action_id = home.id

    @api.model
    def _school_set_home_action_all(self):
        """Idempotent, called from data on every install and update: existing users get
        their role's home action (a post-migration script of 18.0.2.0.0 would not run
        on a database already at that version)."""
        users = self.sudo().with_context(active_test=False).search([("share", "=", False)])
        users._school_set_home_action()


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        """A role given from the group's side (its users) sets the home action too."""
        result = super().write(vals)
        if "users" in vals:
            self.users._school_set_home_action()
        return result
