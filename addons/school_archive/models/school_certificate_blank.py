from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CERTIFICATE_LEVELS = [
    ("basic", "Basic general (9th grade)"),
    ("secondary", "Secondary general (11th grade)"),
]
# the certificate and its annex (приложение) are printed on separate blanks, both
# accounted for as documents of strict accountability
BLANK_KINDS = [("certificate", "Certificate"), ("annex", "Annex to the certificate")]
BLANK_STATES = [("available", "In stock"), ("used", "Used"), ("spoiled", "Spoiled")]
MAX_BATCH_SIZE = 5000
# the act of a spoiled blank: filled on the blank in stock, then fixed by the act
SPOIL_FIELDS = ("spoil_act_number", "spoil_act_date", "spoil_reason")


class SchoolCertificateBlankBatch(models.Model):
    """A delivery of certificate blanks, documents of strict accountability: the
    series and the range of numbers received under one document. Receiving the batch
    creates one blank per number; each blank is then used by exactly one certificate
    or spoiled under an act.

    The secretary receives the blanks; the director may correct a draft batch. A
    received batch never goes back to draft: its blanks exist."""

    _name = "school.certificate.blank.batch"
    _description = "Certificate Blank Batch"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state",)
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(
        string="Received on", required=True, default=fields.Date.context_today, tracking=True
    )
    level = fields.Selection(CERTIFICATE_LEVELS, required=True, tracking=True)
    kind = fields.Selection(
        BLANK_KINDS, string="Blanks of", required=True, default="certificate", tracking=True
    )
    series = fields.Char(required=True, tracking=True)
    number_from = fields.Char(string="Number from", required=True, tracking=True)
    number_to = fields.Char(string="Number to", required=True, tracking=True)
    document = fields.Char(
        string="Receipt document",
        required=True,
        tracking=True,
        help="The waybill or act under which the blanks were received.",
    )
    note = fields.Text()
    blank_ids = fields.One2many("school.certificate.blank", "batch_id", string="Blanks")
    blank_count = fields.Integer(compute="_compute_counts")
    available_count = fields.Integer(string="In stock", compute="_compute_counts")
    used_count = fields.Integer(string="Used", compute="_compute_counts")
    spoiled_count = fields.Integer(string="Spoiled", compute="_compute_counts")
    level_balance = fields.Integer(
        string="Balance of the level",
        compute="_compute_level_balance",
        help="Blanks of this level and kind in stock, all batches together.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("received", "Received")],
        default="draft",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("series", "number_from", "number_to")
    def _compute_name(self):
        for batch in self:
            batch.name = f"{batch.series or ''} {batch.number_from or ''}–{batch.number_to or ''}"

    @api.depends("blank_ids.state")
    def _compute_counts(self):
        groups = self.env["school.certificate.blank"]._read_group(
            [("batch_id", "in", self.ids)], ["batch_id", "state"], ["__count"]
        )
        counts = {(batch.id, state): count for batch, state, count in groups}
        for batch in self:
            batch.available_count = counts.get((batch.id, "available"), 0)
            batch.used_count = counts.get((batch.id, "used"), 0)
            batch.spoiled_count = counts.get((batch.id, "spoiled"), 0)
            batch.blank_count = batch.available_count + batch.used_count + batch.spoiled_count

    def _compute_level_balance(self):
        Blank = self.env["school.certificate.blank"]
        balances = {kind: Blank._balance_by_level(kind) for kind in set(self.mapped("kind"))}
        for batch in self:
            batch.level_balance = balances.get(batch.kind, {}).get(batch.level, 0)

    @api.constrains("number_from", "number_to")
    def _check_range(self):
        for batch in self:
            first, last = batch.number_from or "", batch.number_to or ""
            if not (first.isdigit() and last.isdigit()):
                raise ValidationError(self.env._("Blank numbers are made of digits."))
            if int(last) < int(first):
                raise ValidationError(
                    self.env._("The last number of the range is below the first one.")
                )
            if int(last) - int(first) + 1 > MAX_BATCH_SIZE:
                raise ValidationError(
                    self.env._("A batch holds at most %(size)s blanks.", size=MAX_BATCH_SIZE)
                )

    def write(self, vals):
        locked = {"level", "kind", "series", "number_from", "number_to"}
        if self.filtered(lambda b: b.state == "received") and locked & vals.keys():
            raise UserError(
                self.env._("The blanks of a received batch exist: its range cannot change.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda b: b.state == "received"):
            raise UserError(self.env._("A received batch of blanks cannot be deleted."))

    def action_receive(self):
        """Create one blank per number of the range and put them in stock (the
        secretary, or the director)."""
        self._check_school_role("school_records.group_secretary", role=self.env._("the secretary"))
        self._receive()
        return True

    def _receive(self):
        Blank = self.env["school.certificate.blank"]
        for batch in self.filtered(lambda b: b.state == "draft"):
            batch._check_no_overlap()
            width = len(batch.number_to)
            Blank._workflow_create(
                [
                    {"batch_id": batch.id, "number": str(number).zfill(width)}
                    for number in range(int(batch.number_from), int(batch.number_to) + 1)
                ]
            )
            batch._workflow_write({"state": "received"})

    def _check_no_overlap(self):
        existing = self.env["school.certificate.blank"].search_count(
            [
                ("kind", "=", self.kind),
                ("series", "=", self.series),
                ("number_int", ">=", int(self.number_from)),
                ("number_int", "<=", int(self.number_to)),
            ]
        )
        if existing:
            raise UserError(
                self.env._(
                    "Blanks of series %(series)s in this range were already received.",
                    series=self.series,
                )
            )

    def action_view_blanks(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "school.certificate.blank",
            "view_mode": "list,form",
            "domain": [("batch_id", "=", self.id)],
        }


class SchoolCertificateBlank(models.Model):
    """One certificate blank of a received batch. It is in stock until a certificate
    is issued on it (used) or it is spoiled under an act (number, date, reason).

    Blanks are created only by receiving their batch; the status and the certificate
    change only by issuing or cancelling a certificate and by spoiling the blank. The
    act is filled on a blank in stock and stays as it was once the blank is spoiled."""

    _name = "school.certificate.blank"
    _description = "Certificate Blank"
    _inherit = ["school.workflow.mixin"]
    _workflow_fields = ("state", "certificate_id", "batch_id", "number")
    _order = "level, series, number_int"

    name = fields.Char(compute="_compute_name", store=True)
    batch_id = fields.Many2one(
        "school.certificate.blank.batch", required=True, ondelete="restrict", index=True
    )
    level = fields.Selection(related="batch_id.level", store=True, index=True)
    kind = fields.Selection(related="batch_id.kind", store=True, index=True)
    series = fields.Char(related="batch_id.series", store=True, index=True)
    number = fields.Char(required=True)
    number_int = fields.Integer(
        string="Number (for ordering)", compute="_compute_number_int", store=True, index=True
    )
    state = fields.Selection(
        BLANK_STATES, default="available", required=True, index=True, readonly=True
    )
    certificate_id = fields.Many2one("school.certificate", readonly=True, index=True)
    spoil_act_number = fields.Char(string="Act number")
    spoil_act_date = fields.Date(string="Act date")
    spoil_reason = fields.Char(string="Reason")
    company_id = fields.Many2one(related="batch_id.company_id", store=True)

    _sql_constraints = [
        ("number_uniq", "unique(kind, series, number)", "This blank already exists."),
    ]

    @api.depends("series", "number")
    def _compute_name(self):
        for blank in self:
            blank.name = f"{blank.series or ''} {blank.number or ''}".strip()

    @api.depends("number")
    def _compute_number_int(self):
        for blank in self:
            blank.number_int = int(blank.number) if (blank.number or "").isdigit() else 0

    def write(self, vals):
        if not self.env.su and vals.keys() & set(SPOIL_FIELDS):
            written = self.filtered(lambda b: b.state != "available")
            if written:
                raise UserError(
                    self.env._(
                        "%(blank)s is no longer in stock: its act of spoiling cannot change.",
                        blank=written[0].name,
                    )
                )
        return super().write(vals)

    @api.model
    def _balance_by_level(self, kind="certificate"):
        """Blanks of `kind` in stock by level, one query."""
        return dict(
            self._read_group(
                [("state", "=", "available"), ("kind", "=", kind)], ["level"], ["__count"]
            )
        )

    def _take(self, certificate, kind="certificate"):
        """Use the blank for `certificate` (or for its annex): it must be in stock."""
        self.ensure_one()
        if self.kind != kind:
            raise UserError(
                self.env._(
                    "The blank %(blank)s is not a blank of this kind (certificate or annex).",
                    blank=self.name,
                )
            )
        if self.state != "available":
            raise UserError(self.env._("The blank %(blank)s is not in stock.", blank=self.name))
        if self.level != certificate.level:
            raise UserError(
                self.env._(
                    "The blank %(blank)s is for another level of education.", blank=self.name
                )
            )
        self._workflow_write({"state": "used", "certificate_id": certificate.id})

    def action_spoil(self):
        """Write the blank off as spoiled under the act filled on it (the secretary, or
        the director)."""
        self._check_school_role("school_records.group_secretary", role=self.env._("the secretary"))
        for blank in self:
            if blank.state == "spoiled":
                continue
            if not (blank.spoil_act_number and blank.spoil_act_date and blank.spoil_reason):
                raise UserError(
                    self.env._(
                        "%(blank)s: fill the act number, its date and the reason first.",
                        blank=blank.name,
                    )
                )
            if blank.state == "used":
                raise UserError(
                    self.env._(
                        "%(blank)s carries a certificate: cancel the certificate instead.",
                        blank=blank.name,
                    )
                )
        self.filtered(lambda b: b.state != "spoiled")._workflow_write({"state": "spoiled"})
        return True
