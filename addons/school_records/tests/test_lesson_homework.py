import base64

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SchoolFixture, SchoolRecordsCase
from .rpc_common import SchoolRpcCase

MODEL = "school.lesson.homework"
COMMON = "Учебник, § 5, № 1–4"


class HomeworkFixture(SchoolFixture):
    """The 5А maths lesson with common homework, an individual one for the child and
    another for the classmate, written by the lesson's teacher on the lesson's form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lesson_5a.homework = COMMON
        cls.lesson_5a.with_user(cls.teacher).write(
            {
                "individual_homework_ids": [
                    Command.create(
                        {"student_ids": [Command.set(cls.child.ids)], "text": "Для Пети"}
                    ),
                    Command.create(
                        {"student_ids": [Command.set(cls.classmate.ids)], "text": "Для Глеба"}
                    ),
                ]
            }
        )
        cls.homework_child, cls.homework_classmate = cls.lesson_5a.individual_homework_ids


@tagged("post_install", "-at_install")
class TestLessonHomework(HomeworkFixture, SchoolRecordsCase):
    def test_homework_for_a_student(self):
        texts = [(h["text"], h["individual"]) for h in self.lesson_5a._homework_for(self.child)]
        self.assertEqual(texts, [(COMMON, False), ("Для Пети", True)])
        texts = [h["text"] for h in self.lesson_5a._homework_for(self.classmate)]
        self.assertEqual(texts, [COMMON, "Для Глеба"])
        self.assertEqual(self.lesson_6b._homework_for(self.other_child), [])

    def test_only_students_of_the_lesson(self):
        with self.assertRaises(ValidationError):
            self.env[MODEL].with_user(self.teacher).create(
                {
                    "lesson_id": self.lesson_5a.id,
                    "student_ids": [Command.set(self.other_child.ids)],
                    "text": "Чужой ученик",
                }
            )

    def test_another_teacher_cannot_write_it(self):
        with self.assertRaises(AccessError):
            self.env[MODEL].with_user(self.other_teacher).create(
                {
                    "lesson_id": self.lesson_5a.id,
                    "student_ids": [Command.set(self.child.ids)],
                    "text": "Не мой урок",
                }
            )
        with self.assertRaises(AccessError):
            self.homework_child.with_user(self.other_teacher).text = "Не мой урок"

    def test_files_are_uploads_to_the_homework_only(self):
        foreign = self.env["ir.attachment"].create(
            {
                "name": "archive.pdf",
                "datas": base64.b64encode(b"secret"),
                "res_model": "school.student",
                "res_id": self.child.id,
            }
        )
        with self.assertRaises(AccessError):
            self.homework_child.with_user(self.teacher).write(
                {"attachment_ids": [Command.link(foreign.id)]}
            )
        upload = (
            self.env["ir.attachment"]
            .with_user(self.teacher)
            .create({"name": "tasks.pdf", "datas": base64.b64encode(b"tasks")})
        )
        self.homework_child.with_user(self.teacher).write(
            {"attachment_ids": [Command.link(upload.id)]}
        )
        self.assertRecordValues(
            upload.sudo(), [{"res_model": MODEL, "res_id": self.homework_child.id}]
        )
        files = self.lesson_5a._homework_for(self.child)[1]["attachments"]
        self.assertEqual(files, upload)
        self.assertTrue(self.lesson_5a._is_homework_file_for(self.child, upload))
        self.assertFalse(self.lesson_5a._is_homework_file_for(self.classmate, upload))
        self.assertFalse(self.lesson_5a._is_homework_file_for(self.child, foreign))


@tagged("post_install", "-at_install")
class TestLessonHomeworkRpc(HomeworkFixture, SchoolRpcCase):
    def test_family_reads_only_its_childs_homework(self):
        for user in (self.parent, self.student_user):
            rows = self.rpc(user, MODEL, "search_read", [], ["text"])
            self.assertEqual([row["text"] for row in rows], ["Для Пети"])
            self.assertRpcRefused(user, MODEL, "read", self.homework_classmate.ids, ["text"])
            self.assertRpcRefused(
                user, MODEL, "write", self.homework_child.ids, {"text": "Сделано"}
            )
        self.assertEqual(self.homework_child.text, "Для Пети")

    def test_other_teacher_cannot_read_or_write(self):
        rows = self.rpc(self.other_teacher, MODEL, "search_read", [], ["text"])
        self.assertEqual(rows, [])
        self.assertRpcRefused(
            self.other_teacher, MODEL, "write", self.homework_child.ids, {"text": "x"}
        )
        self.assertEqual(self.homework_child.text, "Для Пети")
        self.rpc(self.teacher, MODEL, "write", self.homework_child.ids, {"text": "Исправлено"})
        self.assertEqual(self.homework_child.text, "Исправлено")
