"""Import of class timetables from aSc Timetables' XML export.

aSc Timetables (the program most Russian schools make their timetable in) exports the
whole timetable as one XML file: ``<timetable>`` with ``<days>`` (or ``<daysdefs>``),
``<periods>``, ``<subjects>``, ``<teachers>``, ``<classrooms>``, ``<classes>``,
``<groups>``, ``<lessons>`` (a subject taught to classes or groups by teachers) and
``<cards>`` (a lesson placed on a day mask such as ``01000`` = Tuesday, a period and a
week mask such as ``10`` = odd weeks).

Classes (of the academic year of the first day), subjects and teachers are found by
name among the school's records, and each lesson's journal (class or subgroup, subject,
teacher) must exist; rooms are found by name or short name and made when missing. Every
card is checked first: one error refuses the whole file with each wrong lesson or card
named, and nothing is written. The result is one draft timetable per class, for the
deputy to check and publish. A sample export is ``data/asc_timetable_sample.xml`` of the
repository."""

import base64

from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import UserError

# the shared rules are defined first (this module is imported before them)
from . import school_timetable_import_common  # noqa: F401

PARITIES = {"1": "every", "11": "every", "10": "odd", "01": "even"}


class SchoolTimetableAscImport(models.TransientModel):
    _name = "school.timetable.asc.import"
    _inherit = ["school.timetable.import.mixin"]
    _description = "Import of Timetables from aSc Timetables"

    file = fields.Binary(required=True)
    filename = fields.Char()
    date_from = fields.Date(string="Valid from", required=True, default=fields.Date.context_today)

    def action_import(self):
        self.ensure_one()
        timetables = self._import_xml(base64.b64decode(self.file or b""), self.date_from)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Imported timetables"),
            "res_model": "school.timetable",
            "view_mode": "list,form",
            "domain": [("id", "in", timetables.ids)],
        }

    # the file --------------------------------------------------------------------------------
    @api.model
    def _import_xml(self, content, date_from):
        """Check the whole export, then create the draft timetables (all or nothing)."""
        self._check_importer()
        root = self._parse(content)
        timetables_vals, errors = self._read(root, date_from)
        if errors:
            raise UserError(
                self.env._(
                    "The aSc Timetables file was not imported:\n%(errors)s",
                    errors=self._errors_text(errors),
                )
            )
        if not timetables_vals:
            raise UserError(self.env._("The aSc Timetables file has no lessons placed on cards."))
        return self._create_timetables(timetables_vals)

    @api.model
    def _parse(self, content):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
        try:
            root = etree.fromstring(content, parser)
        except (etree.XMLSyntaxError, ValueError) as error:
            raise UserError(
                self.env._("The file is not an XML file: %(error)s", error=str(error))
            ) from error
        if root.tag != "timetable":
            raise UserError(
                self.env._("The file is not an aSc Timetables XML export (no <timetable>).")
            )
        return root

    @api.model
    def _read(self, root, date_from):
        """([timetable values], [errors])."""
        errors = []

        def items(section, tag):
            return {el.get("id"): el for el in root.iterfind(f"{section}/{tag}") if el.get("id")}

        subjects = items("subjects", "subject")
        teachers = items("teachers", "teacher")
        classrooms = items("classrooms", "classroom")
        classes = items("classes", "class")
        groups = items("groups", "group")
        lessons = items("lessons", "lesson")
        year = self._year_of(date_from)
        if not year:
            return [], [self.env._("No academic year covers %(date)s.", date=date_from)]
        find_record = self._record_finder(year)

        def find(kind, element):
            name = (element.get("name") or "").strip()
            return find_record(kind, name), name

        journals = {}  # lesson id → [(class, assignment)]
        for lesson_id, lesson in lessons.items():
            where = self.env._("Lesson %(lesson)s", lesson=lesson_id)
            row_errors = []
            subject_el = subjects.get(lesson.get("subjectid"))
            subject, subject_name = (
                find("subject", subject_el) if subject_el is not None else (None, "")
            )
            if subject_el is None:
                row_errors.append(self.env._("%(where)s: no subject.", where=where))
            elif not subject:
                row_errors.append(
                    self.env._(
                        "%(where)s: subject «%(name)s» not found.", where=where, name=subject_name
                    )
                )
            teacher = None
            teacher_ids = [t for t in (lesson.get("teacherids") or "").split(",") if t]
            if teacher_ids:
                teacher_el = teachers.get(teacher_ids[0])
                if teacher_el is None:
                    row_errors.append(
                        self.env._(
                            "%(where)s: teacher %(id)s is not in the file.",
                            where=where,
                            id=teacher_ids[0],
                        )
                    )
                else:
                    teacher, teacher_name = find("teacher", teacher_el)
                    if not teacher:
                        row_errors.append(
                            self.env._(
                                "%(where)s: teacher «%(name)s» not found.",
                                where=where,
                                name=teacher_name,
                            )
                        )
            else:
                row_errors.append(self.env._("%(where)s: no teacher.", where=where))
            group_of_class = {}
            for group_id in (lesson.get("groupids") or "").split(","):
                group = groups.get(group_id)
                if group is not None and group.get("entireclass") != "1":
                    group_of_class[group.get("classid")] = group.get("name")
            targets = []
            for class_id in [c for c in (lesson.get("classids") or "").split(",") if c]:
                class_el = classes.get(class_id)
                if class_el is None:
                    row_errors.append(
                        self.env._(
                            "%(where)s: class %(id)s is not in the file.", where=where, id=class_id
                        )
                    )
                    continue
                school_class, class_name = find("class", class_el)
                if not school_class:
                    row_errors.append(
                        self.env._(
                            "%(where)s: class «%(name)s» not found in %(year)s.",
                            where=where,
                            name=class_name,
                            year=year.name,
                        )
                    )
                    continue
                targets.append((school_class, group_of_class.get(class_id)))
            if not targets and not row_errors:
                row_errors.append(self.env._("%(where)s: no class.", where=where))
            if row_errors:
                errors += row_errors
                continue
            journals[lesson_id] = []
            for school_class, group_name in targets:
                assignment = self._find_assignment(school_class, subject, teacher, group_name)
                if not assignment:
                    errors.append(
                        self._no_journal_error(where, school_class, subject, teacher, group_name)
                    )
                    continue
                journals[lesson_id].append((school_class, assignment))

        rows = []
        for number, card in enumerate(root.iterfind("cards/card"), start=1):
            where = self.env._("Card %(card)s", card=number)
            lesson_id = card.get("lessonid")
            if lesson_id not in lessons:
                errors.append(
                    self.env._(
                        "%(where)s: lesson %(lesson)s is not in the file.",
                        where=where,
                        lesson=lesson_id,
                    )
                )
                continue
            if lesson_id not in journals:
                continue  # the lesson's error is already named
            lesson = lessons[lesson_id]
            try:
                period = int(card.get("period") or "")
                length = int(float(lesson.get("periodspercard") or 1))
            except ValueError:
                period, length = 0, 1
            days = (card.get("days") or "").strip()
            weekdays = [index for index, flag in enumerate(days) if flag == "1"]
            parity = PARITIES.get((card.get("weeks") or "1").strip())
            if not 1 <= period <= 12 or not 1 <= period + length - 1 <= 12:
                errors.append(
                    self.env._(
                        "%(where)s: lesson number «%(value)s» is not 1 to 12.",
                        where=where,
                        value=card.get("period"),
                    )
                )
                continue
            if not weekdays or set(days) - {"0", "1"} or max(weekdays) > 6:
                errors.append(
                    self.env._(
                        "%(where)s: days «%(value)s» are not a mask of weekdays (01000 = Tuesday).",
                        where=where,
                        value=days,
                    )
                )
                continue
            if not parity:
                errors.append(
                    self.env._(
                        "%(where)s: weeks «%(value)s» are not 1, 10 (odd) or 01 (even).",
                        where=where,
                        value=card.get("weeks"),
                    )
                )
                continue
            room_ids = [
                r
                for r in (card.get("classroomids") or lesson.get("classroomids") or "").split(",")
                if r
            ]
            room_el = classrooms.get(room_ids[0]) if room_ids else None
            room = (
                (room_el.get("name") or room_el.get("short") or "").strip()
                if room_el is not None
                else False
            )
            if room_el is not None:
                existing = (
                    self.env["school.room"]
                    .sudo()
                    .search(
                        [
                            "|",
                            ("name", "=ilike", room),
                            ("name", "=ilike", room_el.get("short") or room),
                        ],
                        limit=1,
                    )
                )
                room = existing.id or room
            for school_class, assignment in journals[lesson_id]:
                for weekday in weekdays:
                    for offset in range(length):
                        rows.append(
                            {
                                "where": where,
                                "class": school_class,
                                "weekday": weekday,
                                "number": period + offset,
                                "week_parity": parity,
                                "assignment": assignment,
                                "room": room,
                            }
                        )
        errors += self._clashes_in_file(rows)
        if errors:
            return [], errors
        note = self.env._("Imported from aSc Timetables.")
        return self._timetables_vals(rows, date_from, note), []
