import re
from collections import defaultdict, deque
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv.expression import AND

from .school_journal_entry_mixin import applying_correction


class SchoolLesson(models.Model):
    """Урок: one lesson of a journal, with its topic, homework and work type.

    A recorded substitute teacher may fill this lesson (and only this one) and read the
    roster of its day. The deputy appoints the substitute (``action_appoint_substitute``,
    or the lesson form, which goes through it), never the teacher: the field is a
    workflow field, refused on create and write from anyone else."""

    _name = "school.lesson"
    _description = "Lesson"
    _inherit = ["school.workflow.mixin", "mail.thread"]
    _order = "date desc, number, id"
    _workflow_fields = ("substitute_teacher_id",)

    assignment_id = fields.Many2one(
        "school.teaching.assignment",
        string="Journal",
        required=True,
        ondelete="restrict",
        index=True,
    )
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    number = fields.Integer(string="Lesson No.", required=True, default=1)
    topic = fields.Char(tracking=True)
    homework = fields.Text(tracking=True)
    homework_attachment_ids = fields.Many2many(
        "ir.attachment",
        "school_lesson_homework_attachment_rel",
        "lesson_id",
        "attachment_id",
        string="Homework files",
    )
    work_type_id = fields.Many2one(
        "school.work.type",
        string="Work type",
        # the xmlid's id is cached: no query per new lesson (env.ref checks it exists)
        default=lambda self: self.env["ir.model.data"]._xmlid_to_res_id(
            "school_records.school_work_type_answer", raise_if_not_found=False
        ),
    )
    attendance_taken = fields.Boolean(tracking=True)
    teacher_id = fields.Many2one(
        related="assignment_id.teacher_id", store=True, index=True, string="Teacher"
    )
    substitute_teacher_id = fields.Many2one(
        "res.users",
        string="Substitute teacher",
        index=True,
        tracking=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("school_records.group_teacher").ids)],
    )
    can_appoint_substitute = fields.Boolean(compute="_compute_can_appoint_substitute")
    class_id = fields.Many2one(related="assignment_id.class_id", store=True, index=True)
    study_group_id = fields.Many2one(related="assignment_id.study_group_id", store=True, index=True)
    subject_id = fields.Many2one(related="assignment_id.subject_id", store=True, index=True)
    year_id = fields.Many2one(related="assignment_id.year_id", store=True)
    period_id = fields.Many2one(
        "school.period", compute="_compute_period_id", store=True, index=True
    )
    plan_line_id = fields.Many2one("school.lesson.plan.line", string="Lesson plan line")
    timetable_slot_id = fields.Many2one(
        "school.timetable.slot", string="Timetable slot", index=True, ondelete="set null"
    )
    mark_ids = fields.One2many("school.mark", "lesson_id", string="Marks")
    attendance_ids = fields.One2many("school.attendance", "lesson_id", string="Absences")
    audit_ids = fields.One2many("school.journal.audit", "lesson_id", string="Journal audit")

    @api.depends("date", "year_id", "class_id.period_scheme")
    def _compute_period_id(self):
        periods = self.env["school.period"].search([("year_id", "in", self.year_id.ids)])
        by_year_scheme = defaultdict(list)
        for period in periods:
            by_year_scheme[period.year_id.id, period.scheme].append(period)
        for lesson in self:
            scheme = lesson.class_id.period_scheme or "quarter"
            lesson.period_id = next(
                (
                    period
                    for period in by_year_scheme[lesson.year_id.id, scheme]
                    if lesson.date and period.date_start <= lesson.date <= period.date_end
                ),
                False,
            )

    @api.depends_context("uid")
    def _compute_can_appoint_substitute(self):
        is_deputy = self.env["school.roles"]._is_deputy()
        for lesson in self:
            lesson.can_appoint_substitute = is_deputy and bool(lesson.id)

    @api.depends("assignment_id.name", "date", "number")
    def _compute_display_name(self):
        for lesson in self:
            lesson.display_name = self.env._(
                "%(journal)s, %(date)s, lesson %(number)s",
                journal=lesson.assignment_id.name,
                date=lesson.date,
                number=lesson.number,
            )

    @api.model
    def _search_display_name(self, operator, value):
        """Pickers find a lesson by what its name shows: every word typed must match
        the date (``04.12.2026``, ``04.12``, ``2026-12-04``), the lesson number
        («урок 3» is «3»), or the journal's class, subject or teacher."""
        if operator not in ("ilike", "=ilike", "like", "=") or not isinstance(value, str):
            return super()._search_display_name(operator, value)
        domains = []
        for word in value.split():
            domains.append(self._lesson_word_domain(word.strip(",;")))
        return AND(domains)

    @api.model
    def _lesson_word_domain(self, word):
        text = [
            "|",
            "|",
            ("assignment_id.name", "ilike", word),
            ("class_id.name", "ilike", word),
            ("assignment_id.subject_id.name", "ilike", word),
        ]
        found = re.fullmatch(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{2,4}))?", word) or re.fullmatch(
            r"(\d{4})-(\d{1,2})-(\d{1,2})", word
        )
        if found:
            if "-" in word:
                year, month, day = (int(part) for part in found.groups())
                years = [year]
            else:
                day, month = int(found[1]), int(found[2])
                if found[3]:
                    year = int(found[3])
                    years = [year + 2000 if year < 100 else year]
                else:
                    # a day and a month: in any academic year of the school
                    years = sorted(
                        {
                            year
                            for school_year in self.env["school.academic.year"].sudo().search([])
                            for year in (school_year.date_start.year, school_year.date_end.year)
                        }
                    )
            dates = []
            for year in years:
                try:
                    dates.append(date(year, month, day))
                except ValueError:
                    continue
            return [("date", "in", dates)] if dates else [("id", "=", False)]
        if word.isdigit():
            return ["|", ("number", "=", int(word)), *text]
        return text

    @api.constrains("date", "assignment_id")
    def _check_date_in_year(self):
        for lesson in self:
            year = lesson.year_id
            if not year.date_start <= lesson.date <= year.date_end:
                raise ValidationError(
                    self.env._(
                        "The lesson date %(date)s is outside the academic year %(year)s.",
                        date=lesson.date,
                        year=year.name,
                    )
                )

    @api.constrains("date", "number", "assignment_id")
    def _check_number_unique(self):
        """One lesson of a class (or subgroup) at a date and number: one query for all the
        lessons checked, whoever the user (a colleague's lesson counts too)."""
        if any(not 1 <= lesson.number <= 12 for lesson in self):
            raise ValidationError(self.env._("A lesson number runs from 1 to 12."))
        if not self.ids:
            return
        self.flush_model(["date", "number", "class_id", "study_group_id"])
        self.env.cr.execute(
            """SELECT lesson.id
                 FROM school_lesson lesson
                 JOIN school_lesson other
                   ON other.date = lesson.date
                  AND other.number = lesson.number
                  AND other.class_id = lesson.class_id
                  AND other.study_group_id IS NOT DISTINCT FROM lesson.study_group_id
                  AND other.id != lesson.id
                WHERE lesson.id = ANY(%s)
                LIMIT 1""",
            [self.ids],
        )
        row = self.env.cr.fetchone()
        if row:
            lesson = self.browse(row[0])
            raise ValidationError(
                self.env._(
                    "%(group)s already has lesson No. %(number)s on %(date)s.",
                    group=lesson.study_group_id.name or lesson.class_id.name,
                    number=lesson.number,
                    date=lesson.date,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lessons = super().create(self._take_topics_from_plan(vals_list))
        lessons._check_period_open()
        if not self.env.su:
            lessons._bind_homework_files({})
        return lessons

    def write(self, vals):
        if "substitute_teacher_id" in vals and not self.env.su:
            # the lesson form of a deputy: the appointment goes through the action
            vals = dict(vals)
            self.action_appoint_substitute(vals.pop("substitute_teacher_id"))
            if not vals:
                return True
        files_before = None
        if not self.env.su:
            self._check_substitute_keeps_place(vals)
            if "homework_attachment_ids" in vals:
                files_before = {lesson.id: lesson.sudo().homework_attachment_ids for lesson in self}
        self._check_period_open()
        result = super().write(vals)
        if files_before is not None:
            self._bind_homework_files(files_before)
        if {"date", "assignment_id"} & vals.keys():
            self._check_period_open()
        return result

    # homework files ---------------------------------------------------------------------
    def _is_homework_file(self, attachment):
        """The attachment was uploaded to this lesson (``res_model``/``res_id``; an upload
        made on the lesson's form before its first save has no ``res_id`` yet)."""
        self.ensure_one()
        attachment = attachment.sudo()
        return (
            attachment in self.sudo().homework_attachment_ids
            and attachment.res_model == self._name
            and attachment.res_id in (0, self.id)
        )

    def _bind_homework_files(self, files_before):
        """Newly linked homework files must be uploads of the user to this lesson; they
        are then bound to it. Linking another record's attachment (an archive copy, a
        certificate) by its id would publish it in the families' diaries."""
        for lesson in self:
            added = lesson.sudo().homework_attachment_ids - files_before.get(
                lesson.id, self.env["ir.attachment"]
            )
            foreign = added.filtered(
                lambda a, lesson=lesson: (
                    not (
                        (a.res_model == self._name and a.res_id in (0, lesson.id))
                        or (not a.res_model and a.create_uid == self.env.user)
                    )
                )
            )
            if foreign:
                raise AccessError(
                    self.env._(
                        "Only files uploaded to the lesson can be its homework files, not "
                        "%(files)s.",
                        files=", ".join(foreign.mapped("name")),
                    )
                )
            added.write({"res_model": self._name, "res_id": lesson.id})

    # substitutes ------------------------------------------------------------------------
    def action_appoint_substitute(self, substitute_id):
        """The deputy appoints the teacher who gives these lessons instead of the
        journal's teacher (or, with no one, takes the substitute back)."""
        self._check_school_role("school_records.group_deputy")
        substitute = self.env["res.users"].browse(substitute_id or ()).exists()
        if substitute_id and not (
            substitute and self.env["school.roles"]._is_teacher(substitute.sudo())
        ):
            raise UserError(self.env._("A substitute must be a teacher of the school."))
        if substitute and substitute in self.teacher_id:
            raise UserError(
                self.env._("%(teacher)s already teaches this journal.", teacher=substitute.name)
            )
        self._check_period_open()
        self._workflow_write({"substitute_teacher_id": substitute.id})
        return True

    def _check_substitute_keeps_place(self, vals):
        """A substitute fills the lesson they were appointed to; they do not move it to
        another journal or day."""
        moved = {"assignment_id", "date", "number"} & vals.keys()
        if not moved or self.env["school.roles"]._is_deputy():
            return
        if self.filtered(
            lambda lesson: (
                lesson.substitute_teacher_id == self.env.user and lesson.teacher_id != self.env.user
            )
        ):
            raise AccessError(
                self.env._(
                    "A substitute teacher fills the lesson; only its own teacher moves it "
                    "to another journal, day or number."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_empty_open_lessons(self):
        self._check_period_open()
        if self.mark_ids or self.attendance_ids:
            raise UserError(
                self.env._(
                    "Delete the lesson's marks and absences first: they are audited one by one."
                )
            )

    @api.model
    def _take_topics_from_plan(self, vals_list):
        """A lesson created without a topic nor a plan line takes the next line of its
        journal's КТП: the first one by number that no lesson uses yet, in the order of
        `vals_list`. A control-work line also sets the control work type when no work
        type is given. Values given (or defaulted by the context) are never replaced.

        One query for all the journals of the batch; read as superuser, as the lesson's
        own access is checked when it is created. Returns the values to create, the
        caller's dicts left untouched."""
        context = self.env.context
        if context.get("default_topic") or context.get("default_plan_line_id"):
            return vals_list
        default_assignment = context.get("default_assignment_id")
        wanting = [
            (index, vals.get("assignment_id", default_assignment))
            for index, vals in enumerate(vals_list)
            if not vals.get("topic") and not vals.get("plan_line_id")
        ]
        wanting = [(index, assignment) for index, assignment in wanting if assignment]
        if not wanting:
            return vals_list
        vals_list = list(vals_list)
        for index, _assignment in wanting:
            vals_list[index] = dict(vals_list[index])
        assignment_ids = {assignment for _index, assignment in wanting}
        taken = {vals["plan_line_id"] for vals in vals_list if vals.get("plan_line_id")}
        free_lines = (
            self.env["school.lesson.plan.line"]
            .sudo()
            .search_fetch(
                [("assignment_id", "in", list(assignment_ids)), ("lesson_ids", "=", False)],
                ["assignment_id", "topic", "is_control_work"],
                order="assignment_id, sequence, id",
            )
        )
        queues = defaultdict(deque)
        for line in free_lines:
            if line.id not in taken:
                queues[line.assignment_id.id].append(line)
        control_type = None
        work_type_given = "default_work_type_id" in context
        for index, assignment in wanting:
            vals, queue = vals_list[index], queues[assignment]
            if not queue:
                continue
            line = queue.popleft()
            vals["plan_line_id"] = line.id
            vals["topic"] = line.topic
            if line.is_control_work and "work_type_id" not in vals and not work_type_given:
                if control_type is None:
                    control_type = self.env.ref(
                        "school_records.school_work_type_control", raise_if_not_found=False
                    )
                if control_type:
                    vals["work_type_id"] = control_type.id
        return vals_list

    def _check_period_open(self):
        """Closed periods are read-only, except for the lesson of the approved correction
        that the deputy's action is applying."""
        closed = self.filtered(lambda lesson: lesson.period_id.state == "closed")
        closed -= applying_correction(self.env).lesson_id
        if closed:
            raise UserError(
                self.env._(
                    "The period %(period)s is closed: the journal can only be changed "
                    "through a correction approved by the deputy.",
                    period=closed[0].period_id.display_name,
                )
            )

    def _students(self):
        """The students the lesson's journal covers on the lesson day."""
        self.ensure_one()
        return self.assignment_id._students_on(self.date)

    def _students_by_lesson(self):
        """{lesson: :meth:`_students` of the lesson} for many lessons at once (the
        enrollment check of a batch of marks, an import): one query of the enrollments
        a journal instead of one a lesson."""
        return self._rosters_by_lesson()

    def _rosters_by_lesson(self):
        """{lesson: the students its journal covers on its day}, one query a journal."""
        by_assignment = defaultdict(lambda: self.browse())
        for lesson in self:
            by_assignment[lesson.sudo().assignment_id] |= lesson
        result = {}
        for assignment, lessons in by_assignment.items():
            on_day = assignment._students_on_days(lessons.sudo().mapped("date"))
            for lesson in lessons:
                result[lesson] = on_day[lesson.sudo().date]
        return result


class SchoolStudent(models.Model):
    """Whom a substitute teacher may read: the roster of the lessons they give."""

    _inherit = "school.student"

    substitute_user_ids = fields.Many2many(
        "res.users",
        string="Substitute teachers",
        compute="_compute_substitute_user_ids",
        search="_search_substitute_user_ids",
        help="The teachers appointed to give a lesson whose roster holds the student on "
        "that lesson's day.",
    )

    def _compute_substitute_user_ids(self):
        """The substitutes of lessons, and the teachers of lessons that merged groups: both
        give a lesson to students of another journal."""
        lessons = (
            self.env["school.lesson"]
            .sudo()
            .search(
                ["|", ("substitute_teacher_id", "!=", False), ("merged_lesson_ids", "!=", False)]
            )
        )
        by_student = defaultdict(set)
        for lesson in lessons:
            givers = lesson.substitute_teacher_id
            if lesson.merged_lesson_ids:
                givers |= lesson.teacher_id
            for student in lesson._students() & self.sudo():
                by_student[student.id].update(givers.ids)
        for student in self:
            student.substitute_user_ids = [fields.Command.set(list(by_student[student.id]))]

    def _search_substitute_user_ids(self, operator, value):
        """Students on the day's roster of a lesson given by the substitute(s) in
        ``value`` (the record rule of teachers asks ``= user.id``)."""
        if operator not in ("=", "in") or not value:
            raise UserError(self.env._("This search is not supported."))
        user_ids = [value] if isinstance(value, int) else list(value)
        lessons = (
            self.env["school.lesson"]
            .sudo()
            .search(
                [
                    "|",
                    ("substitute_teacher_id", "in", user_ids),
                    "&",
                    ("merged_lesson_ids", "!=", False),
                    ("teacher_id", "in", user_ids),
                ]
            )
        )
        students = self.env["school.student"].sudo()
        for lesson in lessons:
            students |= lesson._students()
        return [("id", "in", students.ids)]
