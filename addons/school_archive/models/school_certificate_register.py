import math

from odoo import api, fields, models
from odoo.exceptions import UserError

from .school_certificate import ISSUE_METHODS
from .school_certificate_blank import CERTIFICATE_LEVELS

RETENTION_YEARS = 50
# the fields ORM bookkeeping may still write on an entry: everything else is the
# record as entered, corrected only by certified correction records
ENTRY_TECHNICAL_FIELDS = {"page", "__last_update", "display_name"}


def ru_plural(number, one, few, many):
    """The Russian form of a word after a number: 1, 21, 101 страница; 2–4, 22
    страницы; 0, 5–20 (11–14 included), 25, 111 страниц."""
    number = abs(number)
    if 11 <= number % 100 <= 14:
        return many
    if number % 10 == 1:
        return one
    if 2 <= number % 10 <= 4:
        return few
    return many


class SchoolCertificateRegister(models.Model):
    """Книга регистрации выданных аттестатов (seed 003 §7.3.5, seed 001 §7.9): one
    continuous book per level of education, kept for many years. The graduates of
    the year are entered class by class, in alphabetical order, with a continuous
    numbering across the classes and the blank numbers in ascending order. The entries
    of each class are signed by the class teacher and the director and sealed; each
    duplicate is an entry of its own the director signs; a mistake is corrected by a
    correction record the director certifies, never by editing the entry.

    The entries are written ``entries_per_page`` a book page; the printed book ends with
    the page count certificate on a page of its own, stating the number of pages of the
    printed PDF (see ``ir.actions.report._render_qweb_pdf``). Kept ``retention_years``
    (50) years.

    The secretary writes the book (the entries come from the issue of each
    certificate) and prepares the sign-offs; only the director closes it. Its status,
    closing date and retention change only through the buttons."""

    _name = "school.certificate.register"
    _description = "Certificate Registration Book"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "date_closed", "retention_years")
    _order = "level, date_open desc, id desc"

    name = fields.Char(required=True, tracking=True)
    level = fields.Selection(CERTIFICATE_LEVELS, required=True, tracking=True)
    date_open = fields.Date(
        string="Opened on", required=True, default=fields.Date.context_today, tracking=True
    )
    date_closed = fields.Date(string="Closed on", tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, tracking=True
    )
    entries_per_page = fields.Integer(default=25, required=True)
    retention_years = fields.Integer(
        default=RETENTION_YEARS,
        readonly=True,
        help="Kept at least 50 years (seed 001 §7.9, seed 003 §7.3.5).",
    )
    entry_ids = fields.One2many("school.certificate.register.entry", "register_id", "Entries")
    signoff_ids = fields.One2many(
        "school.certificate.register.signoff", "register_id", string="Sign-offs"
    )
    correction_ids = fields.One2many(
        "school.certificate.register.correction", "register_id", string="Corrections"
    )
    entry_count = fields.Integer(compute="_compute_entry_stats")
    page_count = fields.Integer(
        string="Pages of entries",
        compute="_compute_entry_stats",
        help="The book pages the entries fill. The printed book has more: its title, "
        "the sign-offs, the corrections and the page count certificate.",
    )
    blank_balance = fields.Integer(
        string="Blanks in stock",
        compute="_compute_blank_balance",
        help="Blanks of the book's level in stock.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        ("per_page_positive", "check(entries_per_page > 0)", "A page holds at least one entry."),
    ]

    def _compute_entry_stats(self):
        groups = self.env["school.certificate.register.entry"]._read_group(
            [("register_id", "in", self.ids)], ["register_id"], ["sequence:max", "__count"]
        )
        stats = {register: (last, count) for register, last, count in groups}
        for register in self:
            last, count = stats.get(register, (0, 0))
            register.entry_count = count
            register.page_count = max(1, math.ceil((last or 0) / register.entries_per_page))

    def _page_count_text(self, count=None):
        """The page count certificate of the printed book, in Russian whatever the
        reader's language: «В книге пронумерована 1 страница», «… пронумеровано 3
        страницы», «… пронумеровано 12 страниц». Without a count (the HTML preview has
        no pages) the number is left to write by hand."""
        if not count:
            return "В книге пронумеровано ______ страниц."
        verb = ru_plural(count, "пронумерована", "пронумеровано", "пронумеровано")
        noun = ru_plural(count, "страница", "страницы", "страниц")
        return f"В книге {verb} {count} {noun}."

    def _compute_blank_balance(self):
        balance = self.env["school.certificate.blank"]._balance_by_level()
        for register in self:
            register.blank_balance = balance.get(register.level, 0)

    @api.constrains("level", "state", "company_id")
    def _check_one_open_book(self):
        for register in self.filtered(lambda r: r.state == "open"):
            others = self.search_count(
                [
                    ("id", "!=", register.id),
                    ("level", "=", register.level),
                    ("company_id", "=", register.company_id.id),
                    ("state", "=", "open"),
                ]
            )
            if others:
                raise UserError(
                    self.env._("An open registration book of this level already exists.")
                )

    def write(self, vals):
        if "entries_per_page" in vals and self.entry_ids:
            raise UserError(
                self.env._("The pages of a book with entries are numbered: keep their size.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_empty_only(self):
        if self.entry_ids:
            raise UserError(self.env._("A registration book with entries cannot be deleted."))

    def action_close(self):
        """Only the director closes a book; the closed book goes to the archive."""
        self._check_school_role("school_records.group_director", role=self.env._("the director"))
        if self.filtered(lambda r: r.state != "open"):
            raise UserError(self.env._("The registration book is already closed."))
        self._workflow_write(
            {"state": "closed", "date_closed": self.env["school.journal"]._today()}
        )
        for register in self:
            register._store_in_archive()
        return True

    def _store_in_archive(self):
        """The closed book goes to the archive, kept 50 years from then."""
        self.ensure_one()
        self.env["school.archive.record"]._archive_print(
            self,
            "school_archive.school_certificate_register_report",
            self.name,
            "registration_book",
            retention_start=self.date_closed,
        )

    @api.model
    def _book_for(self, level, company):
        """The open book of the level; the first issue opens one."""
        book = self.sudo().search(
            [("level", "=", level), ("company_id", "=", company.id), ("state", "=", "open")],
            limit=1,
        )
        if not book:
            levels = dict(self._fields["level"]._description_selection(self.env))
            book = self.sudo().create(
                {
                    "name": self.env._(
                        "Registration book: %(level)s", level=levels.get(level, level)
                    ),
                    "level": level,
                    "company_id": company.id,
                }
            )
        return book

    def _last_entry(self):
        return (
            self.env["school.certificate.register.entry"]
            .sudo()
            .search([("register_id", "=", self.id)], order="sequence desc", limit=1)
        )

    def _check_next_blank(self, certificate):
        """The book lists the blanks in ascending order, and the graduates of a class in
        alphabetical order: refuse an issue that would break either."""
        self.ensure_one()
        Entry = self.env["school.certificate.register.entry"].sudo()
        blank = certificate.blank_id
        higher = Entry.search_count(
            [
                ("register_id", "=", self.id),
                ("blank_series", "=", blank.series),
                ("blank_number_int", ">=", blank.number_int),
            ]
        )
        if higher:
            raise UserError(
                self.env._(
                    "The blank %(blank)s is below a blank already entered in the book: "
                    "blanks are entered in ascending order.",
                    blank=blank.name,
                )
            )
        if certificate.is_duplicate:
            return
        later = Entry.search(
            [
                ("register_id", "=", self.id),
                ("class_id", "=", certificate.class_id.id),
                ("is_duplicate", "=", False),
                ("student_name", ">", certificate.student_name),
            ],
            limit=1,
        )
        if later:
            raise UserError(
                self.env._(
                    "%(student)s comes before %(later)s, already entered for the class: "
                    "the class is entered in alphabetical order.",
                    student=certificate.student_name,
                    later=later.student_name,
                )
            )

    def _enter(self, certificate):
        """The entry of an issued certificate, numbered on from the last one."""
        self.ensure_one()
        marks = "; ".join(
            f"{line.subject_id.name} — {line.value_text}" for line in certificate.line_ids
        )
        original = certificate.original_id.register_entry_ids[-1:]
        return (
            self.env["school.certificate.register.entry"]
            .sudo()
            .create(
                {
                    "register_id": self.id,
                    "sequence": (self._last_entry().sequence or 0) + 1,
                    "certificate_id": certificate.id,
                    "student_name": certificate.student_id.name,
                    "class_id": certificate.class_id.id,
                    "year_id": certificate.year_id.id,
                    "blank_series": certificate.blank_id.series,
                    "blank_number": certificate.blank_id.number,
                    "blank_number_int": certificate.blank_id.number_int,
                    "annex_blank_number": certificate.annex_blank_number,
                    "with_honours": certificate.with_honours,
                    "final_marks": marks,
                    "issue_date": certificate.issue_date,
                    "issued_to": certificate.issued_to,
                    "issue_method": certificate.issue_method,
                    "is_duplicate": certificate.is_duplicate,
                    "original_entry_id": original.id,
                }
            )
        )

    def action_view_entries(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "school.certificate.register.entry",
            "view_mode": "list,form",
            "domain": [("register_id", "=", self.id)],
        }


class SchoolCertificateRegisterEntry(models.Model):
    """One numbered entry of the registration book, written once when a certificate
    is issued (a duplicate is an entry of its own). It never changes: a mistake is
    corrected by a ``school.certificate.register.correction`` referring to it."""

    _name = "school.certificate.register.entry"
    _description = "Certificate Registration Entry"
    _order = "register_id, sequence"
    _rec_name = "sequence"

    register_id = fields.Many2one(
        "school.certificate.register",
        string="Registration book",
        required=True,
        ondelete="restrict",
        index=True,
    )
    sequence = fields.Integer(string="Entry number", required=True, readonly=True)
    page = fields.Integer(compute="_compute_page", store=True)
    certificate_id = fields.Many2one(
        "school.certificate", required=True, ondelete="restrict", index=True, readonly=True
    )
    student_name = fields.Char(string="Student", required=True, readonly=True)
    class_id = fields.Many2one("school.class", readonly=True, ondelete="restrict", index=True)
    year_id = fields.Many2one("school.academic.year", string="Academic year", readonly=True)
    blank_series = fields.Char(string="Series", readonly=True)
    blank_number = fields.Char(string="Blank number", readonly=True)
    blank_number_int = fields.Integer(readonly=True, index=True)
    annex_blank_number = fields.Char(readonly=True)
    with_honours = fields.Boolean(readonly=True)
    final_marks = fields.Text(readonly=True)
    issue_date = fields.Date(readonly=True)
    issued_to = fields.Char(readonly=True)
    issue_method = fields.Selection(ISSUE_METHODS, string="Issued", readonly=True)
    is_duplicate = fields.Boolean(string="Duplicate", readonly=True)
    original_entry_id = fields.Many2one(
        "school.certificate.register.entry", string="Entry of the original", readonly=True
    )
    correction_ids = fields.One2many(
        "school.certificate.register.correction", "entry_id", string="Corrections"
    )
    director_signed = fields.Boolean(
        compute="_compute_director_signed",
        help="The director signed the entry (with the class, or alone for a duplicate).",
    )

    _sql_constraints = [
        ("sequence_uniq", "unique(register_id, sequence)", "The entry number is taken."),
    ]

    @api.depends("sequence", "register_id.entries_per_page")
    def _compute_page(self):
        for entry in self:
            per_page = entry.register_id.entries_per_page or 25
            entry.page = (entry.sequence - 1) // per_page + 1 if entry.sequence else 0

    def _compute_director_signed(self):
        signoffs = self.env["school.certificate.register.signoff"].search(
            [("register_id", "in", self.register_id.ids), ("director_signed_on", "!=", False)]
        )
        by_entry = set(signoffs.filtered(lambda s: s.kind == "duplicate").entry_id.ids)
        by_class = {(s.register_id.id, s.class_id.id) for s in signoffs if s.kind == "class"}
        for entry in self:
            if entry.is_duplicate:
                entry.director_signed = entry.id in by_entry
            else:
                entry.director_signed = (entry.register_id.id, entry.class_id.id) in by_class

    def write(self, vals):
        if vals.keys() - ENTRY_TECHNICAL_FIELDS:
            raise UserError(
                self.env._(
                    "An entry of the registration book is never changed: certify a "
                    "correction referring to its number."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An entry of the registration book cannot be deleted."))
