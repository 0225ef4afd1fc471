"""Grid save per class lesson (issue 25 §4): the teacher saves ONE lesson's attendance (a
cell per student, «н» for some) and ONE lesson's marks (a cell per student) through the
grid's server entry point `school.journal.grid.save(assignment_id, period_id, cells)`,
as the journal's teacher; median time and SQL queries of a save.

Baseline: one bulk `INSERT` of the very rows the save wrote, into the real table
(its indexes, foreign keys and triggers), measured in the same run. Everything is rolled
back; the lesson's own marks and absences are removed first (rolled back too), so every
save writes a row a cell."""

from bench.harness import Undo, bulk_insert, measure, rolled_back
from bench.school import clear_lessons, table_rows, teacher_journal

# the aim for a class lesson of 30 cells
AIM_QUERIES = 20
AIM_RATIO = 3.0


def _lesson_and_students(env, data):
    """The grid's focus lesson (today's or the latest), else the latest writable one, and
    the students enrolled on its day, as the grid lists them."""
    lessons = [lesson for lesson in data["lessons"] if lesson["editable"]]
    if not lessons:
        return None, []
    chosen = next((x for x in lessons if x["id"] == data["focus_lesson_id"]), lessons[-1])
    lesson = env["school.lesson"].browse(chosen["id"])
    enrolled = set(lesson.sudo()._students().ids)
    return lesson, [s["id"] for s in data["students"] if s["id"] in enrolled]


def attendance_cells(lesson, students, absence_code):
    """A cell per student: «н» for every fourth, empty (present) for the others."""
    return [
        {
            "student_id": student,
            "lesson_id": lesson.id,
            "text": absence_code if index % 4 == 0 else "",
        }
        for index, student in enumerate(students)
    ]


def mark_cells(lesson, students, scale):
    """A mark in each student's cell, turning through the top of the scale."""
    codes = [code for code in ("5", "4", "3") if code in scale] or scale[:1]
    return [
        {"student_id": student, "lesson_id": lesson.id, "text": codes[index % len(codes)]}
        for index, student in enumerate(students)
    ]


def _row(name, figures, table, rows, cells, base, errors):
    queries = figures["queries"]
    return {
        "operation": name,
        **figures,
        "cells": len(cells),
        "rows": len(rows),
        "queries_per_cell": queries / len(cells) if cells else None,
        "baseline": f"one bulk INSERT of the same {len(rows)} rows into {table}",
        "baseline_s": base["median_s"],
        "baseline_queries": base["queries"],
        "ratio": figures["median_s"] / base["median_s"] if base["median_s"] else None,
        "aim": f"≤ {AIM_QUERIES} queries and ≤ {AIM_RATIO:g}× the INSERT (issue 25)",
        "errors": len(errors),
        "error_samples": list(errors.values())[:3],
    }


def run(registry, iterations, args=None):
    results = []
    with rolled_back(registry) as env:
        assignment, period, data = teacher_journal(env)
        lesson, students = _lesson_and_students(env, data)
        if not lesson or not students:
            return [{"operation": "grid save", "median_s": 0, "error": "no writable lesson"}]
        clear_lessons(env, lesson)
        grid = env["school.journal.grid"].with_user(assignment.teacher_id)
        absence = "н" if "н" in data["absence_codes"] else data["absence_codes"][0]
        for name, table, cells in (
            (
                "grid save: a lesson's attendance",
                "school_attendance",
                attendance_cells(lesson, students, absence),
            ),
            (
                "grid save: a lesson's marks",
                "school_mark",
                mark_cells(lesson, students, data["scale"]),
            ),
        ):
            written = {}

            def save(cells=cells, table=table, written=written):
                try:
                    with env.cr.savepoint():
                        answer = grid.save(assignment.id, period.id, cells)
                        env.flush_all()
                        if not written:
                            written["errors"] = answer["errors"]
                            written["rows"] = table_rows(
                                env.cr, table, "lesson_id = %s", [lesson.id]
                            )
                        raise Undo
                except Undo:
                    env.invalidate_all()

            figures = measure(save, iterations)
            columns, rows = written["rows"]
            base = measure(
                lambda table=table, columns=columns, rows=rows: bulk_insert(
                    env.cr, table, columns, rows
                ),
                iterations,
            )
            results.append(_row(name, figures, table, rows, cells, base, written["errors"]))
    return results
