from odoo.tests import Form, tagged

from .common import SchoolRecordsCase

SCHOOL_ROOT_MENU = "school_records.school_records_menu_root"


@tagged("post_install", "-at_install")
class TestBackOffice(SchoolRecordsCase):
    """Each role opens the school's menus as the web client does: the menu tree, each
    window action's views, and its first page of records."""

    def _school_menus(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        root = self.env.ref(SCHOOL_ROOT_MENU).id
        if root not in menus:
            return {}
        found, todo = {}, list(menus[root]["children"])
        while todo:
            menu = menus[todo.pop()]
            todo.extend(menu["children"])
            if menu["action"]:
                found[menu["xmlid"]] = menu["action"]
        return found

    def _open(self, user, action_ref):
        model, action_id = action_ref.split(",")
        action = self.env[model].browse(int(action_id)).sudo()
        if model != "ir.actions.act_window":
            return
        records = self.env[action.res_model].with_user(user)
        views = [(view.view_id.id, view.view_mode) for view in action.view_ids] or [
            (False, mode) for mode in action.view_mode.split(",")
        ]
        result = records.get_views(views + [(False, "search")])
        fields = result["models"][action.res_model]["fields"]
        specification = {
            name: {} for name in fields if fields[name]["type"] not in ("one2many", "many2many")
        }
        records.web_search_read([], specification, limit=80)

    def test_every_role_opens_every_school_menu(self):
        roles = {
            "teacher": self.teacher,
            "class teacher": self.class_teacher,
            "deputy": self.deputy,
            "director": self.director,
            "secretary": self.secretary,
            "archivist": self.archivist,
        }
        for role, user in roles.items():
            with self.subTest(role=role):
                menus = self._school_menus(user)
                self.assertIn("school_records.school_student_menu", menus, role)
                for xmlid, action_ref in menus.items():
                    with self.subTest(role=role, menu=xmlid):
                        self._open(user, action_ref)

    def test_menus_follow_the_roles(self):
        teacher_menus = self._school_menus(self.teacher)
        self.assertIn("school_records.school_journal_grid_menu", teacher_menus)
        self.assertNotIn("school_records.school_enrollment_menu", teacher_menus)
        self.assertNotIn("school_records.school_academic_year_menu", teacher_menus)
        secretary_menus = self._school_menus(self.secretary)
        self.assertIn("school_records.school_enrollment_menu", secretary_menus)
        self.assertNotIn("school_records.school_mark_menu", secretary_menus)
        self.assertIn("school_records.school_academic_year_menu", self._school_menus(self.deputy))
        self.assertEqual(self._school_menus(self.employee), {})

    def test_personal_data_page_only_for_roles_that_need_it(self):
        def form_fields(user):
            arch = self.env["school.student"].with_user(user).get_views([(False, "form")])
            return arch["models"]["school.student"]["fields"]

        self.assertNotIn("snils", form_fields(self.teacher))
        self.assertIn("snils", form_fields(self.class_teacher))
        self.assertIn("snils", form_fields(self.secretary))

    def test_secretary_enrolls_a_student_through_the_form(self):
        form = Form(self.env["school.student"].with_user(self.secretary))
        form.last_name = "Новикова"
        form.first_name = "Дарья"
        form.middle_name = "Игоревна"
        form.guardian_ids.add(self.parent_partner)
        with form.enrollment_ids.new() as enrollment:
            enrollment.class_id = self.class_6b
            enrollment.date_from = self.year.date_start
            enrollment.arrival_reason = "admission"
        student = form.save()
        # enrolled from 1 September 2035: not yet studying today
        self.assertRecordValues(student, [{"name": "Новикова Дарья Игоревна", "state": "new"}])
        self.assertEqual(student.enrollment_ids.class_id, self.class_6b)

    def test_teacher_fills_a_lesson_through_its_form(self):
        form = Form(self.lesson_5a.with_user(self.teacher))
        form.topic = "Десятичные дроби"
        form.homework = "№ 12, 14"
        form.attendance_taken = True
        form.save()
        self.assertRecordValues(
            self.lesson_5a, [{"topic": "Десятичные дроби", "attendance_taken": True}]
        )
