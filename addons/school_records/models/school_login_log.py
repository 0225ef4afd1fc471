from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# The activity report looks back over a school year and the one before it.
KEEP_MONTHS = 25


class SchoolLoginLog(models.Model):
    """One row per successful login. Odoo's own `res.users.log` keeps only each user's
    latest login, so the monthly activity report (seed 004 §4.5) needs its own log."""

    _name = "school.login.log"
    _description = "Login"
    _order = "id desc"
    _log_access = False

    user_id = fields.Many2one(
        "res.users", required=True, ondelete="cascade", index=True, readonly=True
    )
    login_on = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True, readonly=True
    )

    @api.autovacuum
    def _gc_old_logins(self):
        limit = fields.Datetime.now() - relativedelta(months=KEEP_MONTHS)
        self.search([("login_on", "<", limit)]).unlink()
