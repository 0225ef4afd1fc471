"""The benchmark school's lookups shared by the operations: the journal, the periods
and the year a teacher, a deputy or an archivist works hardest in."""


def busiest_journal(env):
    """The assignment and period of the latest year with the most marks: a teacher's
    real worst case, in the year teachers work in however much history is kept."""
    env.cr.execute(
        """
        SELECT m.assignment_id, m.period_id
          FROM school_mark m JOIN school_period p ON p.id = m.period_id
         WHERE p.year_id = (SELECT p2.year_id FROM school_mark m2
                              JOIN school_period p2 ON p2.id = m2.period_id
                             ORDER BY m2.date DESC LIMIT 1)
         GROUP BY m.assignment_id, m.period_id ORDER BY count(*) DESC LIMIT 1
        """
    )
    assignment_id, period_id = env.cr.fetchone()
    assignment = env["school.teaching.assignment"].browse(assignment_id)
    return assignment, env["school.period"].browse(period_id)


def busiest_periods(env):
    """Per period scheme, the period with the most marks: the one a deputy closes."""
    env.cr.execute(
        """
        SELECT DISTINCT ON (p.scheme) p.id
          FROM school_mark m JOIN school_period p ON p.id = m.period_id
         GROUP BY p.scheme, p.id
         ORDER BY p.scheme, count(*) DESC
        """
    )
    return env["school.period"].browse(row[0] for row in env.cr.fetchall())


def busiest_year(env):
    env.cr.execute(
        """
        SELECT year_id FROM school_lesson GROUP BY year_id ORDER BY count(*) DESC LIMIT 1
        """
    )
    row = env.cr.fetchone()
    return env["school.academic.year"].browse(row[0]) if row else None


def confirm_period_marks(env, year):
    """Give the statement its figures (rolled back after): every period with marks and
    the year proposed for the whole school, and the proposals confirmed as they are."""
    env.cr.execute(
        "SELECT DISTINCT period_id FROM school_mark WHERE period_id IS NOT NULL AND period_id"
        " IN (SELECT id FROM school_period WHERE year_id = %s)",
        [year.id],
    )
    periods = env["school.period"].browse(row[0] for row in env.cr.fetchall())
    assignments = env["school.teaching.assignment"].search([("year_id", "=", year.id)])
    PeriodMark = env["school.period.mark"]
    for period in periods:
        PeriodMark.propose_period_marks(assignments, period)
    PeriodMark.propose_year_marks(assignments)
    env.cr.execute(
        "UPDATE school_period_mark SET value_id = proposed_value_id, state = 'confirmed'"
        " WHERE value_id IS NULL"
    )
    # these rows live only in this transaction: without statistics taken inside it,
    # PostgreSQL plans the reads for the empty table autovacuum last saw (nested loops over
    # tens of thousands of rows, 5× slower archiving), which a school whose period marks
    # were committed months ago never meets
    env.cr.execute("ANALYZE school_period_mark")
    env.invalidate_all()


def teacher_journal(env):
    """(assignment, period, grid data) of the latest year's busiest journal as its teacher
    opens it: the period of its latest lesson. A closed period is opened in the (rolled
    back) transaction, so a school measured after its year still takes the teacher's
    writes."""
    assignment, _period = busiest_journal(env)
    grid = env["school.journal.grid"].with_user(assignment.teacher_id)
    data = grid.load(assignment.id)
    if data["period"]["closed"]:
        env.cr.execute(
            "UPDATE school_period SET state = 'open' WHERE id = %s", [data["period"]["id"]]
        )
        env.invalidate_all()
        data = grid.load(assignment.id, data["period"]["id"])
    return assignment, env["school.period"].browse(data["period"]["id"]), data


def clear_lessons(env, lessons):
    """Remove the marks and absences of `lessons` (in the rolled-back transaction), so a
    measured save or import writes every row it is given."""
    for table in ("school_mark", "school_attendance"):
        env.cr.execute(f"DELETE FROM {table} WHERE lesson_id = ANY(%s)", [lessons.ids])
    env.invalidate_all()


def table_rows(cr, table, where, params):
    """(columns, rows) of `table` matching `where`, to insert again as a baseline."""
    cr.execute(f"SELECT * FROM {table} WHERE {where}", params)
    return [column.name for column in cr.description], cr.fetchall()
