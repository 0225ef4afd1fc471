"""The teacher's bulk imports (issue 25 §3–4), in rows written per second:

- the temporary journal (seed 004 §3): the filled XLSX template of a fortnight of the
  busiest journal's lessons (a mark or «н» in most cells), imported by its teacher
  through the wizard's `action_import`, the lessons' own marks and absences removed first;
- the КТП (lesson plan): a CSV of the journal's whole plan (№, Тема, Часы, Дата,
  Контрольная), imported by its teacher into the emptied plan.

Baseline: PostgreSQL `COPY` of the very rows the import wrote, into the real tables, in
the same run. Everything is rolled back (the plan's file, attached to the journal's
chatter, goes to a scratch filestore)."""

import base64
import io

from bench.harness import Undo, measure, rolled_back, scratch_data_dir
from bench.school import clear_lessons, teacher_journal

FORTNIGHT_LESSONS = 10


def run(registry, iterations, args=None):
    with rolled_back(registry) as env, scratch_data_dir("bench_imports_"):
        assignment, _period, data = teacher_journal(env)
        teacher = assignment.teacher_id
        return [
            _temporary_journal(env, assignment, teacher, data, iterations),
            _lesson_plan(env, assignment, teacher, iterations),
        ]


# the temporary journal ---------------------------------------------------------------------
def temporary_journal_file(assignment, lessons, scale, absence):
    """The wizard's template (a hidden row of the journal's and the lessons' keys, a row a
    student with their id), filled as a teacher would: marks turning through the top of
    the scale, «н» in every seventh cell, every third cell left empty."""
    import openpyxl

    from odoo.addons.school_records.wizards.school_temporary_journal_import import (
        ASSIGNMENT_KEY_PREFIX,
        FIRST_LESSON_COLUMN,
    )

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([f"Temporary journal: {assignment.name}"])
    keys = [f"{ASSIGNMENT_KEY_PREFIX}{assignment.id}", None]
    sheet.append(keys + [f"{lesson.date.isoformat()}/{lesson.number}" for lesson in lessons])
    sheet.append(["ID", "Student"] + [lesson.date.strftime("%d.%m.%Y") for lesson in lessons])
    enrolled = {lesson: set(lesson.sudo()._students().ids) for lesson in lessons}
    students = (
        lessons.browse()
        .env["school.student"]
        .sudo()
        .browse(sorted(set().union(*enrolled.values())))
    )
    codes = [code for code in ("5", "4", "3") if code in scale] or scale[:1]
    cell = 0
    for student in students.sorted("name"):
        row = [student.id, student.name]
        for lesson in lessons:
            text = None
            if student.id in enrolled[lesson]:
                cell += 1
                if cell % 7 == 0:
                    text = absence
                elif cell % 3:
                    text = codes[cell % len(codes)]
            row.append(text)
        sheet.append(row)
    assert FIRST_LESSON_COLUMN == 2, "the template's layout changed: update the bench"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _temporary_journal(env, assignment, teacher, data, iterations):
    editable = [lesson["id"] for lesson in data["lessons"] if lesson["editable"]]
    lessons = (
        env["school.lesson"]
        .browse(editable[-FORTNIGHT_LESSONS:])
        .sorted(lambda lesson: (lesson.date, lesson.number))
    )
    clear_lessons(env, lessons)
    absence = "н" if "н" in data["absence_codes"] else data["absence_codes"][0]
    content = temporary_journal_file(assignment, lessons, data["scale"], absence)
    wizard = (
        env["school.temporary.journal.import"]
        .with_user(teacher)
        .create(
            {
                "assignment_id": assignment.id,
                "date_from": min(lessons.mapped("date")),
                "date_to": max(lessons.mapped("date")),
                "import_file": base64.b64encode(content),
                "import_filename": "temporary_journal.xlsx",
            }
        )
    )
    return _timed_import(
        env,
        iterations,
        "import: temporary journal",
        wizard.action_import,
        ("school_mark", "school_attendance"),
        "lesson_id = ANY(ARRAY[%s])" % ",".join(map(str, lessons.ids)),
        f"{len(lessons)} lessons of {assignment.name}, an XLSX of {len(content) // 1024} KB",
    )


