"""How a class's families and students use the electronic diary (seed 004 §4.5, 000
§3.1.8): each person's portal access, last login, logins and «Ознакомлен» of the last
30 days — the lines the diary usage screen shows, counted in two GROUP BYs."""

from dateutil.relativedelta import relativedelta

from odoo import fields

RECENT_DAYS = 30


class DiaryUsageBuilder:
    """The people of ``school_class`` (the portal access wizard's lines: the students
    and their guardians), read as superuser: the caller checked the reader may issue
    the class's access."""

    def __init__(self, env, school_class):
        self.env = env(su=True)
        self.school_class = school_class

    def lines(self):
        """[{partner_id, role, students, portal_access, last_login, login_count,
        acknowledgement_count, last_acknowledgement}] in the access wizard's order."""
        Access = self.env["school.portal.access.wizard"]
        values = Access.new({"class_id": self.school_class.id})._line_values()
        since = fields.Datetime.now() - relativedelta(days=RECENT_DAYS)
        people = [
            (
                self.env["res.partner"].browse(vals["partner_id"]),
                self.env["school.student"].browse(vals["student_ids"][0][2]),
                vals,
            )
            for vals in values
        ]
        users = {
            partner: partner.with_context(active_test=False).user_ids[:1]
            for partner, _students, _vals in people
        }
        acks = {
            (partner.id, student.id): (count, last)
            for partner, student, count, last in self.env[
                "school.diary.acknowledgement"
            ]._read_group(
                [
                    ("partner_id", "in", [partner.id for partner, _s, _v in people]),
                    ("acknowledged_on", ">=", since),
                ],
                ["partner_id", "student_id"],
                ["__count", "acknowledged_on:max"],
            )
        }
        logins = dict(
            self.env["school.login.log"]._read_group(
                [
                    ("user_id", "in", [user.id for user in users.values() if user]),
                    ("login_on", ">=", since),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        lines = []
        for partner, students, vals in people:
            user = users[partner]
            own = [acks[partner.id, s.id] for s in students if (partner.id, s.id) in acks]
            lines.append(
                {
                    "partner_id": partner.id,
                    "role": vals["role"],
                    "students": ", ".join(students.mapped("name")),
                    "portal_access": bool(user and user.active and user.share),
                    "last_login": user.login_date if user else False,
                    "login_count": logins.get(user, 0) if user else 0,
                    "acknowledgement_count": sum(count for count, _last in own),
                    "last_acknowledgement": max((last for _c, last in own), default=False),
                }
            )
        return lines
