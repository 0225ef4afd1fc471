"""The year end through the screens, as a chain of Chromium tours (issue 21 §8, second
half): the pedagogical council decides on the graduates, the secretary prepares their
certificates, the deputy checks one, the director signs it, the secretary issues it and
finds it entered in the registration book; the archivist archives the finished year, the
deputy and the director sign the act of transfer, the archivist verifies the archive.

Not a test module: ``YearEndChainSteps`` is mixed into an ``HttpCase`` whose test method
calls ``_run_year_end_chain()``; the tours run in that method's one transaction, so each
tour finds what the previous one recorded. Between the tours the test checks in Python
what the tour did on screen. The scheduled actions the year end relies on (the reminder
of the archiving deadline, the weekly verification) are run as the scheduler runs them.

What the year before graduation left. The small demo school has one academic year, the
current one, with 5А and 10А; a certificate needs a graduating class and the archiving a
finished year. So the chain starts from what the demo school's last year would have
left: 2025/2026 with its periods closed, and 9А — the students of today's 10А, taught by
10А's teachers, with 10А's class teacher — with confirmed year marks in every subject
and OGE marks in Russian and algebra; the school has received its blanks of basic
certificates and annexes. The council, the certificates and the archive of 2025/2026
are then done through the screens, today: the dates the documents record are those of
the day the chain runs, only the council's protocol carries the June date the deputy
types. The year's journals hold no lessons (the demo school generates the current
year only): the archiving packs their year marks.
"""

from datetime import date

from odoo.addons.school_records.tests.test_role_day_tours import run_tour_without_server_errors

from .archive_common import archive_sandbox

# the blanks of the demo school (school_demo's DEMO_BATCHES, basic level)
BLANK_BATCHES = [
    ("certificate", "036", "24000101", "24000160"),
    ("annex", "036", "24100101", "24100160"),
]
# the OGE subjects of the 9th grade in the demo curriculum
EXAM_SUBJECTS = ("Русский язык", "Алгебра")
MATH_COURSES = ("Алгебра", "Геометрия", "Вероятность и статистика")


