from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SchoolSystemOutage(models.Model):
    """Недоступность электронного журнала (seed 004 §3.2).

    While the system is unavailable, teachers keep a temporary (paper) journal and
    transfer it «в течение 2 рабочих дней при возобновлении доступа»: the two
    working days of a lesson held during an outage run from the day the outage
    ended, not from the lesson. The school administrator or a deputy records the
    outage; everyone who keeps a journal reads it."""

    _name = "school.system.outage"
    _description = "System Outage"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    date_start = fields.Datetime(string="Unavailable from", required=True, tracking=True)
    date_end = fields.Datetime(
        string="Access restored on",
        tracking=True,
        help="Empty while the system is still unavailable.",
    )
    note = fields.Text(help="What happened, and who reported it.")

    _sql_constraints = [
        (
            "dates_check",
            "check(date_end IS NULL OR date_start <= date_end)",
            "An outage must end after it starts.",
        ),
    ]

    @api.depends("date_start", "date_end")
    def _compute_display_name(self):
        for outage in self:
            start = outage.date_start and fields.Datetime.context_timestamp(
                outage, outage.date_start
            ).strftime("%d.%m.%Y %H:%M")
            end = outage.date_end and fields.Datetime.context_timestamp(
                outage, outage.date_end
            ).strftime("%d.%m.%Y %H:%M")
            outage.display_name = self.env._(
                "Outage %(start)s – %(end)s", start=start or "", end=end or self.env._("now")
            )

    @api.constrains("date_start", "date_end")
    def _check_no_overlap(self):
        for outage in self:
            domain = [("id", "!=", outage.id), ("date_end", ">=", outage.date_start)]
            if outage.date_end:
                domain.append(("date_start", "<=", outage.date_end))
            if self.search_count(domain, limit=1):
                raise ValidationError(
                    self.env._("Outages may not overlap: extend the existing one.")
                )

    # the end of the outage that covers a day ---------------------------------------------
    def _local_date(self, value):
        return fields.Datetime.context_timestamp(self, value).date() if value else False

    @api.model
    def _access_restored_on(self, dates):
        """{day: date access came back} for the days of ``dates`` that fall within a
        recorded outage (a day still without access maps to ``None``)."""
        dates = [day for day in dates if day]
        if not dates:
            return {}
        outages = self.sudo().search([])
        restored = {}
        for outage in outages:
            start = outage._local_date(outage.date_start)
            end = outage._local_date(outage.date_end)
            for day in dates:
                if start <= day and (not end or day <= end):
                    restored[day] = end or None
        return restored

    # transfers of lessons within the outage are judged again --------------------------
    @api.model_create_multi
    def create(self, vals_list):
        outages = super().create(vals_list)
        outages._recompute_transfers()
        return outages

    def write(self, vals):
        self._recompute_transfers()
        result = super().write(vals)
        self._recompute_transfers()
        return result

    def unlink(self):
        transfers = self._transfers()
        result = super().unlink()
        transfers._recompute_lateness()
        return result

    def _transfers(self):
        Transfer = self.env["school.journal.transfer"].sudo()
        transfers = Transfer
        for outage in self:
            domain = [("lesson_ids.date", ">=", outage._local_date(outage.date_start))]
            if outage.date_end:
                domain.append(("lesson_ids.date", "<=", outage._local_date(outage.date_end)))
            transfers |= Transfer.search(domain)
        return transfers

    def _recompute_transfers(self):
        self._transfers()._recompute_lateness()
