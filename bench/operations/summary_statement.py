"""Summary statement of every class, one workbook (after proposing and confirming
the year's period and year marks; rolled back).

Baseline: the SQL fetching the same confirmed marks."""

from bench.harness import measure, rolled_back
from bench.school import confirm_period_marks


def run(registry, iterations, args=None):
    """The summary statement workbook of every class; baseline: the SQL fetching its marks."""
    with rolled_back(registry) as env:
        env.cr.execute(
            "SELECT year_id FROM school_lesson GROUP BY year_id ORDER BY count(*) DESC LIMIT 1"
        )
        row = env.cr.fetchone()
        if not row:
            return []
        year = env["school.academic.year"].browse(row[0])
        classes = env["school.class"].search([("year_id", "=", year.id)])
        confirm_period_marks(env, year)
        wizard = env["school.class.report"].create({"year_id": year.id, "report": "summary"})

        def workbook():
            env.invalidate_all()
            wizard._workbook()

        def baseline():
            env.cr.execute(
                """
                SELECT pm.class_id, pm.student_id, pm.subject_id, pm.kind, pm.period_id, v.code
                  FROM school_period_mark pm
                  JOIN school_mark_value v ON v.id = pm.value_id
                 WHERE pm.class_id = ANY(%s) AND pm.state = 'confirmed'
                """,
                [classes.ids],
            )
            env.cr.fetchall()

        base = measure(baseline, iterations)
        figures = measure(workbook, iterations)
        return [
            {
                "operation": "summary statement: whole school",
                **figures,
                "baseline": f"SQL fetch of the confirmed marks of {len(classes)} classes",
                "baseline_s": base["median_s"],
                "baseline_queries": base["queries"],
                "ratio": figures["median_s"] / base["median_s"] if base["median_s"] else None,
            }
        ]
