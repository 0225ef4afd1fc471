from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    school_notify_low_marks = fields.Boolean(
        string="Notify me of marks below «3»",
        help="The guardian chose, in the diary, to be told of every unsatisfactory mark.",
    )
    school_notify_absences = fields.Boolean(
        string="Notify me of absences",
        help="The guardian chose, in the diary, to be told of every absence.",
    )


class SchoolMark(models.Model):
    _inherit = "school.mark"

    @api.model_create_multi
    def create(self, vals_list):
        marks = super().create(vals_list)
        failing = marks.filtered(lambda mark: mark.value_id.is_failing)
        _notify_guardians(
            failing,
            "school_notify_low_marks",
            lambda mark: self.env._(
                "%(date)s, %(subject)s: mark «%(mark)s» (%(work)s)",
                date=mark.date.strftime("%d.%m.%Y"),
                subject=mark.lesson_id.subject_id.name,
                mark=mark.value_id.code,
                work=mark.work_type_id.name or "",
            ),
        )
        return marks


class SchoolAttendance(models.Model):
    _inherit = "school.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        absences = super().create(vals_list)
        _notify_guardians(
            absences,
            "school_notify_absences",
            lambda absence: self.env._(
                "%(date)s, lesson %(number)s, %(subject)s: «%(code)s»",
                date=absence.date.strftime("%d.%m.%Y"),
                number=absence.lesson_id.number,
                subject=absence.lesson_id.subject_id.name,
                code=absence.code,
            ),
        )
        return absences


def _notify_guardians(entries, preference, describe):
    """One notification per student to the guardians who asked for it: an inbox message
    (and an e-mail) on the student's record, which the diary's messages page shows."""
    if not entries:
        return
    entries = entries.sudo()
    # most families ask for nothing: which students have a guardian who asked, in one
    # query, before reading any guardian (archived ones too: guardian_ids decides below)
    asked = entries.student_id.with_context(active_test=False).search(
        [("id", "in", entries.student_id.ids), (f"guardian_ids.{preference}", "=", True)]
    )
    by_student = defaultdict(list)
    for entry in entries:
        if entry.student_id in asked:
            by_student[entry.student_id].append(entry)
    for student, student_entries in by_student.items():
        guardians = student.guardian_ids.filtered(preference)
        if not guardians:
            continue
        lines = Markup("<br/>").join(describe(entry) for entry in student_entries)
        student.message_notify(
            partner_ids=guardians.ids,
            subject=entries.env._("Electronic diary: %s", student.name),
            body=Markup("<p>%s</p><p>%s</p>") % (student.name, lines),
            author_id=entries.env.user.partner_id.id,
        )
