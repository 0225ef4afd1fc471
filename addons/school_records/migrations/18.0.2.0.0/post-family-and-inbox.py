"""18.0.2.0.0, two changes that stored values must follow (issues 21 and 22):

- a refused or withdrawn consent (152-FZ) now closes the child's diary: the family
  relation of every student is computed again by the new rule;
- the school's staff read the families' messages in Odoo's inbox: staff who kept the
  default e-mail notification get the inbox (each may choose e-mail again).
"""

from odoo import SUPERUSER_ID, api

STAFF_GROUPS = (
    "school_records.group_teacher",
    "school_records.group_secretary",
    "school_records.group_archivist",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    students = env["school.student"].with_context(active_test=False).search([])
    env.add_to_compute(students._fields["family_partner_ids"], students)
    students.flush_recordset()
    groups = [env.ref(xmlid, raise_if_not_found=False) for xmlid in STAFF_GROUPS]
    staff = env["res.users"].search(
        [
            ("share", "=", False),
            ("notification_type", "=", "email"),
            ("groups_id", "in", [group.id for group in groups if group]),
        ]
    )
    staff.notification_type = "inbox"
