from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .school_calendar_day import count_working_days_after

TRANSFER_DEADLINE_WORKING_DAYS = 2  # seed 004 §3.2: within 2 working days


def working_days_after(start, end, days_off=(), workdays=()):
    """The working days after `start` up to and including `end`: Monday to Friday, without
    the public holidays `days_off`, with the transferred working days `workdays`. The
    school calendar gives both: ``school.calendar.day._working_days_after``."""
    return count_working_days_after(start, end, days_off, workdays)


class SchoolJournalTransfer(models.Model):
    """Перенос данных из временного журнала (seed 004 §3).

    When the electronic journal was unavailable, the teacher kept marks and
    absences on paper and transfers them later with the temporary journal
    import. Each import leaves one transfer record. Lessons transferred more than
    two working days after they took place make the transfer late: the deputies
    get a to-do and acknowledge it. Teachers read their own transfers; deputies
    read all of them and acknowledge; records are created by the import only (as
    superuser): what it recorded and the acknowledgement are workflow fields, and a
    deputy writes only the note."""

    _name = "school.journal.transfer"
    _description = "Temporary Journal Transfer"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = (
        "state",
        "acknowledged_by_id",
        "assignment_id",
        "user_id",
        "transfer_date",
        "date_from",
        "date_to",
        "mark_count",
        "absence_count",
        "lesson_ids",
    )
    _order = "transfer_date desc, id desc"

    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
    )
    teacher_id = fields.Many2one(related="assignment_id.teacher_id", store=True, string="Teacher")
    class_id = fields.Many2one(related="assignment_id.class_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Transferred by",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    transfer_date = fields.Date(
        string="Date of transfer",
        required=True,
        index=True,
        readonly=True,
        default=fields.Date.context_today,
    )
    date_from = fields.Date(string="Lessons from", readonly=True)
    date_to = fields.Date(string="Lessons to", readonly=True)
    mark_count = fields.Integer(string="Marks", readonly=True)
    absence_count = fields.Integer(string="Absences", readonly=True)
    lesson_ids = fields.Many2many(
        "school.lesson",
        "school_journal_transfer_lesson_rel",
        "transfer_id",
        "lesson_id",
        string="Lessons",
        readonly=True,
    )
    late_lesson_ids = fields.Many2many(
        "school.lesson",
        "school_journal_transfer_late_lesson_rel",
        "transfer_id",
        "lesson_id",
        string="Late lessons",
        compute="_compute_late_lesson_ids",
        store=True,
        help="Lessons transferred more than 2 working days after they took place, or, "
        "for a lesson held during a recorded outage, after access was restored.",
    )
    late_lesson_count = fields.Integer(compute="_compute_late_lesson_ids", store=True)
    is_late = fields.Boolean(string="Late", compute="_compute_late_lesson_ids", store=True)
    state = fields.Selection(
        [("new", "New"), ("acknowledged", "Acknowledged")],
        required=True,
        default="new",
        tracking=True,
        index=True,
        copy=False,
    )
    acknowledged_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    note = fields.Text()

    @api.depends("lesson_ids.date", "transfer_date")
    def _compute_late_lesson_ids(self):
        """Working days by the school calendar (holidays off, transferred days on),
        read once for all the transfers. For a lesson held while the system was down
        (``school.system.outage``) they count from the day access was restored (seed
        004 §3.2 «при возобновлении доступа»); a lesson of an outage still going on is
        not late."""
        dates = {lesson.date for lesson in self.lesson_ids if lesson.date}
        restored = self.env["school.system.outage"]._access_restored_on(dates)
        starts = [restored.get(day, day) for day in dates]
        starts = [day for day in starts if day]
        ends = [transfer.transfer_date for transfer in self if transfer.transfer_date]
        counter = None
        if starts and ends:
            counter = (
                self.env["school.calendar.day"].sudo()._working_day_counter(min(starts), max(ends))
            )

        def is_late(lesson, day):
            start = restored.get(lesson.date, lesson.date)
            return (
                counter is not None
                and start is not None
                and counter(start, day) > TRANSFER_DEADLINE_WORKING_DAYS
            )

        for transfer in self:
            late = transfer.lesson_ids.filtered(
                lambda lesson, day=transfer.transfer_date: is_late(lesson, day)
            )
            transfer.late_lesson_ids = late
            transfer.late_lesson_count = len(late)
            transfer.is_late = bool(late)

    def _recompute_lateness(self):
        """An outage recorded or changed after the transfer: judge it again."""
        for name in ("late_lesson_ids", "late_lesson_count", "is_late"):
            self.env.add_to_compute(self._fields[name], self)

    @api.depends("assignment_id.name", "transfer_date")
    def _compute_display_name(self):
        for transfer in self:
            transfer.display_name = self.env._(
                "%(journal)s, transfer of %(date)s",
                journal=transfer.assignment_id.name,
                date=transfer.transfer_date,
            )

    @api.model_create_multi
    def create(self, vals_list):
        transfers = super().create(vals_list)
        transfers.filtered("is_late")._schedule_late_activities()
        return transfers

    def action_acknowledge(self):
        """A deputy has taken note of the (late) transfer."""
        self._check_can_acknowledge()
        self._do_acknowledge()

    def _check_can_acknowledge(self):
        if not self.env["school.roles"]._is_deputy():
            raise AccessError(self.env._("Only a deputy director acknowledges journal transfers."))

    def _do_acknowledge(self):
        self._workflow_write({"state": "acknowledged", "acknowledged_by_id": self.env.uid})
        self.activity_feedback(["mail.mail_activity_data_todo"])

    # late transfers ----------------------------------------------------------------------
    def _deputies(self):
        return self.env["school.roles"]._deputies()

    def _schedule_late_activities(self):
        """A to-do for every deputy, listing the lessons transferred late.

        Scheduled as superuser: the teacher who imports may not write transfers."""
        deputies = self._deputies()
        if not deputies:
            return
        # the to-dos of every transfer and deputy in one create (activity_schedule's
        # values), not one create each
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        summary = self.env._("Late transfer of a temporary journal")
        today = self.env["school.journal"]._today()
        notes = {transfer: transfer._late_lessons_note() for transfer in self.sudo()}
        self.env["mail.activity"].sudo().create(
            [
                {
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "automated": True,
                    "note": note,
                    "date_deadline": today,
                    "res_model_id": model_id,
                    "res_id": transfer.id,
                    "user_id": deputy.id,
                }
                for transfer, note in notes.items()
                for deputy in deputies
            ]
        )

    def _late_lessons_note(self):
        self.ensure_one()
        items = Markup("").join(
            Markup("<li>%s</li>") % lesson.display_name
            for lesson in self.late_lesson_ids.sorted(lambda lesson: (lesson.date, lesson.number))
        )
        intro = self.env._(
            "%(user)s transferred a temporary journal on %(date)s, more than %(days)s "
            "working days after these lessons:",
            user=self.user_id.name,
            date=self.transfer_date,
            days=TRANSFER_DEADLINE_WORKING_DAYS,
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (intro, items)
