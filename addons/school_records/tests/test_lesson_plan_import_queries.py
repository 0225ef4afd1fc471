import base64

from odoo.tests import tagged

from .common import SchoolRecordsCase


@tagged("post_install", "-at_install")
class TestLessonPlanImportQueries(SchoolRecordsCase):
    """The КТП import writes the plan set-based: the number of SQL queries of an import
    does not grow with the number of rows, whether the rows create lines or update them."""

    def _import(self, count, shift=0):
        rows = ["№;Тема;Часы;Неделя;Контрольная"]
        rows += [
            f"{number};Тема {number + shift};1;{number % 30 + 1};{'да' if number % 5 else 'нет'}"
            for number in range(1, count + 1)
        ]
        wizard = (
            self.env["school.lesson.plan.import"]
            .with_user(self.teacher)
            .create(
                {
                    "assignment_id": self.assignment_5a.id,
                    "file": base64.b64encode("\n".join(rows).encode()),
                    "file_name": "ktp.csv",
                    "accept_hours_difference": True,
                }
            )
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        wizard.action_import()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _queries(self, count):
        """Queries of a first import of `count` rows and of a second one updating them."""
        self.assignment_5a.plan_line_ids.unlink()
        created = self._import(count)
        updated = self._import(count, shift=1000)
        self.assertEqual(len(self.assignment_5a.plan_line_ids), count)
        self.assertEqual(
            self.assignment_5a.plan_line_ids.sorted("sequence")[-1].topic,
            f"Тема {count + 1000}",
        )
        return created, updated

    def test_queries_do_not_grow_with_the_rows(self):
        self._queries(2)  # the caches of the first import
        few = self._queries(5)
        many = self._queries(60)
        self.assertLessEqual(many[0], few[0] + 2, "creating lines: queries grow with the rows")
        self.assertLessEqual(many[1], few[1] + 2, "updating lines: queries grow with the rows")

    def test_the_lines_the_file_leaves_as_they_are_are_not_written(self):
        self.assignment_5a.plan_line_ids.unlink()
        self._import(4)
        lines = self.assignment_5a.plan_line_ids
        lines.invalidate_recordset()
        self.env.cr.execute(
            "UPDATE school_lesson_plan_line SET write_date = '2000-01-01' WHERE id IN %s",
            [tuple(lines.ids)],
        )
        self._import(4)
        lines.invalidate_recordset()
        self.assertEqual(set(lines.mapped("write_date")), {lines[0].write_date})
        self.assertEqual(lines[0].write_date.year, 2000)
