from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError

from .school_timetable_slot import WEEK_PARITIES

DEPUTY = "school_records.group_deputy"
BOARD_WEEKDAYS = ("0", "1", "2", "3", "4", "5")  # Monday to Saturday
DEFAULT_NUMBERS = 7  # lesson rows of a board whose class has no bell schedule


def _time(value):
    hours, minutes = divmod(round((value or 0.0) * 60), 60)
    return f"{hours:02d}:{minutes:02d}"


class SchoolTimetable(models.Model):
    """The deputy's timetable board (the client action ``school_timetable_board``).

    A class's week: days (Monday to Saturday) × the lesson numbers of its bell
    schedule, the slots in the cells (subgroups side by side), the palette of the
    class's teaching assignments with their weekly hours against the curriculum, and
    the clashes of every slot with the other timetables valid at the same time.

    Every staff member may read a board (``board_load``); only the deputy or the
    director change one, and only a draft (``board_place``, ``board_move``,
    ``board_set_slot``, ``board_remove``): the role is checked first, then the slots
    are written as the user, so the access rights and the draft guard of the slots
    apply too. A published timetable is changed by a new draft valid from a later
    date (the copy wizard, «the next period»), or set back to draft by the deputy.
    Families never open the board: it names other classes' lessons."""

    _inherit = "school.timetable"

    # the form's button -------------------------------------------------------------------------
    def action_open_board(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "school_timetable_board",
            "name": self.env._("Timetable board"),
            "context": {"active_id": self.id, "timetable_id": self.id},
        }

    # reading -----------------------------------------------------------------------------------
    @api.model
    def board_timetables(self):
        """The timetables a board may open: those of the current and later years that
        the user reads, newest first."""
        self._board_check_staff()
        today = fields.Date.context_today(self)
        timetables = self.search(
            ["|", ("year_id.date_end", ">=", today), ("year_id", "=", False)],
            order="class_id, date_from desc",
            limit=500,
        )
        return [
            {"id": t.id, "name": t.display_name, "state": t.state, "class_id": t.class_id.id}
            for t in timetables
        ]

    def board_load(self):
        """The board of this timetable (see the class docstring)."""
        self.ensure_one()
        self._board_check_staff()
        self.check_access("read")
        return self._board_data()

    @api.model
    def board_resource_load(self, kind, resource_id=False, on_date=False, include_drafts=False):
        """A read-only board by teacher or by room: every class's slots of the timetables
        valid on ``on_date`` (today when empty) taught by that teacher or in that room;
        drafts too when asked. The choices (teachers, rooms) come with it."""
        self._board_check_staff()
        if kind not in ("teacher", "room"):
            raise UserError(self.env._("A board shows a class, a teacher or a room."))
        day = fields.Date.to_date(on_date) if on_date else fields.Date.context_today(self)
        timetables = self._board_valid_on(day, include_drafts)
        slots = timetables.slot_ids
        if kind == "teacher":
            teachers = slots.teacher_id.sorted("name")
            choices = [{"id": user.id, "name": user.name} for user in teachers]
        else:
            rooms = self.env["school.room"].search([])
            choices = [{"id": room.id, "name": room.name} for room in rooms]
        ids = [choice["id"] for choice in choices]
        if not resource_id and kind == "teacher" and self.env.uid in ids:
            resource_id = self.env.uid  # a teacher opens on her own week
        resource_id = int(resource_id or 0) or (ids[0] if ids else False)
        field = "teacher_id" if kind == "teacher" else "room_id"
        shown = slots.filtered(lambda slot: slot[field].id == resource_id)
        clashing = self._board_clash_map(timetables) if shown else {}
        numbers = self._board_numbers(shown.timetable_id, shown)
        return {
            "kind": kind,
            "resource_id": resource_id,
            "choices": choices,
            "date": fields.Date.to_string(day),
            "include_drafts": bool(include_drafts),
            "days": self._board_days(),
            "numbers": numbers,
            "slots": [self._board_slot_data(slot, clashing) for slot in shown],
        }

    # editing (the deputy, a draft) ---------------------------------------------------------------
    def board_place(self, assignment_id, weekday, number, week_parity="every", room_id=False):
        """Put a journal of the class (with its study group) into a cell: a new slot."""
        self.ensure_one()
        self._board_check_edit()
        assignment = self.env["school.teaching.assignment"].browse(int(assignment_id)).exists()
        if not assignment or assignment.class_id != self.class_id:
            raise UserError(
                self.env._(
                    "Only the journals of class %(school_class)s go on its board.",
                    school_class=self.class_id.name,
                )
            )
        values = self._board_cell_values(weekday, number)
        values.update(self._board_slot_values(week_parity=week_parity, room_id=room_id))
        self.env["school.timetable.slot"].create(
            {"timetable_id": self.id, "assignment_id": assignment.id, **values}
        )
        return self._board_data()

    def board_move(self, slot_id, weekday, number):
        """Move a slot of this timetable to another cell."""
        self.ensure_one()
        self._board_check_edit()
        self._board_slot(slot_id).write(self._board_cell_values(weekday, number))
        return self._board_data()

    def board_set_slot(self, slot_id, values):
        """Change a slot's room or weeks (every, odd, even): nothing else."""
        self.ensure_one()
        self._board_check_edit()
        values = dict(values or {})
        unknown = set(values) - {"room_id", "week_parity"}
        if unknown:
            raise UserError(
                self.env._(
                    "The board changes only the room and the weeks of a lesson, not %(fields)s.",
                    fields=", ".join(sorted(unknown)),
                )
            )
        self._board_slot(slot_id).write(self._board_slot_values(**values))
        return self._board_data()

    def board_remove(self, slot_id):
        """Take a slot off the board."""
        self.ensure_one()
        self._board_check_edit()
        self._board_slot(slot_id).unlink()
        return self._board_data()

    # checks --------------------------------------------------------------------------------------
    def _board_check_staff(self):
        if not self.env.user._is_internal():
            raise AccessError(self.env._("The timetable board is for the school's staff."))

    def _board_check_edit(self):
        self._board_check_staff()
        self._check_school_role(DEPUTY, role=self.env._("the deputy director"))
        self.check_access("write")
        self._check_draft()

    def _board_can_edit(self):
        return self.state == "draft" and self.env["school.roles"]._is_deputy()

    def _board_slot(self, slot_id):
        slot = self.slot_ids.filtered(lambda s: s.id == int(slot_id or 0))
        if not slot:
            raise MissingError(
                self.env._(
                    "This lesson is not on the timetable %(timetable)s.",
                    timetable=self.display_name,
                )
            )
        return slot

    def _board_cell_values(self, weekday, number):
        weekday, number = str(weekday), int(number)
        if weekday not in BOARD_WEEKDAYS or not 1 <= number <= 12:
            raise UserError(self.env._("A lesson goes on a day from Monday to Saturday."))
        return {"weekday": weekday, "number": number}

    def _board_slot_values(self, week_parity=None, room_id=None):
        values = {}
        if week_parity is not None:
            if week_parity not in dict(WEEK_PARITIES):
                raise UserError(self.env._("The weeks are every, odd or even."))
            values["week_parity"] = week_parity
        if room_id is not None:
            room = self.env["school.room"].browse(int(room_id or 0)).exists()
            if room_id and not room:
                raise MissingError(self.env._("This room does not exist."))
            values["room_id"] = room.id
        return values

    # the board's data ---------------------------------------------------------------------------
    def _board_data(self):
        self.ensure_one()
        clashing = self._board_clash_map(self)
        slots = self.slot_ids
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        can_manage = self.env["school.roles"]._is_deputy()
        return {
            "timetable": {
                "id": self.id,
                "name": self.display_name,
                "state": self.state,
                "state_label": state_labels.get(self.state),
                "class_name": self.class_id.name,
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to) if self.date_to else False,
            },
            "editable": self._board_can_edit(),
            "can_manage": can_manage,
            "days": self._board_days(),
            "numbers": self._board_numbers(self, slots),
            "slots": [self._board_slot_data(slot, clashing) for slot in slots],
            "palette": self._board_palette(),
            "rooms": [
                {"id": room.id, "name": room.name} for room in self.env["school.room"].search([])
            ],
            "parities": [
                [key, label]
                for key, label in self.env["school.timetable.slot"]
                ._fields["week_parity"]
                ._description_selection(self.env)
            ],
            "clashes": list(
                {
                    (clash["first"], clash["second"]): clash
                    for slot in slots
                    for clash in clashing.get(slot.id, [])
                }.values()
            ),
        }

    def _board_days(self):
        labels = dict(
            self.env["school.timetable.slot"]._fields["weekday"]._description_selection(self.env)
        )
        return [{"weekday": day, "name": labels[day]} for day in BOARD_WEEKDAYS]

    def _board_numbers(self, timetables, slots):
        """The rows: the lesson numbers of the timetables' bell schedules (and of any
        slot outside them), with their times when the schedules agree."""
        times = defaultdict(set)
        for timetable in timetables:
            for line in timetable._bell_schedule().line_ids:
                times[line.number].add(f"{_time(line.time_start)}–{_time(line.time_end)}")
        numbers = set(times) | set(slots.mapped("number"))
        if not numbers:
            numbers = set(range(1, DEFAULT_NUMBERS + 1))
        return [
            {
                "number": number,
                "time": next(iter(times[number])) if len(times[number]) == 1 else "",
            }
            for number in sorted(numbers)
        ]

    def _board_slot_data(self, slot, clashing):
        parities = dict(slot._fields["week_parity"]._description_selection(self.env))
        return {
            "id": slot.id,
            "timetable_id": slot.timetable_id.id,
            "draft": slot.timetable_id.state == "draft",
            "weekday": slot.weekday,
            "number": slot.number,
            "week_parity": slot.week_parity,
            "parity_label": parities.get(slot.week_parity),
            "assignment_id": slot.assignment_id.id,
            "class_name": slot.class_id.name,
            "subject": slot.subject_id.name,
            "teacher": slot.teacher_id.name,
            "group": slot.study_group_id.name or "",
            "room_id": slot.room_id.id,
            "room": slot.room_id.name or "",
            "clashes": clashing.get(slot.id, []),
        }

    def _board_palette(self):
        """The class's journals with the weekly hours of the curriculum, the hours on the
        board (a slot of odd or even weeks counts half) and the hours left."""
        assignments = self.env["school.teaching.assignment"].search(
            [("class_id", "=", self.class_id.id)]
        )
        planned = self._board_planned_hours()
        placed = defaultdict(float)
        for slot in self.slot_ids:
            placed[slot.assignment_id.id] += 1.0 if slot.week_parity == "every" else 0.5
        palette = []
        for assignment in assignments.sorted(
            lambda a: (a.subject_id.sequence, a.subject_id.name, a.study_group_id.name or "")
        ):
            hours = planned.get(assignment.subject_id.id, 0.0)
            palette.append(
                {
                    "id": assignment.id,
                    "subject": assignment.subject_id.name,
                    "teacher": assignment.teacher_id.name,
                    "group": assignment.study_group_id.name or "",
                    "planned": hours,
                    "placed": placed[assignment.id],
                    "remaining": hours - placed[assignment.id],
                }
            )
        return palette

    def _board_planned_hours(self):
        """{subject id: hours a week} of the class's curriculum: its own lines first,
        else its grade's."""
        school_class = self.class_id.sudo()
        lines = (
            self.env["school.curriculum.line"]
            .sudo()
            .search([("year_id", "=", school_class.year_id.id), ("level", "=", school_class.level)])
        )
        planned = {}
        for line in lines.sorted(lambda line: bool(line.class_id)):
            if line.class_id and line.class_id != school_class:
                continue
            planned[line.subject_id.id] = line.hours_per_week
        return planned

    # clashes ------------------------------------------------------------------------------------
    def _board_clash_map(self, timetables):
        """{slot id: [clash]} of the clashes of ``timetables`` with themselves, the
        published timetables and the other drafts of their years valid at the same
        time. A clash with another draft is shown but does not block publication
        (``blocking`` false): the first of the two published will block the other."""
        if not timetables:
            return {}
        drafts = self.sudo().search(
            [
                ("state", "=", "draft"),
                ("year_id", "in", timetables.year_id.ids),
                ("id", "not in", timetables.ids),
            ]
        )
        mine = set(timetables.slot_ids.ids)
        candidates = timetables.sudo() | drafts
        result = defaultdict(list)
        for clash in candidates._clashes():
            first, second = clash["slot_ids"]
            if first not in mine and second not in mine:
                continue
            # the other timetable is one of these, a published one, or another draft
            blocking = not clash["timetable_ids"] & set(drafts.ids)
            entry = {
                "kind": clash["kind"],
                "message": clash["message"],
                "blocking": blocking,
                "first": first,
                "second": second,
            }
            result[first].append(entry)
            result[second].append(entry)
        return result

    @api.model
    def _board_valid_on(self, day, include_drafts=False):
        """The timetables (read as the user) valid on ``day``: published, and drafts
        when asked."""
        domain = [
            ("date_from", "<=", day),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", day),
        ]
        if not include_drafts:
            domain.append(("state", "=", "published"))
        timetables = self.search(domain)
        published = timetables.sudo().search(
            [("state", "=", "published"), ("class_id", "in", timetables.class_id.ids)]
        )
        validity = timetables._validity(published)
        return timetables.filtered(
            lambda timetable: validity[timetable.id][0] <= day <= validity[timetable.id][1]
        )
