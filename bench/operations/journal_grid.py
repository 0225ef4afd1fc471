"""Journal grid: open one journal (the latest year's busiest: its students × a
period) and save 30 marks, as its teacher.

Baseline: `search_read` of the same journal's marks, as the teacher."""

from bench.harness import Undo, measure, rolled_back
from bench.school import busiest_journal


def run(registry, iterations, args=None):
    """Open one journal grid and save 30 marks, as its teacher; baseline: search_read."""
    results = []
    with rolled_back(registry) as env:
        assignment, period = busiest_journal(env)
        teacher = assignment.teacher_id
        grid = env["school.journal.grid"].with_user(teacher)
        Mark = env["school.mark"].with_user(teacher)
        domain = [("assignment_id", "=", assignment.id), ("period_id", "=", period.id)]
        fields = ["lesson_id", "student_id", "value_id", "work_type_id", "weight"]
        data = grid.load(assignment.id, period.id)
        lesson_id = data["lessons"][-1]["id"]
        students = data["students"][:30]

        def open_grid():
            env.invalidate_all()
            grid.load(assignment.id, period.id)

        def baseline():
            env.invalidate_all()
            Mark.search_read(domain, fields)

        refused = {}

        def save_marks():
            cells = [{"student_id": s["id"], "lesson_id": lesson_id, "text": "4"} for s in students]
            try:
                with env.cr.savepoint():
                    refused.update(grid.save(assignment.id, period.id, cells)["errors"])
                    raise Undo
            except Undo:
                env.invalidate_all()

        base = measure(baseline, iterations)
        marks = len(Mark.search(domain))
        env.cr.execute("SELECT count(*) FROM school_mark")
        all_marks = env.cr.fetchone()[0]
        for name, function in (
            ("journal grid: open", open_grid),
            ("journal grid: save 30 marks", save_marks),
        ):
            if function is save_marks and period.state == "closed":
                # the busiest period may be closed (a quarter over): the teacher's save is
                # measured, not its refusal; the period is opened in this rolled-back run
                env.cr.execute("UPDATE school_period SET state = 'open' WHERE id = %s", [period.id])
                env.invalidate_all()
            figures = measure(function, iterations)
            results.append(
                {
                    "operation": name,
                    **figures,
                    "baseline": f"search_read of the journal's {marks} marks",
                    "baseline_s": base["median_s"],
                    "baseline_queries": base["queries"],
                    "ratio": figures["median_s"] / base["median_s"],
                    "students": len(data["students"]),
                    "lessons": len(data["lessons"]),
                    "marks_in_database": all_marks,
                    **({"refused_cells": len(refused)} if function is save_marks else {}),
                }
            )
    return results
