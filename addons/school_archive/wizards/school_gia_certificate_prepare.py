from odoo import models


class SchoolCertificatePrepare(models.TransientModel):
    _inherit = "school.certificate.prepare"

    def _create_drafts(self, level):
        """The new drafts take the imported ГИА results of their students at once."""
        certificates = super()._create_drafts(level)
        certificates._fill_gia_exams()
        return certificates
