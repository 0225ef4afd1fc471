import base64
import io

import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SchoolFixture, SchoolRecordsCase
from .rpc_common import SchoolRpcCase

MODEL = "school.uud.assessment"


class UudFixture(SchoolFixture):
    """5А (basic level, ООО): its class teacher and the maths teacher assess two actions
    of the school's list; 6Б has one line of its own maths teacher."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goal = cls.env.ref("school_records.uud_ooo_regulatory_1")
        cls.reading = cls.env.ref("school_records.uud_ooo_cognitive_3")
        cls.primary = cls.env.ref("school_records.uud_noo_regulatory_1")
        cls.line_6b = (
            cls.env[MODEL]
            .with_user(cls.other_teacher)
            .create(
                {
                    "student_id": cls.other_child.id,
                    "class_id": cls.class_6b.id,
                    "uud_id": cls.goal.id,
                    "subject_id": cls.math.id,
                    "level": "medium",
                }
            )
            .sudo()
        )

    def _grid(self, user, subject=None):
        wizard = (
            self.env["school.uud.entry"]
            .with_user(user)
            .create({"class_id": self.class_5a.id, "subject_id": subject.id if subject else False})
        )
        action = wizard.action_open()
        return self.env[MODEL].with_user(user).search(action["domain"])


@tagged("post_install", "-at_install")
class TestUud(UudFixture, SchoolRecordsCase):
    def test_the_default_list_covers_every_level_and_kind(self):
        Uud = self.env["school.uud"]
        for level in ("noo", "ooo", "soo"):
            for kind in ("regulatory", "cognitive", "communicative", "personal"):
                self.assertTrue(
                    Uud.search_count([("education_level", "=", level), ("kind", "=", kind)]),
                    f"{level}/{kind}",
                )

    def test_class_teacher_grid(self):
        lines = self._grid(self.class_teacher)
        actions = self.env["school.uud"].search_count([("education_level", "=", "ooo")])
        # two students of 5А × every action of the basic level, the class teacher's own
        self.assertEqual(len(lines), 2 * actions)
        self.assertEqual(set(lines.student_id.ids), {self.child.id, self.classmate.id})
        self.assertEqual(lines.assessor_id, self.class_teacher)
        self.assertFalse(lines.subject_id)
        self.assertEqual(set(lines.mapped("level")), {False})
        # opening it again adds nothing
        self.assertEqual(len(self._grid(self.class_teacher)), 2 * actions)

    def test_subject_teacher_grid_only_for_their_subject(self):
        lines = self._grid(self.teacher, self.math)
        self.assertEqual(lines.subject_id, self.math)
        with self.assertRaises(AccessError):
            self._grid(self.teacher, self.history)
        with self.assertRaises(AccessError):
            # not the class teacher: no class teacher's lines
            self._grid(self.teacher)

    def test_levels_and_students_are_checked(self):
        with self.assertRaises(ValidationError):
            self.env[MODEL].with_user(self.class_teacher).create(
                {
                    "student_id": self.other_child.id,
                    "class_id": self.class_5a.id,
                    "uud_id": self.goal.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env[MODEL].with_user(self.class_teacher).create(
                {
                    "student_id": self.child.id,
                    "class_id": self.class_5a.id,
                    "uud_id": self.primary.id,
                }
            )

    def test_summary_shares(self):
        """Hand-made figures: «goal» — Петя high, Глеб low (50 % / 0 % / 50 %);
        «reading» — Петя medium, Глеб not assessed yet (1 assessed: 0 / 100 / 0)."""
        lines = self._grid(self.class_teacher)

        def line(student, uud):
            return lines.filtered(lambda a: a.student_id == student and a.uud_id == uud)

        line(self.child, self.goal).level = "high"
        line(self.classmate, self.goal).level = "low"
        line(self.child, self.reading).level = "medium"
        summary = (
            self.env["school.uud.summary"]
            .with_user(self.deputy)
            .create({"year_id": self.year.id, "class_ids": [(6, 0, self.class_5a.ids)]})
        )
        rows = {
            uud: (n, shares)
            for uud, n, shares in summary._summary_table(self.class_5a)[self.class_5a]
        }
        self.assertEqual(rows[self.goal], (2, {"high": 50.0, "medium": 0.0, "low": 50.0}))
        self.assertEqual(rows[self.reading], (1, {"high": 0.0, "medium": 100.0, "low": 0.0}))
        summary.action_print()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(summary.file_data)))
        sheet = book[self.class_5a.name]
        found = {row[1]: row[2:6] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}
        self.assertEqual(found[self.goal.name], (2, 50, 0, 50))
        self.assertEqual(found[self.reading.name], (1, 0, 100, 0))

    def test_the_summary_is_the_deputys(self):
        with self.assertRaises(AccessError):
            self.env["school.uud.summary"].with_user(self.class_teacher).create(
                {"year_id": self.year.id}
            )


@tagged("post_install", "-at_install")
class TestUudRpc(UudFixture, SchoolRpcCase):
    def test_teacher_cannot_assess_another_class(self):
        # the 5А maths teacher does not teach 6Б
        self.assertRpcForgeryRefused(
            self.teacher,
            MODEL,
            "create",
            {
                "student_id": self.sibling.id,
                "class_id": self.class_6b.id,
                "uud_id": self.goal.id,
                "subject_id": self.math.id,
                "level": "high",
            },
        )
        self.assertRpcForgeryRefused(
            self.teacher, MODEL, "write", self.line_6b.ids, {"level": "low"}
        )
        self.assertRpcRefused(self.teacher, MODEL, "unlink", self.line_6b.ids)
        self.assertEqual(self.line_6b.level, "medium")
        self.assertEqual(self.env[MODEL].search_count([("class_id", "=", self.class_6b.id)]), 1)

    def test_subject_teacher_cannot_write_the_class_teachers_line(self):
        line = (
            self.env[MODEL]
            .with_user(self.class_teacher)
            .create(
                {
                    "student_id": self.child.id,
                    "class_id": self.class_5a.id,
                    "uud_id": self.goal.id,
                    "level": "high",
                }
            )
        )
        # the history teacher of 5А reads the class's lines but writes only history ones
        self.assertRpcForgeryRefused(self.other_teacher, MODEL, "write", line.ids, {"level": "low"})
        self.assertRpcForgeryRefused(
            self.other_teacher,
            MODEL,
            "create",
            {
                "student_id": self.classmate.id,
                "class_id": self.class_5a.id,
                "uud_id": self.goal.id,
                "level": "low",
            },
        )
        self.assertEqual(line.sudo().level, "high")
        self.assertEqual(line.sudo().assessor_id, self.class_teacher)

    def test_assessor_is_who_writes(self):
        line_id = self.rpc(
            self.teacher,
            MODEL,
            "create",
            {
                "student_id": self.child.id,
                "class_id": self.class_5a.id,
                "uud_id": self.reading.id,
                "subject_id": self.math.id,
                "level": "high",
                "assessor_id": self.deputy.id,
            },
        )
        line = self.env[MODEL].browse(line_id)
        self.assertEqual(line.assessor_id, self.teacher)
        self.rpc(self.teacher, MODEL, "write", [line_id], {"assessor_id": self.deputy.id})
        self.assertEqual(line.assessor_id, self.teacher)

    def test_family_reads_no_assessment_over_rpc(self):
        for user in (self.parent, self.student_user):
            self.assertRpcRefused(user, MODEL, "search_read", [], ["level"])
        self.assertRpcRefused(
            self.parent, "school.uud.summary", "create", {"year_id": self.year.id}
        )
