"""One module an operation: its `run(registry, iterations, args)` returns the result rows
(each with its median, SQL queries, baseline and ratio). `OPERATIONS` gives the order of
a full run and the names `--only` accepts."""

from . import (
    archive,
    diary_load,
    diary_week,
    grid_save,
    imports,
    journal_grid,
    period_marks,
    role_pages,
    summary_statement,
    timetable_generation,
)

OPERATIONS = {
    "summary_statement": summary_statement.run,
    "archive": archive.run,
    "journal_grid": journal_grid.run,
    "grid_save": grid_save.run,
    "imports": imports.run,
    "period_marks": period_marks.run,
    "diary_week": diary_week.run,
    "diary_load": diary_load.run,
    "role_pages": role_pages.run,
    "timetable_generation": timetable_generation.run,
}
