from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools.misc import format_date, format_duration

from .school_attendance import ABSENCE_CODES

SCHOOL_DAYS = 6  # Monday to Saturday: Russian schools may teach on Saturdays


class SchoolDiary(models.AbstractModel):
    """Электронный дневник: what a parent or a student reads of one student's journal.

    Every reader (the portal pages, the paper extract) goes through these methods, which
    show only the student's own marks and absences, and only while the student was at
    school: a family whose child left sees nothing after the departure date.

    Callers check that the reader may see `student` (portal controllers re-check the
    ownership of the id in the URL); the reads here run as superuser so that the
    number of queries does not depend on record rules, and never on the number of marks.
    """

    _name = "school.diary"
    _description = "Electronic Diary"

    # the student's time at school ------------------------------------------------------
    @api.model
    def _school_range(self, student, date_from, date_to):
        """(date_from, date_to) clipped to the student's enrollments, or None."""
        enrollments = student.sudo().enrollment_ids
        if not enrollments:
            return None
        start = max(date_from, min(enrollments.mapped("date_from")))
        ends = enrollments.mapped("date_to")
        end = date_to if not all(ends) else min(date_to, max(ends))
        return (start, end) if start <= end else None

    @api.model
    def _lesson_domain(self, student, date_from, date_to):
        """The lessons of the journals that cover `student`: the class's own journals
        and those of the study groups (subgroups, electives) the student is in."""
        student = student.sudo()
        enrollments = student.enrollment_ids.filtered(
            lambda e: e.date_from <= date_to and (not e.date_to or e.date_to >= date_from)
        )
        by_class = [
            [
                ("class_id", "=", e.class_id.id),
                ("study_group_id", "=", False),
                ("date", ">=", max(date_from, e.date_from)),
                ("date", "<=", min(date_to, e.date_to or date_to)),
            ]
            for e in enrollments
        ]
        by_group = [
            [
                ("study_group_id", "in", student.study_group_ids.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        ]
        return expression.OR(by_class + by_group) if by_class else expression.FALSE_DOMAIN

    # the week page ---------------------------------------------------------------------------
    @api.model
    def week_start(self, day):
        return day - timedelta(days=day.weekday())

    @api.model
    def _week(self, student, day):
        """The week of `day`: one entry per school day with its lessons in order, each
        with topic, homework and files, the student's marks and absence, and the
        timetable's side: time by the bell schedule, room, the change decided by the
        deputy (substitution, move, cancellation) and the planned control works.

        Days whose lessons are not generated yet (the future) show the published
        timetable's slots of that weekday and week parity, by the school calendar."""
        monday = self.week_start(day)
        days = [monday + timedelta(days=offset) for offset in range(SCHOOL_DAYS)]
        lessons = self._lessons(student, monday, days[-1])
        timetable = self._week_timetable(student, lessons, monday, days[-1])
        by_day = defaultdict(list)
        for lesson in lessons + timetable["extra"]:
            by_day[lesson["date"]].append(lesson)
        return {
            "monday": monday,
            "days": [
                {
                    "date": d,
                    "label": format_date(self.env, d, date_format="EEEE, dd.MM.yyyy"),
                    "lessons": sorted(
                        by_day.get(d, []), key=lambda lesson: (lesson["number"], lesson["subject"])
                    ),
                    "control_works": timetable["control_works"].get(d, []),
                }
                for d in days
            ],
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
        }

    # the timetable's side of the week ---------------------------------------------------------
    @api.model
    def _week_timetable(self, student, lessons, date_from, date_to):
        """Adds to the lesson dicts of the week (in place) ``time``, ``room``, ``changes``
        and ``control``; returns {"extra": the lessons the timetable gives that are not
        generated yet and the cancelled or moved-away ones, "control_works": {date: [...]}}.
        A fixed number of queries whatever the number of lessons."""
        result = {"extra": [], "control_works": {}}
        clipped = self._school_range(student, date_from, date_to)
        if not clipped:
            for lesson in lessons:
                lesson.update(time="", room="", changes=[], control="", planned=False)
            return result
        start, end = clipped
        student = student.sudo()
        enrollments = student.enrollment_ids.filtered(
            lambda e: e.date_from <= end and (not e.date_to or e.date_to >= start)
        )
        classes = enrollments.class_id
        group_ids = set(student.study_group_ids.ids)

        def attends(class_id, group_id, day):
            if not start <= day <= end:
                return False
            if group_id:
                return group_id in group_ids
            return any(
                e.class_id.id == class_id
                and e.date_from <= day
                and (not e.date_to or e.date_to >= day)
                for e in enrollments
            )

        Lesson = self.env["school.lesson"].sudo()
        records = Lesson.browse([lesson["id"] for lesson in lessons])
        records.fetch(["timetable_slot_id", "substitute_teacher_id", "class_id", "study_group_id"])
        Change = self.env["school.lesson.change"].sudo()
        changes = Change.search(
            [
                ("state", "=", "applied"),
                ("kind", "in", ("cancellation", "move")),
                ("class_id", "in", classes.ids),
                ("original_date", ">=", start),
                ("original_date", "<=", end),
            ],
            order="decided_on, id",
        )
        times = self._bell_times(classes, start, end)
        # the lessons that exist
        marks = records._change_marks()
        for lesson in lessons:
            record = records.browse(lesson["id"])
            slot = record.timetable_slot_id
            lesson.update(
                time=times(record.class_id, slot.timetable_id, lesson["date"], lesson["number"]),
                room=slot.room_id.name or "",
                changes=marks.get(record.id, []),
                control="",
                planned=False,
            )
        # the lessons cancelled or moved away from this week
        extra = []
        for change in changes:
            assignment = change.assignment_id
            if not attends(change.class_id.id, assignment.study_group_id.id, change.original_date):
                continue
            if change.kind == "move":
                moved = change.lesson_id
                if moved and (moved.date, moved.number) == (
                    change.original_date,
                    change.original_number,
                ):
                    continue
                text = self.env._(
                    "Moved to %(date)s, lesson %(number)s",
                    date=moved.date.strftime("%d.%m.%Y") if moved else "",
                    number=moved.number if moved else "",
                )
            else:
                text = self.env._("Cancelled")
            slot = change.original_slot_id
            extra.append(
                self._timetable_entry(
                    change.original_date,
                    change.original_number,
                    assignment.subject_id.name,
                    time=times(
                        change.class_id,
                        slot.timetable_id,
                        change.original_date,
                        change.original_number,
                    ),
                    room=slot.room_id.name or "",
                    changes=[{"kind": change.kind, "text": text}],
                    removed=True,
                )
            )
        # the timetable's lessons not generated yet
        done_elsewhere = {
            (change.original_slot_id.id, change.original_date)
            for change in changes
            if change.kind in ("cancellation", "move") and change.original_slot_id
        }
        existing = {(r.timetable_slot_id.id, r.date) for r in records if r.timetable_slot_id}
        occupied = {(r.class_id.id, r.study_group_id.id, r.date, r.number) for r in records}
        Timetable = self.env["school.timetable"]
        desired = Timetable._desired_lessons(classes, start, end)
        closed = Timetable._closed_days(classes, start, end)  # the journal's record stands
        Slot = self.env["school.timetable.slot"].sudo()
        for (slot_id, day), vals in sorted(desired.items(), key=lambda item: item[0][1]):
            key = (vals["class_id"], vals["study_group_id"], day, vals["number"])
            if (
                (slot_id, day) in existing
                or (slot_id, day) in done_elsewhere
                or key in occupied
                or (vals["class_id"], day) in closed
                or not attends(vals["class_id"], vals["study_group_id"], day)
            ):
                continue
            slot = Slot.browse(slot_id)
            extra.append(
                self._timetable_entry(
                    day,
                    vals["number"],
                    slot.subject_id.name,
                    time=times(slot.class_id, slot.timetable_id, day, vals["number"]),
                    room=slot.room_id.name or "",
                    planned=True,
                )
            )
        # the planned control works
        plans = (
            self.env["school.assessment.plan"]
            .sudo()
            .search(
                [("class_id", "in", classes.ids), ("date", ">=", start), ("date", "<=", end)],
                order="date, id",
            )
        )
        by_day = defaultdict(list)
        for plan in plans:
            if not attends(plan.class_id.id, plan.study_group_id.id, plan.date):
                continue
            by_day[plan.date].append(
                {
                    "subject": plan.subject_id.name,
                    "name": plan.name,
                    "work_type": plan.work_type_id.name or "",
                }
            )
            for lesson in lessons + extra:
                if (
                    lesson["date"] == plan.date
                    and lesson["subject"] == plan.subject_id.name
                    and not lesson.get("removed")
                ):
                    lesson["control"] = plan.name
        result["extra"] = extra
        result["control_works"] = dict(by_day)
        return result

    @api.model
    def _timetable_entry(self, day, number, subject, **values):
        """A line of the week that is not (or no longer) a lesson of the journal."""
        return {
            "id": False,
            "date": day,
            "number": number,
            "subject": subject or "",
            "topic": "",
            "homework": "",
            "files": [],
            "work_type": "",
            "marks": [],
            "absence": None,
            "time": "",
            "room": "",
            "changes": [],
            "control": "",
            "planned": False,
            "removed": False,
            **values,
        }

    @api.model
    def _bell_times(self, classes, date_from, date_to):
        """A function (class, timetable, date, number) → "08:30–09:15": the bell
        schedule of a shortened day of the calendar, else the timetable's, else the
        usual one of the class's grade."""
        Calendar = self.env["school.calendar.day"].sudo()
        exceptions = Calendar._days_between(date_from, date_to)
        Bell = self.env["school.bell.schedule"].sudo()
        school_days, lines, schedules = {}, {}, {}

        def schedule_lines(schedule):
            if schedule.id not in lines:
                lines[schedule.id] = {
                    line.number: f"{format_duration(line.time_start)}–"
                    f"{format_duration(line.time_end)}"
                    for line in schedule.line_ids
                }
            return lines[schedule.id]

        def times(school_class, timetable, day, number):
            level = school_class.level_number
            if level not in school_days:
                school_days[level] = Calendar._school_days(date_from, date_to, level, exceptions)
            bell = school_days[level].get(day, (None, False))[1]
            key = (timetable.id, level)
            if key not in schedules:
                own = timetable.sudo()._bell_schedule() if timetable else Bell
                schedules[key] = own or Bell._default_for_level(level)
            schedule = bell or schedules[key]
            return schedule_lines(schedule).get(number, "") if schedule else ""

        return times

    @api.model
    def _lessons(self, student, date_from, date_to):
        """Lessons with the student's marks and absence, as plain dicts, by date and
        number. Five queries whatever the size of the journal."""
        clipped = self._school_range(student, date_from, date_to)
        if not clipped:
            return []
        Lesson = self.env["school.lesson"].sudo()
        lessons = Lesson.search_fetch(
            self._lesson_domain(student, *clipped),
            ["date", "number", "topic", "homework", "subject_id", "work_type_id", "merged_into_id"],
            order="date, number, id",
        )
        # a lesson merged into another group's holds nobody: the student's marks and
        # absence of that hour are kept on the lesson that taught both groups
        shown_as = {
            lesson.merged_into_id.id: lesson.id for lesson in lessons if lesson.merged_into_id
        }
        held = lessons.ids + list(shown_as)
        marks = (
            self.env["school.mark"]
            .sudo()
            .search_fetch(
                [("student_id", "=", student.id), ("lesson_id", "in", held)],
                ["lesson_id", "value_id", "work_type_id", "weight", "comment"],
                order="id",
            )
        )
        absences = (
            self.env["school.attendance"]
            .sudo()
            .search_fetch(
                [("student_id", "=", student.id), ("lesson_id", "in", held)],
                ["lesson_id", "kind"],
            )
        )
        files = self._homework_files(lessons)
        individual = self._individual_homework(student, lessons)
        marks_by_lesson = defaultdict(list)
        for mark in marks:
            marks_by_lesson[shown_as.get(mark.lesson_id.id, mark.lesson_id.id)].append(
                {
                    "code": mark.value_id.code,
                    "work_type": mark.work_type_id.name,
                    "weight": mark.weight,
                    "comment": mark.comment,
                    "failing": mark.value_id.is_failing,
                }
            )
        absence_by_lesson = {
            shown_as.get(a.lesson_id.id, a.lesson_id.id): ABSENCE_CODES[a.kind] for a in absences
        }
        return [
            {
                "id": lesson.id,
                "date": lesson.date,
                "number": lesson.number,
                "subject": lesson.subject_id.name,
                "topic": lesson.topic or "",
                "homework": "\n".join(
                    text
                    for text in [lesson.homework or ""]
                    + [item["text"] for item in individual.get(lesson.id, [])]
                    if text
                ),
                "files": files.get(lesson.id, [])
                + [file for item in individual.get(lesson.id, []) for file in item["files"]],
                "work_type": lesson.work_type_id.name,
                "marks": marks_by_lesson.get(lesson.id, []),
                "absence": absence_by_lesson.get(lesson.id),
            }
            for lesson in lessons
        ]

    @api.model
    def _individual_homework(self, student, lessons):
        """{lesson id: [{"text", "files"}]} of the homework given to this student alone
        (seed 004 §2.4), in one query; a classmate's individual homework never shows."""
        homeworks = (
            self.env["school.lesson.homework"]
            .sudo()
            .search_fetch(
                [("lesson_id", "in", lessons.ids), ("student_ids", "in", student.ids)],
                ["lesson_id", "text", "attachment_ids"],
                order="id",
            )
        )
        result = defaultdict(list)
        for homework in homeworks:
            result[homework.lesson_id.id].append(
                {
                    "text": homework.text,
                    "files": [
                        {"id": attachment.id, "name": attachment.name}
                        for attachment in homework.attachment_ids
                        if attachment.res_model == homework._name
                        and attachment.res_id in (0, homework.id)
                    ],
                }
            )
        return result

    @api.model
    def _homework_files(self, lessons):
        """{lesson id: [(attachment id, name, access token)]} in one query: only the
        files uploaded to that lesson (never another record's attachment linked by id)."""
        self.env.cr.execute(
            """
            SELECT r.lesson_id, a.id, a.name
              FROM school_lesson_homework_attachment_rel r
              JOIN ir_attachment a ON a.id = r.attachment_id
             WHERE r.lesson_id = ANY(%s)
               AND a.res_model = 'school.lesson'
               AND COALESCE(a.res_id, 0) IN (0, r.lesson_id)
             ORDER BY a.id
            """,
            [lessons.ids],
        )
        files = defaultdict(list)
        for lesson_id, attachment_id, name in self.env.cr.fetchall():
            files[lesson_id].append({"id": attachment_id, "name": name})
        return files

    # marks, attendance and homework of a period ---------------------------------------------
    @api.model
    def _marks_by_subject(self, student, period):
        """Per subject: the marks of the period in order, the weighted average, and the
        confirmed period mark (a proposal is the teacher's, not yet the family's)."""
        return self._marks_between(student, period.date_start, period.date_end, period)

    @api.model
    def _marks_between(self, student, date_from, date_to, period=None):
        """Per subject: the marks between two dates (any span, earlier years included:
        the lessons of the class the student was in on each day) and their weighted
        average; with a period, also its confirmed period mark."""
        lessons = self._lessons(student, date_from, date_to)
        subjects = defaultdict(lambda: {"marks": []})
        average = self.env["school.journal"]._averager()
        for lesson in lessons:
            row = subjects[lesson["subject"]]
            for mark in lesson["marks"]:
                row["marks"].append({**mark, "date": lesson["date"]})
        period_marks = (
            {
                mark.subject_id.name: mark.value_id.code
                for mark in self.env["school.period.mark"]
                .sudo()
                .search_fetch(
                    [
                        ("student_id", "=", student.id),
                        ("period_id", "=", period.id),
                        ("kind", "=", "period"),
                        ("state", "=", "confirmed"),
                    ],
                    ["subject_id", "value_id"],
                )
            }
            if period
            else {}
        )
        return [
            {
                "subject": subject,
                "marks": row["marks"],
                "average": average((mark["code"], mark["weight"]) for mark in row["marks"]),
                "period_mark": period_marks.get(subject),
            }
            for subject, row in sorted(subjects.items())
        ]

    @api.model
    def _absences(self, student, date_from, date_to):
        lessons = self._lessons(student, date_from, date_to)
        missed = [lesson for lesson in lessons if lesson["absence"]]
        totals = defaultdict(int)
        for lesson in missed:
            totals[lesson["absence"]] += 1
        return {"lessons": missed, "totals": dict(totals)}

    @api.model
    def _homework(self, student, date_from, date_to):
        return [
            lesson
            for lesson in self._lessons(student, date_from, date_to)
            if lesson["homework"] or lesson["files"]
        ]

    @api.model
    def _current_class(self, student, day=None):
        """The student's class today, or the last one for a student who has left."""
        day = day or fields.Date.context_today(self)
        student = student.sudo()
        return student._class_on(day) or student.enrollment_ids.sorted("date_from")[-1:].class_id

    @api.model
    def _years(self, student):
        """The academic years the student was at school, the earliest first."""
        return student.sudo().enrollment_ids.class_id.year_id.sorted("date_start")

    @api.model
    def _class_of_year(self, student, year):
        """The student's (last) class in that academic year."""
        enrollments = student.sudo().enrollment_ids.filtered(lambda e: e.class_id.year_id == year)
        return enrollments.sorted("date_from")[-1:].class_id

    @api.model
    def _periods(self, student, day=None, year=None):
        """The periods of the student's class scheme in its academic year (the current
        class's, or the class of the given earlier year)."""
        school_class = (
            self._class_of_year(student, year) if year else self._current_class(student, day)
        )
        return (
            self.env["school.period"]
            .sudo()
            .search(
                [
                    ("year_id", "=", school_class.year_id.id),
                    ("scheme", "=", school_class.period_scheme or "quarter"),
                ],
                order="date_start",
            )
        )
