import base64
import io
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.school_records.tools.xlsx import new_workbook

from .common import SchoolFixture, SchoolRecordsCase
from .rpc_common import SchoolRpcCase

HEADER = (
    "Фамилия;Имя;Отчество;Дата рождения;Документ;Вид экзамена;Предмет;Уровень;"
    "Дата экзамена;Первичный балл;Тестовый балл;Отметка;Пересдача"
)
GOOD = [
    "Соколов;Илья;Андреевич;12.04.2020;;ОГЭ;Русский язык;;24.05.2036;31;;5;нет",
    "Соколов;Илья;Андреевич;;4510 777888;ОГЭ;Математика;;28.05.2036;20;;4;нет",
    "Орлова;Мария;;03.07.2020;;ГВЭ;История (тест);;20.09.2036;;;3;да",
]
# an ЕГЭ in the 9th grade, and no test score: the row 3 of the file is wrong
BAD = "Орлова;Мария;;03.07.2020;;ЕГЭ;Русский язык;;27.05.2036;40;;;нет"


def csv_file(*rows):
    return base64.b64encode("\n".join([HEADER, *rows]).encode())


class GiaFixture(SchoolFixture):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.class_9a = cls.env["school.class"].create(
            {
                "year_id": cls.year.id,
                "level": "9",
                "letter": "А",
                "class_teacher_id": cls.class_teacher.id,
            }
        )
        Student = cls.env["school.student"]
        cls.sokolov = Student.create(
            {
                "last_name": "Соколов",
                "first_name": "Илья",
                "middle_name": "Андреевич",
                "birth_date": date(2020, 4, 12),
                "identity_document": "Паспорт 4510 777888, выдан 01.05.2034",
            }
        )
        cls.orlova = Student.create(
            {"last_name": "Орлова", "first_name": "Мария", "birth_date": date(2020, 7, 3)}
        )
        for student in cls.sokolov | cls.orlova:
            cls.env["school.enrollment"].create(
                {
                    "student_id": student.id,
                    "class_id": cls.class_9a.id,
                    "date_from": date(2035, 9, 1),
                }
            )

    def _import(self, content, user=None, name="rcoi.csv"):
        wizard = (
            self.env["school.gia.import"]
            .with_user(user or self.secretary)
            .create({"year_id": self.year.id, "file": content, "file_name": name})
        )
        return wizard.action_import()


