"""Period marks: propose the whole school's (the busiest quarter and half-year), through
``school.period.mark.propose_period_marks`` as the deputy's wizard does.

Two rows:

- the proposal on the school as it is: every draft or missing proposal of the periods
  written (confirmed marks are left alone);
- proposing again right after, nothing having changed: nothing is written, the
  database computes and compares.

Baselines, in the same run: one SQL `GROUP BY` of the same weighted averages (the
issue's yardstick) and, for the first row, that `GROUP BY` plus one bulk `INSERT` of
the very rows the proposal wrote, into the real table (its indexes and its eleven
foreign keys): the cost of writing them at all."""

from bench.harness import Undo, bulk_insert, measure, rolled_back
from bench.school import busiest_periods, busiest_year, table_rows

# issue 25 §2
AIM_RATIO = 3.0


def _measured_writes(env, write, kind, iterations):
    """Time `write()` rolled back; also the rows of `kind` marks of ``school_period_mark``
    it wrote (at its first run) and the median time of one bulk INSERT of them."""
    written = {}

    def once():
        try:
            with env.cr.savepoint():
                # Odoo writes write_date to the second
                env.cr.execute("SELECT date_trunc('second', now() AT TIME ZONE 'UTC')")
                [now] = env.cr.fetchone()
                write()
                env.flush_all()
                if not written:
                    written["rows"] = table_rows(
                        env.cr, "school_period_mark", "write_date >= %s AND kind = %s", [now, kind]
                    )
                raise Undo
        except Undo:
            env.invalidate_all()

    figures = measure(once, iterations)
    columns, rows = written["rows"]
    insert = measure(lambda: bulk_insert(env.cr, "school_period_mark", columns, rows), iterations)
    return figures, rows, insert["median_s"]


def _written_note(rows, base_s, insert_s, median_s):
    written_s = base_s + insert_s
    return (
        f"{len(rows)} proposals written; GROUP BY + bulk INSERT of them:"
        f" {written_s * 1000:.1f} ms, ratio {median_s / written_s:.2f}x;"
        f" aim: ≤ {AIM_RATIO:g}× the GROUP BY (issue 25)"
    )


def run(registry, iterations, args=None):
    with rolled_back(registry) as env:
        periods = busiest_periods(env)
        assignments = env["school.teaching.assignment"].search([])
        PeriodMark = env["school.period.mark"]
        written = {}

        def propose_all():
            for period in periods:
                PeriodMark.propose_period_marks(assignments, period)
            env.flush_all()

        def propose_again():
            try:
                with env.cr.savepoint():
                    propose_all()
                    written.setdefault("again", []).append(measure(propose_all, 1))
                    raise Undo
            except Undo:
                env.invalidate_all()

        def group_by():
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

        base = measure(group_by, iterations)
        figures, rows, insert_s = _measured_writes(env, propose_all, "period", iterations)
        for _ in range(iterations):
            propose_again()
        again_times = sorted(f["median_s"] for f in written["again"])
        again_queries = sorted(f["queries"] for f in written["again"])
        again = {
            "median_s": again_times[len(again_times) // 2],
            "min_s": again_times[0],
            "queries": again_queries[len(again_queries) // 2],
        }
        env.cr.execute("SELECT count(*) FROM school_mark WHERE period_id = ANY(%s)", [periods.ids])
        marks = env.cr.fetchone()[0]
        common = {
            "baseline": f"SQL GROUP BY over the periods' {marks} marks",
            "baseline_s": base["median_s"],
            "baseline_queries": base["queries"],
            "periods": periods.mapped("display_name"),
            "assignments": len(assignments),
        }
        rows = [
            {
                "operation": "period marks: propose whole school",
                **figures,
                **common,
                "ratio": figures["median_s"] / base["median_s"],
                "rows_written": len(rows),
                "insert_s": insert_s,
                "note": _written_note(rows, base["median_s"], insert_s, figures["median_s"]),
            },
            {
                "operation": "period marks: propose again, nothing changed",
                **again,
                **common,
                "ratio": again["median_s"] / base["median_s"],
                "note": f"nothing written; aim: ≤ {AIM_RATIO:g}× the GROUP BY (issue 25)",
            },
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
    figures, rows, insert_s = _measured_writes(
        env, lambda: PeriodMark.propose_year_marks(assignments), "year", iterations
    )
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
        "rows_written": len(rows),
        "insert_s": insert_s,
        "note": _written_note(rows, base["median_s"], insert_s, figures["median_s"]),
        "year": year.display_name,
        "assignments": len(assignments),
    }
