"""«Активность пользователей» (seed 004 §4.5): per month, how often the teachers, the
parents and the students logged in and what they did in the journal and the diary.
Counted from the login log and the records' own authors, in one GROUP BY."""

from datetime import datetime, time, timedelta

from odoo.tools import SQL

from .class_report_base import _month_name
from .grid import GridBook

# The report is a paper form of the school: its headings are Russian.
ROLES = (("staff", "Сотрудники школы"), ("parent", "Родители"), ("student", "Обучающиеся"))
METRICS = (
    ("logins", "Входов"),
    ("marks", "Отметок"),
    ("absences", "Отметок о пропусках"),
    ("changes", "Исправлений и удалений"),
    ("lessons", "Уроков заполнено"),
    ("messages", "Сообщений"),
    ("acknowledgements", "Подтверждений просмотра дневника"),
)
# (metric, table, user column, time column, extra condition): one GROUP BY over all of them
SOURCES = (
    ("logins", "school_login_log", "user_id", "login_on", ""),
    ("marks", "school_mark", "create_uid", "create_date", ""),
    ("absences", "school_attendance", "create_uid", "create_date", ""),
    ("changes", "school_journal_audit", "user_id", "create_date", ""),
    ("lessons", "school_lesson", "write_uid", "write_date", ""),
    ("messages", "mail_message", "create_uid", "create_date", "AND message_type = 'comment'"),
    ("acknowledgements", "school_diary_acknowledgement", "create_uid", "acknowledged_on", ""),
)


class ActivityBuilder:
    """The activity of the users from ``date_from`` to ``date_to`` (both included)."""

    def __init__(self, env, date_from, date_to):
        self.env = env
        self.date_from = date_from
        self.date_to = date_to

    # the figures ----------------------------------------------------------------------------
    def _counts(self):
        """{(user id, first day of month, metric): count}."""
        self.env.flush_all()
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min)
        events = SQL(" UNION ALL ").join(
            SQL(
                "SELECT %(user)s AS uid, %(at)s AS at, %(metric)s AS metric FROM %(table)s"
                " WHERE %(at)s >= %(start)s AND %(at)s < %(end)s"
                " AND %(user)s IS NOT NULL %(extra)s",
                user=SQL.identifier(user),
                at=SQL.identifier(at),
                metric=metric,
                table=SQL.identifier(table),
                start=start,
                end=end,
                extra=SQL(extra),
            )
            for metric, table, user, at, extra in SOURCES
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT uid, date_trunc('month', at)::date, metric, count(*)
                  FROM (%s) events
                 WHERE uid != %s
                 GROUP BY 1, 2, 3
                """,
                events,
                self.env.ref("base.user_root").id,
            )
        )
        return {(uid, month, metric): count for uid, month, metric, count in rows}

    def _users(self, user_ids):
        """{user id: (role, name)}: staff are internal users, a portal user is a
        student when a student record is theirs and a parent otherwise."""
        users = self.env["res.users"].sudo().with_context(active_test=False).browse(user_ids)
        students = set(
            self.env["school.student"]
            .sudo()
            .with_context(active_test=False)
            .search([("user_id", "in", users.ids)])
            .user_id.ids
        )
        return {
            user.id: (
                "staff" if not user.share else "student" if user.id in students else "parent",
                user.name,
            )
            for user in users
        }

    # the grid --------------------------------------------------------------------------
    def build(self):
        counts = self._counts()
        users = self._users({uid for uid, _month, _metric in counts})
        book = GridBook()
        styles = book.styles()
        what = f"{self.date_from:%d.%m.%Y} — {self.date_to:%d.%m.%Y}"
        self._write_summary(book, styles, what, counts, users)
        self._write_users(book, styles, what, counts, users)
        return book

    def _sheet(self, book, styles, name, title, headers):
        sheet = book.add_worksheet(name)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(2, 2)
        sheet.merge_range(0, 0, 0, len(headers) - 1, title, styles["title"])
        sheet.set_footer("&CСтр. &P из &N")
        for col, header in enumerate(headers):
            sheet.write(2, col, header, styles["head"])
        sheet.set_column(0, 1, 22)
        sheet.set_column(2, len(headers) - 1, 12)
        sheet.freeze_panes(3, 2)
        return sheet

    def _write_summary(self, book, styles, what, counts, users):
        headers = ("Месяц", "Роль", "Активных пользователей", *(label for _m, label in METRICS))
        sheet = self._sheet(book, styles, "Сводка", f"Активность пользователей: {what}", headers)
        months = sorted({month for _uid, month, _metric in counts})
        row = 3
        for month in months:
            for role, role_name in ROLES:
                in_role = {uid for uid, (r, _name) in users.items() if r == role}
                active = {uid for uid, m, _metric in counts if m == month and uid in in_role}
                values = [f"{_month_name(month)} {month.year}", role_name, len(active)]
                values += [
                    sum(counts.get((uid, month, metric), 0) for uid in active)
                    for metric, _label in METRICS
                ]
                for col, value in enumerate(values):
                    sheet.write(row, col, value, styles["name" if col < 2 else "cell"])
                row += 1

    def _write_users(self, book, styles, what, counts, users):
        headers = ("Пользователь", "Роль", "Месяц", *(label for _m, label in METRICS))
        title = f"Активность пользователей по месяцам: {what}"
        sheet = self._sheet(book, styles, "Пользователи", title, headers)
        role_names, order = dict(ROLES), {role: index for index, (role, _n) in enumerate(ROLES)}
        rows = sorted(
            {(uid, month) for uid, month, _metric in counts},
            key=lambda key: (order[users[key[0]][0]], users[key[0]][1], key[1]),
        )
        for row, (uid, month) in enumerate(rows, start=3):
            role, name = users[uid]
            values = [name, role_names[role], f"{_month_name(month)} {month.year}"]
            values += [counts.get((uid, month, metric), 0) for metric, _label in METRICS]
            for col, value in enumerate(values):
                sheet.write(row, col, value, styles["name" if col < 3 else "cell"])
