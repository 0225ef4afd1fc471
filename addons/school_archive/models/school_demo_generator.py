from datetime import timedelta

from odoo import api, models

# the demo director's order appointing the keeper of the basic certificates
DEMO_CUSTODY_ORDER = "12-од"


class SchoolDemoGenerator(models.AbstractModel):
    _inherit = "school.demo.generator"

    @api.model
    def generate(self, size="small", year_start=None):
        """The demo school also has certificate and annex blanks in stock, and the
        director's order on who keeps the basic certificates."""
        counts = super().generate(size, year_start)
        batches = self.env["school.certificate.blank.batch"].sudo()._create_demo_batches()
        counts["certificate_blanks"] = (
            self.env["school.certificate.blank"]
            .sudo()
            .search_count([("batch_id", "in", batches.ids)])
        )
        self._set_demo_certificate_custody()
        return counts

    @api.model
    def _set_demo_certificate_custody(self):
        """The demo secretary keeps the certificates, by an order of the end of August
        before the current year. A company already set up keeps its own order."""
        company = self.env.company.sudo()
        if company.school_certificate_custody_responsible_id:
            return
        Users = self.env["res.users"].sudo()
        secretary = Users.search([("login", "=", "secretary")], limit=1) or Users.search(
            [("groups_id", "in", self.env.ref("school_records.group_secretary").id)], limit=1
        )
        year = (
            self.env["school.academic.year"]
            .sudo()
            .search([("company_id", "=", company.id)], order="date_start desc", limit=1)
        )
        if not (secretary and year):
            return
        company.write(
            {
                "school_certificate_custody_responsible_id": secretary.id,
                "school_certificate_custody_order_number": DEMO_CUSTODY_ORDER,
                "school_certificate_custody_order_date": year.date_start - timedelta(days=2),
            }
        )
