import functools
import io
import json
import logging
import subprocess

import lxml.html

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.pdf import ArrayObject, NameObject, PdfFileReader, PdfFileWriter

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.addons.school_records.builders.class_reports import SummaryBuilder
from odoo.addons.school_records.builders.journal import REPORT_REF, JournalBuilder
from odoo.addons.school_records.tools.xlsx import SHEET_NAME_FORBIDDEN, write_grid

from .school_archive_file import seal
from .school_archive_retention import ARCHIVE_KINDS

_logger = logging.getLogger(__name__)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SNAPSHOT_CONTEXT = "school_archive_snapshot"
# written by the archiving jobs and the destruction act only (as superuser)
SET_BY_THE_ARCHIVE = (
    "kind",
    "state",
    "seal",
    "tombstone",
    "archive_key",
    "destroyed_on",
    "destruction_act_id",
    "transfer_act_id",
    "res_model",
    "res_id",
    "year_id",
    "class_id",
    "assignment_id",
    "period_id",
    "student_id",
)
# the retention data the seal covers besides the files (seal format 2): an edit of these
# through the ORM verifies the seal first and seals again; a change behind the ORM's back
# (SQL) breaks the seal
SEALED_RETENTION_FIELDS = ("retention_start", "keep_permanently")
# the year-end run prints this many journals in one wkhtmltopdf call (about a second of
# start-up and page loading a call, then the pages)
PRINT_BATCH = 25
# the invisible link at the top of each journal of a batch print, where the PDF is cut
SPLIT_MARK = "https://school-archive.invalid/journal/"
ARTICLE_XPATH = "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"


@functools.cache
def wkhtmltopdf_takes_many_documents():
    """wkhtmltopdf built with its patched Qt prints several HTML documents in one call,
    each laid out on its own; the plain build prints one document a call."""
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, check=False, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return b"patched qt" in version


def _json_bytes(data):
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True, default=str).encode()