# the lesson plan (КТП) ---------------------------------------------------------------------
def lesson_plan_file(lines):
    """The plan as a teacher's CSV (Excel's «CSV (разделители — точка с запятой)»)."""
    output = io.StringIO()
    output.write("№;Тема;Часы;Дата;Контрольная\n")
    for number, (topic, hours, day, control) in enumerate(lines, 1):
        topic = topic.replace(";", ",").replace('"', "'")
        planned = day.strftime("%d.%m.%Y") if day else ""
        output.write(f'{number};"{topic}";{hours:g};{planned};{"да" if control else ""}\n')
    return output.getvalue().encode("utf-8")


def _plan_lines(env, assignment):
    """(topic, hours, planned date, control work) of the journal's plan, or a line a
    lesson of the journal when it has no plan."""
    plan = assignment.plan_line_ids.sorted("sequence")
    if plan:
        return [
            (line.topic, line.hours or 1.0, line.planned_date, line.is_control_work)
            for line in plan
        ]
    lessons = env["school.lesson"].search(
        [("assignment_id", "=", assignment.id)], order="date, number"
    )
    return [
        (f"Тема урока {index}", 1.0, lesson.date, index % 10 == 0)
        for index, lesson in enumerate(lessons, 1)
    ]


def _lesson_plan(env, assignment, teacher, iterations):
    content = lesson_plan_file(_plan_lines(env, assignment))
    env.cr.execute("DELETE FROM school_lesson_plan_line WHERE assignment_id = %s", [assignment.id])
    env.invalidate_all()
    wizard = (
        env["school.lesson.plan.import"]
        .with_user(teacher)
        .create(
            {
                "assignment_id": assignment.id,
                "file": base64.b64encode(content),
                "file_name": "ktp.csv",
                "replace_existing": True,
                "accept_hours_difference": True,
            }
        )
    )
    return _timed_import(
        env,
        iterations,
        "import: lesson plan (КТП)",
        wizard.action_import,
        ("school_lesson_plan_line",),
        "assignment_id = %d" % assignment.id,
        f"the plan of {assignment.name}, a CSV of {len(content) // 1024} KB",
    )


# both ----------------------------------------------------------------------------------------
def _timed_import(env, iterations, name, action, tables, where, what):
    """The row of an import: `action` timed rolled back, next to a COPY of the rows it
    wrote to `tables` (those matching `where`)."""
    copied = {}
    figures = measure(lambda: _rolled_back_step(env, action, copied, tables, where), iterations)
    base = measure(lambda: _copy_in(env, copied), iterations)
    return _row(name, figures, base, copied, what)


def _rolled_back_step(env, action, copied, tables, where):
    """Run `action` in a savepoint rolled back after; the first time, keep the rows it
    wrote to `tables` (as COPY text) for the baseline."""
    try:
        with env.cr.savepoint():
            action()
            env.flush_all()
            if not copied:
                for table in tables:
                    buffer = io.StringIO()
                    env.cr.copy_expert(
                        f"COPY (SELECT * FROM {table} WHERE {where}) TO STDOUT", buffer
                    )
                    copied[table] = buffer.getvalue()
            raise Undo
    except Undo:
        env.invalidate_all()


def _copy_in(env, copied):
    """COPY the kept rows into their tables, rolled back."""
    try:
        with env.cr.savepoint():
            for table, text in copied.items():
                env.cr.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(text))
            raise Undo
    except Undo:
        pass


def _row(name, figures, base, copied, what):
    rows = sum(text.count("\n") for text in copied.values())
    return {
        "operation": name,
        **figures,
        "rows": rows,
        "rows_per_s": rows / figures["median_s"] if figures["median_s"] else None,
        "what": what,
        "baseline": f"COPY of the same {rows} rows",
        "baseline_s": base["median_s"],
        "baseline_rows_per_s": rows / base["median_s"] if base["median_s"] else None,
        "ratio": figures["median_s"] / base["median_s"] if base["median_s"] else None,
    }
