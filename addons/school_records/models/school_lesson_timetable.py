from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError


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
    merged_into_id = fields.Many2one(
        "school.lesson",
        string="Merged into",
        readonly=True,
        copy=False,
        index=True,
        ondelete="set null",
        help="Merged groups: this lesson's group is taught together with the group of that "
        "lesson, by its teacher; the marks and absences of this lesson's students are "
        "recorded there.",
    )
    merged_lesson_ids = fields.One2many(
        "school.lesson",
        "merged_into_id",
        string="Merged lessons",
        help="Merged groups: the lessons whose groups are taught in this one.",
    )

    def init(self):
        # the place of a lesson (class, date, number): the uniqueness check and the
        # timetable's generation look lessons up by it
        tools.create_index(
            self.env.cr,
            "school_lesson_class_date_number_idx",
            self._table,
            ["class_id", "date", "number"],
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("merged_into_id") for vals in vals_list):
            raise AccessError(
                self.env._("Only the deputy director merges groups, through a lesson change.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if "merged_into_id" in vals and not self.env.su:
            raise AccessError(
                self.env._("Only the deputy director merges groups, through a lesson change.")
            )
        return super().write(vals)

    def _students(self):
        """Merged groups: a lesson taught with other groups holds their students too; a
        lesson merged into another holds nobody (its students are in that lesson)."""
        self.ensure_one()
        lesson = self.sudo()
        if lesson.merged_into_id:
            return self.env["school.student"].sudo()
        students = super()._students()
        for merged in lesson.merged_lesson_ids:
            students |= merged.assignment_id._students_on(merged.date)
        return students

    def _students_by_lesson(self):
        """Batched :meth:`_students`, merged groups included: the rosters of these
        lessons and of the lessons merged into them are read together."""
        lessons = self.sudo()
        rosters = (lessons | lessons.merged_lesson_ids)._rosters_by_lesson()
        result = {}
        for lesson in self:
            merged = lesson.sudo()
            if merged.merged_into_id:
                result[lesson] = self.env["school.student"].sudo()
                continue
            students = rosters[merged]
            for other in merged.merged_lesson_ids:
                students |= rosters[other]
            result[lesson] = students
        return result

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
        # moves and merged groups in one query: a merge marks both of its lessons
        changes = (
            self.env["school.lesson.change"]
            .sudo()
            .search(
                [
                    ("state", "=", "applied"),
                    ("kind", "in", ("move", "merge")),
                    "|",
                    ("lesson_id", "in", self.ids),
                    ("merged_lesson_id", "in", self.ids),
                ],
                order="decided_on, id",
            )
        )
        ids = set(self.ids)
        for change in changes:
            lesson, merged = change.lesson_id, change.merged_lesson_id
            if change.kind == "move":
                if lesson.id in ids:
                    marks[lesson.id].append(
                        {
                            "kind": "move",
                            "text": self.env._(
                                "Moved from %(date)s, lesson %(number)s",
                                date=change.original_date.strftime("%d.%m.%Y"),
                                number=change.original_number,
                            ),
                        }
                    )
                continue
            if not lesson or not merged:
                continue
            if lesson.id in ids:
                marks[lesson.id].append(
                    {
                        "kind": "merge",
                        "text": self.env._(
                            "Merged groups: taught together with %(groups)s",
                            groups=merged._merge_label(),
                        ),
                    }
                )
            if merged.id in ids:
                marks[merged.id].append(
                    {
                        "kind": "merge",
                        "text": self.env._(
                            "Merged groups: taught together with %(group)s by %(teacher)s",
                            group=lesson._merge_label(),
                            teacher=(lesson.substitute_teacher_id or lesson.teacher_id).name,
                        ),
                    }
                )
        return dict(marks)

    def _merge_label(self):
        """«5А (1 группа), lesson 2»: the group (or class) of a merged lesson."""
        self.ensure_one()
        lesson = self.sudo()
        group = lesson.class_id.name or ""
        if lesson.study_group_id:
            group = (
                f"{group} ({lesson.study_group_id.name})" if group else lesson.study_group_id.name
            )
        return self.env._(
            "%(group)s, %(subject)s, lesson %(number)s",
            group=group,
            subject=lesson.subject_id.name,
            number=lesson.number,
        )