class SchoolArchiveRecord(models.Model):
    """Единица хранения: one archival unit (a journal of a period or year, a class's
    summary statement, a registration book, a personal file, …) with its files, its
    retention term and, once destroyed by a signed act, its tombstone.

    Units are made only by the archiving jobs (quarter end, year end) and the acts that
    archive a document (a personal file, a council protocol); nobody creates one by hand,
    so nobody chooses the unit, the kind or the start of the term a future print goes
    into. They are read by the archivist, the deputy and the director only."""

    _name = "school.archive.record"
    _description = "Archival Unit"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = SET_BY_THE_ARCHIVE
    _order = "year_id desc, kind, name, id"

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(ARCHIVE_KINDS, required=True, default="other", tracking=True)
    archive_key = fields.Char(
        readonly=True, copy=False, help="What the unit archives, so a job never doubles it."
    )
    year_id = fields.Many2one("school.academic.year", string="Academic year", index=True)
    class_id = fields.Many2one("school.class", string="Class", index=True)
    assignment_id = fields.Many2one("school.teaching.assignment", string="Journal", index=True)
    period_id = fields.Many2one("school.period", string="Period", index=True)
    student_id = fields.Many2one("school.student", string="Student", index=True)
    res_model = fields.Char(string="Source model", readonly=True)
    res_id = fields.Many2oneReference(string="Source record", model_field="res_model")
    retention_id = fields.Many2one(
        "school.archive.retention",
        string="Retention period",
        compute="_compute_retention_id",
        store=True,
    )
    retention_years = fields.Integer(related="retention_id.years")
    retention_start = fields.Date(
        compute="_compute_retention_start",
        store=True,
        readonly=False,
        tracking=True,
        help="The event the term runs from: the end of the year, the graduation, …",
    )
    expiry_date = fields.Date(
        compute="_compute_expiry_date", store=True, index=True, string="Kept until"
    )
    archivist_id = fields.Many2one(
        "res.users",
        string="Archivist",
        default=lambda self: self._default_archivist(),
        tracking=True,
    )
    file_ids = fields.One2many("school.archive.file", "record_id", string="Files")
    file_count = fields.Integer(compute="_compute_file_stats")
    total_size = fields.Integer(string="Size (bytes)", compute="_compute_file_stats")
    seal = fields.Char(
        readonly=True, copy=False, help="HMAC-SHA256 of the files' digests, keyed outside the DB."
    )
    state = fields.Selection(
        [("archived", "Kept"), ("expired", "Retention expired"), ("destroyed", "Destroyed")],
        default="archived",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    keep_permanently = fields.Boolean(
        tracking=True,
        copy=False,
        help="Selected by the expert commission for permanent keeping (seed 003 §7.3.4).",
    )
    transfer_act_id = fields.Many2one("school.archive.transfer.act", readonly=True, copy=False)
    destruction_act_id = fields.Many2one("school.destruction.act", readonly=True, copy=False)
    destroyed_on = fields.Datetime(readonly=True, copy=False)
    tombstone = fields.Text(readonly=True, copy=False, help="What was destroyed, with digests.")

    _sql_constraints = [
        ("archive_key_unique", "unique(archive_key)", "This document is already archived."),
    ]

    @api.model
    def _default_archivist(self):
        roles = self.env["school.roles"]
        return (
            self.env.user
            if roles._is_archivist()
            else roles._person("school_records.group_archivist")
        )

    @api.depends("kind")
    def _compute_retention_id(self):
        Retention = self.env["school.archive.retention"]
        for record in self:
            record.retention_id = Retention._for_kind(record.kind)

    @api.depends("retention_id.start_event", "year_id.date_end", "student_id")
    def _compute_retention_start(self):
        for record in self:
            event = record.retention_id.start_event
            if event == "year_end" and record.year_id:
                record.retention_start = record.year_id.date_end
            elif event == "graduation" and record.student_id:
                record.retention_start = record._leaving_date() or record.retention_start
            elif not record.retention_start:
                record.retention_start = self.env["school.journal"]._today()

    def _leaving_date(self):
        enrollments = (
            self.env["school.enrollment"]
            .sudo()
            .search([("student_id", "=", self.student_id.id)], order="date_from desc", limit=1)
        )
        return enrollments.date_to

    @api.depends(
        "retention_start", "retention_id.years", "retention_id.permanent", "keep_permanently"
    )
    def _compute_expiry_date(self):
        for record in self:
            record.expiry_date = (
                False
                if record.keep_permanently or not record.retention_id
                else record.retention_id._expiry(record.retention_start)
            )

    @api.depends("file_ids.size")
    def _compute_file_stats(self):
        for record in self:
            record.file_count = len(record.file_ids)
            record.total_size = sum(record.file_ids.mapped("size"))

    @api.constrains("keep_permanently", "kind")
    def _check_keep_permanently(self):
        for record in self:
            if record.keep_permanently and record.kind != "personal_file":
                raise ValidationError(
                    self.env._("Only personal files are selected for permanent keeping.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("Archival units are made by the archiving jobs and acts, not by hand.")
            )
        return super().create(vals_list)

    def write(self, vals):
        sealed = self.filtered("seal") if vals.keys() & set(SEALED_RETENTION_FIELDS) else None
        if sealed and not self.env.su:
            sealed._check_seal_before_change()
        # a job (superuser) seals again only what was intact: it never heals a broken seal
        intact = sealed and sealed.filtered(lambda record: record._seal_intact())
        if self.env.su:
            result = super().write(vals)
        else:
            result = self._write_by_hand(vals)
        if intact:
            intact._reseal()
        return result

    def _write_by_hand(self, vals):
        if "keep_permanently" in vals and not self.env["school.roles"]._is_deputy():
            raise UserError(
                self.env._("Only the expert commission (deputy, director) selects files to keep.")
            )
        kept_until = {record: record.expiry_date for record in self}
        result = super().write(vals)
        if vals.keys() - {"keep_permanently"}:
            self._check_term_not_shortened(kept_until)
        return result

    def _check_seal_before_change(self):
        """A sealed unit changes only when its seal still holds: otherwise the change
        would seal again what someone altered behind the archive's back."""
        broken = self.filtered(lambda record: record.seal and not record._seal_intact())
        if broken:
            raise UserError(
                self.env._(
                    "The seal of %(unit)s does not match its files and retention data: the "
                    "unit may have been altered. Run a verification; nothing is added or "
                    "changed until the archivist restores it.",
                    unit=broken[0].name,
                )
            )

    def _check_term_not_shortened(self, kept_until):
        """An edit may lengthen a unit's keeping, never shorten it: otherwise a backdated
        start would make a unit «expire» for a destruction act before its time."""
        shortened = self.filtered(
            lambda r: (
                r.state != "destroyed"
                and (
                    (not kept_until[r] and r.expiry_date)
                    or (kept_until[r] and r.expiry_date and r.expiry_date < kept_until[r])
                )
            )
        )
        if shortened:
            raise UserError(
                self.env._(
                    "The retention of %(unit)s cannot be shortened: the unit would be kept "
                    "until %(new)s instead of %(old)s.",
                    unit=shortened[0].name,
                    new=shortened[0].expiry_date,
                    old=kept_until[shortened[0]] or self.env._("permanently"),
                )
            )

    def web_read(self, specification):
        result = super().web_read(specification)
        if len(self) == 1 and not self.env.su:  # the form of one unit: a read to log
            self.env["school.archive.access.log"]._log_open(self)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("Archival units are destroyed by a destruction act, never deleted.")
        )

    # actions ------------------------------------------------------------------------------
    def action_add_file(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "school.archive.file.upload",
            "view_mode": "form",
            "target": "new",
            "context": {"default_record_id": self.id},
        }

    def action_verify(self):
        check = self.env["school.archive.check"]._run(self)
        return check._open()

    # making units --------------------------------------------------------------------------
    @api.model
    def _create_unit(self, values, files):
        """A unit with its files [(name, content, mimetype)], stored twice and sealed."""
        record = self.sudo().create(values)
        for name, content, mimetype in files:
            self.env["school.archive.file"]._store_new(record, name, content, mimetype)
        record._reseal()
        return record

    @api.model
    def _archive_print(self, source, report, name, kind, **values):
        """Archive the print (PDF) of the record `source` by the report `report`, in the
        source's own unit: a later print of the same record is added to that unit."""
        pdf, _kind = self.env["ir.actions.report"].sudo()._render_qweb_pdf(report, source.ids)
        stamp = self.env["school.journal"]._today().strftime("%Y%m%d")
        files = [(f"{name} ({stamp}).pdf", pdf, "application/pdf")]
        key = f"{source._name}:{source.id}"
        unit = self.sudo().search([("archive_key", "=", key)], limit=1)
        if unit:
            unit._add_files(files)
            return unit
        values = {"res_model": source._name, "res_id": source.id, **values}
        return self._create_unit({"name": name, "kind": kind, "archive_key": key, **values}, files)

    def _add_files(self, files):
        self.ensure_one()
        if self.state == "destroyed":
            raise UserError(self.env._("A destroyed unit cannot take new files."))
        self._check_seal_before_change()
        for name, content, mimetype in files:
            self.env["school.archive.file"]._store_new(self, name, content, mimetype)
        self._reseal()

    def _seal_payload(self):
        """Seal format 2: the files' digests and the unit's retention data (what it is,
        whose, which year, from when it is kept, whether for ever)."""
        files = self.file_ids.sorted("id")
        return _json_bytes(
            {
                "format": 2,
                "unit": self.id,
                "files": [[f.id, f.name, f.size, f.sha256] for f in files],
                "archive_key": self.archive_key or "",
                "kind": self.kind,
                "year": self.year_id.id,
                "student": self.student_id.id,
                "retention_start": str(self.retention_start or ""),
                "keep_permanently": bool(self.keep_permanently),
            }
        )

    def _seal_payload_v1(self):
        """The payload of the seals made before 18.0.1.0.0 (files only): the migration
        checks the old seals with it before sealing the units again in format 2."""
        files = self.file_ids.sorted("id")
        return _json_bytes(
            {
                "unit": self.id,
                "files": [[f.id, f.name, f.size, f.sha256] for f in files],
            }
        )

    @api.model
    def _reseal_after(self, domain, change):
        """Run `change` (a callable) that moves the retention start of the units of
        `domain` as a side effect (a retention period's start event, a year's end), and
        seal again the units whose seal held before: a legitimate change of the school's
        schedule is no tampering; a broken seal stays broken."""
        units = self.sudo().search([*domain, ("seal", "!=", False), ("state", "!=", "destroyed")])
        intact = units.filtered(lambda unit: unit._seal_intact())
        result = change()
        intact._reseal()
        return result

    def _reseal(self):
        for record in self.sudo():
            record.seal = seal(record._seal_payload(), record.env)

    def _seal_intact(self):
        self.ensure_one()
        return bool(self.seal) and self.seal == seal(self._seal_payload(), self.env)

    # quarter-end archiving (seed 000 §3.1.9) -----------------------------------------------
    @api.model
    def _cron_archive_closed_periods(self, batch_size=100):
        pending = self._pending_period_journals()
        for period, assignment in pending[:batch_size]:
            self._archive_period_journal(period, assignment)
        drop_journal_pages(self.env)
        done = min(batch_size, len(pending))
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(pending) - done)
        return done

    @api.model
    def _pending_period_journals(self):
        """[(period, assignment)] of the closed periods' journals not archived yet."""
        pairs = []
        for period in self.env["school.period"].sudo().search([("state", "=", "closed")]):
            assignments = (
                self.env["school.teaching.assignment"]
                .sudo()
                .search([("class_id.year_id", "=", period.year_id.id)])
                .filtered(lambda a, p=period: (a.class_id.period_scheme or "quarter") == p.scheme)
            )
            pairs += [(period, assignment) for assignment in assignments]
        keys = [self._period_key(period, assignment) for period, assignment in pairs]
        done = set(self.sudo().search([("archive_key", "in", keys)]).mapped("archive_key"))
        return [pair for pair, key in zip(pairs, keys, strict=True) if key not in done]

    @staticmethod
    def _period_key(period, assignment):
        return f"journal:period:{period.id}:{assignment.id}"

    def _exporter(self, assignment, period):
        return (
            self.env["school.journal.export"]
            .sudo()
            .with_context(**{SNAPSHOT_CONTEXT: True})
            .create({"assignment_id": assignment.id, "period_id": period.id})
        )

    @api.model
    def _archive_period_journal(self, period, assignment):
        exporter = self._exporter(assignment, period)
        stem = exporter._file_stem()
        pages = exporter._journal_pages()
        files = [
            (f"{stem}.xlsx", exporter._xlsx_content(), XLSX_MIMETYPE),
            (f"{stem}.json", self._journal_json(assignment, [(period, pages)]), "application/json"),
        ]
        return self._create_unit(
            {
                "name": self.env._(
                    "Journal %(journal)s, %(period)s",
                    journal=assignment.name,
                    period=period.display_name,
                ),
                "kind": "class_journal",
                "archive_key": self._period_key(period, assignment),
                "year_id": period.year_id.id,
                "class_id": assignment.class_id.id,
                "assignment_id": assignment.id,
                "period_id": period.id,
                "res_model": "school.teaching.assignment",
                "res_id": assignment.id,
            },
            files,
        )

    def _journal_json(self, assignment, period_pages):
        """The machine-readable copy of the journal: the same page data as the XLSX."""
        return _json_bytes(
            {
                "format": "school_archive.journal/1",
                "journal": {
                    "id": assignment.id,
                    "name": assignment.name,
                    "class": assignment.class_id.name,
                    "subject": assignment.subject_id.name,
                    "teacher": assignment.teacher_id.name,
                    "year": assignment.class_id.year_id.name,
                },
                "periods": [
                    {
                        "id": period.id,
                        "name": period.name,
                        "date_start": period.date_start,
                        "date_end": period.date_end,
                        "pages": pages,
                    }
                    for period, pages in period_pages
                ],
            }
        )

    # year-end archiving (seed 001 §7.2, not later than 30 June) ---------------------------
    @api.model
    def _year_exporters(self, assignment):
        """The journal's exporters, one a period of its year, in order."""
        periods = assignment.class_id.year_id.period_ids.filtered(
            lambda p: p.scheme == (assignment.class_id.period_scheme or "quarter")
        ).sorted("date_start")
        exporters = (
            self.env["school.journal.export"].sudo().with_context(**{SNAPSHOT_CONTEXT: True})
        ).browse()
        for period in periods:
            exporters |= self._exporter(assignment, period)
        return exporters

    @api.model
    def _year_journal_files(self, assignment, with_pdf=True, exporters=None, pdf=None):
        """XLSX (a pair of sheets per period), JSON and the printable PDF of a journal's
        year; `exporters` and `pdf` when the year-end run printed the journal in a batch
        (see ``_print_journals``)."""
        if exporters is None:
            exporters = self._year_exporters(assignment)
        period_pages = [(e.period_id, e._journal_pages()) for e in exporters]
        year = assignment.class_id.year_id.name.replace("/", "-")
        stem = f"{self.env._('Journal')}_{assignment.name}_{year}"
        stem = SHEET_NAME_FORBIDDEN.sub("", stem).replace(" ", "_")
        files = [
            (f"{stem}.xlsx", self._year_workbook(exporters, period_pages), XLSX_MIMETYPE),
            (f"{stem}.json", self._journal_json(assignment, period_pages), "application/json"),
        ]
        if with_pdf and exporters:
            if pdf is None:
                pdf = self._print_journal(exporters)
            files.append((f"{stem}.pdf", pdf, "application/pdf"))
        return files

    def _journal_report(self):
        return self.env["ir.actions.report"].sudo().with_context(**{SNAPSHOT_CONTEXT: True})

    def _print_journal(self, exporters):
        """The PDF of one journal (its periods' exporters) printed on its own."""
        pdf, _format = self._journal_report()._render_qweb_pdf(REPORT_REF, exporters.ids)
        return pdf

    @api.model
    def _print_journals(self, journals):
        """The PDFs of `journals` (a list of exporter recordsets, one a journal), in
        order, printed PRINT_BATCH journals a wkhtmltopdf call instead of one call a
        journal: the journals follow one another in one document, each from a new page
        with an invisible link at its top, and the PDF is cut at the links. Each journal
        gets the pages a print of it alone gives; a batch whose cut is not clear (a
        journal without pages) is printed journal by journal."""
        Report = self._journal_report()
        if len(journals) < 2 or (
            (tools.config["test_enable"] or tools.config["test_file"])
            and not Report.env.context.get("force_report_rendering")
        ):
            # the tests print HTML, not PDF (``_pre_render_qweb_pdf``): nothing to cut
            return [self._print_journal(exporters) for exporters in journals]
        pdfs = []
        for start in range(0, len(journals), PRINT_BATCH):
            batch = journals[start : start + PRINT_BATCH]
            printed = self._print_journal_batch(Report, batch)
            if printed is None:
                _logger.warning("Journals printed one by one: the batch print could not be cut")
                printed = [self._print_journal(exporters) for exporters in batch]
            pdfs += printed
        return pdfs

    def _print_journal_batch(self, Report, journals):
        """One wkhtmltopdf call for `journals`, cut per journal; None if it cannot be cut.

        wkhtmltopdf with its patched Qt gets each journal as its own document: its pages
        are those of the journal printed alone. The plain build takes one document: the
        journals follow one another from a new page each, and its smart shrinking scales
        the whole document to its widest journal (the same text and pages, the narrower
        journals' tables drawn a little smaller than when printed alone)."""
        # as ``_render_qweb_pdf_prepare_streams``: no debug assets in a print
        Report = Report.with_context(debug=False)
        report = Report._get_report(REPORT_REF).with_context(debug=False)
        separate = wkhtmltopdf_takes_many_documents()
        documents = []
        for index, exporters in enumerate(journals):
            html = Report._render_qweb_html(
                REPORT_REF, exporters.ids, data={"report_type": "pdf", "debug": False}
            )[0]
            tree = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
            articles = tree.xpath(ARTICLE_XPATH)
            if len(articles) != 1:
                return None
            article = articles[0]
            mark = lxml.html.Element(
                "a",
                href=f"{SPLIT_MARK}{index}",
                style="position: absolute; display: block; width: 1px; height: 1px;",
            )
            if separate or not documents:
                article.insert(0, mark)
                documents.append((tree, article))
                continue
            container = documents[0][1]
            container.append(lxml.html.Element("div", style="page-break-after: always;"))
            container.append(mark)
            if article.text and article.text.strip():
                mark.tail = article.text
            for child in list(article):
                container.append(child)
        bodies = []
        for tree, _article in documents:
            parts, _ids, header, footer, paperformat_args = report._prepare_html(
                lxml.html.tostring(tree, encoding="unicode"), report.model
            )
            if len(parts) != 1:
                return None
            bodies += parts
        pdf = Report._run_wkhtmltopdf(
            bodies,
            report_ref=REPORT_REF,
            header=header,
            footer=footer,
            landscape=Report.env.context.get("landscape"),
            specific_paperformat_args=paperformat_args,
            set_viewport_size=Report.env.context.get("set_viewport_size"),
        )
        return self._cut_at_marks(pdf, len(journals))

    @staticmethod
    def _cut_at_marks(pdf, count):
        """The PDF cut before the pages holding the marks 0…count-1 (the marks removed);
        None unless each mark opens its own page, in order, the first on the first page."""
        reader = PdfFileReader(io.BytesIO(pdf))
        starts = {}
        for number, page in enumerate(reader.pages):
            annotations = page.get("/Annots")
            if not annotations:
                continue
            kept = ArrayObject()
            for annotation in annotations.get_object():
                uri = annotation.get_object().get("/A", {}).get("/URI", "")
                if isinstance(uri, str) and uri.startswith(SPLIT_MARK):
                    starts.setdefault(int(uri[len(SPLIT_MARK) :]), number)
                else:
                    kept.append(annotation)
            if kept:
                page[NameObject("/Annots")] = kept
            else:
                del page["/Annots"]
        pages = [starts.get(index) for index in range(count)]
        if (
            len(starts) != count
            or pages[0] != 0
            or any(a >= b for a, b in zip(pages, pages[1:], strict=False))
        ):
            return None
        pdfs = []
        for index, first in enumerate(pages):
            last = pages[index + 1] if index + 1 < count else len(reader.pages)
            writer = PdfFileWriter()
            for number in range(first, last):
                writer.add_page(reader.pages[number])
            stream = io.BytesIO()
            writer.write(stream)
            pdfs.append(stream.getvalue())
        return pdfs

    @staticmethod
    def _year_workbook(exporters, period_pages):
        """The journal's sheets, one pair per period of the year, from its builder."""
        env = exporters.env
        builder = JournalBuilder(env, env["school.period"])
        book = builder.new_book()
        used_names = set()
        for period, pages in period_pages:
            for page in pages:
                naming = {**page, "subject": period.name, "short_name": period.name}
                builder.add_page(book, page, used_names, naming)
        if not used_names:
            book.add_worksheet()
        return write_grid(env, book)

    @api.model
    def _summary_statement(self, school_class):
        """The class's summary statement of the year as an XLSX, from its builder."""
        env = self.sudo().env
        builder = SummaryBuilder(env, school_class.year_id.sudo(), classes=school_class.sudo())
        year = school_class.year_id.name.replace("/", "-")
        name = f"Сводная ведомость {school_class.name} {year}.xlsx"
        return [(name, write_grid(env, builder.build()), XLSX_MIMETYPE)]

    def _manifest_files(self, year, act):
        """The per-year manifest: every file of the year's units with its digest."""
        records = self.sudo().search([("year_id", "=", year.id), ("state", "!=", "destroyed")])
        entries = [
            {
                "unit": record.archive_key or record.id,
                "unit_name": record.name,
                "kind": record.kind,
                "file_id": archived.id,
                "file": archived.name,
                "size": archived.size,
                "sha256": archived.sha256,
            }
            for record in records
            for archived in record.file_ids.sorted("id")
        ]
        content = _json_bytes(
            {
                "format": "school_archive.manifest/1",
                "year": year.name,
                "transfer_act": act.name,
                "made_on": fields.Datetime.now(),
                "files": entries,
            }
        )
        name = f"manifest_{year.name.replace('/', '-')}.json"
        return [(name, content, "application/json")]

    def _manifest_mismatches(self):
        """Files whose digest in the database differs from the sealed manifest's."""
        self.ensure_one()
        try:
            entries = json.loads(self.file_ids[:1]._read_content())["files"]
        except UserError:
            return []  # both copies damaged: the file's own check reports it
        files = (
            self.env["school.archive.file"].sudo().browse([e["file_id"] for e in entries]).exists()
        )
        digests = {f.id: f.sha256 for f in files if f.state != "destroyed"}
        return [
            entry["file"]
            for entry in entries
            if entry["file_id"] in digests and digests[entry["file_id"]] != entry["sha256"]
        ]

    # retention -----------------------------------------------------------------------------
    @api.model
    def _cron_flag_expired(self):
        """Flag the units whose term is over and ask their archivist to act."""
        today = self.env["school.journal"]._today()
        expired = self.sudo().search(
            [
                ("state", "=", "archived"),
                ("expiry_date", "!=", False),
                ("expiry_date", "<=", today),
                ("keep_permanently", "=", False),
            ]
        )
        expired.write({"state": "expired"})
        for record in expired:
            record._schedule_archivist_activity(
                self.env._("Retention expired: propose for destruction")
            )
        return expired

    def _schedule_archivist_activity(self, summary, note=None):
        activity_type = self.env.ref("school_archive.mail_activity_type_school_archive")
        for record in self:
            user = record.archivist_id or record._default_archivist()
            if not user:
                continue
            record.sudo().activity_schedule(
                activity_type_id=activity_type.id, summary=summary, note=note, user_id=user.id
            )

    def _is_expired(self, day=None):
        self.ensure_one()
        day = day or self.env["school.journal"]._today()
        return bool(
            not self.keep_permanently
            and self.state != "destroyed"
            and self.expiry_date
            and self.expiry_date <= day
        )

    def _destroy(self, act):
        """Destroy the files of expired units under a signed act; keep the tombstone."""
        if act.state != "signed":
            raise UserError(
                self.env._("Files are destroyed only under an act signed by the director.")
            )
        early = self.filtered(lambda r: not r._is_expired())
        if early:
            raise UserError(
                self.env._(
                    "The retention of %s is not over: it cannot be destroyed.",
                    ", ".join(early.mapped("name")),
                )
            )
        now = fields.Datetime.now()
        for record in self.sudo():
            record.write(
                {
                    "tombstone": record._tombstone_text(act, now),
                    "state": "destroyed",
                    "destroyed_on": now,
                    "destruction_act_id": act.id,
                }
            )
            record.file_ids._destroy_copies()

    def _tombstone_text(self, act, when):
        lines = [
            self.env._(
                "Destroyed on %(when)s under the act %(act)s.",
                when=fields.Datetime.to_string(when),
                act=act.name,
            )
        ]
        lines += [f"{f.name}  {f.size}  sha256:{f.sha256}" for f in self.file_ids]
        return "\n".join(lines)


def drop_journal_pages(env):
    # imported late: school_journal_grid imports this module
    from .school_journal_grid import drop_journal_pages as drop

    drop(env)


class SchoolAcademicYear(models.Model):
    _inherit = "school.academic.year"

    def write(self, vals):
        if "date_end" not in vals:
            return super().write(vals)
        return self.env["school.archive.record"]._reseal_after(
            [("year_id", "in", self.ids)], lambda: super(SchoolAcademicYear, self).write(vals)
        )
