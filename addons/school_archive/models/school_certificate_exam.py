from odoo import api, fields, models
from odoo.exceptions import ValidationError

EXAM_FORMS = [
    ("ege", "Unified State Exam (ЕГЭ)"),
    ("gve", "State Final Exam (ГВЭ)"),
    ("oge", "Basic State Exam (ОГЭ)"),
]
EXAM_SUBJECTS = [
    ("russian", "Russian language"),
    ("mathematics", "Mathematics"),
    ("other", "Subject of choice"),
]
MATH_LEVELS = [("base", "Base level"), ("profile", "Profile level")]
# the rules of the secondary certificate with honours a school may follow
HONOURS_EXAM_RULES = [
    ("russian_math", "Russian and mathematics (Order 546)"),
    ("russian_any", "Russian and one more subject (medal, Order 730)"),
    ("none", "Final marks only"),
]
MAX_POINTS = 100


class SchoolCertificateExam(models.Model):
    """One result of the state final attestation (ГИА) of the graduate, as the
    results protocol of the regional examination centre gives it: the ЕГЭ in test points
    (the base level of mathematics in a mark), the ГВЭ and the ОГЭ in marks.

    The results decide the honours of the secondary certificate
    (``school.certificate._honours_shortfalls``); the result of a repeated attestation
    never counts for honours."""

    _name = "school.certificate.exam"
    _inherit = ["school.certificate.draft.part"]
    _description = "State Final Attestation Result"
    _order = "certificate_id, exam_order, id"

    exam_subject = fields.Selection(EXAM_SUBJECTS, string="Exam", required=True, default="other")
    # as the protocols list them: Russian, mathematics, then the subjects of choice
    exam_order = fields.Integer(compute="_compute_exam_order", store=True)
    subject_id = fields.Many2one(
        "school.subject",
        string="Subject",
        ondelete="restrict",
        help="The subject of the curriculum (required for a subject of choice).",
    )
    form = fields.Selection(EXAM_FORMS, required=True, default="ege")
    math_level = fields.Selection(MATH_LEVELS, string="Mathematics level")
    points = fields.Integer(help="ЕГЭ test points (0–100).")
    value_id = fields.Many2one(
        "school.mark.value",
        string="Mark",
        ondelete="restrict",
        domain="[('counts_in_average', '=', True)]",
        help="The mark of the ОГЭ, the ГВЭ or the ЕГЭ in mathematics of the base level.",
    )
    is_retake = fields.Boolean(
        string="Repeated attestation",
        help="A result of the repeated attestation (in the reserve days or in September): "
        "it never counts for the honours.",
    )
    result_text = fields.Char(string="Result", compute="_compute_result_text")

    @api.depends("exam_subject")
    def _compute_exam_order(self):
        order = [key for key, _label in EXAM_SUBJECTS]
        for exam in self:
            exam.exam_order = order.index(exam.exam_subject) if exam.exam_subject else len(order)

    @api.depends("form", "math_level", "points", "value_id")
    def _compute_result_text(self):
        for exam in self:
            if exam._scored_in_points():
                exam.result_text = str(exam.points)
            else:
                exam.result_text = exam.value_id.code or ""

    def _scored_in_points(self):
        """The ЕГЭ gives test points, except in mathematics of the base level."""
        self.ensure_one()
        return self.form == "ege" and not (
            self.exam_subject == "mathematics" and self.math_level == "base"
        )

    @api.constrains("form", "exam_subject", "math_level", "points", "value_id", "subject_id")
    def _check_result(self):
        for exam in self:
            if exam.exam_subject == "other" and not exam.subject_id:
                raise ValidationError(self.env._("Name the subject of the exam of choice."))
            if exam.form == "ege" and exam.exam_subject == "mathematics" and not exam.math_level:
                raise ValidationError(
                    self.env._("The ЕГЭ in mathematics: choose the base or the profile level.")
                )
            if exam._scored_in_points():
                if not 0 <= exam.points <= MAX_POINTS:
                    raise ValidationError(
                        self.env._("ЕГЭ points are from 0 to %(max)s.", max=MAX_POINTS)
                    )
            elif not exam.value_id:
                raise ValidationError(self.env._("Enter the mark of the exam."))

    # the honours --------------------------------------------------------------------------
    def _counted(self):
        return self.filtered(lambda e: not e.is_retake)

    def _reaches(self, min_points):
        """Whether one of these results is of the highest level: ЕГЭ points ≥
        min_points, or «5» where the exam is marked (ГВЭ, ЕГЭ of base mathematics)."""
        return bool(
            self._counted().filtered(
                lambda e: (
                    e.form != "oge"
                    and (
                        e.points >= min_points if e._scored_in_points() else e.value_id.code == "5"
                    )
                )
            )
        )

    def _failed(self):
        return self.filtered(lambda e: not e._scored_in_points() and e.value_id.is_failing)

    def _reaches_one_more(self, min_points):
        """The exams besides Russian, by the medal's rule (Order 730): ЕГЭ points in one
        subject of choice, or «5» at the ЕГЭ of base mathematics when no other ЕГЭ was
        taken, or «5» at the ГВЭ in mathematics."""
        counted = self._counted()
        in_points = counted.filtered(lambda e: e._scored_in_points())
        if in_points.filtered(lambda e: e.points >= min_points):
            return True
        marked_five = counted.filtered(lambda e: e.form != "oge" and e.value_id.code == "5")
        if marked_five.filtered(lambda e: e.form == "gve"):
            return True
        other_ege = self.filtered(lambda e: e.form == "ege" and e._scored_in_points())
        return bool(marked_five) and not other_ege

    def _label(self):
        """«ЕГЭ, Русский язык» as the exam is named in messages."""
        self.ensure_one()
        forms = dict(self._fields["form"]._description_selection(self.env))
        subjects = dict(self._fields["exam_subject"]._description_selection(self.env))
        subject = self.subject_id.name or subjects.get(self.exam_subject, "")
        return "%s, %s" % (forms.get(self.form, ""), subject)
