import math
import uuid
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, formatLang

from .school_certificate_blank import CERTIFICATE_LEVELS
from .school_certificate_exam import HONOURS_EXAM_RULES

# the class levels whose marks make the final mark of each programme (Order 546)
LEVEL_GRADES = {"basic": (5, 9), "secondary": (10, 11)}
GRADUATION_LEVEL = {"basic": 9, "secondary": 11}
LEVEL_OF_GRADE = {9: "basic", 11: "secondary"}
# the certificates whose final marks the deputy reviews instead of a silent recomputation
REVIEWED_STATES = ("checked", "signed", "issued")
# the courses of mathematics of the updated programmes, when the school names none
MATH_SUBJECT_NAME = "Математика"
MATH_COURSE_NAMES = ("Алгебра", "Геометрия", "Вероятность и статистика")
# the council decisions that let a certificate be issued
ISSUING_DECISIONS = ("certificate", "certificate_honours")
# the annex is a paper form: its words are Russian whatever the reader's language
MARK_WORDS = {
    "5": "отлично",
    "4": "хорошо",
    "3": "удовлетворительно",
    "2": "неудовлетворительно",
    "зач": "зачтено",
    "изуч": "изучено",
    "осв": "освобожден",
}
ISSUE_METHODS = [
    ("in_person", "In person"),
    ("proxy", "By proxy"),
    ("post", "By post"),
]
STATES = [
    ("draft", "Draft"),
    ("checked", "Checked"),
    ("signed", "Signed"),
    ("issued", "Issued"),
    ("duplicate", "Duplicate issued"),
    ("cancelled", "Cancelled"),
]
TODO = "mail.mail_activity_data_todo"
SIGN = "school_records.mail_activity_school_sign"
# who acts next once a certificate reaches the state, and the activity type of the step
NEXT_STEP = {
    "checked": ("school_records.group_director", SIGN),
    "signed": ("school_records.group_secretary", TODO),
}
# what the director signed
FROZEN_FIELDS = {
    "student_id",
    "level",
    "year_id",
    "class_id",
    "line_ids",
    "exam_ids",
    "honours_exam_rule",
    "honours_min_points",
}
# what an issued certificate fixes: it changes only by a duplicate or a cancellation act
ISSUED_FIELDS = {
    "blank_id",
    "annex_blank_id",
    "issued_to",
    "issue_date",
    "issue_method",
    "proxy_document",
}
# the act of cancellation, filled on the issued certificate before cancelling it
CANCEL_ACT_FIELDS = {"cancel_act_number", "cancel_act_date", "cancel_reason"}
ISSUED_STATES = ("issued", "duplicate", "cancelled")


def round_half_up(average):
    """Mathematical rounding: 3.5 → 4, 4.5 → 5, 4.49 → 4 (Python's round() would give
    4 for 4.5). The average is first cut to 6 decimals so that a float sum such as
    3.4999999999 counts as 3.5."""
    return math.floor(round(average, 6) + 0.5)


