from odoo import api, fields, models
from odoo.tools import SQL


class SchoolMarkValue(models.Model):
    """A value of the marking scale: «5».. «1», and codes such as «н/а», «зач», «осв».

    Only values with `counts_in_average` enter weighted averages."""

    _name = "school.mark.value"
    _description = "Mark Value"
    _order = "sequence, id"

    code = fields.Char(required=True, help="What the journal shows and the teacher types")
    name = fields.Char(required=True, translate=True)
    numeric_value = fields.Float(digits=(3, 1))
    counts_in_average = fields.Boolean(default=True)
    is_failing = fields.Boolean(help="Unsatisfactory result (below «3», or «н/а», «незач»)")
    usable_as_current = fields.Boolean(
        default=True, help="Allowed as a lesson mark, not only as a period mark"
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "This mark code already exists.")]

    def _compute_display_name(self):
        for value in self:
            value.display_name = value.code

    @api.model
    def _propose_for_average(self, average):
        """The mark a weighted average leads to, by the school's boundaries."""
        return self._proposer()(average)

    def _boundaries(self):
        """[(the school's lowest average for a mark, that mark)], from «5» down to «3»,
        and the failing mark «2» below them: the one place the boundaries are read."""
        company = self.env.company
        # the boundaries only, not the company's fifty columns
        company.fetch(["school_boundary_5", "school_boundary_4", "school_boundary_3"])
        # the four values prefetched together: their codes come in one query, not four
        five, four, three, failing = self._by_xmlids(
            "school_records.school_mark_value_5",
            "school_records.school_mark_value_4",
            "school_records.school_mark_value_3",
            "school_records.school_mark_value_2",
        )
        return [
            (company.school_boundary_5, five),
            (company.school_boundary_4, four),
            (company.school_boundary_3, three),
        ], failing

    def _proposer(self):
        """A function from a weighted average to the mark it leads to, with the
        school's boundaries read once (proposals call it for every student)."""
        boundaries, failing = self._boundaries()

        def propose(average):
            if average is None:
                return self.browse()
            # 3.4999999999 from a float sum is 3.5; 3.49 stays below the boundary
            average = round(average, 6)
            for boundary, value in boundaries:
                if average >= boundary:
                    return value
            return failing

        return propose

    @api.model
    def _proposal_sql(self, average):
        """:meth:`_proposer` in SQL: the id of the mark the weighted average `average`
        (an SQL expression) leads to, «н/а» when it is NULL (no mark counts)."""
        boundaries, failing = self._boundaries()
        # rounded as the proposer rounds it
        average = SQL("round((%s)::numeric, 6)", average)
        cases = [
            SQL("WHEN %s >= %s THEN %s", average, boundary, value.id)
            for boundary, value in boundaries
        ]
        return SQL(
            "CASE WHEN %s IS NULL THEN %s %s ELSE %s END",
            average,
            self._by_xmlid("school_records.school_mark_value_na").id,
            SQL(" ").join(cases),
            failing.id,
        )

    def _by_xmlid(self, xmlid):
        """env.ref without its existence query."""
        return self.browse(self.env["ir.model.data"]._xmlid_to_res_id(xmlid))

    def _by_xmlids(self, *xmlids):
        """:meth:`_by_xmlid` of each of `xmlids`, prefetched together."""
        ids = [self.env["ir.model.data"]._xmlid_to_res_id(xmlid) for xmlid in xmlids]
        prefetch = [value_id for value_id in ids if value_id]
        return [self.browse(value_id or ()).with_prefetch(prefetch) for value_id in ids]
