from collections import defaultdict

from odoo import fields, models


class SchoolLesson(models.Model):
    """The timetable's side of a lesson: the changes decided by the deputy and the flag
    of a lesson the timetable no longer gives but that holds the journal's data."""

    _inherit = "school.lesson"

    timetable_review = fields.Boolean(
        string="To review (timetable)",
        index=True,
        readonly=True,
        copy=False,
        help="The timetable no longer gives this lesson, but it holds marks, absences or "
        "a topic: the deputy decides what becomes of it.",
    )
    change_ids = fields.One2many("school.lesson.change", "lesson_id", string="Changes")

    def _timetable_empty(self):
        """The lessons that hold nothing: no mark, absence, audit trail, homework,
        substitute, attendance taken, nor a topic of their own (a topic taken from the
        КТП does not count). One grouped query per model, whatever the number."""
        if not self:
            return self
        holding = set()
        for model in ("school.mark", "school.attendance", "school.journal.audit"):
            groups = (
                self.env[model]
                .sudo()
                ._read_group([("lesson_id", "in", self.ids)], ["lesson_id"], [])
            )
            holding.update(lesson.id for (lesson,) in groups)
        return self.filtered(
            lambda lesson: (
                lesson.id not in holding
                and not lesson.attendance_taken
                and not lesson.homework
                and not lesson.homework_attachment_ids
                and not lesson.substitute_teacher_id
                and (not lesson.topic or lesson.topic == lesson.plan_line_id.topic)
            )
        )

    def _change_marks(self):
        """{lesson id: [{"kind", "text"}]}: what the deputy changed in these lessons,
        for the journal grid's marker and the diary — the substitute by name and where a
        moved lesson came from (a cancelled lesson no longer exists). One query for the
        moves; read as superuser, so callers pass only lessons their user may read."""
        marks = defaultdict(list)
        lessons = self.sudo()
        for lesson in lessons.filtered("substitute_teacher_id"):
            marks[lesson.id].append(
                {
                    "kind": "substitution",
                    "text": self.env._(
                        "Substitution: %(teacher)s", teacher=lesson.substitute_teacher_id.name
                    ),
                }
            )
        moves = (
            self.env["school.lesson.change"]
            .sudo()
            .search(
                [("state", "=", "applied"), ("kind", "=", "move"), ("lesson_id", "in", self.ids)],
                order="decided_on, id",
            )
        )
        for change in moves:
            marks[change.lesson_id.id].append(
                {
                    "kind": "move",
                    "text": self.env._(
                        "Moved from %(date)s, lesson %(number)s",
                        date=change.original_date.strftime("%d.%m.%Y"),
                        number=change.original_number,
                    ),
                }
            )
        return dict(marks)
