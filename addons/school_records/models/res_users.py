from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _update_last_login(self):
        super()._update_last_login()
        self.env["school.login.log"].sudo().create([{"user_id": user.id} for user in self])
