"""The access matrix of ``security/README.md``, checked from the table itself.

Each cell of the table names rights (read, write, create) over scopes (all, own
assignments, own class, taught, own children, themself). For every row and role the test
computes, from the fixture's own facts and not from the record rules, which records each
scope holds; then it asks Odoo, as that user, whether the rights hold on exactly those
records: readable where the cell gives read, writable where it gives write, and neither
read nor written anywhere outside the role's scopes. A rule changed without the document,
or the document without the rule, fails here.
"""

import re
from datetime import date
from pathlib import Path

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import tagged

from .common import SchoolRecordsCase

ROLE_USERS = {
    "Teacher": ("teacher",),
    "Class teacher": ("class_teacher",),
    "Deputy / Director": ("deputy", "director"),
    "Secretary": ("secretary",),
    "Archivist": ("archivist",),
    "Parent (portal)": ("parent",),
    "Student (portal)": ("student_user",),
    "Other employees": ("employee",),
}
SCOPES = {"all", "own assignments", "own class", "taught", "own children", "themself"}
RIGHTS = {"read", "write", "create"}
CLAUSE = re.compile(r"^(?P<rights>[a-z, ]+?)\s*\((?P<scope>[a-z ]+)\)$")


class _Rollback(Exception):
    pass


def read_matrix():
    """{row label: {role: [(rights, scope), ...]}} from security/README.md."""
    readme = Path(get_module_path("school_records")).parents[1] / "security" / "README.md"
    lines = [line.strip() for line in readme.read_text(encoding="utf-8").splitlines()]
    table = [line for line in lines if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    matrix = {}
    for line in table[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        matrix[cells[0]] = {
            role: parse_cell(cell) for role, cell in zip(header[1:], cells[1:], strict=True)
        }
    return matrix


def parse_cell(cell):
    if cell in ("—", "-"):
        return []
    clauses = []
    for text in cell.split(";"):
        match = CLAUSE.match(text.strip())
        if not match:
            raise ValueError(f"security/README.md: cannot read the clause {text!r}")
        rights = {right.strip() for right in match["rights"].split(",")}
        scope = match["scope"].strip()
        if not rights <= RIGHTS or scope not in SCOPES:
            raise ValueError(f"security/README.md: unknown right or scope in {text!r}")
        clauses.append((frozenset(rights), scope))
    return clauses


@tagged("post_install", "-at_install")
class TestAccessMatrix(SchoolRecordsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a class teacher who also teaches in another class, and a deputy who teaches:
        # the scopes «own class», «taught» and «own assignments» then differ
        cls.physics = cls.env["school.subject"].create({"name": "Физика (матрица)"})
        cls.assignment_6b_class_teacher = cls.env["school.teaching.assignment"].create(
            {
                "class_id": cls.class_6b.id,
                "subject_id": cls.history.id,
                "teacher_id": cls.class_teacher.id,
            }
        )
        cls.assignment_6b_deputy = cls.env["school.teaching.assignment"].create(
            {"class_id": cls.class_6b.id, "subject_id": cls.physics.id, "teacher_id": cls.deputy.id}
        )
        cls.lesson_6b_class_teacher = cls._lesson(
            cls.assignment_6b_class_teacher, date(2035, 9, 7), 3
        )
        cls.lesson_6b_deputy = cls._lesson(cls.assignment_6b_deputy, date(2035, 9, 7), 4)
        cls.mark_6b_class_teacher = cls._mark(
            cls.lesson_6b_class_teacher, cls.other_child, cls.mark_5
        )
        cls.mark_6b_deputy = cls._mark(cls.lesson_6b_deputy, cls.other_child, cls.mark_4)
        # corrections of the day leave the journal audit rows the matrix checks
        (
            cls.mark_child | cls.mark_other_child | cls.mark_6b_class_teacher | cls.mark_6b_deputy
        ).write({"value_id": cls.mark_2.id})
        cls.absence_6b = cls.env["school.attendance"].create(
            {"lesson_id": cls.lesson_6b.id, "student_id": cls.other_child.id, "kind": "ill"}
        )
        PlanLine = cls.env["school.lesson.plan.line"]
        cls.plan_lines = PlanLine.create(
            [
                {"assignment_id": assignment.id, "sequence": 1, "topic": "Тема 1"}
                for assignment in (
                    cls.assignment_5a,
                    cls.assignment_5a_history,
                    cls.assignment_6b,
                    cls.assignment_6b_class_teacher,
                    cls.assignment_6b_deputy,
                )
            ]
        )
        cls.curriculum_line = cls.env["school.curriculum.line"].create(
            {"year_id": cls.year.id, "level": "5", "subject_id": cls.math.id, "hours_per_week": 5}
        )
        cls.newcomer = cls.env["school.student"].create(
            {"last_name": "Соколов", "first_name": "Ян"}
        )
        cls.matrix = read_matrix()

    # what each scope holds, from the fixture's facts ---------------------------------------
    def _children(self, user):
        return self.env["school.student"].search([("family_partner_ids", "in", user.partner_id.id)])

    def _classes_taught(self, user):
        return (
            self.env["school.teaching.assignment"].search([("teacher_id", "=", user.id)]).class_id
        )

    def _students_of(self, classes):
        return self.env["school.enrollment"].search([("class_id", "in", classes.ids)]).student_id

    def _in_scope(self, user, scope, record, facts):
        """``facts(record)`` → (teachers, class, students) of a record."""
        teachers, school_class, students = facts(record)
        if scope == "all":
            return True
        if scope == "own assignments":
            return user in teachers
        if scope == "own class":
            return school_class.class_teacher_id == user
        if scope == "taught":
            return bool(students & self._students_of(self._classes_taught(user)))
        if scope == "own children":
            return bool(students & self._children(user))
        if scope == "themself":
            return user.partner_id in students.partner_id
        raise AssertionError(scope)

    @staticmethod
    def _journal_facts(record):
        lesson = record if record._name == "school.lesson" else record.lesson_id
        if record._name == "school.lesson":
            students = lesson.class_id.enrollment_ids.student_id
        else:
            students = record.student_id
        return lesson.assignment_id.teacher_id, lesson.class_id, students

    def _student_facts(self, student):
        classes = student.enrollment_ids.class_id
        return self.env["res.users"], classes, student

    def _personal(self, students):
        """The students' personal data, kept in their own model behind its own rules."""
        Personal = self.env["school.student.personal"]
        missing = students - Personal.search([("student_id", "in", students.ids)]).student_id
        Personal.create([{"student_id": student.id} for student in missing])
        return Personal.search([("student_id", "in", students.ids)])

    def _personal_facts(self, personal):
        return self._student_facts(personal.student_id)

    def _enrollment_facts(self, enrollment):
        return self.env["res.users"], enrollment.class_id, enrollment.student_id

    @staticmethod
    def _plan_facts(line):
        return (
            line.assignment_id.teacher_id,
            line.assignment_id.class_id,
            line.env["school.student"],
        )

    @staticmethod
    def _audit_facts(audit):
        return audit.assignment_id.teacher_id, audit.assignment_id.class_id, audit.student_id

    @staticmethod
    def _assignment_facts(assignment):
        students = assignment.class_id.enrollment_ids.student_id
        return assignment.teacher_id, assignment.class_id, students

    @staticmethod
    def _everyone(record):
        return record.env["res.users"], record.env["school.class"], record.env["school.student"]

    # the rows --------------------------------------------------------------------------------
    def _rows(self):
        journal = (
            self.lesson_5a
            | self.lesson_5a_history
            | self.lesson_6b
            | self.lesson_6b_class_teacher
            | self.lesson_6b_deputy
        )
        marks = self.mark_child | self.mark_other_child | self.mark_6b_class_teacher
        marks |= self.mark_6b_deputy
        students = self.child | self.classmate | self.sibling | self.other_child
        audits = self.env["school.journal.audit"].search(
            [("lesson_id", "in", journal.ids), ("student_id", "!=", False)]
        )
        return {
            "Lessons, marks, absences": [
                (journal, self._journal_facts, {"topic": "Матрица"}, None),
                (marks, self._journal_facts, {"comment": "Матрица"}, None),
                (
                    self.absence_child | self.absence_6b,
                    self._journal_facts,
                    {"kind": "late"},
                    None,
                ),
            ],
            "Lesson plans (КТП)": [(self.plan_lines, self._plan_facts, {"topic": "Тема 2"}, None)],
            "Absence reasons (ill, excused)": [
                (
                    self.absence_child | self.absence_6b,
                    self._journal_facts,
                    {"kind": "excused", "comment": "Матрица"},
                    None,
                ),
            ],
            "Students: name and class": [
                (
                    students,
                    self._student_facts,
                    {"first_name": "Матвей"},
                    {"last_name": "Новиков", "first_name": "Лев"},
                )
            ],
            "Students: personal data (birth date, SNILS, document, address, health)": [
                (self._personal(students), self._personal_facts, {"address": "ул. Мира, 2"}, None)
            ],
            "Enrollments (movement)": [
                (
                    students.enrollment_ids,
                    self._enrollment_facts,
                    {"arrival_order": "Приказ № 1"},
                    {
                        "student_id": self.newcomer.id,
                        "class_id": self.class_6b.id,
                        "date_from": "2035-10-01",
                    },
                )
            ],
            "Journal audit": [(audits, self._audit_facts, None, None)],
            "Years, periods, classes, subjects, work types, mark scale": [
                (record, self._everyone, None, None)
                for record in (
                    self.year,
                    self.quarter_1,
                    self.class_5a,
                    self.math,
                    self.env["school.work.type"].search([], limit=1),
                    self.mark_5,
                )
            ],
            "Curriculum": [(self.curriculum_line, self._everyone, {"hours_per_week": 4}, None)],
            "Teaching assignments (who teaches what)": [
                (
                    self.assignment_5a | self.assignment_6b,
                    self._assignment_facts,
                    None,
                    None,
                ),
            ],
        }

    PERSONAL_ROW = "Students: personal data (birth date, SNILS, document, address, health)"

    def _fields_of(self, row, records):
        if row == self.PERSONAL_ROW:
            return ["birth_date", "snils", "address"]
        return ["display_name"]

    def test_personal_data_read_through_the_student_is_empty_outside_the_scope(self):
        """The student's own fields read the personal data with the user's rights: a
        class teacher who teaches in 6Б sees 6Б's names, not their SNILS."""
        self.other_child.snils = "123-456-789 64"
        values = self.other_child.with_user(self.class_teacher).read(["name", "snils"])[0]
        self.assertEqual(values["name"], self.other_child.name)
        self.assertFalse(values["snils"])
        self.assertEqual(
            self.other_child.with_user(self.secretary).read(["snils"])[0]["snils"],
            "123-456-789 64",
        )

    # the checks ----------------------------------------------------------------------------
    def _can_read(self, user, records, fields):
        try:
            records.with_user(user).read(fields)
        except AccessError:
            return False
        return True

    def _can_write(self, user, record, values):
        try:
            with self.env.cr.savepoint():
                record.with_user(user).write(values)
                record.env.flush_all()
                raise _Rollback()
        except _Rollback:
            return True
        except AccessError:
            return False
        finally:
            self.env.invalidate_all()

    def _can_create(self, user, model, values):
        try:
            with self.env.cr.savepoint():
                self.env[model].with_user(user).create(dict(values))
                self.env.flush_all()
                raise _Rollback()
        except _Rollback:
            return True
        except AccessError:
            return False
        finally:
            self.env.invalidate_all()

    def test_the_table_has_every_row_and_role(self):
        self.assertEqual(set(self.matrix), set(self._rows()), "rows of security/README.md")
        for row, cells in self.matrix.items():
            self.assertEqual(set(cells), set(ROLE_USERS), f"roles of the row {row!r}")

    def test_every_cell_holds(self):
        failures = []
        rows = self._rows()
        for row, cells in self.matrix.items():
            for role, clauses in cells.items():
                for user_attr in ROLE_USERS[role]:
                    user = getattr(self, user_attr)
                    for records, facts, write_values, create_values in rows[row]:
                        failures += self._check_cell(
                            row, role, user, clauses, records, facts, write_values, create_values
                        )
        self.assertFalse(failures, "\n".join(failures))

    def _check_cell(self, row, role, user, clauses, records, facts, write_values, create_values):
        failures = []
        fields = self._fields_of(row, records)
        if not records:
            return [f"{row}: the fixture has no records to check"]
        readable = writable = records.browse()
        may_create = False
        for rights, scope in clauses:
            in_scope = records.filtered(lambda r, s=scope: self._in_scope(user, s, r, facts))
            readable |= in_scope
            if "write" in rights:
                writable |= in_scope
            may_create |= "create" in rights
        where = f"{row} / {role} ({user.login})"
        for record in records:
            expected = record in readable
            if self._can_read(user, record, fields) != expected:
                failures.append(f"{where}: read {record} should be {expected}")
            if write_values is not None:
                if self._can_write(user, record, write_values) != (record in writable):
                    failures.append(f"{where}: write {record} should be {record in writable}")
        if create_values is not None:
            created = self._can_create(user, records._name, create_values)
            if created != may_create:
                failures.append(f"{where}: create {records._name} should be {may_create}")
        return failures

    def test_a_cell_that_cannot_be_read_fails_loudly(self):
        with self.assertRaises(ValueError):
            parse_cell("read (everybody)")
        with self.assertRaises(ValueError):
            parse_cell("rewrite (all)")
        self.assertEqual(
            parse_cell("read (taught); read, write (own class)"),
            [(frozenset({"read"}), "taught"), (frozenset({"read", "write"}), "own class")],
        )

    def test_refusals_are_access_errors_not_other_errors(self):
        """A write refused for another reason (a constraint) would pass for a rule:
        the write values of the rows are valid ones."""
        for _row, specs in self._rows().items():
            for records, _facts, write_values, _create in specs:
                if write_values is None:
                    continue
                for record in records:
                    try:
                        with self.env.cr.savepoint():
                            record.write(write_values)
                            self.env.flush_all()
                            raise _Rollback()
                    except _Rollback:
                        pass
                    except (UserError, ValidationError) as error:
                        self.fail(f"{record}: {write_values} is refused by a constraint: {error}")
                    finally:
                        self.env.invalidate_all()
