from datetime import timedelta

from odoo import api, models

# the demo director's order appointing the keeper of the basic certificates
DEMO_CUSTODY_ORDER = "12-од"
# level, kind, series, first and last number of the demo school's blanks
DEMO_BATCHES = [
    ("basic", "certificate", "036", "24000101", "24000160"),
    ("basic", "annex", "036", "24100101", "24100160"),
    ("secondary", "certificate", "036", "24200101", "24200130"),
    ("secondary", "annex", "036", "24300101", "24300130"),
]


class SchoolDemoGenerator(models.AbstractModel):
    _inherit = "school.demo.generator"

    @api.model
    def _generate(self, size="small", year_start=None, certificate_blanks=True):
        """The demo school also has certificate and annex blanks in stock (unless
        `certificate_blanks` is False), and the director's order on who keeps the basic
        certificates."""
        counts = super()._generate(size, year_start, certificate_blanks)
        if certificate_blanks:
            batches = self._create_demo_certificate_batches()
            counts["certificate_blanks"] = (
                self.env["school.certificate.blank"]
                .sudo()
                .search_count([("batch_id", "in", batches.ids)])
            )
        self._set_demo_certificate_custody()
        return counts

    @api.model
    def _create_demo_certificate_batches(self):
        """The blanks a school has received for its graduates: basic and secondary
        certificates and their annexes. Nothing if blanks were received."""
        Batch = self.env["school.certificate.blank.batch"].sudo()
        if Batch.search_count([], limit=1):
            return Batch.browse()
        batches = Batch.create(
            [
                {
                    "level": level,
                    "kind": kind,
                    "series": series,
                    "number_from": first,
                    "number_to": last,
                    "document": "Накладная № 12",
                }
                for level, kind, series, first, last in DEMO_BATCHES
            ]
        )
        batches.action_receive()
        return batches

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
