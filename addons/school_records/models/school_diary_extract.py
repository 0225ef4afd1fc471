import uuid
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .school_verification_mixin import paper_date

# The extract is a paper form handed to the family: its content is Russian whatever
# the language of the class teacher who prints it.
WEEKDAYS = ("Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье")
SEQUENCE_CODE = "school.diary.extract"
# what the register keeps as printed: changing it would break the checksum
ISSUED_FIELDS = frozenset(
    {
        "name",
        "student_id",
        "class_id",
        "kind",
        "date_from",
        "date_to",
        "period_id",
        "issued_by_id",
        "issued_on",
        "content",
        "checksum",
        "access_token",
    }
)


def _initials(student):
    parts = (student.last_name, student.first_name, student.middle_name)
    return " ".join(f"{part.strip()[0].upper()}." for part in parts if part and part.strip())


class SchoolDiaryExtract(models.Model):
    """Выписка из электронного дневника (seed 004 §2.5, seed 001 §5.5): for a family
    without internet or who refused the electronic diary, the class teacher prints the
    student's marks, absences and homework of a week or a period.

    Each printed extract is registered here with its number, the content as printed and
    a SHA-256 checksum of it. The QR code on the paper leads to a public page
    (``/school/extract/<access_token>``) that confirms the extract was issued by the
    school without showing any mark.

    Who prints: the class teacher for the students of their class, the deputies, the
    director and the secretary for any student. Nobody changes an issued extract.
    """

    _name = "school.diary.extract"
    _description = "Diary Extract"
    _inherit = ["mail.thread", "school.verification.mixin"]
    _order = "issued_on desc, id desc"
    _mail_post_access = "read"
    _issued_fields = ISSUED_FIELDS
    _verification_path = "/school/extract"

    name = fields.Char(string="Number", readonly=True, copy=False, index=True)
    student_id = fields.Many2one(
        "school.student", required=True, readonly=True, ondelete="restrict", index=True
    )
    class_id = fields.Many2one("school.class", required=True, readonly=True, index=True)
    company_id = fields.Many2one(related="student_id.company_id", store=True, string="School")
    kind = fields.Selection(
        [("week", "Week"), ("period", "Period")], required=True, readonly=True, default="week"
    )
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    period_id = fields.Many2one("school.period", readonly=True)
    issued_by_id = fields.Many2one(
        "res.users", string="Issued by", readonly=True, default=lambda self: self.env.user
    )
    issued_on = fields.Datetime(readonly=True, default=fields.Datetime.now)
    content = fields.Json(readonly=True, copy=False, help="The extract as printed.")
    checksum = fields.Char(readonly=True, copy=False, help="SHA-256 of the printed content.")
    access_token = fields.Char(
        readonly=True, copy=False, index=True, default=lambda self: uuid.uuid4().hex
    )
    matches_journal = fields.Boolean(
        compute="_compute_matches_journal",
        help="The journal still holds what the extract shows.",
    )

    _sql_constraints = [
        ("access_token_uniq", "unique(access_token)", "The access token must be unique."),
        ("dates_check", "check(date_from <= date_to)", "An extract must end after it starts."),
    ]

    def _compute_matches_journal(self):
        for extract in self:
            extract.matches_journal = extract.checksum == extract._current_checksum()

    @api.model_create_multi
    def create(self, vals_list):
        """Numbers the extracts and snapshots their content; checks the issuer on the
        student's own record and real class, never on the ids it is sent. Who issued
        it, when, and its token are the server's, not the caller's."""
        for vals in vals_list:
            student = self.env["school.student"].browse(vals["student_id"])
            school_class = self._class_of(student, vals)
            if vals.get("class_id") and vals["class_id"] != school_class.id:
                school_class = self._check_class_of(student, vals)
            vals["class_id"] = school_class.id
            self._check_can_print(student, school_class)
            vals["issued_by_id"] = self.env.uid
            vals["issued_on"] = fields.Datetime.now()
            vals["access_token"] = uuid.uuid4().hex
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code(SEQUENCE_CODE)
            vals["content"] = self._build_content(student, vals)
            vals["checksum"] = self._checksum(vals["content"])
        return super().create(vals_list)

    # who prints -------------------------------------------------------------------------
    @api.model
    def _check_can_print(self, student, school_class):
        """Deputies, the director and the secretary print for anyone; a class teacher
        for the students of their own class. The student must be one the user may read
        (the record rules, not the ids sent) and ``school_class`` is the student's class
        during the extract (checked by the caller)."""
        if self.env.su:
            return
        try:
            student.check_access("read")
        except AccessError as error:
            raise AccessError(
                self.env._("You may not print a diary extract for a student you may not read.")
            ) from error
        roles = self.env["school.roles"]
        if roles._is_deputy() or roles._is_secretary():
            return
        if roles._is_class_teacher() and roles._is_class_teacher_of(school_class):
            return
        raise AccessError(
            self.env._(
                "You may not print a diary extract for %(student)s: only the class teacher "
                "of %(school_class)s, a deputy director or the secretary may.",
                student=student.sudo().name,
                school_class=school_class.sudo().name,
            )
        )

    @api.model
    def _check_class_of(self, student, vals):
        """The class sent with the extract, if the student was in it during the
        extract's range (a class printed for a student who left it during the week)."""
        enrollments = (
            self.env["school.enrollment"]
            .sudo()
            .search(
                [
                    ("student_id", "=", student.id),
                    ("class_id", "=", vals["class_id"]),
                    ("date_from", "<=", vals["date_to"]),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", vals["date_from"]),
                ]
            )
        )
        if not enrollments:
            raise AccessError(
                self.env._(
                    "%(student)s was not in this class during the extract's dates: an "
                    "extract is printed with the student's own class.",
                    student=student.sudo().name,
                )
            )
        return enrollments.class_id[:1]

    @api.model
    def _class_of(self, student, vals):
        """The student's class during the extract's range."""
        student = student.sudo()
        for day in (vals["date_to"], vals["date_from"]):
            school_class = student._class_on(fields.Date.to_date(day))
            if school_class:
                return school_class
        if not student.class_id:
            raise UserError(self.env._("%s was not at school during these dates.", student.name))
        return student.class_id

    # content ----------------------------------------------------------------------------
    @api.model
    def _build_content(self, student, vals):
        """The extract as printed, plain JSON: a header and the week's lessons or the
        period's marks by subject, read through ``school.diary``."""
        paper = self.with_context(lang=self._paper_lang())
        return paper._content(student.with_env(paper.env).sudo(), vals)

    @api.model
    def _content(self, student, vals):
        date_from = fields.Date.to_date(vals["date_from"])
        date_to = fields.Date.to_date(vals["date_to"])
        period = self.env["school.period"].sudo().browse(vals.get("period_id"))
        content = {
            "number": vals["name"],
            "school": student.company_id.name,
            "student": student.name,
            "class": self.env["school.class"].sudo().browse(vals["class_id"]).name,
            "kind": vals.get("kind") or "week",
            "date_from": paper_date(date_from),
            "date_to": paper_date(date_to),
            "period": period.display_name if period else "",
        }
        if content["kind"] == "period":
            content.update(self._period_content(student, period))
        else:
            content.update(self._week_content(student, date_from, date_to))
        return content

    @api.model
    def _week_content(self, student, date_from, date_to):
        lessons = self.env["school.diary"]._lessons(student, date_from, date_to)
        days = []
        for lesson in lessons:
            if not days or days[-1]["day"] != lesson["date"]:
                days.append({"day": lesson["date"], "lessons": []})
            days[-1]["lessons"].append(self._lesson_line(lesson))
        absences = Counter(lesson["absence"] for lesson in lessons if lesson["absence"])
        return {
            "days": [
                {
                    "date": paper_date(day["day"]),
                    "weekday": WEEKDAYS[day["day"].weekday()],
                    "lessons": day["lessons"],
                }
                for day in days
            ],
            "absences": dict(sorted(absences.items())),
        }

    @api.model
    def _lesson_line(self, lesson):
        return {
            "number": lesson["number"],
            "subject": lesson["subject"],
            "topic": lesson["topic"],
            "homework": lesson["homework"],
            "files": [file["name"] for file in lesson["files"]],
            "marks": [self._mark_text(mark) for mark in lesson["marks"]],
            "absence": lesson["absence"] or "",
        }

    @api.model
    def _mark_text(self, mark):
        """«5 (Контрольная работа)»: the code and, when given, the kind of work."""
        return f"{mark['code']} ({mark['work_type']})" if mark["work_type"] else mark["code"]

    @api.model
    def _period_content(self, student, period):
        diary = self.env["school.diary"]
        absences = diary._absences(student, period.date_start, period.date_end)
        missed = Counter(lesson["subject"] for lesson in absences["lessons"])
        subjects = [
            {
                "subject": row["subject"],
                "marks": " ".join(mark["code"] for mark in row["marks"]),
                "average": "" if row["average"] is None else f"{row['average']:.2f}",
                "period_mark": row["period_mark"] or "",
                "absences": missed.get(row["subject"], 0),
            }
            for row in diary._marks_by_subject(student, period)
        ]
        return {"subjects": subjects, "absences": dict(sorted(absences["totals"].items()))}

    def _current_checksum(self):
        """The checksum the extract would have if printed again from today's journal."""
        self.ensure_one()
        if not self.student_id:
            return False
        vals = {
            "name": self.name,
            "class_id": self.class_id.id,
            "kind": self.kind,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "period_id": self.period_id.id,
        }
        return self._checksum(self._build_content(self.student_id, vals))

    # verification -------------------------------------------------------------------------
    def _public_values(self):
        """What the public verification page shows: never a mark, topic or full name."""
        self.ensure_one()
        extract = self.sudo()
        if extract.kind == "period":
            range_text = extract.period_id.display_name
        else:
            range_text = f"с {paper_date(extract.date_from)} по {paper_date(extract.date_to)}"
        return {
            "number": extract.name,
            "issued_on": paper_date(fields.Datetime.context_timestamp(self, extract.issued_on)),
            "school": extract.company_id.name,
            "initials": _initials(extract.student_id),
            "class_name": extract.class_id.name,
            "range": range_text,
            "checksum": extract.checksum,
            "valid": extract._is_intact(),
        }
