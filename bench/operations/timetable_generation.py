"""Timetable: generate the year's lessons of the whole school from its published
timetables, all lessons removed first (rolled back).

Baseline: a bulk `INSERT … SELECT` of the same lesson rows into the emptied table, in the
same run."""

import statistics
import time

from bench.harness import rolled_back, sql_count


def _timetable_year(env):
    """The year with the most lessons among those with published timetables, and those
    timetables."""
    Timetable = env["school.timetable"]
    published = Timetable.search([("state", "=", "published")])
    if not published:
        return None, Timetable
    env.cr.execute(
        """SELECT class.year_id FROM school_lesson lesson
             JOIN school_class class ON class.id = lesson.class_id
            WHERE class.year_id = ANY(%s)
         GROUP BY class.year_id ORDER BY count(*) DESC LIMIT 1""",
        [published.class_id.year_id.ids],
    )
    row = env.cr.fetchone()
    year = env["school.academic.year"].browse(row[0] if row else published[0].year_id.id)
    return year, published.filtered(lambda timetable: timetable.year_id == year)


def run(registry, iterations, args=None):
    """Generating the year's lessons of the whole school from its published timetables
    (``_generate_lessons`` over the academic year, the calendar and the weeks' parity, the
    КТП topics given in order), into a school whose lessons were all removed; next to a
    bulk ``INSERT … SELECT`` of the very rows it made, into the emptied table again. Both
    run in a transaction that is rolled back."""
    generation, inserts, queries, counts = [], [], [], {}
    for _run in range(max(1, min(iterations, 3))):
        with rolled_back(registry) as env:
            year, timetables = _timetable_year(env)
            if not timetables:
                return [
                    {
                        "operation": "timetable: generate the year's lessons",
                        "median_s": 0,
                        "error": "no published timetable (a database made before the "
                        "generator used the timetable: let bench/run.py rebuild it)",
                    }
                ]
            cr = env.cr
            # an idle transaction holding the table would block TRUNCATE: fail instead
            cr.execute("SET LOCAL lock_timeout = '60s'")
            cr.execute("TRUNCATE school_lesson CASCADE")
            env.invalidate_all()
            before = sql_count()
            start = time.perf_counter()
            counts = timetables._generate_lessons(year.date_start, year.date_end)
            env.flush_all()
            generation.append(time.perf_counter() - start)
            queries.append(sql_count() - before)
            cr.execute("CREATE TEMP TABLE bench_lesson_rows AS SELECT * FROM school_lesson")
            cr.execute("TRUNCATE school_lesson CASCADE")
            start = time.perf_counter()
            cr.execute("INSERT INTO school_lesson SELECT * FROM bench_lesson_rows")
            inserts.append(time.perf_counter() - start)
            env.invalidate_all()
    median, base = statistics.median(generation), statistics.median(inserts)
    return [
        {
            "operation": "timetable: generate the year's lessons",
            "median_s": median,
            "queries": int(statistics.median(queries)),
            "lessons": counts.get("created", 0),
            "timetables": len(timetables),
            "baseline": f"bulk INSERT … SELECT of the same {counts.get('created', 0)} lessons",
            "baseline_s": base,
            "ratio": median / base if base else None,
        }
    ]
