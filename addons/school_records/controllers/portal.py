from datetime import date, timedelta

import pytz
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request
from odoo.osv import expression
from odoo.tools import plaintext2html

from ..models.school_journal_deadline import DEFAULT_TZ
from .portal_base import SchoolFamilyPortal


class SchoolDiaryPortal(SchoolFamilyPortal):
    """Электронный дневник on the portal: a parent reads each of their children's diary,
    a student their own. The student in the URL is checked by the record rules
    (``SchoolFamilyPortal._family_student``): another family's child is a 404."""

    def _family_counters(self):
        return {**super()._family_counters(), "diary_count": self._diary_count}

    def _diary_count(self):
        """The diaries on the home card: the children's, and those a refused consent
        closed (the diary page says why)."""
        return len(self._family_students() | self._diary_closed_students())

    def _date_param(self, value, default=None):
        try:
            return fields.Date.to_date(value) if value else default
        except ValueError:
            return default

    def _span_param(self, student, period_id=None, year_id=None, date_from=None, date_to=None):
        """What a marks or attendance page shows (seed 002 §2.5.3, seed 000 §1.5): a year
        the student was at school (the current one by default), one of its periods, or
        any dates the family chooses. The year comes from the student's own enrollments
        only; the lessons read are always those of the class the student was in on
        each day, so another child's year or dates show nothing of theirs."""
        Diary = request.env["school.diary"]
        years = Diary._years(student)
        chosen_year = years.filtered(lambda y: str(y.id) == str(year_id)) or years.filtered(
            lambda y: str(period_id or "") in {str(i) for i in y.sudo().period_ids.ids}
        )
        current_year = Diary._current_class(student).year_id
        year = chosen_year or (current_year & years) or years[-1:]
        periods = Diary._periods(student, year=year) if year else request.env["school.period"]
        start, end = self._date_param(date_from), self._date_param(date_to)
        values = {"years": years, "year": year, "periods": periods}
        if start or end:
            start = start or (year.date_start if year else end)
            end = end or (year.date_end if year else start)
            if start > end:
                start, end = end, start
            period = request.env["school.period"]
        else:
            today = fields.Date.context_today(request.env.user)
            chosen = periods.filtered(lambda p: str(p.id) == str(period_id))
            current = periods.filtered(lambda p: p.date_start <= today <= p.date_end)
            period = chosen or current
            if period:
                start, end = period.date_start, period.date_end
            elif year:
                # an earlier (or later) year: the whole of it
                start, end = year.date_start, year.date_end
            else:
                start = end = None
        return {**values, "period": period, "date_from": start, "date_to": end}

    def _diary_values(self, student, page, **values):
        return {
            **self._prepare_portal_layout_values(),
            "student": student,
            "students": self._family_students(),
            "page_name": "school_diary",
            "diary_page": page,
            "school_class": request.env["school.diary"]._current_class(student),
            **values,
        }

    # pages ---------------------------------------------------------------------------------
    @http.route("/my/diary", type="http", auth="user", website=True)
    def diary_home(self, **kw):
        students = self._family_students()
        closed = self._diary_closed_students()
        if len(students) == 1 and not closed:
            return request.redirect(f"/my/diary/{students.id}")
        values = {
            **self._prepare_portal_layout_values(),
            "students": students,
            "closed_students": closed,
            "page_name": "school_diary",
        }
        return request.render("school_records.portal_diary_students", values)

    def _diary_closed_students(self):
        """The family's children whose diary a refused or withdrawn consent closed."""
        if request.env.user._is_public():
            return request.env["school.student"]
        return request.env["school.student"]._diary_closed_by_consent(request.env.user.partner_id)

    @http.route("/my/diary/<int:student_id>", type="http", auth="user", website=True)
    def diary_week(self, student_id, date=None, **kw):
        student = self._family_student(student_id)
        today = fields.Date.context_today(request.env.user)
        asked = self._date_param(date)
        Diary = request.env["school.diary"]
        week = Diary._week(student, asked or today)
        quiet_week = None
        if not asked and not self._diary_week_has_lessons(week):
            # holidays or summer: the latest week that had lessons, saying so
            latest = self._diary_latest_lesson_day(student, today)
            if latest and Diary.week_start(latest) != week["monday"]:
                quiet_week = week
                week = Diary._week(student, latest)
        # the user's own acknowledgement (a teacher with a child has no portal rule on it)
        acknowledged = (
            request.env["school.diary.acknowledgement"]
            .sudo()
            .search(
                [
                    ("student_id", "=", student.id),
                    ("week_start", "=", week["monday"]),
                    ("partner_id", "=", request.env.user.partner_id.id),
                ],
                limit=1,
            )
        )
        values = self._diary_values(
            student, "week", week=week, acknowledged=acknowledged, quiet_week=quiet_week
        )
        return request.render("school_records.portal_diary_week", values)

    def _diary_week_has_lessons(self, week):
        return any(not lesson.get("removed") for day in week["days"] for lesson in day["lessons"])

    def _diary_latest_lesson_day(self, student, today):
        """The latest day up to ``today`` that had a lesson of the student, or None."""
        Diary = request.env["school.diary"]
        school_range = Diary._school_range(student, date.min, today)
        if not school_range:
            return None
        lesson = (
            request.env["school.lesson"]
            .sudo()
            .search(Diary._lesson_domain(student, *school_range), order="date desc", limit=1)
        )
        return lesson.date or None

    @http.route(
        "/my/diary/<int:student_id>/acknowledge",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def diary_acknowledge(self, student_id, date=None, **kw):
        student = self._family_student(student_id)
        day = self._date_param(date, fields.Date.context_today(request.env.user))
        request.env["school.diary.acknowledgement"]._acknowledge(student, day)
        return request.redirect(f"/my/diary/{student.id}?date={day}")

    @http.route("/my/diary/<int:student_id>/marks", type="http", auth="user", website=True)
    def diary_marks(
        self, student_id, period_id=None, year_id=None, date_from=None, date_to=None, **kw
    ):
        student = self._family_student(student_id)
        span = self._span_param(student, period_id, year_id, date_from, date_to)
        subjects = (
            request.env["school.diary"]._marks_between(
                student, span["date_from"], span["date_to"], span["period"] or None
            )
            if span["date_from"]
            else []
        )
        values = self._diary_values(student, "marks", subjects=subjects, **span)
        return request.render("school_records.portal_diary_marks", values)

    @http.route("/my/diary/<int:student_id>/attendance", type="http", auth="user", website=True)
    def diary_attendance(
        self, student_id, period_id=None, year_id=None, date_from=None, date_to=None, **kw
    ):
        student = self._family_student(student_id)
        span = self._span_param(student, period_id, year_id, date_from, date_to)
        absences = (
            request.env["school.diary"]._absences(student, span["date_from"], span["date_to"])
            if span["date_from"]
            else {"lessons": [], "totals": {}}
        )
        values = self._diary_values(student, "attendance", absences=absences, **span)
        return request.render("school_records.portal_diary_attendance", values)

    @http.route("/my/diary/<int:student_id>/homework", type="http", auth="user", website=True)
    def diary_homework(self, student_id, date=None, **kw):
        student = self._family_student(student_id)
        start = self._date_param(date, fields.Date.context_today(request.env.user))
        end = start + timedelta(days=13)
        lessons = request.env["school.diary"]._homework(student, start, end)
        values = self._diary_values(student, "homework", lessons=lessons, start=start, end=end)
        return request.render("school_records.portal_diary_homework", values)

    @http.route(
        "/my/diary/<int:student_id>/file/<int:attachment_id>",
        type="http",
        auth="user",
        website=True,
    )
    def diary_homework_file(self, student_id, attachment_id, **kw):
        """A homework file, served only if it was uploaded to a lesson of this student's
        diary that the user may read: an attachment of another record (an archive copy)
        linked to the lesson by its id is never served."""
        student = self._family_student(student_id)
        Diary = request.env["school.diary"]
        school_range = Diary._school_range(student, date.min, date.max)
        domain = school_range and Diary._lesson_domain(student, *school_range)
        Lesson = request.env["school.lesson"].sudo()
        lesson = domain and (
            Lesson.search(domain + [("homework_attachment_ids", "in", [attachment_id])], limit=1)
            or Lesson.search(
                domain
                + [
                    ("individual_homework_ids.attachment_ids", "in", [attachment_id]),
                    ("individual_homework_ids.student_ids", "in", student.ids),
                ],
                limit=1,
            )
        )
        if not lesson or not lesson.with_env(request.env).has_access("read"):
            raise NotFound()
        attachment = request.env["ir.attachment"].sudo().browse(attachment_id).exists()
        if not lesson._is_homework_file_for(student, attachment):
            raise NotFound()
        return (
            request.env["ir.binary"]._get_stream_from(attachment).get_response(as_attachment=True)
        )

    # messages to the teachers ----------------------------------------------------------
    def _diary_teachers(self, student):
        """Whom the family may write to: the class teacher and the class's teachers."""
        school_class = request.env["school.diary"]._current_class(student)
        # the family reads the names of its child's teachers, not the users' records
        roles = request.env["school.roles"].sudo()
        teachers = roles._class_teacher(school_class) | roles._subject_teachers(school_class)
        return teachers.filtered("active")

    def _diary_messages_domain(self, student):
        """The threads about the child the user takes part in. The student's chatter is not
        flat (``school.student._mail_flat_thread``): a message posted without a parent
        opens a thread, a teacher's reply from the Odoo inbox is attached to it. A thread
        is the user's when they wrote it or it was addressed to them (or a teacher wrote
        it to the followers); a reply is theirs when its thread is, or it names them.
        Another family member's thread — a parent's message to the teacher and the
        teacher's answer — stays theirs even when the child follows the student too."""
        partner = request.env.user.partner_id
        family = student.partner_id | student.guardian_ids

        def takes_part(prefix=""):
            return expression.OR(
                [
                    [(f"{prefix}author_id", "=", partner.id)],
                    [(f"{prefix}partner_ids", "in", partner.ids)],
                    [
                        (f"{prefix}notified_partner_ids", "in", partner.ids),
                        (f"{prefix}author_id", "not in", family.ids),
                    ],
                ]
            )

        return expression.AND(
            [
                [
                    ("model", "=", "school.student"),
                    ("res_id", "=", student.id),
                    "|",
                    ("subtype_id", "=", request.env.ref("mail.mt_comment").id),
                    ("message_type", "=", "user_notification"),
                ],
                expression.OR(
                    [
                        expression.AND([[("parent_id", "=", False)], takes_part()]),
                        expression.AND(
                            [
                                [("parent_id", "!=", False)],
                                expression.OR(
                                    [
                                        takes_part("parent_id."),
                                        [("author_id", "=", partner.id)],
                                        [("partner_ids", "in", partner.ids)],
                                    ]
                                ),
                            ]
                        ),
                    ]
                ),
            ]
        )

    def _diary_messages(self, student, page=1):
        """(messages of the page, pager): the user's own threads, newest first."""
        Message = request.env["mail.message"].sudo()  # the domain is the user's threads
        domain = self._diary_messages_domain(student)
        pager = self._family_pager(
            f"/my/diary/{student.id}/messages", Message.search_count(domain), page
        )
        messages = Message.search(
            domain,
            order="date desc, id desc",
            limit=self._family_items_per_page,
            offset=pager["offset"],
        )
        return messages, pager

    def _diary_local_times(self, messages):
        """{message id: «04.12.2026 04:55»} in the user's time zone, the school's by default
        (the portal showed UTC)."""
        zone = pytz.timezone(
            request.env.user.tz or request.env.company.sudo().partner_id.tz or DEFAULT_TZ
        )
        return {
            message.id: pytz.utc.localize(message.date).astimezone(zone).strftime("%d.%m.%Y %H:%M")
            for message in messages
        }

    @http.route(
        [
            "/my/diary/<int:student_id>/messages",
            "/my/diary/<int:student_id>/messages/page/<int:page>",
        ],
        type="http",
        auth="user",
        website=True,
    )
    def diary_messages(self, student_id, page=1, **kw):
        student = self._family_student(student_id)
        messages, pager = self._diary_messages(student, page)
        values = self._diary_values(
            student,
            "messages",
            teachers=self._diary_teachers(student),
            diary_messages=messages,
            pager=pager,
            message_times=self._diary_local_times(messages),
            partner=request.env.user.partner_id,
        )
        return request.render("school_records.portal_diary_messages", values)

    @http.route(
        "/my/diary/<int:student_id>/messages/send",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def diary_message_send(self, student_id, teacher_id=None, body="", **kw):
        student = self._family_student(student_id)
        teacher = self._diary_teachers(student).filtered(lambda t: str(t.id) == str(teacher_id))
        if teacher and body.strip():
            partner = request.env.user.partner_id
            comment = request.env.ref("mail.mt_comment")
            student = student.sudo()
            student.message_subscribe(partner_ids=partner.ids, subtype_ids=comment.ids)
            student.message_post(
                body=plaintext2html(body.strip()),
                author_id=partner.id,
                partner_ids=teacher.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return request.redirect(f"/my/diary/{student.id}/messages")

    @http.route(
        "/my/diary/<int:student_id>/notifications",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def diary_notifications(self, student_id, low_marks=None, absences=None, **kw):
        student = self._family_student(student_id)
        request.env.user.partner_id.sudo().write(
            {"school_notify_low_marks": bool(low_marks), "school_notify_absences": bool(absences)}
        )
        return request.redirect(f"/my/diary/{student.id}/messages")
