"""Period marks: propose the whole school's (the busiest quarter and half-year).

Baseline: one SQL `GROUP BY` of the same weighted averages."""

from bench.harness import Undo, measure, rolled_back
from bench.school import busiest_periods


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
        return [
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
