from odoo import api, models


class SchoolEnrollment(models.Model):
    _inherit = "school.enrollment"

    @api.model_create_multi
    def create(self, vals_list):
        enrollments = super().create(vals_list)
        enrollments._prepare_portfolio_handovers()
        return enrollments

    def write(self, vals):
        result = super().write(vals)
        if {"date_to", "departure_reason"} & vals.keys():
            self._prepare_portfolio_handovers()
        return result

    def _prepare_portfolio_handovers(self):
        """Seed 000 §3.5.4: on a transfer to another school the portfolio is handed to
        the parents under signature."""
        leaving = self.filtered(lambda e: e.date_to and e.departure_reason == "transfer_out")
        if leaving:
            self.env["school.portfolio.handover"]._prepare_for_departures(leaving)
