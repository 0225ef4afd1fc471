from odoo import api, models

STAFF_GROUPS = (
    "school_records.group_teacher",
    "school_records.group_secretary",
    "school_records.group_archivist",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        """The school's staff read the families' messages in Odoo's inbox by default (an
        e-mail fails without a mail server); each may choose e-mail in the preferences."""
        users = super().create(vals_list)
        staff = users.filtered(
            lambda user: (
                not user.share and self.env["school.roles"]._holds_any(*STAFF_GROUPS, user=user)
            )
        )
        chosen = [
            user for user, vals in zip(users, vals_list, strict=True) if "notification_type" in vals
        ]
        staff.filtered(lambda user: user not in chosen).notification_type = "inbox"
        return users

    def _update_last_login(self):
        super()._update_last_login()
        self.env["school.login.log"].sudo().create([{"user_id": user.id} for user in self])
