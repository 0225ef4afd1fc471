from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .school_calendar_day import WEEKDAYS

WEEK_PARITIES = [("every", "Every week"), ("odd", "Odd weeks"), ("even", "Even weeks")]


class SchoolTimetableSlot(models.Model):
    """A cell of a class's weekly timetable: on ``weekday`` (0 = Monday), lesson
    ``number``, every week or only odd or even weeks of the academic year, the journal
    (``assignment_id``: subject, teacher, class or subgroup) in a room. Two subgroups of
    a class may have lessons side by side at the same number."""

    _name = "school.timetable.slot"
    _description = "Timetable Slot"
    _order = "timetable_id, weekday, number, study_group_id"

    timetable_id = fields.Many2one(
        "school.timetable", required=True, ondelete="cascade", index=True
    )
    weekday = fields.Selection(WEEKDAYS, required=True, default="0", index=True)
    number = fields.Integer(string="Lesson No.", required=True, default=1)
    week_parity = fields.Selection(WEEK_PARITIES, string="Weeks", required=True, default="every")
    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        required=True,
        ondelete="restrict",
        index=True,
    )
    study_group_id = fields.Many2one(
        "school.study.group",
        string="Study group",
        compute="_compute_study_group_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
    )
    room_id = fields.Many2one("school.room", string="Room", index=True)
    class_id = fields.Many2one(related="timetable_id.class_id", store=True, index=True)
    subject_id = fields.Many2one(related="assignment_id.subject_id", store=True)
    teacher_id = fields.Many2one(
        related="assignment_id.teacher_id", store=True, index=True, string="Teacher"
    )
    state = fields.Selection(related="timetable_id.state", store=True, string="Timetable status")
    time_start = fields.Float(string="Start", compute="_compute_times")
    time_end = fields.Float(string="End", compute="_compute_times")
    has_clash = fields.Boolean(
        string="Clash", compute="_compute_has_clash", groups="base.group_user"
    )
    lesson_ids = fields.One2many("school.lesson", "timetable_slot_id", string="Lessons")

    _sql_constraints = [
        ("number_check", "check(number between 1 and 12)", "A lesson number runs from 1 to 12."),
    ]

    @api.depends("assignment_id")
    def _compute_study_group_id(self):
        for slot in self:
            slot.study_group_id = slot.assignment_id.study_group_id

    @api.depends("timetable_id.bell_schedule_id", "number")
    def _compute_times(self):
        for slot in self:
            schedule = slot.timetable_id._bell_schedule()
            line = schedule.line_ids.filtered(lambda bell, s=slot: bell.number == s.number)[:1]
            slot.time_start = line.time_start
            slot.time_end = line.time_end

    @api.depends_context("uid")
    @api.depends("weekday", "number", "week_parity", "assignment_id", "room_id")
    def _compute_has_clash(self):
        """Of the saved slots (a form being edited shows the clashes once saved)."""
        clashing = set()
        timetables = self.timetable_id._origin.filtered("id")
        if timetables:
            for clash in timetables._clashes():
                clashing.update(clash["slot_ids"])
        for slot in self:
            slot.has_clash = slot._origin.id in clashing

    @api.depends("weekday", "number", "subject_id", "study_group_id")
    def _compute_display_name(self):
        weekdays = dict(self._fields["weekday"]._description_selection(self.env))
        for slot in self:
            group = f" ({slot.study_group_id.name})" if slot.study_group_id else ""
            slot.display_name = self.env._(
                "%(weekday)s, lesson %(number)s: %(subject)s%(group)s",
                weekday=weekdays.get(slot.weekday, ""),
                number=slot.number,
                subject=slot.subject_id.name or "",
                group=group,
            )

    @api.constrains("assignment_id", "timetable_id", "study_group_id")
    def _check_assignment_class(self):
        for slot in self:
            assignment = slot.assignment_id
            if assignment.class_id != slot.timetable_id.class_id:
                raise ValidationError(
                    self.env._(
                        "%(journal)s is not a journal of class %(school_class)s.",
                        journal=assignment.name,
                        school_class=slot.timetable_id.class_id.name,
                    )
                )
            if slot.study_group_id != assignment.study_group_id:
                raise ValidationError(
                    self.env._(
                        "The study group of a slot is the group of its journal %(journal)s.",
                        journal=assignment.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        slots = super().create(vals_list)
        slots.timetable_id._check_draft()
        return slots

    def write(self, vals):
        self.timetable_id._check_draft()
        result = super().write(vals)
        if "timetable_id" in vals:
            self.timetable_id._check_draft()
        return result

    def unlink(self):
        self.timetable_id._check_draft()
        self._release_lessons()
        return super().unlink()

    def _release_lessons(self):
        """Before a slot goes, its lessons still to come that hold nothing go with it;
        the others are kept and flagged for the deputy."""
        lessons = self.env["school.lesson"].sudo().search([("timetable_slot_id", "in", self.ids)])
        if not lessons:
            return
        today = self.env["school.journal"]._today()
        empty = lessons._timetable_empty()
        removable = empty.filtered(
            lambda lesson: lesson.date >= today and lesson.period_id.state != "closed"
        )
        # a closed period's lessons are not written: the foreign key lets them go
        kept = (lessons - removable).filtered(lambda lesson: lesson.period_id.state != "closed")
        kept.write({"timetable_review": True, "timetable_slot_id": False})
        removable.unlink()

    def _clash_label(self):
        self.ensure_one()
        group = f" ({self.study_group_id.name})" if self.study_group_id else ""
        return f"{self.class_id.name} {self.subject_id.name}{group}"
