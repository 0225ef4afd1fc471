import base64
import hashlib
import json

from odoo import api, models
from odoo.exceptions import UserError

# the paper forms are Russian whatever the language of whoever prints or verifies them
PAPER_LANG = "ru_RU"
QR_SIZE = 150


def paper_date(day):
    """A date as the paper forms write it: 31.05.2036."""
    return day.strftime("%d.%m.%Y")


class SchoolVerificationMixin(models.AbstractModel):
    """A printed paper the school registers (a diary extract, a class statement): the
    content as printed, its SHA-256 checksum, and a QR code on the paper leading to a
    public page at ``<_verification_path>/<access_token>`` that confirms the paper.

    The inheriting model has an ``access_token`` field and sets ``_verification_path``;
    ``_is_intact`` also needs its ``content`` and ``checksum`` fields."""

    _name = "school.verification.mixin"
    _description = "Verifiable Printed Paper"

    _verification_path = None
    # what the register keeps as printed: changing it would break the checksum
    _issued_fields = frozenset()

    def write(self, vals):
        if self._issued_fields & vals.keys():
            raise UserError(self.env._("An issued paper cannot be changed."))
        return super().write(vals)

    @api.model
    def _paper_lang(self):
        """The content (and so its checksum) must not depend on the language of
        whoever prints or verifies it."""
        return self.env["res.lang"]._get_code(PAPER_LANG) or "en_US"

    @api.model
    def _checksum(self, content):
        """SHA-256 (hex) of the content in a canonical JSON form."""
        canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def _is_intact(self):
        """The stored content still gives the stored checksum."""
        self.ensure_one()
        return bool(self.content) and self._checksum(self.content) == self.checksum

    def _verification_url(self):
        self.ensure_one()
        # the token may be restricted to some groups; whoever prints shows it on paper
        return f"{self.get_base_url()}{self._verification_path}/{self.sudo().access_token}"

    def _qr_code_src(self):
        """The verification URL as a QR code PNG data URI, for the printed paper."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self._verification_url(), width=QR_SIZE, height=QR_SIZE
        )
        return f"data:image/png;base64,{base64.b64encode(png).decode()}"
