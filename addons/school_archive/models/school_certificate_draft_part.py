from odoo import api, fields, models


class SchoolCertificateDraftPart(models.AbstractModel):
    """What the deputy checks and the director signs on a certificate (its final marks,
    its exam results): changed only while the certificate is a draft."""

    _name = "school.certificate.draft.part"
    _description = "Part of a Certificate Fixed by Its Signature"

    certificate_id = fields.Many2one(
        "school.certificate", required=True, ondelete="cascade", index=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        certificate_ids = {vals.get("certificate_id") for vals in vals_list} - {False, None}
        self.env["school.certificate"].browse(certificate_ids)._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        certificates = self.certificate_id
        if vals.get("certificate_id"):
            certificates |= self.env["school.certificate"].browse(vals["certificate_id"])
        certificates._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_in_draft(self):
        self.certificate_id._check_lines_editable()