@tagged("post_install", "-at_install")
class TestGiaImport(GiaFixture, SchoolRecordsCase):
    def test_import_stores_each_result_as_the_protocol_gives_it(self):
        action = self._import(csv_file(*GOOD))
        protocol = self.env["school.gia.protocol"].browse(action["res_id"])
        self.assertEqual(protocol.imported_by_id, self.secretary)
        self.assertEqual(protocol.file_name, "rcoi.csv")
        self.assertTrue(protocol.file)
        results = protocol.result_ids.sorted(lambda r: (r.student_id.name, r.exam_date))
        got = [
            (
                r.student_id,
                r.level,
                r.form,
                r.exam_subject,
                r.subject_id,
                r.exam_date,
                r.primary_points,
                r.value_id.code,
                r.is_retake,
            )
            for r in results
        ]
        self.assertEqual(
            got,
            [
                (
                    self.orlova,
                    "basic",
                    "gve",
                    "other",
                    self.history,
                    date(2036, 9, 20),
                    0,
                    "3",
                    True,
                ),
                (
                    self.sokolov,
                    "basic",
                    "oge",
                    "russian",
                    self.math.browse(),
                    date(2036, 5, 24),
                    31,
                    "5",
                    False,
                ),
                (
                    self.sokolov,
                    "basic",
                    "oge",
                    "mathematics",
                    self.math.browse(),
                    date(2036, 5, 28),
                    20,
                    "4",
                    False,
                ),
            ],
        )
        # a corrected protocol (after an appeal) replaces the result of the same exam
        self._import(
            csv_file("Соколов;Илья;Андреевич;12.04.2020;;ОГЭ;Математика;;28.05.2036;25;;5;нет"),
            name="rcoi-appeal.csv",
        )
        results = self.env["school.gia.result"].search([("student_id", "=", self.sokolov.id)])
        self.assertEqual(len(results), 2)
        maths = results.filtered(lambda r: r.exam_subject == "mathematics")
        self.assertEqual((maths.primary_points, maths.value_id.code), (25, "5"))
        self.assertEqual(maths.protocol_id.file_name, "rcoi-appeal.csv")

    def test_xlsx_protocol_with_english_headers(self):
        output = io.BytesIO()
        book = new_workbook(self.env, output)
        sheet = book.add_worksheet("РЦОИ")
        rows = [
            ["Protocol of the РЦОИ"],
            ["Last name", "First name", "Document", "Exam kind", "Subject", "Exam date", "Mark"],
            ["Соколов", "Илья", "4510 777888", "ОГЭ", "Русский язык", "24.05.2036", "4"],
        ]
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
        book.close()
        self._import(base64.b64encode(output.getvalue()), name="rcoi.xlsx")
        result = self.env["school.gia.result"].search([("student_id", "=", self.sokolov.id)])
        self.assertRecordValues(
            result,
            [
                {
                    "form": "oge",
                    "exam_subject": "russian",
                    "exam_date": date(2036, 5, 24),
                    "value_id": self.mark_4.id,
                    "is_retake": False,
                }
            ],
        )

    def test_a_bad_row_writes_nothing(self):
        with self.assertRaises(UserError) as caught:
            self._import(csv_file(GOOD[0], BAD, GOOD[2]))
        message = str(caught.exception)
        self.assertIn("Row 3:", message)
        self.assertIn("not in a grade that takes this exam", message)
        self.assertNotIn("Row 2:", message)
        self.assertNotIn("Row 4:", message)
        self.assertFalse(
            self.env["school.gia.result"].search(
                [("student_id", "in", (self.sokolov | self.orlova).ids)]
            )
        )
        self.assertFalse(self.env["school.gia.protocol"].search([("file_name", "=", "rcoi.csv")]))

    def test_unknown_student_and_ambiguous_rows_are_named(self):
        rows = [
            "Соколов;Илья;;01.01.2019;;ОГЭ;Русский язык;;24.05.2036;31;;5;нет",
            "Орлова;Мария;;;;ОГЭ;Русский язык;;24.05.2036;31;;5;нет",
            "Орлова;Мария;;03.07.2020;;ОГЭ;Кулинария;;24.05.2036;31;;5;нет",
            "Орлова;Мария;;03.07.2020;;ОГЭ;Русский язык;;24.05.2036;31;;7;может быть",
        ]
        with self.assertRaises(UserError) as caught:
            self._import(csv_file(*rows))
        message = str(caught.exception)
        self.assertIn("Row 2: no student Соколов Илья with this birth date or document", message)
        self.assertIn(
            "Row 3: identify the student by the birth date or the document number", message
        )
        self.assertIn("Row 4: the subject «Кулинария» is not in the curriculum", message)
        self.assertIn("Row 5: the mark «7» is not 2, 3, 4 or 5", message)
        self.assertIn("Row 5: the retake flag «может быть» is not да or нет", message)
        self.assertFalse(
            self.env["school.gia.result"].search([("student_id", "=", self.orlova.id)])
        )

    def test_teacher_cannot_import(self):
        with self.assertRaises(AccessError):
            self._import(csv_file(*GOOD), user=self.teacher)
        with self.assertRaises(AccessError):
            self._import(csv_file(*GOOD), user=self.class_teacher)


@tagged("post_install", "-at_install")
class TestGiaImportRpc(GiaFixture, SchoolRpcCase):
    def test_import_refused_to_a_teacher_and_results_read_by_scope(self):
        content = csv_file(*GOOD).decode()
        for user in (self.teacher, self.class_teacher):
            self.assertRpcForgeryRefused(
                user,
                "school.gia.import",
                "create",
                {"year_id": self.year.id, "file": content, "file_name": "x.csv"},
            )
        self.assertFalse(
            self.env["school.gia.result"].search([("student_id", "=", self.sokolov.id)])
        )
        # the deputy imports through the wizard
        wizard_id = self.rpc(
            self.deputy,
            "school.gia.import",
            "create",
            {"year_id": self.year.id, "file": content, "file_name": "x.csv"},
        )
        self.rpc(self.deputy, "school.gia.import", "action_import", [wizard_id])
        results = self.env["school.gia.result"].search([("student_id", "=", self.sokolov.id)])
        self.assertEqual(len(results), 2)
        # nobody writes a result by hand, nor creates one
        self.assertRpcForgeryRefused(
            self.secretary, "school.gia.result", "write", results.ids, {"points": 99}
        )
        self.assertRpcForgeryRefused(
            self.deputy,
            "school.gia.result",
            "create",
            {
                "student_id": self.orlova.id,
                "year_id": self.year.id,
                "level": "basic",
                "form": "oge",
                "exam_subject": "russian",
                "value_id": self.mark_5.id,
            },
        )
        self.assertEqual(results.mapped("points"), [0, 0])
        # the class teacher of the class reads them; a subject teacher and a parent do not
        rows = self.rpc(self.class_teacher, "school.gia.result", "search_read", [], ["student_id"])
        self.assertEqual(len(rows), 3)
        self.assertRpcRefused(self.teacher, "school.gia.result", "search_read", [], ["points"])
        self.assertRpcRefused(self.parent, "school.gia.result", "read", results.ids, ["points"])
        self.assertRpcRefused(self.parent, "school.gia.protocol", "search_read", [], ["file"])