class YearEndChainSteps:
    """The year-end steps of the year chain; see the module docstring."""

    def setUp(self):
        super().setUp()
        self._archive_sandbox()

    def _archive_sandbox(self):
        """The archive's seal key and mirror copies in a temporary directory, for the
        whole test: every unit the chain archives, in either half, is sealed with the
        key the verification reads."""
        archive_sandbox(self.env, self.addCleanup, prefix="school_year_chain_")

    # what the year before graduation left ------------------------------------------------
    def _year_end_setup(self):
        env = self.env
        users = {
            login: env["res.users"].search([("login", "=", login)])
            for login in ("deputy", "director", "secretary", "archivist")
        }
        class_10a = env["school.class"].search([("name", "=", "10А")], limit=1)
        if not all(users.values()) or not class_10a:
            self.skipTest("the demo school is not installed")
        self.chain_users = users

        year = env["school.academic.year"].create(
            {"name": "2025/2026", "date_start": date(2025, 9, 1), "date_end": date(2026, 8, 31)}
        )
        year.action_generate_periods()
        year.period_ids.with_user(users["deputy"]).action_close()
        class_9a = env["school.class"].create(
            {
                "year_id": year.id,
                "level": "9",
                "letter": "А",
                "period_scheme": "quarter",
                "class_teacher_id": class_10a.class_teacher_id.id,
            }
        )
        # in the database's order of names, as the lists and the registration book sort
        students = env["school.student"].search(
            [("enrollment_ids.class_id", "=", class_10a.id)], order="name, id"
        )
        env["school.enrollment"].create(
            [
                {
                    "student_id": student.id,
                    "class_id": class_9a.id,
                    "date_from": date(2025, 9, 1),
                    "date_to": date(2026, 8, 31),
                    "arrival_reason": "promotion",
                    "departure_reason": "promotion",
                }
                for student in students
            ]
        )
        assignments = env["school.teaching.assignment"].create(
            [
                {
                    "class_id": class_9a.id,
                    "subject_id": assignment.subject_id.id,
                    "teacher_id": assignment.teacher_id.id,
                }
                for assignment in env["school.teaching.assignment"].search(
                    [("class_id", "=", class_10a.id), ("study_group_id", "=", False)]
                )
            ]
        )
        marks = {value: env.ref(f"school_records.school_mark_value_{value}") for value in (3, 4, 5)}

        def mark(student_index, subject_index):
            # the first of the class by name is excellent: honours; the others 3-5
            if student_index == 0:
                return marks[5]
            return marks[(3, 4, 5, 4)[(student_index + subject_index) % 4]]

        values = []
        for i, student in enumerate(students):
            for j, assignment in enumerate(assignments):
                kinds = ["year"]
                if assignment.subject_id.name in EXAM_SUBJECTS:
                    kinds.append("exam")
                for kind in kinds:
                    value = mark(i, j if kind == "year" else j + 1)
                    values.append(
                        {
                            "student_id": student.id,
                            "assignment_id": assignment.id,
                            "kind": kind,
                            "value_id": value.id,
                            "proposed_value_id": value.id,
                            "state": "confirmed",
                        }
                    )
        env["school.period.mark"].create(values)
        batches = env["school.certificate.blank.batch"].create(
            [
                {
                    "level": "basic",
                    "kind": kind,
                    "series": series,
                    "number_from": first,
                    "number_to": last,
                    "document": "Накладная № 12",
                }
                for kind, series, first, last in BLANK_BATCHES
            ]
        )
        batches.with_user(users["secretary"]).action_receive()
        self.chain_year = year
        self.chain_class = class_9a
        self.chain_students = students
        self.chain_assignments = assignments

    def _chain_tour(self, tour, login, url="/odoo"):
        run_tour_without_server_errors(self, url, f"school_year_chain_{tour}", login)

    # the chain ------------------------------------------------------------------------------
    def _run_year_end_chain(self):
        self._year_end_setup()
        users = self.chain_users
        year, class_9a, students = self.chain_year, self.chain_class, self.chain_students
        first = students[0]

        # the deputy drafts the graduation protocol, takes the proposed decisions, confirms
        self._chain_tour("council", "deputy")
        protocol = self.env["school.council.decision"].search([("year_id", "=", year.id)])
        self.assertRecordValues(
            protocol,
            [
                {
                    "number": "12",
                    "date": date(2026, 6, 25),
                    "kind": "graduation",
                    "state": "confirmed",
                }
            ],
        )
        self.assertEqual(protocol.class_ids, class_9a)
        self.assertEqual(protocol.line_ids.student_id, students)
        decisions = {line.student_id: line.decision for line in protocol.line_ids}
        self.assertEqual(decisions.pop(first), "certificate_honours")
        self.assertEqual(set(decisions.values()), {"certificate"})
        self.assertTrue(
            self.env["school.archive.record"].search(
                [("res_model", "=", protocol._name), ("res_id", "=", protocol.id)]
            ),
            "the confirmed protocol is archived",
        )

        # the secretary prepares the class's certificates, each on the next blank
        self._chain_tour("certificate_prepare", "secretary")
        certificates = self.env["school.certificate"].search([("class_id", "=", class_9a.id)])
        self.assertEqual(certificates.student_id, students)
        self.assertEqual(set(certificates.mapped("state")), {"draft"})
        certificate = certificates.filtered(lambda c: c.student_id == first)
        self.assertRecordValues(
            certificate,
            [
                {
                    "level": "basic",
                    "year_id": year.id,
                    "with_honours": True,
                    "blank_number": "24000101",
                }
            ],
        )
        # Order 546: algebra, geometry and statistics make one final mark in mathematics
        subjects = self.chain_assignments.subject_id
        courses = subjects.filtered(lambda s: s.name in MATH_COURSES)
        self.assertEqual(
            (certificate.line_ids.subject_id - subjects).mapped("name"), ["Математика"]
        )
        self.assertEqual(subjects - certificate.line_ids.subject_id, courses)
        self.assertEqual(set(certificate.line_ids.value_id.mapped("code")), {"5"})

        # the deputy checks it against the journal and the council's decision
        self._chain_tour("certificate_check", "deputy")
        self.assertRecordValues(
            certificate, [{"state": "checked", "checked_by_id": users["deputy"].id}]
        )
        self.assertEqual(
            self.env["school.period.mark"]
            .search([("student_id", "=", first.id), ("kind", "=", "final")])
            .subject_id,
            certificate.line_ids.subject_id & subjects,
            "the checked final marks are kept in the journals of 9А",
        )
        self.assertEqual(set((certificates - certificate).mapped("state")), {"draft"})
        self.assertIn(users["director"], certificate.activity_ids.user_id)

        # the director finds it among the documents to sign and signs it
        self._chain_tour("certificate_sign", "director")
        self.assertRecordValues(
            certificate, [{"state": "signed", "signed_by_id": users["director"].id}]
        )

        # the secretary issues it: the book enters it under the next number
        # the school's day as the secretary's step records it; read on both sides of the
        # step, which may cross midnight in the school's time zone
        school_day = self.env["school.journal"].with_user(users["secretary"])._today
        before = school_day()
        self._chain_tour("certificate_issue", "secretary")
        self.assertIn(certificate.issue_date, {before, school_day()})
        today = certificate.issue_date
        self.assertRecordValues(
            certificate,
            [
                {
                    "state": "issued",
                    "issue_date": today,
                    "issued_to": first.name,
                    "validity": "valid",
                }
            ],
        )
        self.assertEqual(certificate.blank_id.state, "used")
        self.assertEqual(certificate.annex_blank_id.state, "used")
        entry = certificate.register_entry_ids
        self.assertRecordValues(
            entry,
            [
                {
                    "sequence": 1,
                    "student_name": first.name,
                    "class_id": class_9a.id,
                    "year_id": year.id,
                    "blank_series": "036",
                    "blank_number": "24000101",
                    "with_honours": True,
                    "issue_date": today,
                }
            ],
        )
        self.assertEqual(entry.register_id.level, "basic")

        # 30 June has passed and 2025/2026 is not archived: the daily reminder escalates
        Act = self.env["school.archive.transfer.act"]
        self.env.ref("school_archive.ir_cron_school_archive_deadline").method_direct_trigger()
        act = Act.search([("year_id", "=", year.id)])
        self.assertIn(users["director"], act.activity_ids.user_id)
        # the archivist starts the archiving of the last finished year from the wizard
        # that proposes it; the scheduled action archives the units; she finds it done
        self._chain_tour("archive", "archivist")
        self.assertRecordValues(act, [{"state": "collecting", "units_done": 0}])
        self.assertEqual(act.units_total, len(self.chain_assignments) + 1)
        self.env.ref("school_archive.ir_cron_school_archive_year_end").method_direct_trigger()
        self._chain_tour("archive_done", "archivist")
        journals = self.env["school.archive.record"].search(
            [("transfer_act_id", "=", act.id), ("kind", "=", "class_journal")]
        )
        self.assertEqual(journals.assignment_id, self.chain_assignments)
        self.assertRecordValues(
            act, [{"state": "to_sign", "units_total": len(self.chain_assignments) + 1}]
        )
        self.assertEqual(act.units_done, act.units_total)
        self.assertTrue(act.manifest_record_id)
        self.assertFalse(act.activity_ids.filtered(lambda a: a.user_id == users["director"]))
        # never the current, unfinished year; in the summer the demo's year is past its
        # 30 June too, and its act is due as well
        today = self.env["school.journal"]._today()
        for other in Act.search([]).year_id - year:
            self.assertGreaterEqual(today, Act._deadline(other), "never an unfinished year")
        units = self.env["school.archive.record"].search([("year_id", "=", year.id)])
        self.assertTrue(all(unit.seal for unit in units), "every unit of the year is sealed")

        # the deputy, then the director sign the act of transfer
        self._chain_tour("act_deputy", "deputy")
        self.assertRecordValues(act, [{"state": "deputy_signed", "deputy_id": users["deputy"].id}])
        self.assertIn(users["director"], act.activity_ids.user_id, "the act is in «To sign»")
        self._chain_tour("act_director", "director")
        self.assertRecordValues(act, [{"state": "signed", "director_id": users["director"].id}])
        self.assertFalse(act.activity_ids, "nothing left to do on the signed act")

        # the archivist verifies the year's archive; the weekly verification agrees
        self._chain_tour("verify", "archivist")
        Check = self.env["school.archive.check"]
        check = Check.search([], order="id desc", limit=1)
        self.assertRecordValues(
            check, [{"user_id": users["archivist"].id, "result": "ok", "failed_count": 0}]
        )
        self.assertEqual(check.line_ids.record_id, units)
        self.env.ref("school_archive.ir_cron_school_archive_verify").method_direct_trigger()
        weekly = Check.search([], order="id desc", limit=1)
        self.assertNotEqual(weekly, check)
        self.assertRecordValues(weekly, [{"result": "ok", "failed_count": 0}])
        self.assertLessEqual(units, weekly.line_ids.record_id)
