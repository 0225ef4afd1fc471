"""Period marks: propose the whole school's (the busiest quarter and half-year); year
marks: propose the whole school's from its period marks (every period of the busiest year
proposed first).

Baselines: one SQL `GROUP BY` of the same weighted averages; for the year marks, one SQL
`GROUP BY` of the same period marks."""

from bench.harness import Undo, measure, rolled_back
from bench.school import busiest_periods, busiest_year


def run(registry, iterations, args=None):
    """Propose the period marks of the whole school; baseline: one SQL GROUP BY of the
    same weighted averages."""
    with rolled_back(registry) as env:
        periods = busiest_periods(env)
        assignments = env["school.teaching.assignment"].search([])
        PeriodMark = env["school.period.mark"]

        def propose():
            try:
                with env.cr.savepoint():
                    for period in periods:
                        PeriodMark.propose_period_marks(assignments, period)
                    env.flush_all()
                    raise Undo
            except Undo:
                env.invalidate_all()

        def baseline():
            env.cr.execute(
                """
                SELECT assignment_id, student_id,
                       SUM(numeric_value * weight) FILTER (WHERE counts_in_average)
                         / NULLIF(SUM(weight) FILTER (WHERE counts_in_average), 0)
                  FROM school_mark WHERE period_id = ANY(%s)
                 GROUP BY assignment_id, student_id
                """,
                [periods.ids],
            )
            env.cr.fetchall()

        base = measure(baseline, iterations)
        figures = measure(propose, iterations)
        env.cr.execute("SELECT count(*) FROM school_mark WHERE period_id = ANY(%s)", [periods.ids])
        marks = env.cr.fetchone()[0]
        rows = [
            {
                "operation": "period marks: propose whole school",
                **figures,
                "baseline": f"SQL GROUP BY over the periods' {marks} marks",
                "baseline_s": base["median_s"],
                "baseline_queries": base["queries"],
                "ratio": figures["median_s"] / base["median_s"],
                "periods": periods.mapped("display_name"),
                "assignments": len(assignments),
            }
        ]
        year_row = _year_marks(env, iterations)
        return rows + ([year_row] if year_row else [])


def _year_marks(env, iterations):
    """Propose the year marks of the busiest year's journals from their period marks (every
    period with marks proposed first, in the rolled-back transaction)."""
    year = busiest_year(env)
    if not year:
        return None
    assignments = env["school.teaching.assignment"].search([("year_id", "=", year.id)])
    PeriodMark = env["school.period.mark"]
    env.cr.execute(
        "SELECT DISTINCT period_id FROM school_mark WHERE period_id IN"
        " (SELECT id FROM school_period WHERE year_id = %s)",
        [year.id],
    )
    for period in env["school.period"].browse(row[0] for row in env.cr.fetchall()):
        PeriodMark.propose_period_marks(assignments, period)
    env.flush_all()
    env.cr.execute("ANALYZE school_period_mark")  # rows of this transaction only
    env.invalidate_all()

    def propose():
        try:
            with env.cr.savepoint():
                PeriodMark.propose_year_marks(assignments)
                env.flush_all()
                raise Undo
        except Undo:
            env.invalidate_all()

    def baseline():
        env.cr.execute(
            """
            SELECT pm.assignment_id, pm.student_id, AVG(v.numeric_value)
              FROM school_period_mark pm
              JOIN school_mark_value v ON v.id = COALESCE(pm.value_id, pm.proposed_value_id)
             WHERE pm.kind = 'period' AND pm.assignment_id = ANY(%s) AND v.counts_in_average
             GROUP BY pm.assignment_id, pm.student_id
            """,
            [assignments.ids],
        )
        env.cr.fetchall()

    base = measure(baseline, iterations)
    figures = measure(propose, iterations)
    env.cr.execute(
        "SELECT count(*) FROM school_period_mark WHERE kind = 'period' AND assignment_id = ANY(%s)",
        [assignments.ids],
    )
    period_marks = env.cr.fetchone()[0]
    return {
        "operation": "year marks: propose whole school",
        **figures,
        "baseline": f"SQL GROUP BY over the year's {period_marks} period marks",
        "baseline_s": base["median_s"],
        "baseline_queries": base["queries"],
        "ratio": figures["median_s"] / base["median_s"],
        "year": year.display_name,
        "assignments": len(assignments),
    }
