from odoo import api, fields, models

# The student's personal data (152-FZ) kept in their own table, behind their own record
# rules (the way hr.employee keeps what hr.employee.public does not show): the class
# teacher of the class the student is in (or will be in), the deputy and the director,
# the secretary and the archivist. school.student shows them through computed fields that
# read this model with the user's rights, so read, web_read, search_read, export and
# read_group all go through the same rules.
PERSONAL_FIELDS = (
    "birth_date",
    "gender",
    "snils",
    "identity_document",
    "address",
    "health_group",
    "personal_note",
)

GENDERS = [("male", "Male"), ("female", "Female")]


class SchoolStudentPersonal(models.Model):
    _name = "school.student.personal"
    _description = "Student personal data"
    _rec_name = "student_id"
    _order = "student_id"

    student_id = fields.Many2one(
        "school.student", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="student_id.company_id", store=True, index=True)
    birth_date = fields.Date()
    gender = fields.Selection(GENDERS)
    snils = fields.Char(string="SNILS")
    identity_document = fields.Char(
        help="Birth certificate or passport: series, number, issued by, date"
    )
    address = fields.Char(string="Home address")
    health_group = fields.Char()
    personal_note = fields.Text()

    _sql_constraints = [
        (
            "student_uniq",
            "unique(student_id)",
            "A student has one record of personal data.",
        ),
    ]


class SchoolPersonalDataLog(models.Model):
    """Who read a student's personal data, when, and which fields (152-FZ). One line per
    user, student and transaction: reading the form, a list, an export or a report that
    shows the fields all leave a line. The deputy and the director read the log."""

    _name = "school.personal.data.log"
    _description = "Read of personal data"
    _order = "date desc, id desc"
    _log_access = False

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Read by", required=True, readonly=True, index=True
    )
    student_id = fields.Many2one("school.student", readonly=True, index=True, ondelete="set null")
    student_name = fields.Char(string="Student name", readonly=True)
    field_names = fields.Char(string="Fields read", readonly=True)

    _LOG_KEY = "school_records.personal_data_log"

    @api.model
    def _log_read(self, students, field_name):
        """Note that the current user read `field_name` of `students`: one line per
        user and student in a transaction, listing every field read."""
        if not students:
            return
        pending = self.env.cr.precommit.data.setdefault(self._LOG_KEY, {})
        Log = self.sudo()
        to_create = []
        for student in students:
            key = (self.env.uid, student.id)
            line_id = pending.get(key)
            if line_id is None:
                to_create.append(student)
                continue
            line = Log.browse(line_id)
            names = line.field_names.split(", ")
            if field_name not in names:
                line.field_names = ", ".join([*names, field_name])
        if to_create:
            lines = Log.create(
                [
                    {
                        "user_id": self.env.uid,
                        "student_id": student.id,
                        "student_name": student.sudo().name,
                        "field_names": field_name,
                    }
                    for student in to_create
                ]
            )
            for student, line in zip(to_create, lines, strict=True):
                pending[(self.env.uid, student.id)] = line.id
