from odoo import api, models

from ..models.school_achievement import (
    CATEGORIES,
    LEVELS,
    portfolio_period_of,
)


class SchoolPortfolioReport(models.AbstractModel):
    """The printed portfolio: a title page, the accepted entries in sections by category
    and level, the encouragements and the list of documents, for one portfolio period
    (1-4, 5-9, 10-11 classes) or for all years."""

    _name = "report.school_portfolio.report_portfolio"
    _description = "Printed Portfolio"

    @api.model
    def _get_report_values(self, docids, data=None):
        period = (data or {}).get("period") or "all"
        students = self.env["school.student"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "school.student",
            "docs": students,
            "period": period,
            "period_label": self._period_label(period),
            "portfolios": {student.id: self._portfolio(student, period) for student in students},
        }

    @api.model
    def _period_label(self, period):
        periods = self.env["school.portfolio.print"]._fields["period"]
        return dict(periods._description_selection(self.env)).get(period) or self.env._("All years")

    @api.model
    def _portfolio(self, student, period):
        entries = (
            self.env["school.achievement"]
            .search([("student_id", "=", student.id), ("state", "=", "accepted")])
            ._in_period(period)
            .sorted(lambda e: (e.sequence, e.date))
        )
        encouragements = self.env["school.encouragement"].search(
            [("student_id", "=", student.id)], order="date"
        )
        if period != "all":
            encouragements = encouragements.filtered(
                lambda e: portfolio_period_of(e.class_id.level_number) == period
            )
        categories = self._labels("category", CATEGORIES)
        levels = self._labels("level", LEVELS)
        sections = []
        for category, category_label in categories:
            in_category = entries.filtered(lambda e, c=category: e.category == c)
            if not in_category:
                continue
            by_level = [
                (level_label, in_category.filtered(lambda e, lv=level: e.level == lv))
                for level, level_label in levels
            ]
            sections.append(
                {"label": category_label, "levels": [(lbl, rs) for lbl, rs in by_level if rs]}
            )
        return {
            "entries": entries,
            "sections": sections,
            "encouragements": encouragements,
            "documents": entries.filtered(lambda e: e.certified or e.document_ids),
            "uud": self._uud_assessments(student, period),
        }

    @api.model
    def _uud_assessments(self, student, period):
        """The assessed personal and metasubject results (УУД) of the period, by year,
        class, kind and action: the class teacher's first, then the subject teachers'."""
        assessments = self.env["school.uud.assessment"].search(
            [("student_id", "=", student.id), ("level", "!=", False)]
        )
        if period != "all":
            assessments = assessments.filtered(
                lambda a: portfolio_period_of(a.class_id.level_number) == period
            )
        return assessments.sorted(
            lambda a: (
                a.year_id.date_start,
                a.kind,
                a.uud_id.sequence,
                a.uud_id.id,
                bool(a.subject_id),
                a.subject_id.name or "",
            )
        )

    @api.model
    def _labels(self, field_name, fallback):
        field = self.env["school.achievement"]._fields[field_name]
        return field._description_selection(self.env) or fallback
