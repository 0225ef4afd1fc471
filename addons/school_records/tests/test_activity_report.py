import base64
import io
from datetime import date, datetime, timedelta

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestActivityReport(SchoolRecordsCase):
    """The users' activity by month, read back from the XLSX: the figures are the
    logins and entries made below, by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = date.today()
        cls.this_month = today.replace(day=1)
        cls.last_month = cls.this_month - relativedelta(months=1)
        Log = cls.env["school.login.log"]
        # the teacher logged in twice last month and once this month (through Odoo's hook)
        Log.create(
            [
                {"user_id": cls.teacher.id, "login_on": datetime(d.year, d.month, 3, 8)}
                for d in (cls.last_month, cls.last_month)
            ]
        )
        cls.teacher.with_user(cls.teacher)._update_last_login()
        cls.parent.with_user(cls.parent)._update_last_login()
        # this month the teacher enters two marks and one absence, the parent acknowledges
        lesson = cls._lesson(cls.assignment_5a, date(2035, 9, 15), 1)
        Mark = cls.env["school.mark"].with_user(cls.teacher)
        Mark.create(
            [
                {"lesson_id": lesson.id, "student_id": s.id, "value_id": cls.mark_5.id}
                for s in (cls.child, cls.classmate)
            ]
        )
        cls.env["school.attendance"].with_user(cls.teacher).create(
            {"lesson_id": lesson.id, "student_id": cls.classmate.id, "kind": "absent"}
        )
        cls.env["school.diary.acknowledgement"].with_user(cls.parent)._acknowledge(
            cls.child, date(2035, 9, 15)
        )

    def _workbook(self, user=None):
        wizard = (
            self.env["school.activity.report"]
            .with_user(user or self.deputy)
            .create({"date_from": self.last_month, "date_to": date.today() + timedelta(days=1)})
        )
        wizard.action_print()
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))

    @staticmethod
    def _month(day):
        names = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август")
        names += ("Сентябрь", "Октябрь", "Ноябрь", "Декабрь")
        return f"{names[day.month - 1]} {day.year}"

    def _rows(self, sheet):
        headers = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
        return [
            dict(
                zip(
                    headers,
                    (sheet.cell(r, c).value for c in range(1, len(headers) + 1)),
                    strict=True,
                )
            )
            for r in range(4, sheet.max_row + 1)
        ]

    def test_each_user_by_month(self):
        rows = {
            (row["Пользователь"], row["Месяц"]): row
            for row in self._rows(self._workbook()["Пользователи"])
        }
        before = rows[self.teacher.name, self._month(self.last_month)]
        self.assertEqual(before["Роль"], "Сотрудники школы")
        self.assertEqual((before["Входов"], before["Отметок"]), (2, 0))
        now = rows[self.teacher.name, self._month(self.this_month)]
        self.assertEqual((now["Входов"], now["Отметок"], now["Отметок о пропусках"]), (1, 2, 1))
        parent = rows[self.parent.name, self._month(self.this_month)]
        self.assertEqual(parent["Роль"], "Родители")
        self.assertEqual((parent["Входов"], parent["Подтверждений просмотра дневника"]), (1, 1))
        self.assertNotIn((self.student_user.name, self._month(self.this_month)), rows)

    def test_summary_by_role(self):
        rows = {(row["Месяц"], row["Роль"]): row for row in self._rows(self._workbook()["Сводка"])}
        staff = rows[self._month(self.this_month), "Сотрудники школы"]
        self.assertEqual((staff["Отметок"], staff["Отметок о пропусках"]), (2, 1))
        parents = rows[self._month(self.this_month), "Родители"]
        self.assertEqual(
            (parents["Активных пользователей"], parents["Подтверждений просмотра дневника"]),
            (1, 1),
        )
        self.assertEqual(rows[self._month(self.this_month), "Обучающиеся"]["Входов"], 0)

    def test_only_the_deputy_and_the_director(self):
        self._workbook(user=self.director)
        with self.assertRaises(AccessError):
            self._workbook(user=self.class_teacher)


@tagged("post_install", "-at_install")
class TestLoginLog(HttpCase):
    def test_a_real_login_is_logged(self):
        user = new_test_user(self.env, login="t_logger", groups="school_records.group_teacher")
        self.authenticate("t_logger", "t_logger")
        self.authenticate("t_logger", "t_logger")
        logs = self.env["school.login.log"].search([("user_id", "=", user.id)])
        self.assertEqual(len(logs), 2)
