from collections import defaultdict
from datetime import date, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

GENERATION_DAYS = 14  # the daily scheduled action keeps the next two weeks generated
DEPUTY = "school_records.group_deputy"


class SchoolTimetable(models.Model):
    """Расписание занятий класса: a class's weekly timetable, valid from a date until
    the class's next published timetable starts (or its own end date).

    The deputy director makes the timetables (seed 004 §4.3: «формирует расписание
    занятий по классам, учителям и кабинетам»): a draft is filled slot by slot, and
    ``action_publish`` — the deputy or the director only — checks that no teacher, room
    or class has two lessons at once, publishes it and generates the lessons of the next
    two weeks. ``action_draft`` takes it back to draft for a correction. Teachers, the
    office and the families (their children's classes) read the published timetables.
    The status, who published it and when change only through these two actions."""

    _name = "school.timetable"
    _description = "Timetable"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = ("state", "published_by_id", "published_on")
    _order = "date_from desc, class_id"

    name = fields.Char(compute="_compute_name", store=True)
    class_id = fields.Many2one(
        "school.class", string="Class", required=True, index=True, tracking=True
    )
    year_id = fields.Many2one(related="class_id.year_id", store=True, index=True)
    date_from = fields.Date(
        string="Valid from", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(
        string="Valid until",
        tracking=True,
        help="Empty: until the class's next published timetable starts.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    published_by_id = fields.Many2one("res.users", string="Published by", readonly=True, copy=False)
    published_on = fields.Datetime(string="Published on", readonly=True, copy=False)
    bell_schedule_id = fields.Many2one(
        "school.bell.schedule",
        string="Bell schedule",
        help="Empty: the usual bell schedule of the class's grade.",
    )
    slot_ids = fields.One2many("school.timetable.slot", "timetable_id", string="Slots", copy=True)
    slot_count = fields.Integer(string="Lessons a week", compute="_compute_slot_count")
    # the deputy's tools, not for the portal: they name other classes' lessons
    clash_count = fields.Integer(
        string="Clashes", compute="_compute_clashes", groups="base.group_user"
    )
    clash_text = fields.Text(
        string="Clashes found", compute="_compute_clashes", groups="base.group_user"
    )
    hours_html = fields.Html(
        string="Hours per week", compute="_compute_hours", sanitize=False, groups="base.group_user"
    )
    hours_mismatch = fields.Boolean(
        string="Hours differ", compute="_compute_hours", groups="base.group_user"
    )
    note = fields.Text()

    @api.depends("class_id.name", "date_from")
    def _compute_name(self):
        """Stored in no language (the class and the date); the display name speaks the
        user's."""
        for timetable in self:
            day = timetable.date_from.strftime("%d.%m.%Y") if timetable.date_from else ""
            timetable.name = f"{timetable.class_id.name or ''} {day}".strip()

    @api.depends("class_id.name", "date_from")
    def _compute_display_name(self):
        for timetable in self:
            timetable.display_name = self.env._(
                "%(school_class)s from %(date)s",
                school_class=timetable.class_id.name or "",
                date=timetable.date_from.strftime("%d.%m.%Y") if timetable.date_from else "",
            )

    def _compute_slot_count(self):
        counts = dict(
            self.env["school.timetable.slot"]._read_group(
                [("timetable_id", "in", self.ids)], ["timetable_id"], ["__count"]
            )
        )
        for timetable in self:
            timetable.slot_count = counts.get(timetable, 0)

    @api.depends_context("uid")
    @api.depends("slot_ids", "date_from", "date_to")
    def _compute_clashes(self):
        """Of the saved timetables (a form being edited shows them once saved)."""
        by_timetable = defaultdict(list)
        for clash in self._origin.filtered("id")._clashes():
            for timetable_id in clash["timetable_ids"]:
                by_timetable[timetable_id].append(clash["message"])
        for timetable in self:
            messages = by_timetable.get(timetable._origin.id, [])
            timetable.clash_count = len(messages)
            timetable.clash_text = "\n".join(messages) or False

    @api.depends("slot_ids", "class_id")
    def _compute_hours(self):
        rows = self._origin.filtered("id")._hours_rows()
        labels = (
            self.env._("Subject"),
            self.env._("Curriculum"),
            self.env._("Timetable"),
        )
        for timetable in self:
            lines = rows.get(timetable._origin.id, [])
            timetable.hours_mismatch = any(row[1] != row[2] for row in lines)
            if not lines:
                timetable.hours_html = False
                continue
            head = Markup("").join(Markup("<th>%s</th>") % label for label in labels)
            body = Markup("").join(
                Markup('<tr class="%s"><td>%s</td><td>%s</td><td>%s</td></tr>')
                % ("text-danger" if planned != given else "", subject, planned, given)
                for subject, planned, given in lines
            )
            timetable.hours_html = Markup(
                '<table class="table table-sm"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>'
            ) % (head, body)

    # CRUD ----------------------------------------------------------------------------------
    def write(self, vals):
        if vals.keys() & {"class_id", "date_from", "date_to", "bell_schedule_id", "slot_ids"}:
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        self._check_draft()

    def unlink(self):
        self.slot_ids.unlink()
        return super().unlink()

    def _check_draft(self):
        published = self.filtered(lambda timetable: timetable.state == "published")
        if published:
            raise UserError(
                self.env._(
                    "The timetable %(timetable)s is published: set it back to draft to change it.",
                    timetable=published[0].display_name,
                )
            )

    # the workflow --------------------------------------------------------------------------
    def action_publish(self):
        """The deputy (or the director) publishes: no clash, no second timetable of the
        class from the same date; the lessons of the next two weeks are generated."""
        self._check_school_role(DEPUTY, role=self.env._("the deputy director"))
        self._check_can_publish()
        self._workflow_write(
            {
                "state": "published",
                "published_by_id": self.env.uid,
                "published_on": fields.Datetime.now(),
            }
        )
        today = self.env["school.journal"]._today()
        self._generate_lessons(today, today + timedelta(days=GENERATION_DAYS))
        return True

    def action_draft(self):
        """Back to draft for a correction: the deputy (or the director). The lessons
        already generated stay until the timetable is published again."""
        self._check_school_role(DEPUTY, role=self.env._("the deputy director"))
        self._workflow_write({"state": "draft", "published_by_id": False, "published_on": False})
        return True

    def _check_can_publish(self):
        for timetable in self:
            if timetable.state != "draft":
                raise UserError(
                    self.env._(
                        "The timetable %(timetable)s is already published.",
                        timetable=timetable.display_name,
                    )
                )
            if not timetable.slot_ids:
                raise UserError(
                    self.env._(
                        "The timetable %(timetable)s has no lessons.",
                        timetable=timetable.display_name,
                    )
                )
        twins = self.sudo().search(
            [
                ("state", "=", "published"),
                ("class_id", "in", self.class_id.ids),
                ("id", "not in", self.ids),
            ]
        )
        for timetable in self:
            same_day = twins.filtered(
                lambda t, tt=timetable: t.class_id == tt.class_id and t.date_from == tt.date_from
            )
            if same_day:
                raise UserError(
                    self.env._(
                        "Class %(school_class)s already has a timetable published from %(date)s.",
                        school_class=timetable.class_id.name,
                        date=timetable.date_from,
                    )
                )
        clashes = self._clashes()
        if clashes:
            raise UserError(
                self.env._(
                    "The timetable cannot be published, it has clashes:\n%(clashes)s",
                    clashes="\n".join(clash["message"] for clash in clashes),
                )
            )

    # the actions of the form -----------------------------------------------------------------
    def action_open_copy(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Copy the timetable"),
            "res_model": "school.timetable.copy",
            "view_mode": "form",
            "target": "new",
            "context": {"default_timetable_id": self.id},
        }

    def action_open_generate(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Generate lessons"),
            "res_model": "school.timetable.generate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_timetable_ids": self.ids},
        }

    def action_view_slots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_records.school_timetable_slot_action"
        )
        action["domain"] = [("timetable_id", "=", self.id)]
        action["context"] = {"default_timetable_id": self.id}
        return action

    # validity --------------------------------------------------------------------------------
    def _bell_schedule(self):
        self.ensure_one()
        return self.bell_schedule_id or self.env["school.bell.schedule"]._default_for_level(
            self.class_id.level_number
        )

    def _validity(self, others=None):
        """{timetable id: (first day, last day)}: from its date to its end date or the
        day before the class's next published timetable starts, within its year."""
        if others is None:
            others = self.sudo().search(
                [("state", "=", "published"), ("class_id", "in", self.class_id.ids)]
            )
        starts = defaultdict(list)
        for other in others:
            starts[other.class_id.id].append(other.date_from)
        result = {}
        for timetable in self:
            end = timetable.date_to or timetable.year_id.date_end or date.max
            later = [
                start for start in starts[timetable.class_id.id] if start > timetable.date_from
            ]
            if later:
                end = min(end, min(later) - timedelta(days=1))
            result[timetable.id] = (timetable.date_from, end)
        return result

    # clashes ---------------------------------------------------------------------------------
    def _clashes(self):
        """The clashes of these timetables with themselves and the published ones valid
        at the same time: a teacher, a room (unless shared) or a class (unless the two
        lessons are of different subgroups) with two lessons on the same weekday and
        number in weeks that meet. One query; a list of dicts with the slots, the
        timetables and a message naming the clash."""
        if not self:
            return []
        Slot = self.env["school.timetable.slot"].sudo()
        Slot.flush_model()
        self.env["school.timetable"].flush_model()
        self.env["school.room"].flush_model()
        candidates = self.sudo() | self.sudo().search(
            [("state", "=", "published"), ("year_id", "in", self.year_id.ids)]
        )
        validity = candidates._validity(candidates.filtered(lambda t: t.state == "published"))
        self.env.cr.execute(
            """
            SELECT a.id, b.id,
                   a.teacher_id = b.teacher_id,
                   a.room_id = b.room_id AND NOT COALESCE(room.is_shared, FALSE),
                   a.class_id = b.class_id AND (
                       a.study_group_id IS NULL OR b.study_group_id IS NULL
                       OR a.study_group_id = b.study_group_id)
              FROM school_timetable_slot a
              JOIN school_timetable_slot b
                ON b.weekday = a.weekday AND b.number = a.number AND b.id > a.id
               AND (a.week_parity = 'every' OR b.week_parity = 'every'
                    OR a.week_parity = b.week_parity)
              LEFT JOIN school_room room ON room.id = a.room_id
             WHERE a.timetable_id = ANY(%(candidates)s) AND b.timetable_id = ANY(%(candidates)s)
               AND (a.timetable_id = ANY(%(mine)s) OR b.timetable_id = ANY(%(mine)s))
               AND (a.timetable_id = b.timetable_id OR a.class_id != b.class_id)
               AND (a.teacher_id = b.teacher_id
                    OR (a.room_id = b.room_id AND NOT COALESCE(room.is_shared, FALSE))
                    OR (a.class_id = b.class_id AND (
                        a.study_group_id IS NULL OR b.study_group_id IS NULL
                        OR a.study_group_id = b.study_group_id)))
             ORDER BY a.weekday, a.number, a.id, b.id
            """,
            {"candidates": candidates.ids, "mine": self.ids},
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return []
        slots = Slot.browse({slot_id for row in rows for slot_id in row[:2]})
        slots.fetch(
            ["timetable_id", "weekday", "number", "week_parity", "assignment_id", "room_id"]
        )
        weekdays = dict(Slot._fields["weekday"]._description_selection(self.env))
        clashes = []
        for first_id, second_id, teacher, room, _same_class in rows:
            first, second = Slot.browse(first_id), Slot.browse(second_id)
            start_a, end_a = validity[first.timetable_id.id]
            start_b, end_b = validity[second.timetable_id.id]
            if start_a > end_b or start_b > end_a:
                continue
            when = self.env._(
                "%(weekday)s, lesson %(number)s",
                weekday=weekdays[first.weekday],
                number=first.number,
            )
            both = {
                "first": first._clash_label(),
                "second": second._clash_label(),
                "when": when,
            }
            if teacher:
                message = self.env._(
                    "Teacher %(teacher)s has two lessons at once: %(first)s and %(second)s "
                    "(%(when)s).",
                    teacher=first.teacher_id.name,
                    **both,
                )
            elif room:
                message = self.env._(
                    "Room %(room)s has two lessons at once: %(first)s and %(second)s (%(when)s).",
                    room=first.room_id.name,
                    **both,
                )
            else:
                message = self.env._(
                    "Class %(school_class)s has two lessons at once: %(first)s and %(second)s "
                    "(%(when)s).",
                    school_class=first.class_id.name,
                    **both,
                )
            clashes.append(
                {
                    "kind": "teacher" if teacher else "room" if room else "class",
                    "slot_ids": (first_id, second_id),
                    "timetable_ids": {first.timetable_id.id, second.timetable_id.id},
                    "message": message,
                }
            )
        return clashes

    # hours against the curriculum --------------------------------------------------------------
    def _hours_rows(self):
        """{timetable id: [(subject, curriculum hours a week, timetable hours a week)]}.

        A slot of odd or even weeks counts half an hour a week; the subgroups of a
        subject study side by side, so a subject counts the hours of its busiest group."""
        if not self:
            return {}
        groups = (
            self.env["school.timetable.slot"]
            .sudo()
            ._read_group(
                [("timetable_id", "in", self.ids)],
                ["timetable_id", "subject_id", "study_group_id", "week_parity"],
                ["__count"],
            )
        )
        given = defaultdict(lambda: defaultdict(float))
        for timetable, subject, group, parity, count in groups:
            given[timetable.id, subject.id][group.id] += count if parity == "every" else count / 2
        lines = (
            self.env["school.curriculum.line"].sudo().search([("year_id", "in", self.year_id.ids)])
        )
        planned = {}
        for timetable in self:
            school_class = timetable.class_id
            for line in lines:
                if line.year_id != school_class.year_id or line.level != school_class.level:
                    continue
                if line.class_id and line.class_id != school_class:
                    continue
                key = (timetable.id, line.subject_id.id)
                if line.class_id or key not in planned:
                    planned[key] = line.hours_per_week
        rows = defaultdict(list)
        subjects = (
            self.env["school.subject"]
            .sudo()
            .browse({key[1] for key in list(planned) + list(given)})
        )
        for timetable in self:
            for subject in subjects.sorted(lambda s: (s.sequence, s.name)):
                key = (timetable.id, subject.id)
                if key not in planned and key not in given:
                    continue
                hours = max(given[key].values()) if key in given else 0.0
                rows[timetable.id].append((subject.name, planned.get(key, 0.0), hours))
        return rows

    # lessons from the timetable ----------------------------------------------------------------
    @api.model
    def _cron_generate_lessons(self):
        today = self.env["school.journal"]._today()
        return self.browse()._generate_lessons(today, today + timedelta(days=GENERATION_DAYS))

    def _generate_lessons(self, date_from, date_to):
        """Make the lessons of the published timetables between the two dates, by the
        school calendar (holidays, vacations per grade, transferred working days) and the
        weeks' parity; of these timetables' classes, or of every class with a timetable
        when called on an empty recordset (the scheduled action).

        Idempotent: a lesson that exists is kept; a lesson the timetables no longer give
        is deleted if it holds nothing (no mark, absence, homework, own topic, audit
        trail, substitute) and otherwise kept and flagged ``timetable_review`` for the
        deputy. The lessons of a timetable set back to draft wait, untouched, until it is
        published again. Lessons moved or cancelled by a lesson change are not made again. The
        КТП topics go to the new lessons in order. Set-based: a few queries and one
        ``create`` for all new lessons. Runs as superuser: the callers are the scheduled
        action and the deputy's actions, which check the role first.

        Returns a dict of counts: lessons created, removed, newly flagged, kept (the
        timetables' lessons that were already there) and adopted (lessons made by hand
        at their timetable's place, now linked to it)."""
        timetables = self.sudo()
        if not timetables:
            timetables = timetables.search([])
        classes = timetables.class_id
        Lesson = (
            self.env["school.lesson"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
        )
        desired = self._desired_lessons(classes, date_from, date_to)
        existing = Lesson.search(
            [("date", ">=", date_from), ("date", "<=", date_to), ("class_id", "in", classes.ids)]
        )
        existing.fetch(
            [
                "assignment_id",
                "date",
                "number",
                "class_id",
                "study_group_id",
                "timetable_slot_id",
                "timetable_review",
                "period_id",
            ]
        )
        changes = (
            self.env["school.lesson.change"]
            .sudo()
            .search(
                [
                    ("state", "=", "applied"),
                    ("kind", "in", ("move", "cancellation")),
                    ("original_date", ">=", date_from),
                    ("original_date", "<=", date_to),
                    ("original_slot_id", "!=", False),
                ]
            )
        )
        done_elsewhere = {(change.original_slot_id.id, change.original_date) for change in changes}
        moved = changes.filtered(lambda change: change.kind == "move").lesson_id
        # a timetable back in draft is being corrected: its lessons wait for it; a closed
        # period's lessons are the journal's record and are never touched
        generated = existing.filtered(
            lambda lesson: (
                lesson.timetable_slot_id.timetable_id.state == "published"
                and lesson.period_id.state != "closed"
            )
        )
        obsolete = generated.filtered(
            lambda lesson: (
                (lesson.timetable_slot_id.id, lesson.date) not in desired and lesson not in moved
            )
        )
        removable = obsolete._timetable_empty()
        flagged = obsolete - removable
        removable.unlink()
        remaining = existing - removable
        by_slot = {
            (lesson.timetable_slot_id.id, lesson.date): lesson
            for lesson in remaining
            if lesson.timetable_slot_id
        }
        occupied = {
            (lesson.class_id.id, lesson.study_group_id.id, lesson.date, lesson.number): lesson
            for lesson in remaining
        }
        closed = self._closed_days(classes, date_from, date_to)
        to_create, unflag, adopted = [], Lesson.browse(), defaultdict(lambda: Lesson.browse())
        for key in sorted(desired, key=lambda k: (k[1], desired[k]["number"], k[0])):
            vals = desired[key]
            lesson = by_slot.get(key)
            if lesson:
                unflag |= lesson
                continue
            if key in done_elsewhere or (vals["class_id"], key[1]) in closed:
                continue
            occupant = occupied.get(
                (vals["class_id"], vals["study_group_id"], key[1], vals["number"])
            )
            if occupant and occupant.assignment_id.id == vals["assignment_id"]:
                adopted[key[0]] |= occupant
                continue
            if occupant:
                flagged |= occupant
                continue
            to_create.append(
                {
                    "assignment_id": vals["assignment_id"],
                    "date": key[1],
                    "number": vals["number"],
                    "timetable_slot_id": key[0],
                }
            )
        for slot_id, lessons in adopted.items():
            lessons.write({"timetable_slot_id": slot_id, "timetable_review": False})
            flagged -= lessons
        unflag = unflag.filtered(
            lambda lesson: lesson.timetable_review and lesson.period_id.state != "closed"
        )
        unflag -= flagged
        if unflag:
            unflag.write({"timetable_review": False})
        flagged = flagged.filtered(
            lambda lesson: not lesson.timetable_review and lesson.period_id.state != "closed"
        )
        if flagged:
            flagged.write({"timetable_review": True})
        created = Lesson.create(to_create) if to_create else Lesson
        return {
            "created": len(created),
            "removed": len(removable),
            "flagged": len(flagged),
            "kept": len(desired.keys() & by_slot.keys()),
            "adopted": sum(len(lessons) for lessons in adopted.values()),
        }

    @api.model
    def _desired_lessons(self, classes, date_from, date_to):
        """{(slot id, date): values} of the lessons the published timetables of
        ``classes`` give between the two dates."""
        published = self.sudo().search(
            [
                ("state", "=", "published"),
                ("class_id", "in", classes.ids),
                ("date_from", "<=", date_to),
            ],
            order="class_id, date_from",
        )
        validity = published._validity(published)
        calendar = self.env["school.calendar.day"].sudo()._days_between(date_from, date_to)
        slots_by_day = defaultdict(list)
        for slot in published.slot_ids:
            slots_by_day[slot.timetable_id.id, int(slot.weekday)].append(slot)
        desired = {}
        for timetable in published:
            year = timetable.year_id
            start = max(validity[timetable.id][0], date_from, year.date_start)
            end = min(validity[timetable.id][1], date_to, year.date_end)
            if start > end:
                continue
            first_monday = year.date_start - timedelta(days=year.date_start.weekday())
            days = self.env["school.calendar.day"]._school_days(
                start, end, timetable.class_id.level_number, calendar
            )
            for day, (weekday, _bell) in days.items():
                odd = ((day - first_monday).days // 7) % 2 == 0
                for slot in slots_by_day[timetable.id, weekday]:
                    if slot.week_parity == ("even" if odd else "odd"):
                        continue
                    desired[slot.id, day] = {
                        "assignment_id": slot.assignment_id.id,
                        "number": slot.number,
                        "class_id": timetable.class_id.id,
                        "study_group_id": slot.study_group_id.id,
                    }
        return desired

    @api.model
    def _closed_days(self, classes, date_from, date_to):
        """{(class id, date)} of the closed periods between the two dates: no lesson is
        made or deleted there."""
        periods = (
            self.env["school.period"]
            .sudo()
            .search(
                [
                    ("state", "=", "closed"),
                    ("year_id", "in", classes.year_id.ids),
                    ("date_start", "<=", date_to),
                    ("date_end", ">=", date_from),
                ]
            )
        )
        closed = set()
        for period in periods:
            for school_class in classes:
                if school_class.year_id != period.year_id:
                    continue
                if (school_class.period_scheme or "quarter") != period.scheme:
                    continue
                day = max(period.date_start, date_from)
                while day <= min(period.date_end, date_to):
                    closed.add((school_class.id, day))
                    day += timedelta(days=1)
        return closed
