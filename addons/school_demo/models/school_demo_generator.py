import base64
import logging
import random
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from io import BytesIO, StringIO

from PIL import Image, ImageDraw

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.school_records.models.school_names import translit

from . import school_demo_data as data

_logger = logging.getLogger(__name__)

CLASS_LETTERS = "АБВГДЕЖЗИК"
# Classes per grade 1..11 and students per class, by size.
SIZES = {
    "small": {"classes": {5: 1, 10: 1}, "class_size": (24, 26)},
    "medium": {"classes": dict.fromkeys(range(1, 12), 1), "class_size": (23, 27)},
    "large": {
        "classes": {1: 9, 2: 9, 3: 9, 4: 9, 5: 9, 6: 9, 7: 8, 8: 8, 9: 8, 10: 6, 11: 5},
        "students": 2500,
    },
}
SMALL_MIN_WEEKS = 6
MEDIUM_WEEKS = 8
LESSON_BATCH = 2000
ENTRY_BATCH = 5000
COPY_BATCH = 200000
# The journal's statistics: the share of present students marked in an ordinary lesson,
# of those marked who get a second (homework) mark, and of absences without a reason
# and late arrivals per student-lesson; a day's chance to fall ill (runs of 3-8 school
# days, more often in winter) and to be excused for the day.
P_MARK = 0.45
P_SECOND_MARK = 0.2
P_ABSENT = 0.008
P_LATE = 0.004
P_FALL_ILL = 0.007
ILL_SEASON = {9: 0.6, 10: 1.0, 11: 1.2, 12: 1.4, 1: 1.5, 2: 1.6, 3: 1.1, 4: 0.8, 5: 0.5}
P_EXCUSED_DAY = 0.004
MARK_SPREAD = 0.7
P_FILLED_LATE = 0.03
MARK_VALUES = {
    5: "school_records.school_mark_value_5",
    4: "school_records.school_mark_value_4",
    3: "school_records.school_mark_value_3",
    2: "school_records.school_mark_value_2",
}
DEMO_TEACHERS = {
    "teacher": ("Лебедева Ольга Александровна", "female"),
    "class_teacher": ("Васильева Наталья Петровна", "female"),
}


class SchoolDemoGenerator(models.AbstractModel):
    """Builds a realistic Russian school for demonstrations, tests and benchmarks.

    ``_generate(size)`` makes the academic year (with its periods), subjects and the
    curriculum, teachers and the school's staff with a login for every role (see
    ``_demo_logins``), classes with their class teachers, students with their guardians
    and movement, English subgroups, teaching assignments with their КТП, and then the
    school's timetable as a deputy keeps it: the bell schedule, rooms, the year's calendar
    (public holidays, vacations per grade), a published timetable per class planned from its
    teaching assignments, and the lessons generated from them by
    ``school.timetable._generate_lessons`` until the end of this week (the КТП topics
    assigned in order); then the marks and absences of the lessons held. The year is in
    progress: the first quarter and half-year, once the next period has begun, are closed
    with their period marks confirmed, the deputy's journal check waits for the demo
    teacher's answer, her correction request in the closed quarter waits for the deputy,
    and every family but one (the paper route) has signed the 152-FZ consent.

    The structure goes through the ORM, and the lessons through the timetable's
    generation; what the teachers filled in the lessons held (homework, attendance, when)
    is written in one statement a batch, the ORM recomputing what depends on it. The
    marks and absences of the ``small`` and ``medium`` schools go through the ORM (so
    their constraints run); those of the ``large`` school (about 1.5 million rows) are
    written in bulk with PostgreSQL COPY, every stored column filled as the ORM would,
    and without the per-mark checks and the journal audit: the generator is not a
    teacher, and a fresh mark has nothing to audit anyway. Nothing is committed here:
    the caller commits.

    The model has no public method: it runs as superuser and creates users whose password
    is their login, so it is reached only from ``odoo shell`` (scripts/demo.sh, bench) and
    from the ``<function>`` of this addon's demo data, never over RPC. A school never
    installs this addon.
    """

    _name = "school.demo.generator"
    _description = "Demo School Generator"

    @api.model
    def _demo_logins(self):
        """(role, login, password) of the demo users; the password is the login."""
        return [(role, login, login) for role, login in data.DEMO_ROLES]

    @api.model
    def _demo_urls(self):
        """(what, path) of the pages a visitor opens first: the teacher's journal and
        the parent's diary of their child."""
        parent = self.env["res.users"].sudo().search([("login", "=", "parent")], limit=1)
        child = (
            self.env["school.student"]
            .sudo()
            .search([("guardian_ids", "in", parent.partner_id.ids)], limit=1)
        )
        urls = [
            ("Журнал учителя (teacher)", "/odoo/action-school_records.school_journal_grid_action")
        ]
        if child:
            urls.append(("Дневник родителя (parent)", f"/my/diary/{child.id}"))
        return urls

    @api.model
    def _generate(self, size="small", year_start=None, certificate_blanks=True):
        """Generate a school of `size` (small, medium or large) in the academic year
        starting on 1 September of `year_start` (by default the current one, and the
        previous, complete one for ``large``). Returns the counts of what it made.
        `certificate_blanks` False leaves the certificate blanks out (school_demo_archive):
        the demo data of the test database has none, the certificate tests receive theirs."""
        if size not in SIZES:
            raise UserError(
                self.env._(
                    "Unknown demo school size %(size)s: use small, medium or large.", size=size
                )
            )
        context = {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "mail_notrack": True,
            "no_reset_password": True,
        }
        env = self.sudo().with_context(**context).env
        return _SchoolBuilder(env, size, year_start).build()


def _consent_scan():
    """A one-page PDF standing for the signed consent's scan (base64)."""
    text = b"BT /F1 14 Tf 72 760 Td (Consent to personal data processing, 152-FZ) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = BytesIO(), []
    pdf.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(pdf.tell())
        pdf.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = pdf.tell()
    pdf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        pdf.write(b"%010d 00000 n \n" % offset)
    pdf.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return base64.b64encode(pdf.getvalue())


def _school_logo():
    """A plain emblem for the demo school's prints: a blue ring with an open book."""
    size = 256
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(22, 72, 140, 255))
    draw.ellipse((28, 28, size - 28, size - 28), fill=(255, 255, 255, 255))
    draw.polygon([(64, 96), (126, 110), (126, 190), (64, 176)], fill=(22, 72, 140, 255))
    draw.polygon([(130, 110), (192, 96), (192, 176), (130, 190)], fill=(22, 72, 140, 255))
    draw.polygon([(100, 60), (128, 40), (156, 60), (128, 80)], fill=(200, 40, 40, 255))
    output = BytesIO()
    image.save(output, format="PNG")
    return base64.b64encode(output.getvalue())


class _ClassPlan:
    def __init__(self, level, letter, size):
        self.level = level
        self.letter = letter
        self.size = size
        self.name = f"{level}{letter}"
        self.record = None
        self.class_teacher = None
        self.students = []
        self.groups = {}
        self.school_days = []
        self.week = {}
        self.timetable_id = None


class _StudentPlan:
    def __init__(self, school_class, gender):
        self.school_class = school_class
        self.gender = gender
        self.record_id = None
        self.partner_id = None
        self.guardians = []
        self.date_from = None
        self.date_to = None
        self.arrived_from = None
        self.departed_to = None
        self.subgroup = None
        self.ability = 4.0
        self.subject_bias = {}
        self.ill_days = set()
        self.excused_days = set()


class _Unit:
    """What one teacher teaches one class (or subgroup): a specialty's subjects."""

    def __init__(self, school_class, specialty, subjects, subgroup=None):
        self.school_class = school_class
        self.specialty = specialty
        self.subjects = subjects
        self.subgroup = subgroup
        self.hours = sum(hours for _subject, hours in subjects)
        self.teacher = None


