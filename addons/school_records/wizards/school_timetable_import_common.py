"""What the timetable imports share (aSc Timetables' XML, the simple XLSX): finding the
school's classes, subjects, teachers and journals by name, checking the slots of the file
against each other, refusing the whole file with every error named, and building one
draft timetable per class from the slot rows (all or nothing)."""

from collections import defaultdict

from odoo import api, models

MAX_ERRORS = 30


class SchoolTimetableImportMixin(models.AbstractModel):
    _name = "school.timetable.import.mixin"
    _description = "Timetable Import (shared rules)"

    # who ---------------------------------------------------------------------------------
    @api.model
    def _check_importer(self):
        self.env["school.timetable"]._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )

    # finding records by name -------------------------------------------------------------
    @api.model
    def _year_of(self, date_from):
        return (
            self.env["school.academic.year"]
            .sudo()
            .search([("date_start", "<=", date_from), ("date_end", ">=", date_from)], limit=1)
        )

    @api.model
    def _record_finder(self, year):
        """A function (kind, name) → the class of ``year``, the subject or the teacher of
        that name (case-insensitive), each name searched once."""
        found = {}
        teacher_group = self.env.ref("school_records.group_teacher")

        def find(kind, name):
            name = (name or "").strip()
            key = (kind, name.lower())
            if key not in found:
                if not name:
                    record = None
                elif kind == "class":
                    record = (
                        self.env["school.class"]
                        .sudo()
                        .search([("year_id", "=", year.id), ("name", "=ilike", name)], limit=1)
                    )
                elif kind == "subject":
                    record = (
                        self.env["school.subject"]
                        .sudo()
                        .search([("name", "=ilike", name)], limit=1)
                    )
                elif kind == "room":
                    record = (
                        self.env["school.room"].sudo().search([("name", "=ilike", name)], limit=1)
                    )
                else:
                    record = (
                        self.env["res.users"]
                        .sudo()
                        .search(
                            [("name", "=ilike", name), ("groups_id", "in", teacher_group.ids)],
                            limit=1,
                        )
                    )
                found[key] = record
            return found[key]

        return find

    @api.model
    def _find_assignment(self, school_class, subject, teacher, group_name=None):
        """The journal of ``subject`` in ``school_class`` (or its subgroup ``group_name``)
        taught by ``teacher``, or an empty recordset."""
        domain = [
            ("class_id", "=", school_class.id),
            ("subject_id", "=", subject.id),
            ("teacher_id", "=", teacher.id),
        ]
        if group_name:
            domain.append(("study_group_id.name", "=ilike", group_name))
        else:
            domain.append(("study_group_id", "=", False))
        return self.env["school.teaching.assignment"].sudo().search(domain, limit=1)

    @api.model
    def _no_journal_error(self, where, school_class, subject, teacher, group_name=None):
        group = f" ({group_name})" if group_name else ""
        return self.env._(
            "%(where)s: no journal of %(subject)s in %(school_class)s%(group)s "
            "taught by %(teacher)s.",
            where=where,
            subject=subject.name,
            school_class=school_class.name,
            group=group,
            teacher=teacher.name,
        )

    # the rows of slots -------------------------------------------------------------------
    @api.model
    def _clashes_in_file(self, rows):
        """Errors of the slot rows that clash with an earlier row of the file: a class
        (or the same subgroup) with two lessons at once, a teacher in two rooms at once,
        a room (not shared) with two teachers at once. A row is a dict with ``where``,
        ``class``, ``weekday``, ``number``, ``week_parity``, ``assignment`` and ``room``
        (a room's id, a new room's name or False)."""
        errors = []
        by_time = defaultdict(list)
        shared_rooms = set(self.env["school.room"].sudo().search([("is_shared", "=", True)]).ids)
        for row in rows:
            assignment = row["assignment"]
            parities = ("odd", "even") if row["week_parity"] == "every" else (row["week_parity"],)
            clash = None
            for parity in parities:
                for other in by_time[(row["weekday"], row["number"], parity)]:
                    other_assignment = other["assignment"]
                    same_class = other["class"] == row["class"]
                    groups = (assignment.study_group_id, other_assignment.study_group_id)
                    if same_class and (not all(groups) or groups[0] == groups[1]):
                        clash = self.env._(
                            "%(where)s: %(school_class)s already has a lesson at that time "
                            "(%(other)s).",
                            where=row["where"],
                            school_class=row["class"].name,
                            other=other["where"],
                        )
                    elif other_assignment.teacher_id == assignment.teacher_id and (
                        not row["room"] or other["room"] != row["room"]
                    ):
                        clash = self.env._(
                            "%(where)s: %(teacher)s already teaches at that time (%(other)s).",
                            where=row["where"],
                            teacher=assignment.teacher_id.name,
                            other=other["where"],
                        )
                    elif (
                        row["room"]
                        and other["room"] == row["room"]
                        and row["room"] not in shared_rooms
                        and other_assignment.teacher_id != assignment.teacher_id
                    ):
                        clash = self.env._(
                            "%(where)s: the room is already taken at that time (%(other)s).",
                            where=row["where"],
                            other=other["where"],
                        )
                    if clash:
                        break
                if clash:
                    break
            if clash:
                errors.append(clash)
                continue
            for parity in parities:
                by_time[(row["weekday"], row["number"], parity)].append(row)
        return errors

    @api.model
    def _timetables_vals(self, rows, date_from, note):
        """One draft timetable's values per class of the slot rows."""
        slots = defaultdict(list)
        for row in rows:
            slots[row["class"]].append(
                {
                    "weekday": str(row["weekday"]),
                    "number": row["number"],
                    "week_parity": row["week_parity"],
                    "assignment_id": row["assignment"].id,
                    "room": row["room"],
                }
            )
        return [
            {
                "class_id": school_class.id,
                "date_from": date_from,
                "note": note,
                "slot_ids": [(0, 0, slot) for slot in class_slots],
            }
            for school_class, class_slots in slots.items()
        ]

    @api.model
    def _errors_text(self, errors):
        """The first errors, one a line, and how many more."""
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(self.env._("… and %(count)s more.", count=len(errors) - MAX_ERRORS))
        return "\n".join(shown)

    @api.model
    def _create_timetables(self, timetables_vals):
        """Create the draft timetables, with the rooms named by the file and not yet in
        the school (as superuser: the deputy's role is checked by the import)."""
        Room = self.env["school.room"].sudo()
        for vals in timetables_vals:
            for _command, _id, slot in vals["slot_ids"]:
                room = slot.pop("room")
                if room and not isinstance(room, int):
                    found = Room.search([("name", "=ilike", room)], limit=1)
                    slot["room_id"] = (found or Room.create({"name": room})).id
                else:
                    slot["room_id"] = room or False
        return self.env["school.timetable"].sudo().create(timetables_vals)
