from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CHANGE_KINDS = [
    ("substitution", "Substitution"),
    ("move", "Move"),
    ("cancellation", "Cancellation"),
    ("merge", "Merged groups"),
]


class SchoolLessonChange(models.Model):
    """Замена, перенос или отмена урока, with its reason and who decided it.

    The deputy director (or the director) records a change in draft and applies it
    with ``action_apply``; nobody else applies one, and the status, who decided and
    when, and the lesson's original place are written only by that action:

    * a substitution makes another teacher the lesson's substitute — who then fills
      that lesson's journal, and nothing else (the record rules of lessons, marks and
      absences follow ``substitute_teacher_id``);
    * a move gives the lesson another date or number; the timetable does not make the
      lesson again at its old place;
    * a cancellation deletes the lesson, which must hold nothing yet;
    * merged groups: the group (or class) of ``merged_lesson_id`` is taught together with
      the lesson's group, by the lesson's teacher, at the same date and number; the lesson
      then holds both groups' students for marks and absences, and the merged lesson —
      which must hold nothing — stays linked to it (``merged_into_id``), holding nobody,
      so that the timetable does not make it again and the other group's diary shows it.

    Class teachers, teachers and the office read the changes; families read those of
    their children's classes (seed 001 §5.5: «просмотр ... замене и переносе уроков»)."""

    _name = "school.lesson.change"
    _description = "Lesson Change"
    _inherit = ["school.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = (
        "state",
        "decided_by_id",
        "decided_on",
        "original_date",
        "original_number",
        "original_slot_id",
    )
    _order = "create_date desc, id desc"

    lesson_id = fields.Many2one(
        "school.lesson", string="Lesson", index=True, ondelete="set null", tracking=True
    )
    kind = fields.Selection(CHANGE_KINDS, required=True, default="substitution", tracking=True)
    reason = fields.Text(required=True, tracking=True)
    substitute_teacher_id = fields.Many2one(
        "res.users",
        string="Substitute teacher",
        domain=lambda self: [("groups_id", "in", self.env.ref("school_records.group_teacher").ids)],
        tracking=True,
    )
    new_date = fields.Date(string="New date", tracking=True)
    new_number = fields.Integer(string="New lesson No.", tracking=True)
    merged_lesson_id = fields.Many2one(
        "school.lesson",
        string="Lesson merged into it",
        index=True,
        ondelete="set null",
        tracking=True,
        help="Merged groups: the lesson of the other group (or class) at the same date and "
        "number, whose students join this lesson.",
    )
    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        compute="_compute_from_lesson",
        store=True,
        precompute=True,
        index=True,
    )
    class_id = fields.Many2one(
        "school.class", compute="_compute_from_lesson", store=True, precompute=True, index=True
    )
    teacher_id = fields.Many2one(
        "res.users", string="Teacher", compute="_compute_from_lesson", store=True, precompute=True
    )
    lesson_date = fields.Date(
        string="Lesson date", compute="_compute_from_lesson", store=True, precompute=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("applied", "Applied")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True, copy=False)
    decided_on = fields.Datetime(string="Decided on", readonly=True, copy=False)
    original_date = fields.Date(string="Original date", readonly=True, copy=False)
    original_number = fields.Integer(string="Original lesson No.", readonly=True, copy=False)
    original_slot_id = fields.Many2one(
        "school.timetable.slot",
        string="Original slot",
        readonly=True,
        copy=False,
        ondelete="set null",
        index=True,
    )

    @api.depends("lesson_id")
    def _compute_from_lesson(self):
        for change in self:
            lesson = change.lesson_id
            change.assignment_id = lesson.assignment_id or change.assignment_id
            change.class_id = lesson.class_id or change.class_id
            change.teacher_id = lesson.teacher_id or change.teacher_id
            change.lesson_date = lesson.date or change.lesson_date

    @api.depends("kind", "assignment_id.name", "lesson_date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for change in self:
            journal = change.assignment_id.name or ""
            change.display_name = (
                f"{kinds.get(change.kind, '')}: {journal}, {change.lesson_date or ''}"
            )

    @api.constrains(
        "kind", "substitute_teacher_id", "new_date", "new_number", "lesson_id", "merged_lesson_id"
    )
    def _check_kind_values(self):
        for change in self.filtered(lambda c: c.state == "draft"):
            if not change.lesson_id:
                raise ValidationError(self.env._("A lesson change needs its lesson."))
            if change.kind == "substitution" and not change.substitute_teacher_id:
                raise ValidationError(self.env._("A substitution needs the substitute teacher."))
            if change.kind == "move" and not (change.new_date or change.new_number):
                raise ValidationError(self.env._("A move needs the new date or lesson number."))
            if change.kind == "merge":
                change._check_merge_values()

    def _check_merge_values(self):
        self.ensure_one()
        lesson, merged = self.lesson_id.sudo(), self.merged_lesson_id.sudo()
        if not merged:
            raise ValidationError(self.env._("Merged groups need the lesson of the other group."))
        if merged == lesson:
            raise ValidationError(self.env._("A lesson is not merged with itself."))
        if (merged.date, merged.number) != (lesson.date, lesson.number):
            raise ValidationError(
                self.env._(
                    "Merged groups are taught at the same time: %(merged)s is not on "
                    "%(date)s, lesson %(number)s.",
                    merged=merged.display_name,
                    date=lesson.date,
                    number=lesson.number,
                )
            )

    def write(self, vals):
        if not self.env.su and any(change.state == "applied" for change in self):
            raise UserError(self.env._("An applied lesson change is not changed any more."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(change.state == "applied" for change in self):
            raise UserError(self.env._("An applied lesson change is kept."))

    # the workflow --------------------------------------------------------------------------
    def action_apply(self):
        """The deputy (or the director) applies the change to its lesson."""
        self._check_school_role(
            "school_records.group_deputy", role=self.env._("the deputy director")
        )
        for change in self:
            change._check_can_apply()
            change._do_apply()
        return True

    def _check_can_apply(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("The lesson change is already applied."))
        lesson = self.lesson_id.sudo()
        if not lesson:
            raise UserError(self.env._("The lesson of this change no longer exists."))
        if self.kind == "substitution":
            substitute = self.substitute_teacher_id
            if substitute == lesson.teacher_id:
                raise UserError(
                    self.env._("%(teacher)s already teaches this lesson.", teacher=substitute.name)
                )
            if not self.env["school.roles"]._is_teacher(substitute):
                raise UserError(
                    self.env._("%(user)s is not a teacher of the school.", user=substitute.name)
                )
        if self.kind == "merge":
            self._check_merge_values()
            merged = self.merged_lesson_id.sudo()
            if lesson.merged_into_id or merged.merged_into_id or merged.merged_lesson_ids:
                raise UserError(
                    self.env._(
                        "%(lesson)s or %(merged)s is already merged with another lesson.",
                        lesson=lesson.display_name,
                        merged=merged.display_name,
                    )
                )
            if not merged._timetable_empty():
                raise UserError(
                    self.env._(
                        "%(lesson)s holds marks, absences or a topic: it cannot be merged "
                        "into another lesson.",
                        lesson=merged.display_name,
                    )
                )
        if self.kind == "cancellation" and not lesson._timetable_empty():
            raise UserError(
                self.env._(
                    "%(lesson)s holds marks, absences or a topic: it cannot be cancelled.",
                    lesson=lesson.display_name,
                )
            )

    def _do_apply(self):
        """Written as superuser once the role is checked: the deputy may not write other
        teachers' lessons otherwise."""
        self.ensure_one()
        lesson = self.lesson_id.sudo()
        self._workflow_write(
            {
                "state": "applied",
                "decided_by_id": self.env.uid,
                "decided_on": fields.Datetime.now(),
                "original_date": lesson.date,
                "original_number": lesson.number,
                "original_slot_id": lesson.timetable_slot_id.id,
            }
        )
        if self.kind == "substitution":
            lesson.write({"substitute_teacher_id": self.substitute_teacher_id.id})
        elif self.kind == "move":
            lesson.write(
                {"date": self.new_date or lesson.date, "number": self.new_number or lesson.number}
            )
        elif self.kind == "merge":
            self.merged_lesson_id.sudo().write({"merged_into_id": lesson.id})
        self._notify_people(lesson)
        if self.kind == "cancellation":
            lesson.unlink()

    def _notify_people(self, lesson):
        """The lesson's teacher, the substitute and the class teacher follow the change and
        are notified of it."""
        merged = self.merged_lesson_id.sudo()
        users = (
            lesson.teacher_id
            | self.substitute_teacher_id
            | merged.teacher_id
            | self.env["school.roles"]._class_teacher(lesson.class_id | merged.class_id)
        )
        partners = users.partner_id
        if partners:
            self.sudo().message_subscribe(partner_ids=partners.ids)
        self.sudo().message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(change)s applied: %(lesson)s. Reason: %(reason)s",
                change=self.display_name,
                lesson=lesson.display_name,
                reason=self.reason,
            ),
            subtype_xmlid="mail.mt_comment",
        )