class _TeacherPlan:
    def __init__(self, pool, units):
        self.pool = pool
        self.units = units
        self.login = None
        self.user_id = None
        self.is_class_teacher = False
        self.room_id = None


class _AssignmentPlan:
    def __init__(self, unit, subject, hours):
        self.unit = unit
        self.school_class = unit.school_class
        self.subgroup = unit.subgroup
        self.subject = subject
        self.hours = hours
        self.record_id = None
        self.schedule = []
        self.plan_lines = []


class _SchoolBuilder:
    """One run of the generator; keeps what it planned and what it created."""

    def __init__(self, env, size, year_start):
        self.env = env
        self.size = size
        self.spec = SIZES[size]
        self.rng = random.Random(size)
        self.today = fields.Date.context_today(env["school.lesson"])
        current = self.today.year if self.today.month >= 9 else self.today.year - 1
        if year_start is None:
            year_start = current - 1 if size == "large" else current
        self.first_year = int(year_start)
        self.bulk = size == "large"
        lang = env["res.lang"].search([("code", "=", "ru_RU"), ("active", "=", True)])
        self.lang = "ru_RU" if lang else None
        self.year = None
        self.classes = []
        self.units = []
        self.teachers = []
        self.assignments = []
        self.subjects = {}
        self.demo_class = None
        self.demo_student = None
        self.order_number = 100
        self.logins = set()
        self.clashes = 0
        self.counts = defaultdict(int)
        self.started = time.perf_counter()

    # -------------------------------------------------------------------------- run
    def build(self):
        self._create_school_identity()
        self._create_year()
        self._create_subjects()
        self._plan_classes()
        self._create_curriculum()
        self._plan_teaching()
        self._create_staff()
        self._create_classes()
        self._create_students()
        self._create_subgroups()
        self._create_assignments()
        self._plan_timetable()
        self._create_plan_lines()
        self._create_portal_users()
        self._plan_absence_days()
        self._create_calendar()
        self._create_timetables()
        self._create_lessons_and_journal()
        self._close_ended_periods()
        self._create_journal_check()
        self._create_correction_request()
        self._create_pd_consents()
        if self.bulk:
            self.env.cr.execute("ANALYZE school_lesson, school_mark, school_attendance")
        self.env.invalidate_all()
        counts = {
            "students": sum(len(c.students) for c in self.classes),
            "classes": len(self.classes),
            "teachers": len(self.teachers),
            "assignments": len(self.assignments),
            "plan_lines": self.counts["plan_lines"],
            "lessons": self.counts["lessons"],
            "marks": self.counts["marks"],
            "absences": self.counts["absences"],
            "timetable_clashes": self.clashes,
        }
        self._log("done: %s", counts)
        return counts

    def _log(self, message, *args):
        _logger.info(
            "demo school %s [%.0fs]: " + message,
            self.size,
            time.perf_counter() - self.started,
            *args,
        )

    # ------------------------------------------------------------------- the school
    def _create_school_identity(self):
        """The company is the school: its name, address and logo on every page and
        print (not «My Company» and «Your logo»)."""
        company = self.env.company
        if company.name not in data.PLACEHOLDER_COMPANY_NAMES:
            return
        russia = self.env.ref("base.ru", raise_if_not_found=False)
        company.write(
            {
                **data.SCHOOL_IDENTITY,
                "country_id": russia.id if russia else False,
                "logo": _school_logo(),
            }
        )
        company.partner_id.tz = "Europe/Moscow"

    # ------------------------------------------------------------------- calendar
    def _create_year(self):
        Year = self.env["school.academic.year"]
        name = f"{self.first_year}/{self.first_year + 1}"
        year = Year.with_context(active_test=False).search(
            [("name", "=", name), ("company_id", "=", self.env.company.id)], limit=1
        )
        if not year:
            date_start, date_end = Year._default_dates(self.first_year)
            year = Year.create({"name": name, "date_start": date_start, "date_end": date_end})
        if not year.period_ids:
            year.action_generate_periods()
        self.year = year
        start = year.date_start
        if self.size == "large":
            end = year.date_end
        else:
            # lessons until the end of this week, so the diary's week is never empty
            # (marks and absences stop today: see journal_end)
            minimum = MEDIUM_WEEKS if self.size == "medium" else SMALL_MIN_WEEKS
            week_end = self.today + timedelta(days=5 - self.today.weekday())
            end = max(
                min(week_end, year.date_end),
                start + timedelta(weeks=minimum, days=-1),
            )
        self.teaching_end = end
        # No future marks, except in the benchmark school, which is all in the past.
        self.journal_end = end if self.bulk else min(end, self.today)
        self._log("year %s, lessons until %s", name, end)

    def _school_days(self, level, scheme):
        """The school days of a class: weekdays in a quarter (the breaks are the
        same for every class) and in a period of the class's scheme, without the
        public holidays and, in the first grade, the extra February week."""
        periods = self.year.period_ids
        terms = [(p.date_start, p.date_end) for p in periods if p.scheme == scheme]
        breaks = [(p.date_start, p.date_end) for p in periods if p.scheme == "quarter"]
        holidays = set()
        for month, day in data.PUBLIC_HOLIDAYS:
            holidays.add(date(self.first_year + (month < 9), month, day))
        if level == 1:
            february = date(self.first_year + 1, 2, 1)
            third_monday = february + timedelta(days=(-february.weekday()) % 7 + 14)
            holidays.update(third_monday + timedelta(days=n) for n in range(7))
        days = []
        day = self.year.date_start
        while day <= self.year.date_end:
            if (
                day.weekday() < 5
                and day not in holidays
                and any(start <= day <= end for start, end in terms)
                and (not breaks or any(start <= day <= end for start, end in breaks))
            ):
                days.append(day)
            day += timedelta(days=1)
        return days

    # ------------------------------------------------------------------ curriculum
    def _create_subjects(self):
        Subject = self.env["school.subject"].with_context(active_test=False)
        names = [name for name, *_rest in data.SUBJECTS]
        existing = {subject.name: subject for subject in Subject.search([("name", "in", names)])}
        missing = [
            {
                "name": name,
                "short_name": short_name,
                "code": code,
                "graded": graded,
                "sequence": 10 * (index + 1),
            }
            for index, (name, short_name, code, graded) in enumerate(data.SUBJECTS)
            if name not in existing
        ]
        for subject in Subject.create(missing):
            existing[subject.name] = subject
        self.subjects = existing

    def _hours(self, subject, level):
        return data.CURRICULUM[subject][level - 1]

    def _curriculum(self, level):
        """[(subject, hours a week)] of a grade, in the subjects' order."""
        return [
            (name, self._hours(name, level))
            for name, *_rest in data.SUBJECTS
            if self._hours(name, level)
        ]

    def _create_curriculum(self):
        Line = self.env["school.curriculum.line"]
        levels = sorted({c.level for c in self.classes})
        existing = {
            (line.level, line.subject_id.id)
            for line in Line.search([("year_id", "=", self.year.id), ("class_id", "=", False)])
        }
        Line.create(
            [
                {
                    "year_id": self.year.id,
                    "level": str(level),
                    "subject_id": self.subjects[subject].id,
                    "hours_per_week": hours,
                    "weeks_per_year": data.WEEKS_PER_YEAR[level - 1],
                }
                for level in levels
                for subject, hours in self._curriculum(level)
                if (str(level), self.subjects[subject].id) not in existing
            ]
        )

    # --------------------------------------------------------------------- classes
    def _plan_classes(self):
        taken = {
            (int(c.level), c.letter)
            for c in self.env["school.class"]
            .with_context(active_test=False)
            .search([("year_id", "=", self.year.id)])
        }
        sizes = self._class_sizes()
        for level, count in sorted(self.spec["classes"].items()):
            letters = [letter for letter in CLASS_LETTERS if (level, letter) not in taken]
            for letter in letters[:count]:
                self.classes.append(_ClassPlan(level, letter, sizes.pop(0)))
        self.demo_class = next((c for c in self.classes if c.level == 5), self.classes[0])
        for school_class in self.classes:
            scheme = "half_year" if school_class.level >= 10 else "quarter"
            school_class.school_days = self._school_days(school_class.level, scheme)

    def _class_sizes(self):
        count = sum(self.spec["classes"].values())
        if "students" not in self.spec:
            low, high = self.spec["class_size"]
            return [self.rng.randint(low, high) for _index in range(count)]
        total = self.spec["students"]
        sizes = [total // count] * count
        for index in range(total - sum(sizes)):
            sizes[index * 7 % count] += 1
        for _step in range(count):
            # classes differ a little; the total stays
            bigger, smaller = self.rng.randrange(count), self.rng.randrange(count)
            if sizes[bigger] < 31 and sizes[smaller] > 25:
                sizes[bigger] += 1
                sizes[smaller] -= 1
        return sizes

    def _create_classes(self):
        records = self.env["school.class"].create(
            [
                {
                    "year_id": self.year.id,
                    "level": str(c.level),
                    "letter": c.letter,
                    "class_teacher_id": c.class_teacher and c.class_teacher.user_id,
                    "room": str(100 * (1 + c.level // 5) + index + 1),
                }
                for index, c in enumerate(self.classes)
            ]
        )
        for school_class, record in zip(self.classes, records, strict=True):
            school_class.record = record
        self._log("%s classes", len(records))

    # -------------------------------------------------------------------- teaching
    def _plan_teaching(self):
        """Who teaches what: units of a specialty per class, grouped into teachers
        with a usual load, and a class teacher for every class."""
        for school_class in self.classes:
            self.units.extend(self._class_units(school_class))
        pools = self._specialty_pools()
        for (pool, _lane), units in sorted(pools.items(), key=lambda item: item[0]):
            if pool == "primary":
                self.teachers.extend(_TeacherPlan(pool, [unit]) for unit in units)
            else:
                self.teachers.extend(self._split_load(pool, units))
        for teacher in self.teachers:
            for unit in teacher.units:
                unit.teacher = teacher
        self._choose_class_teachers()
        self._log("%s teachers for %s units", len(self.teachers), len(self.units))

    def _class_units(self, school_class):
        level = school_class.level
        by_specialty = defaultdict(list)
        units = []
        for subject, hours in self._curriculum(level):
            split_from = data.SUBGROUP_SUBJECTS.get(subject)
            specialty = data.SPECIALTIES.get(subject, "primary")
            if level <= 4 and subject not in data.PRIMARY_SPECIALISTS:
                specialty = "primary"
            if split_from and level >= split_from:
                units.extend(
                    _Unit(school_class, specialty, [(subject, hours)], subgroup=index)
                    for index in (1, 2)
                )
            else:
                by_specialty[specialty].append((subject, hours))
        units.extend(
            _Unit(school_class, specialty, subjects) for specialty, subjects in by_specialty.items()
        )
        return units

    def _specialty_pools(self):
        """Units by (pool, lane). Small specialties pair up into one teacher's pool;
        the second subgroups get their own lane, so that one teacher never has both
        halves of a class at the same time."""
        totals = defaultdict(int)
        for unit in self.units:
            totals[unit.specialty] += unit.hours
        pool_of = {specialty: specialty for specialty in totals}
        merged = set()
        for first, second in data.SPECIALTY_PAIRS:
            if (
                first in totals
                and second in totals
                and not {first, second} & merged
                and totals[first] + totals[second] <= data.TEACHER_LOAD
            ):
                pool_of[second] = first
                merged.update((first, second))
        pools = defaultdict(list)
        for unit in self.units:
            lane = 1 if unit.subgroup == 2 else 0
            pools[pool_of[unit.specialty], lane].append(unit)
        return pools

    def _split_load(self, pool, units):
        """Consecutive classes to the same teacher, about TEACHER_LOAD hours each."""
        units = sorted(units, key=lambda u: (u.school_class.level, u.school_class.letter))
        total = sum(unit.hours for unit in units)
        count = max(1, round(total / data.TEACHER_LOAD))
        share = total / count
        teachers = [_TeacherPlan(pool, []) for _index in range(count)]
        done = 0
        for unit in units:
            index = min(count - 1, int((done + unit.hours / 2) / share))
            teachers[index].units.append(unit)
            done += unit.hours
        return [teacher for teacher in teachers if teacher.units]

    def _unit_of(self, school_class, specialty):
        return next(
            (u for u in self.units if u.school_class is school_class and u.specialty == specialty),
            None,
        )

    def _choose_class_teachers(self):
        demo = self.demo_class
        teacher_unit = self._unit_of(demo, "mathematics") or self._unit_of(demo, "primary")
        class_teacher_unit = self._unit_of(demo, "philology") or self._unit_of(demo, "primary")
        teacher_unit.teacher.login = "teacher"
        class_teacher_unit.teacher.login = "class_teacher"
        self._make_class_teacher(demo, class_teacher_unit.teacher)
        for school_class in self.classes:
            if school_class.class_teacher:
                continue
            primary = self._unit_of(school_class, "primary")
            if primary:
                self._make_class_teacher(school_class, primary.teacher)
                continue
            hours = defaultdict(int)
            for unit in self.units:
                if unit.school_class is school_class and unit.teacher.login != "teacher":
                    hours[unit.teacher] += unit.hours
            candidates = sorted(
                hours, key=lambda t: (t.is_class_teacher, -hours[t], self.teachers.index(t))
            )
            if candidates:
                self._make_class_teacher(school_class, candidates[0])

    def _make_class_teacher(self, school_class, teacher):
        school_class.class_teacher = teacher
        teacher.is_class_teacher = True

    # ------------------------------------------------------------------------ users
    def _create_staff(self):
        Users = self.env["res.users"].with_context(active_test=False)
        existing = {user.login: user for user in Users.search([])}
        self.logins = set(existing)
        vals_list = []
        for login, (name, group) in data.DEMO_STAFF.items():
            if login in existing:
                existing[login].groups_id = [Command.link(self.env.ref(group).id)]
            else:
                vals_list.append(self._user_vals(login, name, group, password=login))
        pending = []
        for teacher in self.teachers:
            group = (
                "school_records.group_class_teacher"
                if teacher.is_class_teacher
                else "school_records.group_teacher"
            )
            if teacher.login in existing:
                user = existing[teacher.login]
                user.groups_id = [Command.link(self.env.ref(group).id)]
                teacher.user_id = user.id
                continue
            if teacher.login in DEMO_TEACHERS:
                name = DEMO_TEACHERS[teacher.login][0]
                password = teacher.login
            else:
                name = self._adult_name(self.rng.random() < 0.85)
                teacher.login = self._new_login(name)
                password = None
            vals_list.append(self._user_vals(teacher.login, name, group, password))
            pending.append(teacher)
        users = self.env["res.users"].create(vals_list)
        by_login = {user.login: user for user in users}
        for teacher in pending:
            teacher.user_id = by_login[teacher.login].id
        self._log("%s staff users", len(users))

    def _user_vals(self, login, name, group, password=None, partner_id=None):
        vals = {
            "login": login,
            "tz": "Europe/Moscow",
            "groups_id": [Command.set([self.env.ref(group).id])],
        }
        if partner_id:
            vals["partner_id"] = partner_id
        else:
            vals["name"] = name
            vals["email"] = f"{login}@school.example"
        if password:
            vals["password"] = password
        if self.lang:
            vals["lang"] = self.lang
        self.logins.add(login)
        return vals

    def _new_login(self, name):
        last, first, middle = name.split()
        base = f"{translit(last)}.{translit(first[0])}{translit(middle[0])}"
        login, number = base, 1
        while login in self.logins:
            number += 1
            login = f"{base}{number}"
        self.logins.add(login)
        return login

    def _adult_name(self, female):
        last = self.rng.choice(data.LAST_NAMES)
        father = self.rng.choice(data.ADULT_MALE_NAMES)
        if female:
            first = self.rng.choice(data.ADULT_FEMALE_NAMES)
            return f"{data.feminine_last_name(last)} {first} {father[2]}"
        return f"{last} {self.rng.choice(data.ADULT_MALE_NAMES)[0]} {father[1]}"

    def _create_portal_users(self):
        """The demo parent and student; in the small school every guardian too."""
        Users = self.env["res.users"].with_context(active_test=False)
        existing = {u.login: u for u in Users.search([("login", "in", ["parent", "student"])])}
        student = self.demo_student
        mother = next((g for g in student.guardians if g["role"] == "mother"), None)
        parent_partner = (mother or student.guardians[0])["partner_id"]
        vals_list = []
        if "parent" in existing:
            record = self.env["school.student"].browse(student.record_id)
            record.guardian_ids = [Command.link(existing["parent"].partner_id.id)]
        else:
            vals_list.append(
                self._user_vals(
                    "parent", None, "base.group_portal", "parent", partner_id=parent_partner
                )
            )
        if "student" not in existing:
            vals_list.append(
                self._user_vals(
                    "student",
                    None,
                    "base.group_portal",
                    "student",
                    partner_id=student.partner_id,
                )
            )
        if self.size == "small":
            for plan in self._all_students():
                for guardian in plan.guardians:
                    if guardian["partner_id"] != parent_partner:
                        login = self._new_login(guardian["name"])
                        vals_list.append(
                            self._user_vals(
                                login,
                                None,
                                "base.group_portal",
                                partner_id=guardian["partner_id"],
                            )
                        )
        users = self.env["res.users"].create(vals_list)
        self._log("%s portal users", len(users))

    # --------------------------------------------------------------------- students
    def _all_students(self):
        return [student for c in self.classes for student in c.students]

    def _create_students(self):
        for school_class in self.classes:
            for _index in range(school_class.size):
                student = self._plan_student(school_class)
                student.date_from = self.year.date_start
        self._plan_movement()
        students = self._all_students()
        partners = self.env["res.partner"].create(
            [{"name": s.name, "type": "contact"} for s in students]
        )
        guardian_vals = [g for s in students for g in s.guardians]
        guardians = self.env["res.partner"].create(
            [{"name": g["name"], "phone": g["phone"], "type": "contact"} for g in guardian_vals]
        )
        for vals, partner in zip(guardian_vals, guardians, strict=True):
            vals["partner_id"] = partner.id
        records = self.env["school.student"].create(
            [self._student_vals(s, p) for s, p in zip(students, partners, strict=True)]
        )
        for student, record in zip(students, records, strict=True):
            student.record_id = record.id
            student.partner_id = record.partner_id.id
        self._create_enrollments(students)
        self.demo_student = next(
            s
            for s in sorted(self.demo_class.students, key=lambda s: (-s.ability, s.name))
            if not s.arrived_from and not s.departed_to and len(s.guardians) == 2
        )
        self._log("%s students, %s guardians", len(records), len(guardians))

    def _plan_student(self, school_class, arrival=None):
        rng = self.rng
        gender = rng.choice(("male", "female"))
        student = _StudentPlan(school_class, gender)
        family = rng.choice(data.LAST_NAMES)
        father = rng.choice(data.ADULT_MALE_NAMES)
        if gender == "male":
            student.last_name = family
            student.first_name = rng.choice(data.MALE_FIRST_NAMES)
            student.middle_name = father[1]
        else:
            student.last_name = data.feminine_last_name(family)
            student.first_name = rng.choice(data.FEMALE_FIRST_NAMES)
            student.middle_name = father[2]
        student.name = f"{student.last_name} {student.first_name} {student.middle_name}"
        born = date(self.first_year - school_class.level - 6, 9, 1)
        student.birth_date = born + timedelta(days=rng.randint(-365, 180))
        student.ability = self._ability()
        student.guardians = self._plan_guardians(family, father)
        school_class.students.append(student)
        return student

    def _ability(self):
        """A student's usual mark: some strong «5/4», most «4/3», a few weak «3/2»."""
        draw = self.rng.random()
        if draw < 0.18:
            return self.rng.uniform(4.35, 4.85)
        if draw < 0.86:
            return self.rng.uniform(3.4, 4.3)
        return self.rng.uniform(2.75, 3.35)

    def _plan_guardians(self, family, father):
        rng = self.rng
        draw = rng.random()
        guardians = []
        if draw < 0.95:
            mother = f"{data.feminine_last_name(family)} {rng.choice(data.ADULT_FEMALE_NAMES)}"
            guardians.append(
                {"role": "mother", "name": f"{mother} {rng.choice(data.ADULT_MALE_NAMES)[2]}"}
            )
        if draw < 0.8 or draw >= 0.95:
            grandfather = rng.choice(data.ADULT_MALE_NAMES)
            guardians.append({"role": "father", "name": f"{family} {father[0]} {grandfather[1]}"})
        for guardian in guardians:
            guardian["phone"] = (
                f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-"
                f"{rng.randint(10, 99):02d}-{rng.randint(10, 99):02d}"
            )
        return guardians

    def _plan_movement(self):
        """A few students leave or arrive during the year (always in the demo class)."""
        rng = self.rng
        for school_class in self.classes:
            window = [
                day
                for day in school_class.school_days
                if self.year.date_start + timedelta(days=14)
                <= day
                <= self.journal_end - timedelta(days=7)
            ]
            if not window:
                continue
            demo = school_class is self.demo_class
            if demo or rng.random() < 0.35:
                leaving = rng.choice(school_class.students)
                leaving.date_to = rng.choice(window)
                leaving.departed_to = rng.choice(data.OTHER_SCHOOLS)
            if demo or rng.random() < 0.35:
                arriving = self._plan_student(school_class)
                arriving.date_from = rng.choice(window)
                arriving.arrived_from = rng.choice(data.OTHER_SCHOOLS)

    def _student_vals(self, student, partner):
        rng = self.rng
        age = (self.year.date_start - student.birth_date).days // 365
        if age >= 14:
            series = f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
            document = f"Паспорт {series} {rng.randint(100000, 999999)}"
        else:
            document = (
                f"Свидетельство о рождении {rng.choice(('I', 'II', 'III', 'IV'))}-"
                f"{rng.choice(('МЮ', 'КА', 'ЛГ', 'НК', 'ИК'))} № {rng.randint(100000, 999999)}"
            )
        return {
            "last_name": student.last_name,
            "first_name": student.first_name,
            "middle_name": student.middle_name,
            "partner_id": partner.id,
            "guardian_ids": [Command.set([g["partner_id"] for g in student.guardians])],
            "birth_date": student.birth_date,
            "gender": student.gender,
            "snils": _snils(rng),
            "identity_document": document,
            "address": (
                f"{data.CITY}, {rng.choice(data.STREETS)}, д. {rng.randint(1, 60)}, "
                f"кв. {rng.randint(1, 120)}"
            ),
            "health_group": rng.choice(("I", "II", "II", "II", "III")),
        }

    def _create_enrollments(self, students):
        vals_list = []
        for student in students:
            school_class = student.school_class
            if student.arrived_from:
                arrival = ("transfer_in", student.arrived_from, student.date_from)
            elif school_class.level == 1:
                arrival = ("admission", False, student.date_from - timedelta(days=1))
            else:
                arrival = ("promotion", False, student.date_from - timedelta(days=1))
            reason, origin, order_day = arrival
            vals = {
                "student_id": student.record_id,
                "class_id": school_class.record.id,
                "date_from": student.date_from,
                "arrival_reason": reason,
                "arrived_from": origin,
                "arrival_order": self._order(order_day),
            }
            if student.date_to:
                vals.update(
                    {
                        "date_to": student.date_to,
                        "departure_reason": "transfer_out",
                        "departure_order": self._order(student.date_to),
                        "departed_to": student.departed_to,
                    }
                )
            vals_list.append(vals)
        self.env["school.enrollment"].create(vals_list)

    def _order(self, day):
        if day < self.year.date_start:
            # the order on the classes' lists is signed before the year starts
            return f"Приказ № 101-о от {day:%d.%m.%Y}"
        self.order_number += 1
        return f"Приказ № {self.order_number}-о от {day:%d.%m.%Y}"

    def _create_subgroups(self):
        vals_list, keys = [], []
        for school_class in self.classes:
            halves = sorted(
                {u.subgroup for u in self.units if u.school_class is school_class} - {None}
            )
            if not halves:
                continue
            members = sorted(
                (s for s in school_class.students if not s.arrived_from), key=lambda s: s.name
            )
            middle = (len(members) + 1) // 2
            for index, student in enumerate(members):
                student.subgroup = 1 if index < middle else 2
            for student in school_class.students:
                if student.arrived_from:
                    student.subgroup = 1 if middle * 2 > len(members) else 2
            for half in halves:
                teacher = next(
                    u.teacher
                    for u in self.units
                    if u.school_class is school_class and u.subgroup == half
                )
                vals_list.append(
                    {
                        "name": f"{school_class.name}, подгруппа {half}",
                        "kind": "subgroup",
                        "year_id": self.year.id,
                        "class_id": school_class.record.id,
                        "teacher_id": teacher.user_id,
                        "student_ids": [
                            Command.set(
                                [s.record_id for s in school_class.students if s.subgroup == half]
                            )
                        ],
                    }
                )
                keys.append((school_class, half))
        groups = self.env["school.study.group"].create(vals_list)
        for (school_class, half), group in zip(keys, groups, strict=True):
            school_class.groups[half] = group.id

    # ----------------------------------------------------------------- assignments
    def _create_assignments(self):
        for unit in self.units:
            for subject, hours in unit.subjects:
                self.assignments.append(_AssignmentPlan(unit, subject, hours))
        records = self.env["school.teaching.assignment"].create(
            [
                {
                    "class_id": a.school_class.record.id,
                    "study_group_id": a.school_class.groups.get(a.subgroup, False),
                    "subject_id": self.subjects[a.subject].id,
                    "teacher_id": a.unit.teacher.user_id,
                    "hours_per_year": round(
                        a.hours * data.WEEKS_PER_YEAR[a.school_class.level - 1]
                    ),
                }
                for a in self.assignments
            ]
        )
        for assignment, record in zip(self.assignments, records, strict=True):
            assignment.record_id = record.id
        self._log("%s teaching assignments", len(records))

    # ------------------------------------------------------------------- timetable
    def _plan_timetable(self):
        """A weekly timetable per class (subgroups of a class learn at the same time,
        a teacher is in one room at a time as far as the matching finds), unrolled
        over the class's school days into every assignment's lessons of the year."""
        busy = set()
        for school_class in sorted(self.classes, key=lambda c: (-c.level, c.letter)):
            week = school_class.week = self._class_week(school_class, busy)
            for day in school_class.school_days:
                for number, cell in week[day.weekday()]:
                    for assignment in cell:
                        assignment.schedule.append((day, number))
        self._log("timetable made (%s teacher clashes left)", self.clashes)

    def _class_cells(self, school_class):
        """A cell per weekly hour: the assignments that hold that hour together."""
        cells = []
        by_subject = defaultdict(list)
        for assignment in self.assignments:
            if assignment.school_class is school_class:
                by_subject[assignment.subject].append(assignment)
        for subject, assignments in by_subject.items():
            cells.extend([tuple(assignments)] * self._hours(subject, school_class.level))
        return cells

    def _class_week(self, school_class, busy):
        cells = self._class_cells(school_class)
        days = 5
        capacity = [len(cells) // days + (day < len(cells) % days) for day in range(days)]
        per_day = [[] for _day in range(days)]
        by_subject = defaultdict(list)
        for cell in cells:
            by_subject[cell[0].subject].append(cell)
        for subject in sorted(by_subject, key=lambda s: (-len(by_subject[s]), s)):
            for cell in by_subject[subject]:
                scores = {
                    day: (
                        len(per_day[day]) < capacity[day],
                        -sum(1 for other in per_day[day] if other[0].subject == subject),
                        capacity[day] - len(per_day[day]),
                        self.rng.random(),
                    )
                    for day in range(days)
                }
                per_day[max(scores, key=scores.get)].append(cell)
        return {day: self._number_day(day, per_day[day], busy) for day in range(days)}

    def _number_day(self, weekday, cells, busy):
        """Lesson numbers 1..n for the day's cells, matched so that no teacher is in
        two rooms at once (Kuhn's augmenting paths; n is 7 at most)."""
        cells = list(cells)
        self.rng.shuffle(cells)
        count = len(cells)
        match = {}

        def free(cell, number):
            return all((a.unit.teacher, weekday, number) not in busy for a in cell)

        def place(index, seen):
            for number in range(1, count + 1):
                if number in seen or not free(cells[index], number):
                    continue
                seen.add(number)
                if number not in match or place(match[number], seen):
                    match[number] = index
                    return True
            return False

        unplaced = [index for index in range(count) if not place(index, set())]
        spare = [number for number in range(1, count + 1) if number not in match]
        for index, number in zip(unplaced, spare, strict=True):
            match[number] = index
            self.clashes += 1
        for number, index in match.items():
            busy.update((a.unit.teacher, weekday, number) for a in cells[index])
        return sorted((number, cells[index]) for number, index in match.items())

    # ------------------------------------------------------------------------- КТП
    def _create_plan_lines(self):
        """The КТП of every assignment: a year of lessons dated by the timetable."""
        Line = self.env["school.lesson.plan.line"]
        total = 0
        batch, owners = [], []
        for assignment in self.assignments:
            for line in self._plan_line_vals(assignment):
                batch.append(line)
                owners.append(assignment)
            if len(batch) >= ENTRY_BATCH or assignment is self.assignments[-1]:
                records = Line.create(
                    [{k: v for k, v in vals.items() if not k.startswith("_")} for vals in batch]
                )
                for vals, owner, record in zip(batch, owners, records, strict=True):
                    owner.plan_lines.append((record.id, vals))
                total += len(records)
                batch, owners = [], []
                self.env.flush_all()
                self.env.invalidate_all()
        self.counts["plan_lines"] = total
        self._log("%s КТП lines", total)

    def _plan_line_vals(self, assignment):
        subject, level = assignment.subject, assignment.school_class.level
        count = round(assignment.hours * data.WEEKS_PER_YEAR[level - 1])
        band = "primary" if level <= 4 else None
        topics = data.TOPICS.get((subject, band)) or data.TOPICS.get((subject, None)) or [subject]
        control_label, control_type = data.CONTROL_WORKS.get(subject, data.DEFAULT_CONTROL_WORK)
        lines = []
        for index in range(count):
            topic_index = index * len(topics) // count
            topic = topics[topic_index]
            first = -(-topic_index * count // len(topics))
            last = -(-(topic_index + 1) * count // len(topics)) - 1
            is_control = (index + 1) % data.CONTROL_EVERY == 0
            if is_control:
                text, work_type = f"{control_label} по теме «{topic}»", control_type
            else:
                stage, work_type = self._stage(subject, index - first, index == last)
                text = f"{topic}: {stage}"
            planned = assignment.schedule[index][0] if index < len(assignment.schedule) else False
            lines.append(
                {
                    "assignment_id": assignment.record_id,
                    "sequence": index + 1,
                    "topic": f"Тема {topic_index + 1}. {text}",
                    "planned_date": planned,
                    "planned_week": index // max(1, assignment.hours) + 1,
                    "is_control_work": is_control,
                    "_work_type": work_type,
                }
            )
        return lines

    def _stage(self, subject, position, is_last):
        if position == 0:
            return data.FIRST_STAGE
        if is_last:
            return data.LAST_STAGE
        stage = data.MIDDLE_STAGES[(position - 1) % len(data.MIDDLE_STAGES)]
        if stage[1] == "school_work_type_test" and subject in data.LAB_SUBJECTS:
            return data.LAB_STAGE
        return stage

    # ------------------------------------------------------- calendar and timetable
    def _create_calendar(self):
        """The school's bells, rooms and the year's calendar: the public holidays and,
        per grade, the vacations (the days between the terms, and the first grade's extra
        February week) — the days the planned timetable leaves out."""
        env = self.env
        Bell = env["school.bell.schedule"].with_context(active_test=False)
        if not Bell.search_count([("is_shortened", "=", False)]):
            Bell.create(
                {
                    "name": "Основное",
                    "sequence": 0,
                    "line_ids": [
                        Command.create({"number": number, "time_start": start, "time_end": end})
                        for number, (start, end) in enumerate(data.BELLS, start=1)
                    ],
                }
            )
        Room = env["school.room"].with_context(active_test=False)
        names = [data.GYM] + [
            f"Кабинет {100 * (1 + index // 20) + index % 20 + 1}"
            for index in range(len(self.teachers))
        ]
        rooms = {room.name: room for room in Room.search([("name", "in", names)])}
        missing = [name for name in names if name not in rooms]
        if missing:
            for room in Room.create(
                [{"name": name, "is_shared": name == data.GYM} for name in missing]
            ):
                rooms[room.name] = room
        self.gym = rooms[data.GYM]
        for index, teacher in enumerate(self.teachers):
            teacher.room_id = rooms[names[index + 1]].id
        # the days without lessons: holidays for everybody, vacations per grade
        year = self.year
        holidays = {
            date(self.first_year + (month < 9), month, day) for month, day in data.PUBLIC_HOLIDAYS
        }
        open_days = defaultdict(set)
        for school_class in self.classes:
            open_days[school_class.level].update(school_class.school_days)
        closed = defaultdict(set)  # day → grades on vacation
        day = year.date_start
        while day <= year.date_end:
            if day.weekday() < 5 and day not in holidays:
                for level, days in open_days.items():
                    if day not in days:
                        closed[day].add(level)
            day += timedelta(days=1)
        Day = env["school.calendar.day"]
        known = {
            (d.date, d.level_from, d.level_to)
            for d in Day.search([("date", ">=", year.date_start), ("date", "<=", year.date_end)])
        }
        vals_list = [
            {"date": day, "kind": "holiday", "name": "Праздничный день"}
            for day in sorted(holidays)
            if year.date_start <= day <= year.date_end and (day, 1, 11) not in known
        ]
        for day, levels in sorted(closed.items()):
            for level_from, level_to in _ranges(sorted(levels)):
                if (day, level_from, level_to) not in known:
                    vals_list.append(
                        {
                            "date": day,
                            "kind": "vacation",
                            "level_from": level_from,
                            "level_to": level_to,
                            "name": "Каникулы",
                        }
                    )
        Day.create(vals_list)
        self._log("bells, %s rooms, %s calendar days", len(rooms), len(vals_list))

    def _create_timetables(self):
        """A published timetable per class from its planned week: the journals of its
        teaching assignments, each in its teacher's room (physical education in the
        shared gym). Published as the deputy's action would, without the clash check:
        the planned week may leave a few teacher clashes (counted in the log)."""
        Timetable = self.env["school.timetable"].with_context(tracking_disable=True)
        vals_list = []
        for school_class in self.classes:
            slots = []
            for weekday, cells in sorted(school_class.week.items()):
                for number, cell in cells:
                    for assignment in cell:
                        room = (
                            self.gym.id
                            if assignment.subject == data.PE
                            else assignment.unit.teacher.room_id
                        )
                        slots.append(
                            Command.create(
                                {
                                    "weekday": str(weekday),
                                    "number": number,
                                    "assignment_id": assignment.record_id,
                                    "room_id": room,
                                }
                            )
                        )
            vals_list.append(
                {
                    "class_id": school_class.record.id,
                    "date_from": self.year.date_start,
                    "slot_ids": slots,
                }
            )
        timetables = Timetable.create(vals_list)
        timetables._workflow_write(
            {
                "state": "published",
                "published_by_id": self.env.uid,
                "published_on": fields.Datetime.now(),
            }
        )
        for school_class, timetable in zip(self.classes, timetables, strict=True):
            school_class.timetable_id = timetable.id
        self._log("%s timetables published", len(timetables))

    # --------------------------------------------------------------------- lessons
    def _create_lessons_and_journal(self):
        """The lessons come from the published timetables and the calendar through
        ``_generate_lessons`` (which gives them their КТП topics in order), a few classes
        at a time; then the lessons held get their homework, attendance and fill time,
        and their marks and absences."""
        self.work_types = {
            xmlid: self.env.ref(f"school_records.{xmlid}")
            for xmlid in {
                "school_work_type_answer",
                "school_work_type_homework",
                *(t for _label, t in data.CONTROL_WORKS.values()),
                data.DEFAULT_CONTROL_WORK[1],
                data.FIRST_STAGE[1],
                data.LAST_STAGE[1],
                data.LAB_STAGE[1],
                *(t for _stage, t in data.MIDDLE_STAGES),
            }
        }
        self.mark_values = {value: self.env.ref(xmlid) for value, xmlid in MARK_VALUES.items()}
        Timetable = self.env["school.timetable"]
        per_chunk = max(1, LESSON_BATCH // max(1, max(len(c.week) for c in self.classes) * 40))
        generated = 0
        for start in range(0, len(self.classes), per_chunk):
            chunk = self.classes[start : start + per_chunk]
            timetables = Timetable.browse([c.timetable_id for c in chunk])
            result = timetables._generate_lessons(self.year.date_start, self.teaching_end)
            generated += result["created"]
            lessons = self._fill_lessons(chunk)
            marks, absences = self._journal(lessons)
            self._write_journal(marks, absences)
            self._log(
                "classes %s/%s: %s lessons generated, %s marks, %s absences",
                min(start + per_chunk, len(self.classes)),
                len(self.classes),
                generated,
                self.counts["marks"],
                self.counts["absences"],
            )
        self.counts["lessons"] = generated

    # ------------------------------------------------------------ the year in progress
    def _demo_user(self, login):
        return self.env["res.users"].search([("login", "=", login)], limit=1)

    def _close_ended_periods(self):
        """The first period of each scheme (quarter 1, the first half-year) closed once
        the next one has begun: its period marks proposed, confirmed as the server (the
        period's last lesson has passed) and the period closed by the demo deputy's
        action. In the holidays between them the first period is still open, as a
        school's is while its last marks are confirmed: the demo then has an open period
        with lessons up to the latest school day. Set-based: one proposal query a period,
        one write per proposed value."""
        periods = self.env["school.period"]
        for scheme in ("quarter", "half_year"):
            ordered = self.year.period_ids.filtered(lambda p, s=scheme: p.scheme == s).sorted(
                "date_start"
            )
            first, following = ordered[:1], ordered[1:2]
            if first.state == "open" and following and following.date_start <= self.today:
                periods |= first
        if not periods:
            return
        PeriodMark = self.env["school.period.mark"]
        assignments = self.env["school.teaching.assignment"].search(
            [("year_id", "=", self.year.id)]
        )
        for period in periods:
            PeriodMark.propose_period_marks(assignments, period)
        marks = PeriodMark.search(
            [("period_id", "in", periods.ids), ("kind", "=", "period"), ("state", "=", "draft")]
        )
        for value, group in (
            marks.filtered(lambda m: not m.value_id).grouped("proposed_value_id").items()
        ):
            group.write({"value_id": value.id})
        marks.action_confirm()
        deputy = self._demo_user("deputy")
        periods.with_user(deputy).action_close()
        self.counts["period_marks"] = len(marks)
        self._log("%s closed, %s period marks confirmed", periods.mapped("name"), len(marks))

    def _teacher_mark(self, teacher, period=None):
        domain = [("assignment_id.teacher_id", "=", teacher.id), ("value_id", "!=", False)]
        if period:
            domain.append(("period_id", "=", period.id))
        return self.env["school.mark"].search(domain, order="date desc, id", limit=1)

    def _create_journal_check(self):
        """The deputy's check of one of the demo teacher's journals this month, sent with
        a remark that waits for the teacher's answer."""
        Check = self.env["school.journal.check"]
        deputy, teacher = self._demo_user("deputy"), self._demo_user("teacher")
        if not (deputy and teacher) or Check.search_count([("year_id", "=", self.year.id)]):
            return
        mark = self._teacher_mark(teacher)
        if not mark:
            return
        date_to = min(self.journal_end, self.today)
        if date_to < self.year.date_start:
            return  # a year that has not begun: nothing to check yet
        date_from = max(self.year.date_start, date_to - timedelta(days=30))
        check = (
            Check.with_user(deputy)
            .sudo(False)
            .create(
                {
                    "class_id": mark.assignment_id.class_id.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "kind": "monthly",
                    "remark_ids": [
                        Command.create(
                            {
                                "assignment_id": mark.assignment_id.id,
                                "remark": data.DEMO_CHECK_REMARK,
                                "deadline": self.today + timedelta(days=7),
                            }
                        )
                    ],
                }
            )
        )
        check.action_send()
        self._log("journal check %s sent", check.name)

    def _create_correction_request(self):
        """A correction of a mark in the closed quarter, asked by the demo teacher and
        waiting for the deputy."""
        Correction = self.env["school.journal.correction"]
        teacher = self._demo_user("teacher")
        closed = self.year.period_ids.filtered(lambda p: p.state == "closed")
        if not (teacher and closed) or Correction.search_count([("period_id", "in", closed.ids)]):
            return
        # quarter 1 rather than the first half-year, which starts the same day and closes
        # in January
        first = closed.sorted(lambda p: (p.date_start, p.scheme != "quarter"))[0]
        mark = self._teacher_mark(teacher, first)
        if not mark:
            return
        correction = (
            Correction.with_user(teacher)
            .sudo(False)
            .create(
                {
                    "kind": "mark",
                    "lesson_id": mark.lesson_id.id,
                    "student_id": mark.student_id.id,
                    "new_value": "5",
                    "reason": data.DEMO_CORRECTION_REASON,
                }
            )
        )
        if (correction.old_value or "").strip() == "5":
            correction.new_value = "4"
        correction.action_submit()
        self._log("correction request %s submitted", correction.display_name)

    def _create_pd_consents(self):
        """152-FZ: a guardian of every family signed the consent to process personal
        data (so the portal may be given), except one family of the demo class, which
        shows the paper route. One create for the whole school."""
        Consent = self.env["school.pd.consent"]
        students = self.env["school.student"].search(
            [("state", "=", "studying"), ("pd_consent_ids", "=", False)]
        )
        if not students or Consent.search_count([]):
            return
        parent = self._demo_user("parent").partner_id
        demo_class = self.demo_class.record
        without = students.filtered(
            lambda s: s.class_id == demo_class and s.guardian_ids and parent not in s.guardian_ids
        )[-1:]
        family = without.guardian_ids
        document = _consent_scan()
        vals_list = [
            {
                "student_id": student.id,
                "partner_id": student.guardian_ids[0].id,
                "state": "given",
                "date": self.year.date_start,
                "document": document,
                "document_name": "soglasie-152-fz.pdf",
            }
            for student in students
            if student.guardian_ids and not (student.guardian_ids & family)
        ]
        Consent.create(vals_list)
        self.counts["pd_consents"] = len(vals_list)
        self._log("%s personal data consents", len(vals_list))

    def _fill_lessons(self, classes):
        """The generated lessons of ``classes`` in the order of the calendar, as the
        journal's dicts, with what the teacher wrote in those held (homework,
        attendance taken, when filled) and the work type of their КТП line."""
        order = {id(c): index for index, c in enumerate(self.classes)}
        assignments = {
            a.record_id: a for a in self.assignments if any(a.school_class is c for c in classes)
        }
        line_index = {
            line_id: index
            for a in assignments.values()
            for index, (line_id, _vals) in enumerate(a.plan_lines)
        }
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT id, assignment_id, date, number, plan_line_id, period_id
                 FROM school_lesson
                WHERE assignment_id = ANY(%s)
                  AND date BETWEEN %s AND %s
                  AND timetable_slot_id IS NOT NULL""",
            [list(assignments), self.year.date_start, self.teaching_end],
        )
        rows = sorted(
            (
                (
                    day,
                    number,
                    order[id(assignments[a_id].school_class)],
                    assignments[a_id].subgroup or 0,
                    lesson_id,
                    a_id,
                    line_id,
                    period_id,
                )
                for lesson_id, a_id, day, number, line_id, period_id in self.env.cr.fetchall()
            ),
            key=lambda row: row[:5],
        )
        extra = defaultdict(int)
        infos, updates = [], []
        for day, _number, _c, _g, lesson_id, a_id, line_id, period_id in rows:
            assignment = assignments[a_id]
            if line_id in line_index:
                index = line_index[line_id]
                line = assignment.plan_lines[index][1]
                topic, work_type = line["topic"], line["_work_type"]
                is_control = line["is_control_work"]
            else:
                index = len(assignment.plan_lines) + extra[a_id]
                extra[a_id] += 1
                topic, work_type, is_control = data.REVIEW_TOPIC, None, False
            work_type = self.work_types[work_type or "school_work_type_answer"]
            held = day <= self.journal_end
            updates.append(
                (
                    lesson_id,
                    topic,
                    work_type.id,
                    (held and self._homework(assignment, index)) or None,
                    held,
                    self._filled_on(day) if held else None,
                )
            )
            infos.append(
                {
                    "id": lesson_id,
                    "period_id": period_id,
                    "assignment": assignment,
                    "date": day,
                    "held": held,
                    "work_type": work_type,
                    "is_control": is_control,
                }
            )
        self._write_lessons(updates)
        return infos

    def _write_lessons(self, updates):
        """Write what the teachers filled in the generated lessons in one statement a
        batch, then let the ORM recompute what depends on it (filled, late, deadlines)."""
        cr = self.env.cr
        for start in range(0, len(updates), ENTRY_BATCH):
            batch = updates[start : start + ENTRY_BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s::timestamp)"] * len(batch))
            cr.execute(
                f"""UPDATE school_lesson AS lesson
                       SET topic = v.topic, work_type_id = v.work_type_id,
                           homework = v.homework, attendance_taken = v.taken,
                           filled_on = v.filled_on
                      FROM (VALUES {values}) AS v(id, topic, work_type_id, homework, taken,
                                                  filled_on)
                     WHERE lesson.id = v.id""",  # noqa: S608 (placeholders only)
                [value for row in batch for value in row],
            )
        self.env.invalidate_all()
        lessons = self.env["school.lesson"].browse([row[0] for row in updates])
        lessons.modified(["topic", "work_type_id", "homework", "attendance_taken", "filled_on"])
        self.env.flush_all()
        self.env.invalidate_all()

    def _filled_on(self, day):
        """When the teacher filled the lesson (UTC): mostly in the afternoon, now and
        then in the evening after the 20:00 deadline."""
        hour = 18 if self.rng.random() < P_FILLED_LATE else self.rng.choice((9, 11, 13, 15))
        return datetime(day.year, day.month, day.day, hour, self.rng.randrange(60))

    def _homework(self, assignment, index):
        templates = data.HOMEWORK.get(assignment.subject, data.DEFAULT_HOMEWORK)
        if not templates:
            return False
        count = max(1, len(assignment.plan_lines))
        exercise = 1 + (index * 7 + assignment.school_class.level * 37) % 600
        return templates[index % len(templates)].format(
            p=1 + index * 40 // count,
            n=exercise,
            m=exercise + 2,
            page=5 + index * 220 // count,
            q=3 + index % 4,
        )

    # ------------------------------------------------------------------- journal
    def _plan_absence_days(self):
        """Illness comes in runs of school days (more often in winter); now and then
        a student is excused for a day."""
        rng = self.rng
        for school_class in self.classes:
            days = [d for d in school_class.school_days if d <= self.journal_end]
            for student in school_class.students:
                index = 0
                while index < len(days):
                    day = days[index]
                    if rng.random() < P_FALL_ILL * ILL_SEASON.get(day.month, 1.0):
                        length = rng.randint(3, 8)
                        student.ill_days.update(days[index : index + length])
                        index += length
                        continue
                    if rng.random() < P_EXCUSED_DAY:
                        student.excused_days.add(day)
                    index += 1

    def _journal(self, lessons):
        """Marks and absences of the lessons held: (lesson, student, value, work type)
        and (lesson, student, kind)."""
        rng = self.rng
        marks, absences = [], []
        homework_type = self.work_types["school_work_type_homework"]
        answer_type = self.work_types["school_work_type_answer"]
        for lesson in lessons:
            if not lesson["held"]:
                continue
            assignment, day = lesson["assignment"], lesson["date"]
            school_class = assignment.school_class
            graded = (
                self.subjects[assignment.subject].graded
                and school_class.level not in data.UNMARKED_GRADES
            )
            for student in school_class.students:
                if student.date_from > day or (student.date_to and student.date_to < day):
                    continue
                if assignment.subgroup and student.subgroup != assignment.subgroup:
                    continue
                kind = self._absence(student, day)
                if kind:
                    absences.append((lesson, student, kind))
                if not graded or kind in ("absent", "ill", "excused"):
                    continue
                if lesson["is_control"] or rng.random() < P_MARK:
                    value = self._mark(student, assignment.subject, lesson["is_control"])
                    marks.append((lesson, student, value, lesson["work_type"]))
                    if lesson["work_type"] == answer_type and rng.random() < P_SECOND_MARK:
                        value = self._mark(student, assignment.subject, False)
                        marks.append((lesson, student, value, homework_type))
        return marks, absences

    def _absence(self, student, day):
        if day in student.ill_days:
            return "ill"
        if day in student.excused_days:
            return "excused"
        draw = self.rng.random()
        if draw < P_ABSENT:
            return "absent"
        if draw < P_ABSENT + P_LATE:
            return "late"
        return None

    def _mark(self, student, subject, is_control):
        bias = student.subject_bias.get(subject)
        if bias is None:
            bias = student.subject_bias[subject] = self.rng.gauss(0, 0.25)
        mean = student.ability + bias - (0.2 if is_control else 0.0)
        value = round(self.rng.gauss(mean, MARK_SPREAD))
        return self.mark_values[min(5, max(2, value))]

    def _write_journal(self, marks, absences):
        if self.bulk:
            self._copy_marks(marks)
            self._copy_absences(absences)
        else:
            for start in range(0, len(marks), ENTRY_BATCH):
                self.env["school.mark"].create(
                    [
                        {
                            "lesson_id": lesson["id"],
                            "student_id": student.record_id,
                            "value_id": value.id,
                            "work_type_id": work_type.id,
                        }
                        for lesson, student, value, work_type in marks[start : start + ENTRY_BATCH]
                    ]
                )
            self.env["school.attendance"].create(
                [
                    {"lesson_id": lesson["id"], "student_id": student.record_id, "kind": kind}
                    for lesson, student, kind in absences
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
        self.counts["marks"] += len(marks)
        self.counts["absences"] += len(absences)

    def _copy_marks(self, marks):
        stamp = f"{self.env.uid}\t{fields.Datetime.now()}"
        rows = (
            f"{lesson['id']}\t{student.record_id}\t{lesson['assignment'].record_id}\t"
            f"{lesson['date']}\t{_copy_value(lesson['period_id'])}\t{value.id}\t"
            f"{value.numeric_value}\t{'t' if value.counts_in_average else 'f'}\t"
            f"{work_type.id}\t{work_type.weight}\t{stamp}\t{stamp}\n"
            for lesson, student, value, work_type in marks
        )
        self._copy(
            "school_mark",
            "lesson_id, student_id, assignment_id, date, period_id, value_id, numeric_value, "
            "counts_in_average, work_type_id, weight, create_uid, create_date, write_uid, "
            "write_date",
            rows,
        )

    def _copy_absences(self, absences):
        stamp = f"{self.env.uid}\t{fields.Datetime.now()}"
        rows = (
            f"{lesson['id']}\t{student.record_id}\t{lesson['assignment'].record_id}\t"
            f"{lesson['date']}\t{_copy_value(lesson['period_id'])}\t{kind}\t{stamp}\t{stamp}\n"
            for lesson, student, kind in absences
        )
        self._copy(
            "school_attendance",
            "lesson_id, student_id, assignment_id, date, period_id, kind, create_uid, "
            "create_date, write_uid, write_date",
            rows,
        )

    def _copy(self, table, columns, rows):
        buffer = StringIO()
        buffer.writelines(rows)
        buffer.seek(0)
        self.env.cr.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


def _ranges(levels):
    """[(first, last)] of the runs of consecutive grades in the sorted ``levels``."""
    ranges = []
    for level in levels:
        if ranges and ranges[-1][1] == level - 1:
            ranges[-1][1] = level
        else:
            ranges.append([level, level])
    return [tuple(run) for run in ranges]


def _copy_value(value):
    return "\\N" if value is None or value is False else str(value)


def _snils(rng):
    """A СНИЛС with a valid check number."""
    digits = [rng.randint(0, 9) for _index in range(9)]
    total = sum(digit * (9 - index) for index, digit in enumerate(digits))
    check = total % 101 if total > 101 else total
    check = 0 if check == 100 else check
    number = "".join(map(str, digits))
    return f"{number[:3]}-{number[3:6]}-{number[6:]} {check:02d}"
