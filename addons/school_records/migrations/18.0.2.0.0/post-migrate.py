"""18.0.2.0.0: a student's personal data move from school_student to their own table,
school_student_personal, behind its own record rules (issue 19). Every value is copied
as it is; the old columns are dropped only once every student has their row."""

import logging

_logger = logging.getLogger(__name__)

COLUMNS = (
    "birth_date",
    "gender",
    "snils",
    "identity_document",
    "address",
    "health_group",
    "personal_note",
)


def _existing_columns(cr):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'school_student' AND column_name = ANY(%s)
        """,
        [list(COLUMNS)],
    )
    return [row[0] for row in cr.fetchall()]


def migrate(cr, version):
    if not version:
        return
    columns = _existing_columns(cr)
    copied = ", ".join(columns)
    selected = ", ".join(f"s.{column}" for column in columns)
    cr.execute(
        f"""
        INSERT INTO school_student_personal
               (student_id, company_id, create_uid, create_date, write_uid, write_date
                {", " + copied if columns else ""})
        SELECT s.id, s.company_id, s.create_uid, s.create_date, s.write_uid, s.write_date
               {", " + selected if columns else ""}
          FROM school_student s
         WHERE NOT EXISTS (SELECT 1 FROM school_student_personal p WHERE p.student_id = s.id)
        """  # noqa: S608 - column names are the constants above
    )
    _logger.info("school_records: personal data of %s students moved", cr.rowcount)
    cr.execute(
        """
        SELECT count(*) FROM school_student s
         WHERE NOT EXISTS (SELECT 1 FROM school_student_personal p WHERE p.student_id = s.id)
        """
    )
    if cr.fetchone()[0]:
        raise RuntimeError("school_records: some students have no personal data row")
    for column in columns:
        cr.execute(
            f"""
            SELECT count(*) FROM school_student s
              JOIN school_student_personal p ON p.student_id = s.id
             WHERE s.{column} IS DISTINCT FROM p.{column}
            """  # noqa: S608
        )
        if cr.fetchone()[0]:
            raise RuntimeError(f"school_records: {column} was not copied as it is")
    for column in columns:
        cr.execute(f"ALTER TABLE school_student DROP COLUMN {column}")  # noqa: S608
