import hashlib
import io
import json
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..wizards.school_archive_permanent_selection import selection_bounds
from .archive_common import ArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveRecord(ArchiveCase):
    """Quarter-end and year-end archiving make units whose files are kept twice with
    their digests; only the archivist, the deputy and the director read them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarter_1.with_user(cls.deputy).action_close()

    def _assert_stored_twice(self, unit):
        for archived in unit.file_ids:
            filestore, mirror = archived._read_filestore(), archived._read_mirror()
            self.assertEqual(filestore, mirror, archived.name)
            self.assertEqual(hashlib.sha256(filestore).hexdigest(), archived.sha256)
            self.assertEqual(archived.size, len(filestore))
        self.assertTrue(unit._seal_intact())

    def test_retention_schedule_defaults(self):
        years = {r.kind: r.years for r in self.env["school.archive.retention"].search([])}
        self.assertEqual(years["class_journal"], 5)
        self.assertEqual(years["summary_statement"], 25)
        self.assertEqual(years["registration_book"], 50)
        self.assertEqual(years["personal_file"], 3)

    def test_quarter_end_snapshots_every_journal_of_the_closed_period(self):
        self.Record._cron_archive_closed_periods()
        units = self.Record.search([("period_id", "=", self.quarter_1.id)])
        self.assertEqual(
            units.assignment_id,
            self.assignment_5a | self.assignment_5a_history | self.assignment_6b,
        )
        unit = units.filtered(lambda u: u.assignment_id == self.assignment_5a)
        self.assertEqual(unit.kind, "class_journal")
        self.assertEqual(sorted(f.name.rsplit(".", 1)[1] for f in unit.file_ids), ["json", "xlsx"])
        self._assert_stored_twice(unit)
        # the journal's mark is in both the workbook and the machine-readable copy
        xlsx = unit.file_ids.filtered(lambda f: f.name.endswith(".xlsx"))._read_content()
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
        self.assertIn("5", [cell.value for row in sheet.iter_rows() for cell in row])
        data = json.loads(
            unit.file_ids.filtered(lambda f: f.name.endswith(".json"))._read_content()
        )
        rows = data["periods"][0]["pages"][0]["rows"]
        self.assertIn("5", [c for row in rows for c in row["cells"]])
        self.assertEqual(unit.expiry_date.year, self.year.date_end.year + 5)
        # a second run archives nothing twice; an open period is not archived
        self.assertEqual(self.Record._cron_archive_closed_periods(), 0)
        self.assertFalse(self.Record.search([("period_id", "=", self.quarter_2.id)]))

    def test_year_end_archiving_makes_journals_statements_manifest_and_act(self):
        act = self.Act._archive_year(self.year)
        self.assertEqual(act.state, "to_sign")
        journals = act.record_ids.filtered(lambda u: u.kind == "class_journal")
        statements = act.record_ids.filtered(lambda u: u.kind == "summary_statement")
        self.assertEqual(len(journals), 3)
        self.assertEqual(statements.class_id, self.class_5a | self.class_6b)
        self.assertEqual(act.units_done, 5)
        for unit in journals:
            self.assertEqual(
                sorted(f.name.rsplit(".", 1)[1] for f in unit.file_ids), ["json", "pdf", "xlsx"]
            )
            self._assert_stored_twice(unit)
        self.assertEqual(statements[0].expiry_date.year, self.year.date_end.year + 25)
        manifest = json.loads(act.manifest_record_id.file_ids._read_content())
        listed = {entry["file_id"]: entry["sha256"] for entry in manifest["files"]}
        for archived in act.record_ids.file_ids - act.manifest_record_id.file_ids:
            self.assertEqual(listed[archived.id], archived.sha256)
        with self.assertRaises(UserError):
            self.Act._archive_year(self.year)

    def test_year_end_archiving_in_batches_resumes(self):
        act = self.Act._archive_year(self.year, limit=2, with_pdf=False)
        self.assertEqual((act.state, act.units_done, act.units_total), ("collecting", 2, 5))
        act.action_continue()
        self.assertEqual((act.state, act.units_done), ("to_sign", 5))

    def test_transfer_act_signed_by_deputy_then_director(self):
        act = self.Act._archive_year(self.year, with_pdf=False)
        with self.assertRaises(UserError):
            act.with_user(self.director).action_sign_director()
        with self.assertRaises(UserError):
            act.with_user(self.archivist).action_sign_deputy()
        act.with_user(self.deputy).action_sign_deputy()
        act.with_user(self.director).action_sign_director()
        self.assertRecordValues(
            act, [{"state": "signed", "deputy_id": self.deputy.id, "director_id": self.director.id}]
        )
        pdf, _format = self.env["ir.actions.report"]._render_qweb_pdf(
            "school_archive.school_archive_transfer_act_report", act.ids
        )
        self.assertTrue(pdf)

    def test_one_person_does_not_sign_the_act_twice(self):
        act = self.Act._archive_year(self.year, with_pdf=False)
        act.with_user(self.director).action_sign_deputy()  # a director may stand in
        with self.assertRaisesRegex(UserError, "director signs it in person"):
            act.with_user(self.director).action_sign_director()
        self.assertEqual(act.state, "deputy_signed")

    def test_year_end_is_due_once_its_periods_close_and_on_30_june_at_the_latest(self):
        early_june = date(2036, 6, 1)
        self.assertNotIn(self.year, self.Act._years_due(early_june))  # quarters still open
        self.assertIn(self.year, self.Act._years_due(date(2036, 6, 30)))
        self.year.period_ids.write({"state": "closed"})
        self.assertIn(self.year, self.Act._years_due(early_june))
        self.Act._archive_year(self.year, with_pdf=False)
        self.assertNotIn(self.year, self.Act._years_due(date(2036, 7, 1)))

    def test_of_the_years_due_the_started_archiving_goes_on_then_the_oldest(self):
        older = self.env["school.academic.year"].create(
            {"name": "2034/2035", "date_start": date(2034, 9, 1), "date_end": date(2035, 8, 31)}
        )
        ours = self.year | older

        def order():  # of the two, past their 30 June (a demo school may have more)
            return self.Act._years_due(date(2036, 7, 1)).filtered(lambda y: y in ours)

        self.assertEqual(order().ids, [older.id, self.year.id])
        self.Act._archive_year(self.year, limit=0, with_pdf=False)  # started «in the background»
        self.assertEqual(order().ids, [self.year.id, older.id])

    def test_teacher_cannot_read_archived_files(self):
        unit = self._unit(files=[("t.txt", b"teacher must not read", "text/plain")])
        archived = unit.file_ids
        with self.assertRaises(AccessError):
            unit.with_user(self.teacher).read(["name"])
        with self.assertRaises(AccessError):
            archived.with_user(self.teacher)._read_for_download()
        with self.assertRaises(AccessError):
            archived._attachment().with_user(self.teacher).read(["datas"])
        for user in (self.archivist, self.deputy, self.director):
            self.assertEqual(
                archived.with_user(user)._read_for_download(), b"teacher must not read"
            )

    def test_reads_of_personal_files_are_logged(self):
        unit = self._unit(
            "Личное дело",
            kind="personal_file",
            student_id=self.child.id,
            files=[("pf.pdf", b"personal file of the child", "application/pdf")],
        )
        other = self._unit(files=[("o.txt", b"not personal", "text/plain")])
        Log = self.env["school.archive.access.log"]
        unit.file_ids.with_user(self.archivist)._read_for_download()
        other.file_ids.with_user(self.archivist)._read_for_download()
        logs = Log.search([("record_id", "in", (unit | other).ids)])
        self.assertRecordValues(
            logs,
            [{"user_id": self.archivist.id, "record_id": unit.id, "student_id": self.child.id}],
        )
        with self.assertRaises(AccessError):
            Log.with_user(self.teacher).search([])
        # opening the unit's card is a read too; other units' cards are not logged
        unit.with_user(self.deputy).web_read({"name": {}})
        other.with_user(self.deputy).web_read({"name": {}})
        self.assertRecordValues(
            Log.search([("record_id", "in", (unit | other).ids), ("how", "=", "open")]),
            [{"user_id": self.deputy.id, "record_id": unit.id}],
        )

    def test_the_commission_keeps_2_to_3_percent_of_the_graduates_files(self):
        self.assertEqual(
            [selection_bounds(n) for n in (0, 3, 60, 100, 250)],
            [(0, 0), (1, 1), (2, 2), (2, 3), (5, 7)],
        )
        graduates = self.child | self.sibling | self.classmate
        graduates.enrollment_ids.write(
            {"date_to": date(2036, 5, 31), "departure_reason": "graduation"}
        )
        files = self.env["school.personal.file"].search([("student_id", "in", graduates.ids)])
        for personal_file in files:
            personal_file.archive_record_id = self._unit(
                f"Личное дело {personal_file.number}",
                kind="personal_file",
                student_id=personal_file.student_id.id,
                files=[("pf.pdf", personal_file.number.encode(), "application/pdf")],
            )
        units = files.archive_record_id
        Selection = self.env["school.archive.permanent.selection"]
        wizard = Selection.with_user(self.deputy).create({"year_id": self.year.id})
        self.assertRecordValues(wizard, [{"graduates_count": 3, "allowed_range": "1"}])
        self.assertEqual(wizard.candidate_ids, units)
        wizard.selected_ids = units[:2]
        with self.assertRaisesRegex(UserError, "1 to 1 of 3, not 2"):
            wizard.action_confirm()
        self.assertFalse(units.filtered("keep_permanently"))
        wizard.selected_ids = units[:1]
        wizard.action_confirm()
        self.assertRecordValues(
            units,
            [{"keep_permanently": True, "expiry_date": False}]
            + [{"keep_permanently": False, "expiry_date": date(2039, 5, 31)}] * 2,
        )
        self.assertIn("expert commission", units[0].message_ids[0].body)
        # the archivist proposes nothing here: the commission decides
        with self.assertRaises(AccessError):
            Selection.with_user(self.archivist).create({"year_id": self.year.id})

    def test_only_the_expert_commission_selects_for_permanent_keeping(self):
        unit = self._unit("Личное дело", kind="personal_file", student_id=self.child.id)
        with self.assertRaises(UserError):
            unit.with_user(self.archivist).keep_permanently = True
        unit.with_user(self.deputy).keep_permanently = True
        self.assertFalse(unit.expiry_date)


@tagged("post_install", "-at_install")
class TestArchiveDownload(ArchiveCase, HttpCase):
    """The archive's download route: the reader gets the intact copy, the read of a
    personal file is logged, a teacher gets nothing."""

    def test_download_is_logged_and_refused_to_a_teacher(self):
        unit = self._unit(
            "Личное дело",
            kind="personal_file",
            student_id=self.child.id,
            files=[("pf.pdf", b"%PDF personal file over HTTP", "application/pdf")],
        )
        archived = unit.file_ids
        self._flip_byte(self._filestore_path(archived))  # served from the mirror then
        self.authenticate(self.archivist.login, self.archivist.login)
        response = self.url_open(f"/school_archive/file/{archived.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF personal file over HTTP")
        self.assertRecordValues(
            self.env["school.archive.access.log"].search([("record_id", "=", unit.id)]),
            [{"user_id": self.archivist.id, "file_id": archived.id, "how": "download"}],
        )
        self.authenticate(self.teacher.login, self.teacher.login)
        response = self.url_open(f"/school_archive/file/{archived.id}")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(b"personal file", response.content)