class SchoolCertificate(models.Model):
    """Аттестат об основном общем (9th grade) или среднем общем (11th grade)
    образовании (seed 003 §7.3.5, seed 001 §4.2.4–4.2.5, Order of the Ministry of
    Education No 546 of 05.10.2020).

    Final marks (``_compute_final_marks``) follow the Order of the Ministry of Education
    No 546 of 05.10.2020, pp. 5.1–5.2, from the CONFIRMED marks of the journal
    (``school.period.mark``), with one query per kind of certificate:

    - basic certificate (9th grade, p. 5.1): Russian, mathematics and the two subjects the
      student chose for the ОГЭ/ГВЭ take the arithmetic mean of the 9th-grade year mark
      (kind "year") and the exam mark (kind "exam": the mark of the ГИА protocol that the
      school enters in the 9th-grade journal of the certificate's year, seed 003 §7 — the
      subjects with such a mark ARE the exam subjects). Every other subject takes the
      9th-grade year mark; a subject whose study ended before the 9th grade (music, art,
      technology…) the year mark of its last year (5th–8th grade). Quarter marks and the
      year marks of earlier grades never enter.
    - secondary certificate (11th grade, p. 5.2): for each subject, the arithmetic mean of
      the half-year (or quarter) marks (kind "period") and the year marks of the 10th and
      the 11th grade. Exam marks never enter: the ЕГЭ/ГВЭ results entered on the
      certificate (``school.certificate.exam``, the protocols' lines) decide the honours
      only, at both levels.
    - the mean becomes an integer by mathematical rounding (x.5 up: 3.5 → 4, 4.49 → 4,
      ``round_half_up``). A subject assessed without marks («зач» зачтено, «изуч» изучено,
      «осв») is entered as such: the latest of those values among the marks above.
    - mathematics of the updated programmes: with the school setting
      ``school_certificate_math_mean`` (default on, «Settings → Companies → School →
      Certificates», regional instructions differ) the year marks of its courses (algebra,
      geometry, probability and statistics: ``school_certificate_math_course_ids``, by
      default the subjects of those names) and, in the 9th grade, the exam mark make one
      final mark in «Математика» (``school_certificate_math_subject_id``): their mean.
      Off: each course has its own final mark. Either way the «Математика» of the 5th–6th
      grade, which the courses continue, does not enter once a course has a later mark.

    Each line keeps the mean, the number of marks and how the mark came about
    (``explanation``: «среднее годовой 3 и экзаменационной 5»). A draft is recomputed
    («Compute final marks»); a checked, signed or issued certificate never changes
    silently: the deputy's list «Certificates with differing marks»
    (``has_mark_differences``, computed without writing) shows the old and the new mark
    per subject, to correct by «Back to draft» or, once issued, by a duplicate.
    With honours (с отличием, ``_honours_shortfalls``): every final mark is «5» (a
    subject assessed without a mark must be passed), no failed exam, and no result of a
    repeated attestation in Russian or mathematics (in any exam for the basic
    certificate). The secondary certificate also needs the ГИА results of Order 546
    (p. 23): at least ``honours_min_points`` (70) ЕГЭ points in Russian and in
    mathematics of the profile level, or «5» at the ЕГЭ of base mathematics, or «5» at
    the ГВЭ. The school may follow instead the rule of the medal of the 1st degree (Order
    730 of 29.09.2023: Russian and one more subject of choice) or final marks only
    (``honours_exam_rule``, default from the company settings). The rule and the points
    are kept on each certificate, so a later change of the settings never changes a
    certificate already prepared.

    Workflow: the secretary prepares the draft (the «Prepare certificates» wizard of a
    class) → the deputy checks it → the director signs it (nobody else) → the secretary
    issues it (to whom, how, when), which takes the blank from stock and enters the
    certificate in the registration book. An issued certificate may be replaced by a
    duplicate (a new certificate the director signs; the original then shows
    «duplicate issued»); a certificate is cancelled with the act that spoils its blank.
    The certificate can be checked and issued only if the student's council decision of
    the year is confirmed and says «certificate» (or «certificate with honours»).

    The status, the check and the signature (``_workflow_fields``) change only through
    the buttons, after the role check; an issued certificate keeps its blanks, recipient
    and issue date (``ISSUED_FIELDS``) and changes only by a duplicate or by the act that
    cancels it. The public page calls a certificate valid only when its record is whole:
    checked, signed by a director, its blank used by it and its entry in the book."""

    _name = "school.certificate"
    _description = "Certificate of Education"
    _inherit = [
        "school.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "school.verification.mixin",
    ]
    _workflow_fields = (
        "state",
        "checked_by_id",
        "checked_on",
        "signed_by_id",
        "signed_on",
        "is_duplicate",
        "original_id",
    )
    _order = "year_id desc, level, class_id, student_name, id"
    _verification_path = "/school/certificate"

    name = fields.Char(compute="_compute_name", store=True)
    student_id = fields.Many2one(
        "school.student", required=True, ondelete="restrict", index=True, tracking=True
    )
    student_name = fields.Char(related="student_id.name", store=True, string="Student name")
    level = fields.Selection(CERTIFICATE_LEVELS, required=True, tracking=True)
    year_id = fields.Many2one(
        "school.academic.year",
        string="Academic year",
        required=True,
        index=True,
        ondelete="restrict",
    )
    class_id = fields.Many2one(
        "school.class",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('year_id', '=', year_id)]",
    )
    line_ids = fields.One2many("school.certificate.line", "certificate_id", string="Final marks")
    exam_ids = fields.One2many(
        "school.certificate.exam", "certificate_id", string="State final attestation"
    )
    honours_exam_rule = fields.Selection(
        HONOURS_EXAM_RULES,
        string="Honours rule",
        required=True,
        default=lambda self: (
            self.env.company.school_certificate_honours_exam_rule or "russian_math"
        ),
        help="Which exam results the secondary certificate with honours needs.",
    )
    honours_min_points = fields.Integer(
        string="Honours ЕГЭ points",
        default=lambda self: self.env.company.school_certificate_honours_min_points or 70,
        help="The least ЕГЭ points for the secondary certificate with honours.",
    )
    with_honours = fields.Boolean(
        compute="_compute_with_honours",
        store=True,
        tracking=True,
        help="Every final mark is «5» and the exam results reach the rule of honours.",
    )
    honours_note = fields.Text(
        string="Why not with honours",
        compute="_compute_with_honours",
        store=True,
    )
    decision_line_id = fields.Many2one(
        "school.council.decision.line",
        string="Council decision",
        compute="_compute_decision_line_id",
    )
    blank_id = fields.Many2one(
        "school.certificate.blank",
        string="Blank",
        tracking=True,
        domain="[('level', '=', level), ('kind', '=', 'certificate'), ('state', '=', 'available')]",
        copy=False,
    )
    blank_series = fields.Char(related="blank_id.series", string="Series")
    blank_number = fields.Char(related="blank_id.number", string="Number")
    annex_blank_id = fields.Many2one(
        "school.certificate.blank",
        string="Annex blank",
        tracking=True,
        domain="[('level', '=', level), ('kind', '=', 'annex'), ('state', '=', 'available')]",
        copy=False,
        help="Required once the school has received annex blanks of this level.",
    )
    annex_blank_number = fields.Char(related="annex_blank_id.name", string="Annex blank number")
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, index=True, copy=False
    )
    checked_by_id = fields.Many2one("res.users", string="Checked by", readonly=True, copy=False)
    checked_on = fields.Date(readonly=True, copy=False)
    signed_by_id = fields.Many2one("res.users", string="Signed by", readonly=True, copy=False)
    signed_on = fields.Date(readonly=True, copy=False)
    issue_date = fields.Date(tracking=True, copy=False)
    issued_to = fields.Char(
        tracking=True, copy=False, help="Who received the certificate (the graduate by default)."
    )
    issue_method = fields.Selection(
        ISSUE_METHODS, string="Issued", default="in_person", tracking=True, copy=False
    )
    proxy_document = fields.Char(
        string="Power of attorney / postal receipt",
        tracking=True,
        copy=False,
    )
    is_duplicate = fields.Boolean(string="Duplicate", readonly=True)
    original_id = fields.Many2one(
        "school.certificate", string="Original certificate", readonly=True, index=True
    )
    cancel_act_number = fields.Char(string="Act number", tracking=True, copy=False)
    cancel_act_date = fields.Date(string="Act date", tracking=True, copy=False)
    cancel_reason = fields.Char(string="Reason", tracking=True, copy=False)
    register_entry_ids = fields.One2many(
        "school.certificate.register.entry", "certificate_id", string="Register entries"
    )
    access_token = fields.Char(
        copy=False,
        readonly=True,
        groups="school_records.group_secretary,school_records.group_director",
        default=lambda self: uuid.uuid4().hex,
    )
    validity = fields.Selection(
        [
            ("valid", "Valid"),
            ("cancelled", "Cancelled"),
            ("duplicate", "Duplicate issued"),
            ("unconfirmed", "Not confirmed"),
        ],
        compute="_compute_validity",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        ("token_uniq", "unique(access_token)", "The verification token must be unique."),
    ]

    @api.depends("student_id.name", "level", "blank_id.name", "is_duplicate")
    def _compute_name(self):
        levels = dict(self._fields["level"]._description_selection(self.env))
        for certificate in self:
            parts = [certificate.blank_id.name or levels.get(certificate.level, "")]
            if certificate.is_duplicate:
                parts.append(self.env._("duplicate"))
            certificate.name = "%s — %s" % (certificate.student_id.name or "", ", ".join(parts))

    @api.depends(
        "level",
        "honours_exam_rule",
        "honours_min_points",
        "line_ids.value_id",
        "exam_ids.exam_subject",
        "exam_ids.form",
        "exam_ids.math_level",
        "exam_ids.points",
        "exam_ids.value_id",
        "exam_ids.is_retake",
    )
    def _compute_with_honours(self):
        for certificate in self:
            shortfalls = certificate._honours_shortfalls()
            certificate.with_honours = not shortfalls
            certificate.honours_note = "\n".join(shortfalls) or False

    def _honours_shortfalls(self):
        """What keeps this certificate from «с отличием»: an empty list when nothing."""
        self.ensure_one()
        if not self.line_ids:
            return [self.env._("No final marks.")]
        shortfalls = [
            self.env._(
                "%(subject)s: final mark «%(mark)s».",
                subject=line.subject_id.name,
                mark=line.value_id.code,
            )
            for line in self.line_ids
            if not line._qualifies_for_honours()
        ]
        exams = self.exam_ids
        shortfalls += [
            self.env._("%(exam)s: the exam is failed.", exam=exam._label())
            for exam in exams._failed()
        ]
        mandatory = exams.filtered(lambda e: e.exam_subject in ("russian", "mathematics"))
        retaken = (exams if self.level == "basic" else mandatory).filtered("is_retake")
        shortfalls += [
            self.env._("%(exam)s: a result of the repeated attestation.", exam=exam._label())
            for exam in retaken
        ]
        if self.level == "secondary":
            shortfalls += self._exam_rule_shortfalls()
        return shortfalls

    def _exam_rule_shortfalls(self):
        """The ГИА results the secondary certificate with honours needs (see the class)."""
        rule, points = self.honours_exam_rule, self.honours_min_points
        if rule == "none":
            return []
        exams = self.exam_ids
        russian = exams.filtered(lambda e: e.exam_subject == "russian")
        others = exams - russian
        shortfalls = []
        if not russian._reaches(points):
            shortfalls.append(
                self.env._(
                    "Russian: %(points)s ЕГЭ points or «5» at the ГВЭ are needed.", points=points
                )
            )
        if rule == "russian_math":
            if not others.filtered(lambda e: e.exam_subject == "mathematics")._reaches(points):
                shortfalls.append(
                    self.env._(
                        "Mathematics: %(points)s ЕГЭ points at the profile level, «5» at the "
                        "base level or «5» at the ГВЭ are needed.",
                        points=points,
                    )
                )
        elif not others._reaches_one_more(points):
            shortfalls.append(
                self.env._("One more subject: %(points)s ЕГЭ points are needed.", points=points)
            )
        return shortfalls

    def _compute_decision_line_id(self):
        decisions = self._issuing_decisions()
        for certificate in self:
            certificate.decision_line_id = decisions.get(
                (certificate.student_id.id, certificate.year_id.id)
            )

    @api.depends(
        "state",
        "checked_by_id",
        "signed_by_id",
        "blank_id.state",
        "blank_id.certificate_id",
        "register_entry_ids",
    )
    def _compute_validity(self):
        for certificate in self:
            validity = {"cancelled": "cancelled", "duplicate": "duplicate"}.get(
                certificate.state, "valid"
            )
            if validity == "valid" and certificate.state == "issued":
                validity = "valid" if certificate._is_whole() else "unconfirmed"
            certificate.validity = validity

    def _is_whole(self):
        """The issued certificate went through every step: checked, signed (only the
        director's action signs, so a director who retires later does not void their
        certificates), its blank used by this certificate and its entry in the
        registration book. A record written around the buttons (as the old context key
        allowed) lacks one of them and is never called valid."""
        self.ensure_one()
        certificate = self.sudo()
        return bool(
            certificate.checked_by_id
            and certificate.checked_on
            and certificate.signed_on
            and certificate.signed_by_id
            and certificate.issue_date
            and certificate.blank_id.state == "used"
            and certificate.blank_id.certificate_id == certificate
            and certificate.register_entry_ids.filtered(
                lambda e: e.blank_number == certificate.blank_id.number
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._("Only a draft certificate can be deleted; cancel it with an act.")
            )

    def write(self, vals):
        frozen = self.filtered(lambda c: c.state in ("signed", *ISSUED_STATES))
        if frozen and vals.keys() & FROZEN_FIELDS:
            raise UserError(self.env._("A signed certificate cannot change."))
        if not self.env.su:
            self._check_issued_unchanged(vals)
        return super().write(vals)

    def _check_issued_unchanged(self, vals):
        """An issued certificate changes only by a duplicate or a cancellation act: its
        blanks, recipient and issue date stay; the act is filled before cancelling."""
        issued = self.filtered(lambda c: c.state in ISSUED_STATES)
        if not issued:
            return
        locked = ISSUED_FIELDS | FROZEN_FIELDS
        if issued.filtered(lambda c: c.state != "issued"):
            locked = locked | CANCEL_ACT_FIELDS
        if vals.keys() & locked:
            raise UserError(
                self.env._(
                    "%(certificate)s is issued: it changes only by a duplicate or by the act "
                    "that cancels it.",
                    certificate=issued[0].name,
                )
            )

    def _check_lines_editable(self):
        """The final marks change only on a draft: the deputy checked them against the
        journal, the director signed them (reset the certificate to draft first)."""
        frozen = self.filtered(lambda c: c.state != "draft")
        if frozen:
            raise UserError(
                self.env._(
                    "%(certificate)s is no longer a draft: its final marks cannot change.",
                    certificate=frozen[0].name,
                )
            )

    # final marks ---------------------------------------------------------------------------
    def action_compute_final_marks(self):
        """The school office prepares the marks; the deputy checks them."""
        self._check_state("draft")
        self._check_school_role(
            "school_records.group_secretary",
            "school_records.group_deputy",
            role=self.env._("the school office or the deputy director"),
        )
        self._compute_final_marks()
        return True

    def _compute_final_marks(self):
        """Replace the lines of these (draft) certificates with the final marks of the
        Order's rule (see the class): one query per kind of certificate, whatever the
        size of the class. The explanations are written in the user's language, or the
        school's when there is none (an upgrade)."""
        certificates = self
        if not self.env.context.get("lang"):
            certificates = self.with_context(lang=self.env.company.partner_id.lang or "en_US")
        values = certificates._final_mark_values()
        for certificate in certificates:
            certificate.write(
                {
                    "line_ids": [fields.Command.clear()]
                    + [fields.Command.create(vals) for vals in values[certificate]]
                }
            )

    def _final_mark_values(self):
        """{certificate: [values of its lines]} by the Order's rule, computed without
        writing anything: one query per kind of certificate (and school)."""
        result = {}
        groups = defaultdict(lambda: self.browse())
        for certificate in self:
            groups[(certificate.level, certificate.company_id)] |= certificate
        for (level, company), certificates in groups.items():
            rows = certificates._final_mark_rows(level, company)
            for certificate in certificates:
                result[certificate] = certificate._line_values(rows.get(certificate.id, []))
        return result

    @api.model
    def _math_courses(self, company):
        """(one final mark?, the subject «Математика», its courses) by the school's
        setting; without subjects named there, those of the usual names."""
        Subject = self.env["school.subject"]
        company = company.sudo()
        target = company.school_certificate_math_subject_id or Subject.search(
            [("name", "=", MATH_SUBJECT_NAME)], limit=1
        )
        courses = company.school_certificate_math_course_ids or Subject.search(
            [("name", "in", MATH_COURSE_NAMES)]
        )
        if not target:
            courses = Subject
        return company.school_certificate_math_mean, target, courses - target

    def _final_mark_rows(self, level, company):
        """{certificate id: [(subject id, mean, number of marks, value id without mark,
        marks)]}, marks being the [kind, code, grade, subject id, counts in the mean,
        period scheme] of every mark that makes the line."""
        first, last = LEVEL_GRADES[level]
        merge, target, courses = self._math_courses(company)
        self.env.flush_all()
        params = {
            "certificates": self.ids,
            "first": first,
            "last": last,
            "merge": bool(merge),
            "target": target.id or None,
            "courses": courses.ids,
        }
        if level == "basic":
            query = SQL(
                """
                WITH marks AS (
                    SELECT c.id AS certificate_id, pm.id, pm.subject_id, pm.kind, pm.value_id,
                           v.code, v.numeric_value, v.counts_in_average AS counts,
                           cl.level_number AS grade, y.date_start AS year_start,
                           s.sequence AS subject_sequence,
                           CASE WHEN pm.subject_id = ANY(%(courses)s) THEN %(target)s
                                ELSE pm.subject_id END AS group_id
                      FROM school_certificate c
                      JOIN school_academic_year cy ON cy.id = c.year_id
                      JOIN school_period_mark pm ON pm.student_id = c.student_id
                      JOIN school_mark_value v ON v.id = pm.value_id
                      JOIN school_class cl ON cl.id = pm.class_id
                      JOIN school_academic_year y ON y.id = pm.year_id
                      JOIN school_subject s ON s.id = pm.subject_id
                     WHERE c.id = ANY(%(certificates)s)
                       AND pm.state = 'confirmed'
                       AND ((pm.kind = 'year'
                             AND cl.level_number BETWEEN %(first)s AND %(last)s
                             AND y.date_start <= cy.date_start)
                            OR (pm.kind = 'exam'
                                AND cl.level_number = %(last)s
                                AND pm.year_id = c.year_id))
                ), last_year AS (
                    -- the 9th grade, or the last year of a subject whose study ended earlier
                    SELECT certificate_id, subject_id, group_id, MAX(year_start) AS year_start
                      FROM marks
                     WHERE kind = 'year'
                     GROUP BY certificate_id, subject_id, group_id
                ), courses_last AS (
                    -- the mathematics of the 5th-6th grade gives way to its later courses
                    SELECT certificate_id, group_id, MAX(year_start) AS year_start
                      FROM last_year
                     WHERE subject_id <> group_id
                     GROUP BY certificate_id, group_id
                ), kept AS (
                    SELECT m.*
                      FROM marks m
                      LEFT JOIN last_year ly
                             ON ly.certificate_id = m.certificate_id
                            AND ly.subject_id = m.subject_id
                      LEFT JOIN courses_last co
                             ON co.certificate_id = m.certificate_id
                            AND co.group_id = m.group_id
                     WHERE (m.kind = 'exam' OR m.year_start = ly.year_start)
                       AND NOT (m.kind = 'year' AND m.subject_id = m.group_id
                                AND COALESCE(co.year_start > m.year_start, FALSE))
                )
                SELECT certificate_id,
                       CASE WHEN %(merge)s THEN group_id ELSE subject_id END,
                       AVG(numeric_value) FILTER (WHERE counts),
                       COUNT(*) FILTER (WHERE counts),
                       (ARRAY_AGG(value_id ORDER BY year_start DESC, kind = 'year' DESC, id DESC)
                            FILTER (WHERE NOT counts))[1],
                       JSON_AGG(JSON_BUILD_ARRAY(kind, code, grade, subject_id, counts, NULL)
                                ORDER BY kind = 'exam', subject_sequence, subject_id, id)
                  FROM kept
                 GROUP BY 1, 2
                """,
                **params,
            )
        else:
            query = SQL(
                """
                SELECT c.id,
                       CASE WHEN %(merge)s AND pm.subject_id = ANY(%(courses)s) THEN %(target)s
                            ELSE pm.subject_id END,
                       AVG(v.numeric_value) FILTER (WHERE v.counts_in_average),
                       COUNT(*) FILTER (WHERE v.counts_in_average),
                       (ARRAY_AGG(pm.value_id ORDER BY y.date_start DESC, pm.kind = 'year' DESC,
                                  pm.id DESC)
                            FILTER (WHERE NOT v.counts_in_average))[1],
                       JSON_AGG(JSON_BUILD_ARRAY(pm.kind, v.code, cl.level_number, pm.subject_id,
                                                 v.counts_in_average, p.scheme)
                                ORDER BY y.date_start, s.sequence, pm.subject_id,
                                         pm.kind = 'year', p.sequence, pm.id)
                  FROM school_certificate c
                  JOIN school_academic_year cy ON cy.id = c.year_id
                  JOIN school_period_mark pm ON pm.student_id = c.student_id
                  JOIN school_mark_value v ON v.id = pm.value_id
                  JOIN school_class cl ON cl.id = pm.class_id
                  JOIN school_academic_year y ON y.id = pm.year_id
                  JOIN school_subject s ON s.id = pm.subject_id
                  LEFT JOIN school_period p ON p.id = pm.period_id
                 WHERE c.id = ANY(%(certificates)s)
                   AND pm.state = 'confirmed'
                   AND pm.kind IN ('period', 'year')
                   AND cl.level_number BETWEEN %(first)s AND %(last)s
                   AND y.date_start <= cy.date_start
                 GROUP BY 1, 2
                """,
                **params,
            )
        self.env.cr.execute(query)
        result = defaultdict(list)
        for certificate_id, subject_id, mean, count, other_value, marks in self.env.cr.fetchall():
            result[certificate_id].append((subject_id, mean, count, other_value, marks))
        return result

    def _line_values(self, rows):
        """The lines of this certificate from its rows of ``_final_mark_rows``."""
        MarkValue = self.env["school.mark.value"]
        values = []
        for subject_id, mean, count, other_value, marks in rows:
            if count:
                value = MarkValue._by_xmlid(
                    "school_records.school_mark_value_%s" % round_half_up(float(mean))
                )
            else:
                value = MarkValue.browse(other_value)
            values.append(
                {
                    "subject_id": subject_id,
                    "value_id": value.id,
                    "average": float(mean) if mean is not None else 0.0,
                    "mark_count": count,
                    "explanation": self._explain(subject_id, mean, value, marks),
                }
            )
        return values

    def _explain(self, subject_id, mean, value, marks):
        """How the final mark came about, for the secretary and the deputy: «среднее
        годовой 3 и экзаменационной 5», «среднее полугодовых и годовых за 10–11 классы:
        4,50»."""
        counted = [mark for mark in marks if mark[4]]
        if not counted:
            words = MARK_WORDS.get(value.code, value.code or "")
            return self.env._("assessed without marks: %(value)s", value=words)
        years = [mark for mark in counted if mark[0] == "year"]
        exams = [mark for mark in counted if mark[0] == "exam"]
        studied = [mark for mark in counted if mark[0] != "exam"]
        grades = self._grades_text(sorted({mark[2] for mark in studied}))
        codes = {
            "year": ", ".join(mark[1] for mark in years),
            "exam": ", ".join(mark[1] for mark in exams),
        }
        mean_text = formatLang(self.env, float(mean), digits=2)
        if self.level == "basic":
            text = self._explain_basic(years, exams, grades, codes, mean_text)
        else:
            schemes = {mark[5] for mark in studied if mark[0] == "period"}
            text = self._explain_secondary(schemes, grades, mean_text)
        subjects = {mark[3] for mark in marks}
        if subjects != {subject_id}:
            courses = self.env["school.subject"].browse(sorted(subjects))
            courses = courses.sorted(lambda subject: (subject.sequence, subject.id))
            text += self.env._("; courses: %(courses)s", courses=", ".join(courses.mapped("name")))
        return text

    def _explain_basic(self, years, exams, grades, codes, mean_text):
        last = LEVEL_GRADES["basic"][1]
        ended = bool(years) and max(mark[2] for mark in years) < last
        if not years:
            return self.env._("the exam mark %(exam)s without a year mark", exam=codes["exam"])
        if exams:
            if len(years) == 1 and len(exams) == 1:
                text = self.env._(
                    "mean of the year mark %(year)s and the exam mark %(exam)s",
                    year=codes["year"],
                    exam=codes["exam"],
                )
            else:
                text = self.env._(
                    "mean of the year marks %(year)s and the exam mark %(exam)s: %(mean)s",
                    year=codes["year"],
                    exam=codes["exam"],
                    mean=mean_text,
                )
            if ended:
                text += self.env._("; the year mark of %(grades)s", grades=grades)
            return text
        if len(years) > 1:
            return self.env._(
                "mean of the year marks %(year)s of %(grades)s: %(mean)s",
                year=codes["year"],
                grades=grades,
                mean=mean_text,
            )
        if ended:
            return self.env._("the year mark of %(grades)s, the last year of study", grades=grades)
        return self.env._("the year mark of %(grades)s", grades=grades)

    def _explain_secondary(self, schemes, grades, mean_text):
        if not schemes:
            return self.env._(
                "mean of the year marks of %(grades)s: %(mean)s", grades=grades, mean=mean_text
            )
        if schemes == {"half_year"}:
            return self.env._(
                "mean of the half-year and year marks of %(grades)s: %(mean)s",
                grades=grades,
                mean=mean_text,
            )
        if schemes == {"quarter"}:
            return self.env._(
                "mean of the quarter and year marks of %(grades)s: %(mean)s",
                grades=grades,
                mean=mean_text,
            )
        return self.env._(
            "mean of the period and year marks of %(grades)s: %(mean)s",
            grades=grades,
            mean=mean_text,
        )

    def _grades_text(self, grades):
        """«9 класс», «10–11 классы»."""
        if len(grades) == 1:
            return self.env._("grade %(grade)s", grade=grades[0])
        return self.env._("grades %(first)s–%(last)s", first=grades[0], last=grades[-1])

    # the deputy's review of final marks already checked -----------------------------------
    mark_differences = fields.Text(
        string="Differences from the Order's rule",
        compute="_compute_mark_differences",
        groups="school_records.group_deputy,school_records.group_secretary",
        help="The final marks that the rule of Order 546 gives today for this checked, "
        "signed or issued certificate, where they differ from the certificate: old → new "
        "mark per subject. Correct them by «Back to draft» or, once issued, by a duplicate.",
    )
    has_mark_differences = fields.Boolean(
        string="Differing final marks",
        compute="_compute_mark_differences",
        search="_search_has_mark_differences",
        groups="school_records.group_deputy,school_records.group_secretary",
    )

    @api.depends_context("lang")
    def _compute_mark_differences(self):
        differences = self._mark_differences()
        for certificate in self:
            texts = differences.get(certificate, [])
            certificate.mark_differences = "\n".join(texts) or False
            certificate.has_mark_differences = bool(texts)

    def _search_has_mark_differences(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Filter the differing final marks with «is set»."))
        reviewed = self.search([("state", "in", REVIEWED_STATES)])
        ids = [
            certificate.id for certificate, texts in reviewed._mark_differences().items() if texts
        ]
        found = (operator == "=") == bool(value)
        return [("id", "in" if found else "not in", ids)]

    def _mark_differences(self):
        """{certificate: ["subject: old → new (how)", ...]} for the checked, signed and
        issued certificates among these: what the Order's rule gives today against what
        the certificate says, computed without writing anything. A certificate of which
        the journal holds no confirmed mark at all (entered by hand, e.g. before the
        school kept its journal here) has nothing to compare with."""
        reviewed = self.filtered(lambda c: c.state in REVIEWED_STATES)
        computed = reviewed._final_mark_values()
        MarkValue = self.env["school.mark.value"]
        result = {}
        for certificate in reviewed:
            if not computed[certificate]:
                result[certificate] = []
                continue
            old = {line.subject_id.id: line.value_id for line in certificate.line_ids}
            new = {vals["subject_id"]: vals for vals in computed[certificate]}
            subjects = self.env["school.subject"].browse(sorted(old.keys() | new.keys()))
            texts = []
            for subject in subjects.sorted():
                vals = new.get(subject.id)
                old_value = old.get(subject.id, MarkValue)
                new_value = MarkValue.browse(vals["value_id"]) if vals else MarkValue
                if old_value == new_value:
                    continue
                texts.append(
                    self.env._(
                        "%(subject)s: %(old)s → %(new)s (%(explanation)s)",
                        subject=subject.name,
                        old=old_value.code or "—",
                        new=new_value.code or "—",
                        explanation=vals["explanation"] if vals else self.env._("no marks"),
                    )
                )
            result[certificate] = texts
        return result

    def _store_final_period_marks(self):
        """Keep the final marks also as ``school.period.mark`` kind "final" in the
        journal of the graduating class, where that class has a journal of the subject
        (a subject finished in an earlier grade keeps its final mark on the certificate
        only)."""
        PeriodMark = self.env["school.period.mark"].sudo()
        assignments = self.env["school.teaching.assignment"].search(
            [("class_id", "in", self.class_id.ids), ("study_group_id", "=", False)]
        )
        journal = {(a.class_id.id, a.subject_id.id): a for a in assignments}
        existing = {
            (mark.student_id.id, mark.assignment_id.id): mark
            for mark in PeriodMark.search(
                [
                    ("kind", "=", "final"),
                    ("assignment_id", "in", assignments.ids),
                    ("student_id", "in", self.student_id.ids),
                ]
            )
        }
        to_create = []
        for line in self.line_ids:
            assignment = journal.get((line.certificate_id.class_id.id, line.subject_id.id))
            if not assignment:
                continue
            vals = {
                "value_id": line.value_id.id,
                "proposed_value_id": line.value_id.id,
                "average": line.average,
                "state": "confirmed",
            }
            mark = existing.get((line.certificate_id.student_id.id, assignment.id))
            if mark:
                mark.write(vals)
            else:
                to_create.append(
                    dict(
                        vals,
                        student_id=line.certificate_id.student_id.id,
                        assignment_id=assignment.id,
                        kind="final",
                    )
                )
        PeriodMark.create(to_create)

    # the council decision -----------------------------------------------------------------
    def _issuing_decisions(self):
        """{(student id, year id): confirmed decision line issuing a certificate}."""
        lines = (
            self.env["school.council.decision.line"]
            .sudo()
            .search(
                [
                    ("student_id", "in", self.student_id.ids),
                    ("year_id", "in", self.year_id.ids),
                    ("state", "=", "confirmed"),
                    ("decision", "in", ISSUING_DECISIONS),
                ],
                order="protocol_date desc, id desc",
            )
        )
        result = {}
        for line in lines:
            result.setdefault((line.student_id.id, line.year_id.id), line)
        return result

    def _check_council_decision(self):
        decisions = self._issuing_decisions()
        for certificate in self:
            line = decisions.get((certificate.student_id.id, certificate.year_id.id))
            if not line:
                raise UserError(
                    self.env._(
                        "%(student)s: no confirmed council decision of %(year)s issues a "
                        "certificate.",
                        student=certificate.student_id.name,
                        year=certificate.year_id.name,
                    )
                )
            if (line.decision == "certificate_honours") != certificate.with_honours:
                raise UserError(
                    self.env._(
                        "%(student)s: the council decided «%(decision)s», the final marks "
                        "and the exam results say otherwise.%(why)s",
                        student=certificate.student_id.name,
                        decision=line.text or line.decision,
                        why="\n" + certificate.honours_note if certificate.honours_note else "",
                    )
                )

    # the workflow -------------------------------------------------------------------------
    def _check_state(self, *states):
        wrong = self.filtered(lambda c: c.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "%(certificate)s is not in the right state for this.",
                    certificate=wrong[0].name,
                )
            )

    def action_check(self):
        """The deputy (or the director) checks the final marks against the journal and
        the council decision."""
        self._check_state("draft")
        self._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )
        for certificate in self:
            if not certificate.line_ids:
                raise UserError(
                    self.env._("%(certificate)s has no final marks.", certificate=certificate.name)
                )
        self._check_council_decision()
        self._store_final_period_marks()
        self._workflow_write(
            {
                "state": "checked",
                "checked_by_id": self.env.uid,
                "checked_on": self.env["school.journal"]._today(),
            }
        )
        self._plan_next_step()
        return True

    def action_sign(self):
        """Only the director signs a certificate (a duplicate too), and never one the
        director checked as the deputy: the check and the signature are two persons."""
        self._check_state("checked")
        self._check_school_role("school_records.group_director", role=self.env._("the director"))
        for certificate in self:
            certificate._check_not_same_person(
                certificate.checked_by_id, self.env._("the deputy director")
            )
        self._workflow_write(
            {
                "state": "signed",
                "signed_by_id": self.env.uid,
                "signed_on": self.env["school.journal"]._today(),
            }
        )
        self._plan_next_step()
        return True

    def action_reset_draft(self):
        self._check_state("checked", "signed")
        self._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )
        self._workflow_write({"state": "draft", "signed_by_id": False, "checked_by_id": False})
        self.sudo().activity_unlink([SIGN, TODO])
        return True

    def action_issue(self):
        """Hand the certificates over: in the registration book the graduates of a class
        follow in alphabetical order, so several certificates are issued class by class,
        by name; each takes its blank from stock in ascending order."""
        self._check_state("signed")
        self._check_school_role("school_records.group_secretary", role=self.env._("the secretary"))
        self._check_council_decision()
        for certificate in self.sorted(lambda c: (c.class_id.name or "", c.student_name or "")):
            certificate._issue_one()
        self._plan_next_step()
        return True

    def _issue_one(self):
        if not self.blank_id:
            raise UserError(self.env._("%(certificate)s: choose the blank.", certificate=self.name))
        if self.issue_method in ("proxy", "post") and not self.proxy_document:
            raise UserError(
                self.env._(
                    "%(certificate)s: name the power of attorney or the postal receipt.",
                    certificate=self.name,
                )
            )
        register = self.env["school.certificate.register"]._book_for(self.level, self.company_id)
        if not self.annex_blank_id and self._accounts_annex_blanks():
            raise UserError(
                self.env._("%(certificate)s: choose the annex blank.", certificate=self.name)
            )
        register._check_next_blank(self)
        self.blank_id._take(self)
        if self.annex_blank_id:
            self.annex_blank_id._take(self, kind="annex")
        self._workflow_write(
            {
                "state": "issued",
                "issue_date": self.issue_date or self.env["school.journal"]._today(),
                "issued_to": self.issued_to or self.student_id.name,
            }
        )
        register._enter(self)
        if self.is_duplicate and self.original_id.state == "issued":
            self.original_id._workflow_write({"state": "duplicate"})

    def action_duplicate(self):
        """A new certificate with the same final marks, marked as duplicate, to check,
        sign (the director) and issue on a new blank (the secretary makes it, or the
        director)."""
        self.ensure_one()
        self._check_state("issued")
        self._check_school_role("school_records.group_secretary", role=self.env._("the secretary"))
        duplicate = self._workflow_copy(
            {
                "is_duplicate": True,
                "original_id": self.id,
                "line_ids": [fields.Command.create(line.copy_data()[0]) for line in self.line_ids],
                "exam_ids": [fields.Command.create(exam.copy_data()[0]) for exam in self.exam_ids],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": duplicate.id,
            "view_mode": "form",
        }

    def _workflow_copy(self, default):
        """A copy that carries workflow values (the duplicate's mark and original), from
        an action that checked the role; returned in the caller's environment."""
        return self.sudo().copy(default).with_env(self.env)

    def action_cancel(self):
        """Cancel the certificate with the act that spoils its blank."""
        self._check_state("draft", "checked", "signed", "issued")
        self._check_school_role("school_records.group_secretary", role=self.env._("the secretary"))
        for certificate in self:
            if not (
                certificate.cancel_act_number
                and certificate.cancel_act_date
                and certificate.cancel_reason
            ):
                raise UserError(
                    self.env._(
                        "%(certificate)s: fill the act number, its date and the reason.",
                        certificate=certificate.name,
                    )
                )
            for blank in certificate.blank_id | certificate.annex_blank_id:
                blank._workflow_write(
                    {
                        "state": "spoiled",
                        "certificate_id": certificate.id,
                        "spoil_act_number": certificate.cancel_act_number,
                        "spoil_act_date": certificate.cancel_act_date,
                        "spoil_reason": certificate.cancel_reason,
                    }
                )
        self._workflow_write({"state": "cancelled"})
        self.sudo().activity_unlink([SIGN, TODO])
        return True

    def _plan_next_step(self):
        """Close the to-do of the step just done and give the next person theirs: the
        director signs what the deputy checked, the secretary issues what is signed."""
        self._school_activity_done(SIGN, TODO)
        summaries = {
            "checked": self.env._("Sign the certificate"),
            "signed": self.env._("Issue the certificate"),
        }
        for state, (group, activity_type) in NEXT_STEP.items():
            user = self.env["school.roles"]._person(group)
            certificates = self.filtered(lambda c, st=state: c.state == st)
            if user and certificates:
                certificates._school_activity(activity_type, user, summaries[state])

    def _accounts_annex_blanks(self):
        """The school keeps its annex blanks in the stock: every certificate of the
        level is then issued with one."""
        self.ensure_one()
        return bool(
            self.env["school.certificate.blank"]
            .sudo()
            .search_count([("kind", "=", "annex"), ("level", "=", self.level)], limit=1)
        )

    @api.model
    def _assign_blanks(self, certificates):
        """Give the certificates without a blank the next blanks in stock, class by
        class and by name, in ascending order of numbers; the annex blanks likewise,
        where the school keeps them in the stock."""
        for level in set(certificates.mapped("level")):
            of_level = certificates.filtered(lambda c, lv=level: c.level == lv)
            self._assign_blanks_of_kind(of_level, level, "certificate", "blank_id")
            if of_level[:1]._accounts_annex_blanks():
                self._assign_blanks_of_kind(of_level, level, "annex", "annex_blank_id")

    @api.model
    def _assign_blanks_of_kind(self, certificates, level, kind, field):
        todo = certificates.filtered(lambda c: not c[field])
        if not todo:
            return
        held = self.search([(field, "!=", False), ("state", "not in", ("cancelled",))])
        blanks = self.env["school.certificate.blank"].search(
            [
                ("level", "=", level),
                ("kind", "=", kind),
                ("state", "=", "available"),
                ("id", "not in", held[field].ids),
            ],
            order="series, number_int",
            limit=len(todo),
        )
        if len(blanks) < len(todo):
            raise UserError(
                self.env._(
                    "Not enough blanks in stock: %(needed)s needed, %(available)s left.",
                    needed=len(todo),
                    available=len(blanks),
                )
            )
        ordered = todo.sorted(lambda c: (c.class_id.name or "", c.student_name or ""))
        for certificate, blank in zip(ordered, blanks, strict=True):
            certificate[field] = blank

    def action_assign_blanks(self):
        self._check_state("draft", "checked", "signed")
        self._assign_blanks(self)
        return True

    # verification ------------------------------------------------------------------------
    def _public_values(self):
        """What the public page shows: the number, the year and the validity only."""
        self.ensure_one()
        certificate = self.sudo()
        return {
            "number": certificate.blank_id.name or "—",
            "year": certificate.year_id.name,
            "validity": certificate.validity,
            "duplicate": certificate.is_duplicate,
        }


class SchoolCertificateLine(models.Model):
    """The final mark of one subject, as the annex to the certificate prints it."""

    _name = "school.certificate.line"
    _inherit = ["school.certificate.draft.part"]
    _description = "Certificate Final Mark"
    _order = "certificate_id, subject_sequence, subject_id, id"

    subject_id = fields.Many2one("school.subject", required=True, ondelete="restrict")
    subject_sequence = fields.Integer(related="subject_id.sequence", store=True)
    value_id = fields.Many2one(
        "school.mark.value", string="Final mark", required=True, ondelete="restrict"
    )
    average = fields.Float(string="Mean", digits=(4, 2), readonly=True)
    mark_count = fields.Integer(string="Marks", readonly=True)
    explanation = fields.Char(
        string="How it came about",
        readonly=True,
        help="Which marks the Order's rule took and their mean, e.g. «среднее годовой 3 и "
        "экзаменационной 5».",
    )
    value_text = fields.Char(string="In words", compute="_compute_value_text")

    _sql_constraints = [
        (
            "subject_uniq",
            "unique(certificate_id, subject_id)",
            "The certificate already has a final mark in this subject.",
        )
    ]

    @api.depends("value_id.code")
    def _compute_value_text(self):
        for line in self:
            code = line.value_id.code or ""
            words = MARK_WORDS.get(code)
            if code.isdigit():
                line.value_text = f"{code} ({words})" if words else code
            else:
                line.value_text = words or code

    def _qualifies_for_honours(self):
        value = self.value_id
        if value.counts_in_average:
            return value.code == "5"
        return bool(value) and not value.is_failing
