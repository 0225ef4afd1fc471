import uuid

from odoo import Command, api, fields, models

from ..builders.class_reports import BUILDERS
from .school_verification_mixin import paper_date

SEQUENCE_CODE = "school.class.statement"
# the paper's name of each kind, for the public verification page
KIND_TITLES = {
    "summary": "Сводная ведомость учета успеваемости обучающихся",
    "results": "Итоги успеваемости класса за учебный период",
    "class_teacher": "Отчет классного руководителя за учебный период",
    "attendance": "Сводная ведомость учета посещаемости",
}
# what the register keeps as printed: changing it would break the checksum
ISSUED_FIELDS = frozenset(
    {
        "name",
        "report",
        "year_id",
        "period_id",
        "class_ids",
        "issued_by_id",
        "issued_on",
        "content",
        "checksum",
        "access_token",
    }
)


class SchoolClassStatement(models.Model):
    """A class statement printed as PDF to be signed (seed 004 §4.3–4.5): the summary
    statement, the results of the period, the class teacher's report, the attendance.

    Each print is registered here with its number, the content as printed (the sheets
    the report's builder makes, the same grid as the XLSX's) and a SHA-256
    checksum of it. The QR code on the paper leads to a public page
    (``/school/statement/<access_token>``) that confirms the statement was issued by
    the school, without a student's name or mark.

    Who prints: whoever may read the classes in the class statements wizard (a teacher
    the classes they teach or lead, a deputy or the director any class). A teacher reads
    the statements they issued, a deputy and the director all of them. Nobody changes
    an issued statement."""

    _name = "school.class.statement"
    _description = "Class Statement"
    _inherit = ["mail.thread", "school.verification.mixin"]
    _order = "issued_on desc, id desc"
    _mail_post_access = "read"
    _issued_fields = ISSUED_FIELDS
    _verification_path = "/school/statement"

    name = fields.Char(string="Number", readonly=True, copy=False, index=True)
    report = fields.Selection(
        [
            ("summary", "Summary statement of results"),
            ("results", "Results of the period"),
            ("class_teacher", "Class teacher's report for the period"),
            ("attendance", "Attendance by month"),
        ],
        string="Statement",
        required=True,
        readonly=True,
    )
    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    period_id = fields.Many2one("school.period", string="Period", readonly=True)
    class_ids = fields.Many2many("school.class", string="Classes", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    issued_by_id = fields.Many2one(
        "res.users",
        string="Issued by",
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
    )
    issued_on = fields.Datetime(readonly=True, default=fields.Datetime.now)
    content = fields.Json(readonly=True, copy=False, help="The statement as printed.")
    checksum = fields.Char(readonly=True, copy=False, help="SHA-256 of the printed content.")
    access_token = fields.Char(
        readonly=True, copy=False, index=True, default=lambda self: uuid.uuid4().hex
    )

    _sql_constraints = [
        ("access_token_uniq", "unique(access_token)", "The access token must be unique."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        """Numbers the statements and snapshots their content, read as the issuer:
        a class the issuer may not read stops the print. Who issued it, when, and its
        token are the server's, never the caller's."""
        for vals in vals_list:
            vals["issued_by_id"] = self.env.uid
            vals["issued_on"] = fields.Datetime.now()
            vals["access_token"] = uuid.uuid4().hex
            builder = self._builder_of(vals)
            classes = builder._classes()
            vals["class_ids"] = [Command.set(classes.ids)]
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code(SEQUENCE_CODE)
            vals["content"] = self._build_content(builder, classes, vals["name"])
            vals["checksum"] = self._checksum(vals["content"])
        return super().create(vals_list)

    # content ----------------------------------------------------------------------------
    @api.model
    def _builder_of(self, vals):
        """The report builder of the statement's kind, with its choices."""
        class_ids = self._class_ids_of(vals.get("class_ids") or [])
        return BUILDERS[vals["report"]](
            self.env,
            self.env["school.academic.year"].browse(vals["year_id"]),
            classes=self.env["school.class"].browse(class_ids),
            period=self.env["school.period"].browse(vals.get("period_id") or ()),
        )

    @api.model
    def _class_ids_of(self, commands):
        """The ids a ``class_ids`` value sets (``Command.set``, ``(6, 0, ids)``, links)."""
        ids = []
        for command in commands:
            if isinstance(command, int):
                ids.append(command)
            elif command[0] == Command.SET:
                ids = list(command[2])
            elif command[0] == Command.LINK:
                ids.append(command[1])
            elif command[0] == Command.CLEAR:
                ids = []
        return ids

    @api.model
    def _build_content(self, builder, classes, number):
        """The statement as printed, plain JSON: the heading and the sheets that the
        report's builder makes, in the paper's language."""
        paper = builder.with_env(self.env(context=dict(self.env.context, lang=self._paper_lang())))
        return {
            "number": number,
            "school": self.env.company.name,
            "report": builder.report,
            "title": KIND_TITLES[builder.report],
            "year": builder.year_id.name,
            "period": builder.period_id.name or "",
            "classes": classes.mapped("name"),
            "sheets": paper.grid(classes.with_env(paper.env)),
        }

    # verification -------------------------------------------------------------------------
    def _public_values(self):
        """What the public verification page shows: never a student's name or mark."""
        self.ensure_one()
        statement = self.sudo()
        content = statement.content or {}
        return {
            "number": statement.name,
            "title": KIND_TITLES[statement.report],
            "issued_on": paper_date(fields.Datetime.context_timestamp(self, statement.issued_on)),
            "school": statement.company_id.name,
            "year": statement.year_id.name,
            "period": content.get("period") or "",
            "classes": ", ".join(content.get("classes") or statement.class_ids.mapped("name")),
            "checksum": statement.checksum,
            "valid": statement._is_intact(),
        }
