from datetime import date
from types import SimpleNamespace

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestJournalCorrection(SchoolRecordsCase):
    """After the deputy closes a period, its journal changes only through a correction
    request approved by another deputy, applied with the request's reason in the audit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period_mark_child = cls.env["school.period.mark"].create(
            {
                "student_id": cls.child.id,
                "assignment_id": cls.assignment_5a.id,
                "kind": "period",
                "period_id": cls.quarter_1.id,
                "proposed_value_id": cls.mark_5.id,
                "value_id": cls.mark_5.id,
                "state": "confirmed",
            }
        )
        cls.quarter_1.with_user(cls.deputy).action_close()
        cls.activity_type = cls.env.ref("school_records.mail_activity_type_journal_correction")

    def _request(self, user=None, **values):
        vals = {
            "lesson_id": self.lesson_5a.id,
            "student_id": self.child.id,
            "kind": "mark",
            "new_value": "4",
            "reason": "Ошибка при выставлении: ученик отвечал на «4»",
            **values,
        }
        return self.env["school.journal.correction"].with_user(user or self.teacher).create(vals)

    def _audit(self, record):
        return self.env["school.journal.audit"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_closed_period_changes_only_through_approved_request(self):
        with self.assertRaises(UserError):
            self.mark_child.with_user(self.teacher).write({"value_id": self.mark_4.id})
        request = self._request()
        self.assertEqual(request.old_value, "5")
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        request.with_user(self.deputy).action_approve()
        self.assertRecordValues(request, [{"state": "approved", "approved_by": self.deputy.id}])
        self.assertEqual(self.mark_child.value_id, self.mark_4)
        self.assertRecordValues(
            self._audit(self.mark_child),
            [
                {
                    "operation": "write",
                    "old_value": "5 (УО)",
                    "new_value": "4 (УО)",
                    "user_id": self.deputy.id,
                    "reason": f"Correction #{request.id}: {request.reason}",
                }
            ],
        )
        self.assertIn(request, self.lesson_5a.correction_ids)
        notice = request.message_ids[0]
        self.assertIn("approved", notice.body)
        self.assertIn(self.teacher.partner_id, notice.partner_ids)

    def test_refusal_leaves_the_mark(self):
        request = self._request()
        request.action_submit()
        deputy_request = request.with_user(self.deputy)
        with self.assertRaises(UserError):
            deputy_request.action_refuse()
        deputy_request.refusal_reason = "Отметка выставлена верно"
        deputy_request.action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertEqual(self.mark_child.value_id, self.mark_5)
        self.assertFalse(self._audit(self.mark_child))
        notice = request.message_ids.filtered(lambda m: "Отметка выставлена верно" in m.body)
        self.assertIn(self.teacher.partner_id, notice.partner_ids)

    def test_teacher_cannot_approve(self):
        request = self._request()
        request.action_submit()
        self.assertFalse(request.can_approve)
        for user in (self.teacher, self.class_teacher):
            with self.assertRaises(UserError):
                request.with_user(user).action_approve()
        self.assertEqual(self.mark_child.value_id, self.mark_5)

    def test_open_period_is_edited_directly(self):
        lesson = self._lesson(self.assignment_5a, date(2035, 11, 15), 1)
        self.assertEqual(lesson.period_id, self.quarter_2)
        with self.assertRaisesRegex(ValidationError, "open"):
            self._request(lesson_id=lesson.id)

    def test_requester_cannot_approve_own_request(self):
        request = self._request(user=self.deputy)
        request.with_user(self.deputy).action_submit()
        with self.assertRaisesRegex(UserError, "own request"):
            request.with_user(self.deputy).action_approve()
        request.with_user(self.director).action_approve()
        self.assertEqual(self.mark_child.value_id, self.mark_4)

    def test_teacher_requests_only_for_own_journals(self):
        for user in (self.teacher, self.class_teacher):
            with self.assertRaises(AccessError):
                self._request(
                    user=user,
                    lesson_id=self.lesson_5a_history.id,
                    kind="absence",
                    new_value="",
                )

    def test_deputies_get_an_activity_done_on_approval(self):
        request = self._request()
        request.action_submit()
        activities = request.activity_ids
        self.assertEqual(activities.activity_type_id, self.activity_type)
        self.assertIn(self.deputy, activities.user_id)
        self.assertNotIn(self.teacher, activities.user_id)
        request.with_user(self.deputy).action_approve()
        self.assertFalse(request.activity_ids)
        done = request.message_ids.filtered(lambda m: m.mail_activity_type_id == self.activity_type)
        self.assertEqual(done.author_id, self.deputy.partner_id)

    def test_invalid_new_value_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "7"):
            self._request(new_value="7")
        with self.assertRaisesRegex(ValidationError, "absence"):
            self._request(new_value="4 н")
        with self.assertRaises(UserError):
            self._request(new_value="5").action_submit()

    def test_absence_cleared_with_audit(self):
        request = self._request(
            user=self.other_teacher,
            lesson_id=self.lesson_5a_history.id,
            kind="absence",
            new_value="",
        )
        self.assertEqual(request.old_value, "б")
        request.action_submit()
        absence = self.absence_child
        request.with_user(self.deputy).action_approve()
        self.assertFalse(absence.exists())
        audit = self.env["school.journal.audit"].search(
            [("res_model", "=", "school.attendance"), ("res_id", "=", absence.id)]
        )
        self.assertRecordValues(
            audit, [{"operation": "unlink", "old_value": "б", "user_id": self.deputy.id}]
        )
        self.assertTrue(audit.reason.startswith(f"Correction #{request.id}"))

    def test_added_mark_is_audited(self):
        request = self._request(student_id=self.classmate.id, new_value="5 4")
        self.assertFalse(request.old_value)
        request.action_submit()
        request.with_user(self.deputy).action_approve()
        marks = self.env["school.mark"].search(
            [("lesson_id", "=", self.lesson_5a.id), ("student_id", "=", self.classmate.id)]
        )
        self.assertEqual(marks.mapped("value_id"), self.mark_5 | self.mark_4)
        audit = self.env["school.journal.audit"].search(
            [("res_model", "=", "school.mark"), ("res_id", "in", marks.ids)]
        )
        self.assertEqual(len(audit), 2)
        self.assertEqual(set(audit.mapped("old_value")), {False})

    def test_period_mark_correction(self):
        with self.assertRaises(UserError):
            self.period_mark_child.with_user(self.teacher).write({"value_id": self.mark_4.id})
        request = self._request(kind="period_mark", period_mark_id=self.period_mark_child.id)
        self.assertEqual(request.old_value, "5")
        self.assertEqual(request.period_id, self.quarter_1)
        request.action_submit()
        request.with_user(self.deputy).action_approve()
        self.assertEqual(self.period_mark_child.value_id, self.mark_4)
        self.assertIn(f"Correction #{request.id}", self.period_mark_child.reason)

    def test_a_confirmed_year_mark_changes_only_through_a_correction(self):
        """Seed 001 §5.3: year, exam and final marks are locked once confirmed, though
        they have no period to close; the correction request is the way to change them."""
        year_mark = self.env["school.period.mark"].create(
            {
                "student_id": self.child.id,
                "assignment_id": self.assignment_5a.id,
                "kind": "year",
                "proposed_value_id": self.mark_5.id,
            }
        )
        year_mark.with_user(self.teacher).action_confirm()
        self.assertEqual(year_mark.state, "confirmed")
        with self.assertRaises(UserError):
            year_mark.with_user(self.teacher).write({"value_id": self.mark_4.id})
        with self.assertRaises(UserError):
            year_mark.with_user(self.teacher).action_reset()
        with self.assertRaises(UserError):
            year_mark.with_user(self.deputy).write({"value_id": self.mark_4.id})
        request = self._request(kind="period_mark", period_mark_id=year_mark.id)
        request.action_submit()
        request.with_user(self.deputy).action_approve()
        self.assertRecordValues(year_mark, [{"value_id": self.mark_4.id, "state": "confirmed"}])
        self.assertIn(f"Correction #{request.id}", year_mark.reason)
        # a draft year mark is still the teacher's
        draft = self.env["school.period.mark"].create(
            {
                "student_id": self.classmate.id,
                "assignment_id": self.assignment_5a.id,
                "kind": "year",
                "proposed_value_id": self.mark_4.id,
            }
        )
        draft.with_user(self.teacher).write({"value_id": self.mark_4.id})
        with self.assertRaises(ValidationError):
            self._request(kind="period_mark", period_mark_id=draft.id, student_id=self.classmate.id)

    def test_submitted_request_is_frozen(self):
        request = self._request()
        with self.assertRaises(UserError):
            request.write({"state": "approved"})
        request.action_submit()
        with self.assertRaises(UserError):
            request.write({"new_value": "3"})
        with self.assertRaises(UserError):
            request.unlink()
        request.action_reset_to_draft()
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.activity_ids)
        request.new_value = "3"
        request.unlink()

    def test_teacher_requests_from_the_form(self):
        with Form(self.env["school.journal.correction"].with_user(self.teacher)) as form:
            form.lesson_id = self.lesson_5a
            form.student_id = self.child
            self.assertEqual(form.old_value, "5")
            self.assertEqual(form.period_id, self.quarter_1)
            form.new_value = "4"
            form.reason = "Описка"
        request = form.record
        self.assertRecordValues(
            request, [{"state": "draft", "requested_by": self.teacher.id, "old_value": "5"}]
        )
        request.action_submit()
        for user in (self.teacher, self.class_teacher, self.archivist):
            lesson_form = Form(self.lesson_5a.with_user(user))
            self.assertEqual(len(lesson_form.correction_ids), 1, user.name)

    # the pickers of the form, as the subject teacher ---------------------------------------
    def _view_domain(self, model, field, user, subfield=None):
        """The domain the real form view gives a field (of a one2many's list when
        ``subfield``), as a string."""
        view = self.env[model].with_user(user).get_views([(False, "form")])["views"]["form"]
        node = etree.fromstring(view["arch"]).xpath(f"//field[@name='{field}']")[0]
        if subfield:
            node = node.xpath(f".//field[@name='{subfield}']")[0]
        return node.get("domain")

    def test_subject_teacher_picks_the_student_of_the_lesson_class(self):
        domain = self._view_domain("school.journal.correction", "student_id", self.teacher)
        with Form(self.env["school.journal.correction"].with_user(self.teacher)) as form:
            form.lesson_id = self.lesson_5a
            evaluated = safe_eval(domain, {"class_id": form.class_id.id})
            # the enrollments are not the subject teacher's to read: the old domain on
            # ``enrollment_ids.class_id`` raised an AccessError («loads forever»)
            found = self.env["school.student"].with_user(self.teacher).name_search("", evaluated)
            self.assertIn(self.child.id, [student_id for student_id, _name in found])
            self.assertNotIn(self.other_child.id, [student_id for student_id, _name in found])
            form.student_id = self.child
            form.new_value = "4"
            form.reason = "Описка"
        self.assertEqual(form.record.student_id, self.child)

    def test_the_lesson_tabs_pick_students_for_the_subject_teacher(self):
        for one2many in ("mark_ids", "attendance_ids"):
            domain = self._view_domain(
                "school.lesson", one2many, self.teacher, subfield="student_id"
            )
            evaluated = safe_eval(
                domain,
                {"parent": SimpleNamespace(study_group_id=False, class_id=self.class_5a.id)},
            )
            found = self.env["school.student"].with_user(self.teacher).name_search("", evaluated)
            self.assertIn(self.child.id, [student_id for student_id, _name in found], one2many)

    def test_lesson_picker_finds_lessons_by_what_is_typed(self):
        Lesson = self.env["school.lesson"].with_user(self.teacher)
        day = self.lesson_5a.date
        for typed in (
            day.strftime("%d.%m.%Y"),
            day.strftime("%d.%m"),
            str(day),
            self.class_5a.name,
            self.assignment_5a.subject_id.name[:4],
            f"{self.class_5a.name} {day.strftime('%d.%m')}",
        ):
            found = [lesson_id for lesson_id, _name in Lesson.name_search(typed, limit=100)]
            self.assertIn(self.lesson_5a.id, found, typed)
        self.assertFalse(Lesson.name_search("31.02"))
        other_day = (day.replace(day=1) if day.day != 1 else day.replace(day=2)).strftime(
            "%d.%m.%Y"
        )
        self.assertNotIn(
            self.lesson_5a.id, [lesson_id for lesson_id, _name in Lesson.name_search(other_day)]
        )
