from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class SchoolLessonHomework(models.Model):
    """Индивидуальное домашнее задание (seed 004 §2.4, §4.4): homework of a lesson for
    some of its students only — a student who missed the topic, a group working at
    another level. The teacher of the lesson writes it on the lesson's form; only the
    families of those students see it in their diary (:meth:`school.lesson._homework_for`).

    Its files are uploads to this record only: an attachment of another record linked
    by its id would be published to the families."""

    _name = "school.lesson.homework"
    _description = "Individual Homework"
    _order = "lesson_id, id"

    lesson_id = fields.Many2one(
        "school.lesson", string="Lesson", required=True, ondelete="cascade", index=True
    )
    student_ids = fields.Many2many(
        "school.student",
        "school_lesson_homework_student_rel",
        "homework_id",
        "student_id",
        string="Students",
        required=True,
    )
    text = fields.Text(string="Homework", required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "school_lesson_homework_ir_attachment_rel",
        "homework_id",
        "attachment_id",
        string="Files",
    )
    date = fields.Date(related="lesson_id.date", store=True)
    subject_id = fields.Many2one(related="lesson_id.subject_id", store=True)
    teacher_id = fields.Many2one(related="lesson_id.teacher_id", store=True, index=True)
    substitute_teacher_id = fields.Many2one(
        related="lesson_id.substitute_teacher_id", store=True, index=True
    )
    class_id = fields.Many2one(related="lesson_id.class_id", store=True, index=True)

    @api.constrains("lesson_id", "student_ids")
    def _check_students_of_lesson(self):
        for homework in self.sudo():
            strangers = homework.student_ids - homework.lesson_id._students()
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(students)s do not attend the lesson %(lesson)s.",
                        students=", ".join(strangers.mapped("name")),
                        lesson=homework.lesson_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.su:
            records._bind_files({})
        return records

    def write(self, vals):
        files_before = None
        if "attachment_ids" in vals and not self.env.su:
            files_before = {homework.id: homework.sudo().attachment_ids for homework in self}
        result = super().write(vals)
        if files_before is not None:
            self._bind_files(files_before)
        return result

    def _bind_files(self, files_before):
        """Newly linked files must be uploads to this homework (or uploads of the user
        not bound to any record yet, as the form sends them before its first save)."""
        for homework in self:
            added = homework.sudo().attachment_ids - files_before.get(
                homework.id, self.env["ir.attachment"]
            )
            foreign = added.filtered(
                lambda a, homework=homework: (
                    not (
                        (a.res_model == self._name and a.res_id in (0, homework.id))
                        or (not a.res_model and a.create_uid == self.env.user)
                    )
                )
            )
            if foreign:
                raise AccessError(
                    self.env._(
                        "Only files uploaded to the homework can be its files, not %(files)s.",
                        files=", ".join(foreign.mapped("name")),
                    )
                )
            added.sudo().write({"res_model": self._name, "res_id": homework.id})


class SchoolLesson(models.Model):
    _inherit = "school.lesson"

    individual_homework_ids = fields.One2many(
        "school.lesson.homework", "lesson_id", string="Individual homework"
    )

    def _homework_for(self, student):
        """The homework of this lesson that ``student``'s diary shows: the common one
        (the lesson's text and files) first, then each individual homework given to
        that student. A list of dicts ``{"text", "attachments", "individual"}``.

        The caller (the diary) has already checked that the user may see ``student``;
        the individual homework of the other students is never returned."""
        self.ensure_one()
        lesson = self.sudo()
        result = []
        if lesson.homework or lesson.homework_attachment_ids:
            result.append(
                {
                    "text": lesson.homework or "",
                    "attachments": lesson.homework_attachment_ids,
                    "individual": False,
                }
            )
        for homework in lesson.individual_homework_ids:
            if student in homework.student_ids:
                result.append(
                    {
                        "text": homework.text,
                        "attachments": homework.attachment_ids,
                        "individual": True,
                    }
                )
        return result

    def _is_homework_file_for(self, student, attachment):
        """``attachment`` is a file that ``student``'s diary may serve for this lesson:
        a file of the common homework, or of an individual homework given to that
        student and uploaded to it. For the diary's download route."""
        self.ensure_one()
        if self._is_homework_file(attachment):
            return True
        attachment = attachment.sudo()
        return any(
            attachment in homework.attachment_ids
            and attachment.res_model == homework._name
            and attachment.res_id == homework.id
            for homework in self.sudo().individual_homework_ids
            if student in homework.student_ids
        )
