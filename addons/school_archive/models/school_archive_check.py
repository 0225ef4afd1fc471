import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

RESULTS = [("ok", "OK"), ("repaired", "Repaired"), ("failed", "Failed")]


class SchoolArchiveCheck(models.Model):
    """One verification of the archive (seed 001 §7.6: integrity and authenticity for the
    whole retention period): each unit's seal, each manifest against the digests, and both
    copies of every file against its recorded SHA-256; a damaged copy is rewritten from the
    intact one and read again."""

    _name = "school.archive.check"
    _description = "Archive Verification"
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Run by", default=lambda self: self.env.user, readonly=True
    )
    result = fields.Selection(RESULTS, required=True, default="ok", readonly=True)
    line_ids = fields.One2many(
        "school.archive.check.line", "check_id", string="Files", readonly=True
    )
    file_count = fields.Integer(string="Files checked", readonly=True)
    repaired_count = fields.Integer(string="Repaired", readonly=True)
    failed_count = fields.Integer(string="Failed", readonly=True)

    @api.depends("date", "result")
    def _compute_display_name(self):
        labels = dict(RESULTS)
        for check in self:
            check.display_name = (
                f"{fields.Datetime.to_string(check.date)} — {labels.get(check.result, '')}"
            )

    @api.model
    def _cron_verify(self):
        records = self.env["school.archive.record"].sudo().search([("state", "!=", "destroyed")])
        return self._run(records)

    @api.model
    def _run(self, records):
        """Verify `records`, repair what can be, and report to the archivists."""
        check = self.sudo().create({})
        lines, troubled = [], records.browse()
        for record in records.sudo():
            record_lines = check._check_record(record)
            if any(line["result"] != "ok" for line in record_lines):
                troubled |= record
            lines += record_lines
        self.env["school.archive.check.line"].sudo().create(lines)
        results = [line["result"] for line in lines]
        check.write(
            {
                "file_count": len(lines),
                "repaired_count": results.count("repaired"),
                "failed_count": results.count("failed"),
                "result": "failed"
                if "failed" in results
                else "repaired"
                if "repaired" in results
                else "ok",
            }
        )
        for record in troubled:
            record._schedule_archivist_activity(
                self.env._("Archive verification found a mismatch"),
                note="<br/>".join(
                    f"{line.file_name}: {line.details}"
                    for line in check.line_ids.filtered(
                        lambda line, r=record: line.record_id == r and line.result != "ok"
                    )
                ),
            )
        _logger.info("Archive verification: %s files, result %s", len(lines), check.result)
        return check

    def _check_record(self, record):
        seal_ok = record._seal_intact()
        mismatches = (
            set(record._manifest_mismatches())
            if (record.archive_key or "").startswith("manifest:")
            else set()
        )
        lines = []
        for archived in record.file_ids.filtered(lambda f: f.state != "destroyed"):
            if not seal_ok:
                result, details = (
                    "failed",
                    self.env._("the unit's seal does not match its recorded digests"),
                )
            else:
                result, details = archived._verify_and_repair()
            if result == "ok" and mismatches:
                result = "failed"
                details = self.env._(
                    "the sealed manifest differs from digests in the database: %s",
                    ", ".join(sorted(mismatches)),
                )
            archived.write(
                {"last_check": self.date, "state": "damaged" if result == "failed" else "ok"}
            )
            lines.append(
                {
                    "check_id": self.id,
                    "file_id": archived.id,
                    "record_id": record.id,
                    "file_name": archived.name,
                    "result": result,
                    "details": details,
                }
            )
        return lines

    def _open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }


class SchoolArchiveCheckLine(models.Model):
    _name = "school.archive.check.line"
    _description = "Archive Verification Line"
    _order = "check_id desc, result desc, id"

    check_id = fields.Many2one(
        "school.archive.check", required=True, ondelete="cascade", index=True
    )
    date = fields.Datetime(related="check_id.date", store=True)
    record_id = fields.Many2one("school.archive.record", string="Unit", index=True)
    file_id = fields.Many2one("school.archive.file", string="File", index=True)
    file_name = fields.Char(string="File name")
    kind = fields.Selection(related="record_id.kind", store=True)
    year_id = fields.Many2one(related="record_id.year_id", store=True)
    result = fields.Selection(RESULTS, required=True)
    details = fields.Char()
