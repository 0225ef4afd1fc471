import logging
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .school_archive_record import PRINT_BATCH
from .school_journal_grid import drop_journal_pages

_logger = logging.getLogger(__name__)

# seed 004 §7: the archiving is done by 30 June; the archivist is reminded two weeks before
ARCHIVE_REMINDER_DAYS = 14


class SchoolArchiveTransferAct(models.Model):
    """Акт приема-передачи в архив: the year-end archiving of one academic year (seed 001
    §7.2, not later than 30 June): the journals (XLSX, JSON, PDF for printing), the summary
    statement of every class and the sealed manifest.

    The job collects the units (in batches when run by the scheduler); the deputy signs the
    act, then the director."""

    _name = "school.archive.transfer.act"
    _description = "Act of Transfer to the Archive"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = (
        "state",
        "deputy_id",
        "deputy_signed_on",
        "director_id",
        "director_signed_on",
        "manifest_record_id",
        "units_total",
        "units_done",
        "log",
        "year_id",
    )
    _order = "year_id desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    year_id = fields.Many2one(
        "school.academic.year", string="Academic year", required=True, readonly=True
    )
    state = fields.Selection(
        [
            ("collecting", "Collecting"),
            ("to_sign", "To sign"),
            ("deputy_signed", "Signed by the deputy"),
            ("signed", "Signed by the director"),
        ],
        default="collecting",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    with_pdf = fields.Boolean(string="PDF of the journals", default=True)
    record_ids = fields.One2many("school.archive.record", "transfer_act_id", string="Units")
    units_total = fields.Integer(readonly=True)
    units_done = fields.Integer(readonly=True)
    progress = fields.Float(compute="_compute_progress")
    file_count = fields.Integer(compute="_compute_totals")
    total_size = fields.Integer(string="Size (bytes)", compute="_compute_totals")
    manifest_record_id = fields.Many2one("school.archive.record", string="Manifest", readonly=True)
    log = fields.Text(readonly=True)
    deputy_id = fields.Many2one("res.users", string="Deputy", readonly=True, copy=False)
    deputy_signed_on = fields.Datetime(readonly=True, copy=False)
    director_id = fields.Many2one("res.users", string="Director", readonly=True, copy=False)
    director_signed_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("year_id.name")
    def _compute_name(self):
        for act in self:
            act.name = self.env._("Transfer to the archive %s", act.year_id.name or "")

    @api.depends("units_total", "units_done")
    def _compute_progress(self):
        for act in self:
            act.progress = 100.0 * act.units_done / act.units_total if act.units_total else 0.0

    @api.depends("record_ids.file_ids.size")
    def _compute_totals(self):
        for act in self:
            files = act.record_ids.file_ids
            act.file_count = len(files)
            act.total_size = sum(files.mapped("size"))

    # workflow: the deputy signs, then the director ------------------------------------------
    def action_sign_deputy(self):
        self._check_can_sign("to_sign", "school_records.group_deputy")
        self._workflow_write(
            {
                "state": "deputy_signed",
                "deputy_id": self.env.uid,
                "deputy_signed_on": fields.Datetime.now(),
            }
        )
        # the deputy's to-do is done; the director finds the act in «To sign»
        self._school_activity_done("school_archive.mail_activity_type_school_archive")
        self._school_activity(
            "school_records.mail_activity_school_sign",
            self.env["school.roles"]._directors(),
            self.env._("Sign the act of transfer to the archive"),
        )

    def action_sign_director(self):
        self._check_can_sign("deputy_signed", "school_records.group_director")
        if self.filtered(lambda act: act.deputy_id == self.env.user):
            raise UserError(
                self.env._("You signed this act as deputy: the director signs it in person.")
            )
        self._workflow_write(
            {
                "state": "signed",
                "director_id": self.env.uid,
                "director_signed_on": fields.Datetime.now(),
            }
        )
        self._school_activity_done("school_records.mail_activity_school_sign")

    def _check_can_sign(self, state, group):
        roles = {
            "school_records.group_deputy": self.env._("the deputy director"),
            "school_records.group_director": self.env._("the director"),
        }
        self._check_school_role(group, role=roles[group])
        if self.filtered(lambda act: act.state != state):
            raise UserError(self.env._("The act is not at this step."))

    def action_continue(self):
        """Collect the remaining units now (after an interrupted run)."""
        self._check_school_role(
            "school_records.group_archivist",
            "school_records.group_deputy",
            role=self.env._("the archivist or the deputy director"),
        )
        for act in self.sudo():
            act._run()

    # the job -------------------------------------------------------------------------------
    @api.model
    def _archive_year(self, year, limit=None, with_pdf=True):
        """Archive `year` (or `limit` more units of it); return the act."""
        act = self.sudo().search([("year_id", "=", year.id)], limit=1)
        if act and act.state != "collecting":
            raise UserError(self.env._("The year %s is already archived.", year.name))
        act = act or self.sudo().create({"year_id": year.id, "with_pdf": with_pdf})
        act._run(limit)
        return act

    def _pending_units(self):
        """[(archive key, "journal" or "summary", record)] of the year not archived yet,
        in order."""
        self.ensure_one()
        Record = self.env["school.archive.record"].sudo()
        year = self.year_id
        classes = self.env["school.class"].sudo().search([("year_id", "=", year.id)])
        classes = classes.sorted(lambda c: (c.level_number, c.letter or "", c.id))
        assignments = (
            self.env["school.teaching.assignment"]
            .sudo()
            .search([("class_id", "in", classes.ids)], order="class_id, id")
        )
        units = [(f"journal:year:{year.id}:{a.id}", "journal", a) for a in assignments]
        units += [(f"summary:{year.id}:{c.id}", "summary", c) for c in classes]
        done = set(
            Record.search([("archive_key", "in", [key for key, *_unit in units])]).mapped(
                "archive_key"
            )
        )
        return [unit for unit in units if unit[0] not in done]

    def _run(self, limit=None):
        """Archive the pending units (`limit` of them at most); return how many remain.
        The journals' PDFs are printed PRINT_BATCH journals a wkhtmltopdf call."""
        self.ensure_one()
        pending = self._pending_units()
        if not self.units_total:
            self.units_total = len(pending)
        batch = pending if limit is None else pending[:limit]
        done = 0
        for start in range(0, len(batch), PRINT_BATCH):
            chunk = batch[start : start + PRINT_BATCH]
            printed = self._print_journals([unit for unit in chunk if unit[1] == "journal"])
            for key, kind, source in chunk:
                if kind == "journal":
                    record = self._archive_journal(source, *printed.get(source.id, (None, None)))
                else:
                    record = self._archive_summary(source)
                record.write({"archive_key": key, "transfer_act_id": self.id})
                record._reseal()  # the seal covers the unit's key
                self.units_done += 1
                done += 1
                if done % 20 == 0 or done == len(batch):
                    self._log_progress()
            # a whole year in one run would otherwise keep every journal's marks in the
            # cache (about 1 GB for a large school)
            self.env.invalidate_all()
            drop_journal_pages(self.env)
        remaining = len(pending) - len(batch)
        # the scheduled action's progress (the «Scheduled Actions» list): the framework
        # commits it and calls the job again while units remain
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        if not remaining:
            self._finish()
        return remaining

    def _print_journals(self, units):
        """{assignment id: (its exporters, its PDF)} of the journal units, printed
        together (no PDF when the act is without)."""
        Record = self.env["school.archive.record"]
        journals = [(source, Record._year_exporters(source)) for _key, _kind, source in units]
        journals = [(source, exporters) for source, exporters in journals if exporters]
        if not self.with_pdf or not journals:
            return {source.id: (exporters, None) for source, exporters in journals}
        pdfs = Record._print_journals([exporters for _source, exporters in journals])
        return {
            source.id: (exporters, pdf)
            for (source, exporters), pdf in zip(journals, pdfs, strict=True)
        }

    def _log_progress(self):
        line = self.env._(
            "%(done)s of %(total)s units archived", done=self.units_done, total=self.units_total
        )
        _logger.info("%s: %s", self.name, line)
        self.log = f"{self.log or ''}{fields.Datetime.now()}  {line}\n"

    def _archive_journal(self, assignment, exporters=None, pdf=None):
        Record = self.env["school.archive.record"]
        files = Record._year_journal_files(
            assignment, with_pdf=self.with_pdf, exporters=exporters, pdf=pdf
        )
        return Record._create_unit(
            {
                "name": self.env._(
                    "Journal %(journal)s, %(year)s", journal=assignment.name, year=self.year_id.name
                ),
                "kind": "class_journal",
                "year_id": self.year_id.id,
                "class_id": assignment.class_id.id,
                "assignment_id": assignment.id,
                "res_model": "school.teaching.assignment",
                "res_id": assignment.id,
            },
            files,
        )

    def _archive_summary(self, school_class):
        Record = self.env["school.archive.record"]
        return Record._create_unit(
            {
                "name": self.env._(
                    "Summary statement %(class)s, %(year)s",
                    **{"class": school_class.name, "year": self.year_id.name},
                ),
                "kind": "summary_statement",
                "year_id": self.year_id.id,
                "class_id": school_class.id,
                "res_model": "school.class",
                "res_id": school_class.id,
            },
            Record._summary_statement(school_class),
        )

    def _finish(self):
        # the year is archived: the reminders and the escalation are done
        self.activity_feedback(["school_archive.mail_activity_type_school_archive"])
        Record = self.env["school.archive.record"].sudo()
        manifest = Record._create_unit(
            {
                "name": self.env._("Manifest of the archive, %s", self.year_id.name),
                "kind": "other",
                "archive_key": f"manifest:{self.year_id.id}",
                "year_id": self.year_id.id,
                "transfer_act_id": self.id,
            },
            Record._manifest_files(self.year_id, self),
        )
        self.write({"manifest_record_id": manifest.id, "state": "to_sign"})
        self._log_progress()
        deputies = self.env["school.roles"]._deputies() - self.env["school.roles"]._directors()
        if deputies:
            self.activity_schedule(
                "school_archive.mail_activity_type_school_archive",
                summary=self.env._("Sign the act of transfer to the archive"),
                user_id=deputies[:1].id,
            )

    # the scheduler ---------------------------------------------------------------------------
    @api.model
    def _cron_archive_year_end(self, batch_size=50):
        """Archive the year once its periods are all closed, and by 30 June at the latest;
        of several years due, see :meth:`_years_due` for which goes first."""
        today = self.env["school.journal"]._today()
        for year in self._years_due(today):
            self._archive_year(year, limit=batch_size)
            return  # one batch a run; the scheduler comes back for the rest

    def _years_due(self, today):
        """The years whose archiving is due, in the order the scheduler takes them: the
        archivings the archivist started go on first, then the oldest year (a school
        catching up archives its years in order, as the acts of transfer follow them)."""
        years = (
            self.env["school.academic.year"]
            .sudo()
            .search([("date_start", "<=", today)], order="date_start")
        )
        acts = self.sudo().search([("year_id", "in", years.ids)])
        finished = acts.filtered(lambda act: act.state != "collecting").year_id
        # an archiving started from the wizard («in the background») goes on
        started = acts.filtered(lambda act: act.state == "collecting" and act.units_total).year_id
        due = self.env["school.academic.year"]
        for year in years - finished:
            deadline = self._deadline(year)
            periods = year.period_ids
            if (
                year in started
                or today >= deadline
                or (periods and all(p.state == "closed" for p in periods))
            ):
                due |= year
        return (due & started) | due

    @api.model
    def _deadline(self, year):
        """The year's archiving is done by 30 June of its last calendar year."""
        return date(year.date_end.year, 6, 30)

    @api.model
    def _last_finished_year(self, today):
        """The academic year the year-end archiving is about: the last one finished
        (its end passed or all its periods closed) and not archived yet, else the last
        finished one; never the current, unfinished year."""
        years = (
            self.env["school.academic.year"]
            .sudo()
            .search([("date_start", "<=", today)], order="date_start desc")
        )
        finished = years.filtered(
            lambda year: (
                year.date_end < today
                or (year.period_ids and all(p.state == "closed" for p in year.period_ids))
            )
        )
        archived = self.sudo().search([("state", "!=", "collecting")]).year_id
        return (finished - archived)[:1] or finished[:1]

    # reminders ---------------------------------------------------------------------------------
    @api.model
    def _cron_archive_deadline(self):
        """Daily: in the two weeks before 30 June the archivist gets an activity to
        archive the year; after 30 June, with the year still not archived, the director
        gets one too (seed 004 §7: the deadline, not the day the archiving starts)."""
        today = self.env["school.journal"]._today()
        years = self.env["school.academic.year"].sudo().search([("date_start", "<=", today)])
        acts = self.sudo().search([("year_id", "in", years.ids)])
        archived = acts.filtered(lambda act: act.state != "collecting").year_id
        for year in years - archived:
            deadline = self._deadline(year)
            if today < deadline - timedelta(days=ARCHIVE_REMINDER_DAYS):
                continue
            act = acts.filtered(lambda a, y=year: a.year_id == y)[:1]
            if not act:
                act = self.sudo().create({"year_id": year.id})
                acts |= act
            if today <= deadline:
                act._archive_activity(
                    self.env["school.roles"]._own_holders("school_records.group_archivist"),
                    self.env._("Archive the year %s by 30 June", year.name),
                    deadline,
                )
            else:
                act._archive_activity(
                    self.env["school.roles"]._own_holders("school_records.group_director"),
                    self.env._(
                        "The year %s is not archived: the deadline of 30 June has passed",
                        year.name,
                    ),
                    today,
                )

    def _archive_activity(self, users, summary, deadline):
        """One activity per person and summary: the daily cron does not repeat it."""
        self.ensure_one()
        activity_type = self.env.ref("school_archive.mail_activity_type_school_archive")
        for user in users:
            if self.activity_ids.filtered(
                lambda a, u=user: (
                    a.user_id == u and a.activity_type_id == activity_type and a.summary == summary
                )
            ):
                continue
            self.sudo().activity_schedule(
                "school_archive.mail_activity_type_school_archive",
                date_deadline=deadline,
                summary=summary,
                user_id=user.id,
            )
