"""The personal files, the council protocols and the archive, attacked over JSON-RPC.

Each test forges a path the way a logged-in user could (a context key the code once
trusted, workflow fields on ``create`` and ``write``, another role's step, the same
person taking two steps), expects a refusal and checks that nothing changed; then it
takes the legitimate path through the action."""

from datetime import date
from pathlib import Path
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import config

from odoo.addons.school_records.tests.rpc_common import SchoolRpcCase

from .archive_common import ArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveForgery(ArchiveCase, SchoolRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.file_child = cls.env["school.personal.file"].search([("student_id", "=", cls.child.id)])
        cls.env["school.period.mark"].create(
            {
                "student_id": cls.child.id,
                "assignment_id": cls.assignment_5a.id,
                "kind": "year",
                "value_id": cls.mark_5.id,
                "proposed_value_id": cls.mark_5.id,
                "state": "confirmed",
            }
        )
        cls.protocol = cls.env["school.council.decision"].create(
            {
                "number": "12",
                "date": date(2036, 5, 28),
                "year_id": cls.year.id,
                "kind": "transfer",
                "class_ids": [Command.set(cls.class_5a.ids)],
            }
        )
        cls.protocol.with_user(cls.deputy).action_fill_from_classes()
        cls.protocol.with_user(cls.deputy).action_confirm()
        cls.env["school.personal.file.fill"].with_user(cls.class_teacher).create(
            {"class_ids": [Command.set(cls.class_5a.ids)]}
        ).action_fill()
        cls.year_line = cls.file_child.year_ids
        cls.class_teacher_6b = new_test_user(
            cls.env, login="t_class_6b", groups="school_records.group_class_teacher"
        )
        cls.class_6b.class_teacher_id = cls.class_teacher_6b

    # personal files: the annual results --------------------------------------------------
    def test_annual_results_are_signed_only_by_that_class_teacher_through_the_button(self):
        line = self.year_line
        self.assertTrue(line and not line.signed)
        forged = {"signed": True, "signed_by_id": self.director.id, "signed_on": "2036-06-01"}
        # the class teacher may write the line, but never its sign-off, context or not
        self.assertRpcForgeryRefused(
            self.class_teacher, "school.personal.file.year", "write", line.ids, forged
        )
        # nobody signs in the class teacher's name: not the deputy, not the director,
        # not another class's teacher
        for user in (self.deputy, self.director, self.class_teacher_6b, self.secretary):
            self.assertRpcForgeryRefused(user, "school.personal.file.year", "action_sign", line.ids)
        self.assertRecordValues(line, [{"signed": False, "signed_by_id": False}])
        # a line born signed
        self.assertRpcForgeryRefused(
            self.secretary,
            "school.personal.file.year",
            "create",
            [
                {
                    "file_id": self.file_child.id,
                    "year_id": self.env["school.academic.year"]
                    .create(
                        {
                            "name": "2030/2031",
                            "date_start": date(2030, 9, 1),
                            "date_end": date(2031, 5, 31),
                        }
                    )
                    .id,
                    "source": "other_school",
                    "previous_school": "СОШ № 5",
                    "source_document": "личное дело № П-1",
                    **forged,
                }
            ],
        )
        self.assertEqual(self.file_child.year_ids, line)
        # the class teacher of that class signs through the button
        self.rpc(self.class_teacher, "school.personal.file.year", "action_sign", line.ids)
        self.assertRecordValues(line, [{"signed": True, "signed_by_id": self.class_teacher.id}])
        # the signature is withdrawn by the director's button only
        self.assertRpcForgeryRefused(
            self.class_teacher,
            "school.personal.file.year",
            "write",
            line.ids,
            {"signed": False, "signed_by_id": False},
        )
        self.rpc(self.director, "school.personal.file.year", "action_unsign", line.ids)
        self.assertFalse(line.signed)

    def test_journal_marks_of_the_file_change_only_by_filling(self):
        result = self.year_line.result_ids
        self.assertEqual(result.value_id, self.mark_5)
        self.assertRpcForgeryRefused(
            self.class_teacher,
            "school.personal.file.result",
            "write",
            result.ids,
            {"value_id": self.mark_2.id},
        )
        self.assertRpcForgeryRefused(
            self.class_teacher,
            "school.personal.file.result",
            "create",
            [{"year_line_id": self.year_line.id, "subject_id": self.history.id}],
        )
        self.assertEqual(self.year_line.result_ids.value_id, self.mark_5)
        # filling is the action: it writes the journal's marks again
        wizard = self.rpc(
            self.class_teacher,
            "school.personal.file.fill",
            "create",
            [{"class_ids": [Command.set(self.class_5a.ids)]}],
        )
        self.rpc(self.class_teacher, "school.personal.file.fill", "action_fill", wizard)
        self.assertEqual(self.year_line.result_ids.value_id, self.mark_5)
        # another class's teacher does not fill this class
        wizard = self.rpc(
            self.class_teacher_6b,
            "school.personal.file.fill",
            "create",
            [{"class_ids": [Command.set(self.class_5a.ids)]}],
        )
        self.assertRpcForgeryRefused(
            self.class_teacher_6b, "school.personal.file.fill", "action_fill", wizard
        )

    def test_personal_file_status_changes_only_through_its_buttons(self):
        personal_file = self.file_child
        for vals in (
            {"state": "archived"},
            {"state": "transferred"},
            {"number": "А-1"},
            {"archive_record_id": self._unit().id},
        ):
            self.assertRpcForgeryRefused(
                self.secretary, "school.personal.file", "write", personal_file.ids, vals
            )
        self.assertRecordValues(personal_file, [{"state": "open", "archive_record_id": False}])
        # the file is closed by the office, not by a teacher
        self.child.enrollment_ids.write(
            {"date_to": date(2036, 5, 31), "departure_reason": "family_education"}
        )
        self.assertRpcForgeryRefused(
            self.class_teacher, "school.personal.file", "action_close", personal_file.ids
        )
        self.rpc(self.secretary, "school.personal.file", "action_close", personal_file.ids)
        self.assertEqual(personal_file.state, "closed")
        # the archivist takes it into the archive; the secretary does not
        self.assertRpcForgeryRefused(
            self.secretary, "school.personal.file", "action_archive_file", personal_file.ids
        )
        self.assertEqual(personal_file.state, "closed")

    def test_transfer_is_approved_by_the_director_only(self):
        values = {
            "file_id": self.file_child.id,
            "applicant_id": self.parent_partner.id,
            "application_date": "2036-01-10",
            "destination_school": "МБОУ «СОШ № 5»",
            "issue_method": "in_person",
        }
        forged = {
            "state": "approved",
            "approved_by_id": self.director.id,
            "approved_on": "2036-01-11",
        }
        Transfer = "school.personal.file.transfer"
        self.assertRpcForgeryRefused(self.secretary, Transfer, "create", [{**values, **forged}])
        self.assertFalse(self.env[Transfer].search([("file_id", "=", self.file_child.id)]))
        transfer_id = self.rpc(self.secretary, Transfer, "create", [values])[0]
        transfer = self.env[Transfer].browse(transfer_id)
        self.assertRpcForgeryRefused(self.secretary, Transfer, "write", [transfer_id], forged)
        self.assertRpcForgeryRefused(self.secretary, Transfer, "action_approve", [transfer_id])
        self.assertRpcForgeryRefused(self.secretary, Transfer, "action_issue", [transfer_id])
        self.assertRecordValues(transfer, [{"state": "draft", "approved_by_id": False}])
        self.assertEqual(self.file_child.state, "open")
        self.rpc(self.director, Transfer, "action_approve", [transfer_id])
        self.assertRecordValues(
            transfer, [{"state": "approved", "approved_by_id": self.director.id}]
        )

    # council protocols ------------------------------------------------------------------
    def test_council_protocol_is_reopened_by_the_director_only(self):
        protocol = self.protocol
        self.assertEqual(protocol.state, "confirmed")
        Protocol = "school.council.decision"
        self.assertRpcForgeryRefused(
            self.deputy, Protocol, "write", protocol.ids, {"state": "draft"}
        )
        self.assertRpcForgeryRefused(self.deputy, Protocol, "action_reset_draft", protocol.ids)
        self.assertEqual(protocol.state, "confirmed")
        self.assertRpcForgeryRefused(
            self.deputy,
            Protocol,
            "create",
            [{"number": "13", "year_id": self.year.id, "state": "confirmed"}],
        )
        self.assertFalse(self.env[Protocol].search([("number", "=", "13")]))
        # the director reopens; the deputy cannot confirm by writing the state either
        self.rpc(self.director, Protocol, "action_reset_draft", protocol.ids)
        self.assertEqual(protocol.state, "draft")
        self.assertRpcForgeryRefused(
            self.deputy, Protocol, "write", protocol.ids, {"state": "confirmed"}
        )
        self.assertRpcForgeryRefused(self.class_teacher, Protocol, "action_confirm", protocol.ids)
        self.assertEqual(protocol.state, "draft")
        self.rpc(self.deputy, Protocol, "action_confirm", protocol.ids)
        self.assertEqual(protocol.state, "confirmed")

    # destruction act ---------------------------------------------------------------------
    def _expired_unit(self):
        unit = self._unit("Expired journal", kind="class_journal", archivist_id=self.archivist.id)
        unit.retention_start = fields.Date.today() - relativedelta(years=30)
        return unit

    def test_destruction_act_steps_are_three_other_people(self):
        unit = self._expired_unit()
        Act = "school.destruction.act"
        forged = {
            "state": "signed",
            "approved_by_id": self.deputy.id,
            "signed_by_id": self.director.id,
        }
        self.assertRpcForgeryRefused(
            self.archivist,
            Act,
            "create",
            [{"name": "1", "record_ids": [Command.set(unit.ids)], **forged}],
        )
        act_id = self.rpc(
            self.archivist, Act, "create", [{"name": "1", "record_ids": [Command.set(unit.ids)]}]
        )[0]
        act = self.env[Act].browse(act_id)
        for vals in (forged, {"state": "done"}, {"destroyed_on": "2036-01-01 00:00:00"}):
            self.assertRpcForgeryRefused(self.archivist, Act, "write", [act_id], vals)
        # the archivist neither approves nor signs; the director approves as the
        # commission only to be unable to sign the same act
        self.assertRpcForgeryRefused(self.archivist, Act, "action_approve", [act_id])
        self.rpc(self.director, Act, "action_approve", [act_id])
        self.assertRpcForgeryRefused(self.director, Act, "action_sign", [act_id])
        self.assertRpcForgeryRefused(self.archivist, Act, "action_sign", [act_id])
        self.assertRpcForgeryRefused(self.archivist, Act, "action_destroy", [act_id])
        self.assertRecordValues(act, [{"state": "approved", "signed_by_id": False}])
        self.assertEqual(unit.state, "archived")
        self.assertTrue(all(archived._attachment() for archived in unit.file_ids))
        # another director signs; the archivist destroys
        director_2 = new_test_user(
            self.env, login="t_director_2", groups="school_records.group_director"
        )
        self.rpc(director_2, Act, "action_sign", [act_id])
        self.assertRpcForgeryRefused(director_2, Act, "action_destroy", [act_id])
        self.rpc(self.archivist, Act, "action_destroy", [act_id])
        self.assertRecordValues(act, [{"state": "done", "signed_by_id": director_2.id}])
        self.assertEqual(unit.state, "destroyed")

    def test_retention_never_below_the_regulations(self):
        Retention = self.env["school.archive.retention"]
        journals = Retention._for_kind("class_journal")
        for kind, minimum in (
            ("class_journal", 5),
            ("summary_statement", 25),
            ("registration_book", 50),
            ("personal_file", 3),
        ):
            retention = Retention._for_kind(kind)
            self.assertRpcRefused(
                self.director,
                "school.archive.retention",
                "write",
                retention.ids,
                {"years": minimum - 1},
            )
            self.assertGreaterEqual(retention.years, minimum)
        with self.assertRaisesRegex(ValidationError, "at least 5 years"):
            journals.write({"years": 0})
        self.rpc(self.director, "school.archive.retention", "write", journals.ids, {"years": 6})
        self.assertEqual(journals.years, 6)

    # archival units ------------------------------------------------------------------------
    def test_units_are_made_by_the_archive_only(self):
        Unit = "school.archive.record"
        before = self.env[Unit].search_count([])
        for vals in (
            {"name": "Будущая печать", "kind": "personal_file", "retention_start": "1990-01-01"},
            {"name": "Будущая печать", "archive_key": "school.personal.file:999"},
            {"name": "Будущая печать"},
        ):
            self.assertRpcForgeryRefused(self.archivist, Unit, "create", [vals])
        self.assertEqual(self.env[Unit].search_count([]), before)
        unit = self._unit()
        seal = unit.seal
        for vals in (
            {"state": "expired"},
            {"seal": "0" * 64},
            {"tombstone": "destroyed"},
            {"archive_key": "x"},
            {"year_id": False},
            {"student_id": self.child.id},
        ):
            self.assertRpcForgeryRefused(self.archivist, Unit, "write", unit.ids, vals)
        self.assertRecordValues(unit, [{"state": "archived", "seal": seal, "archive_key": False}])

    def test_transfer_act_is_signed_only_through_its_buttons(self):
        act = self.env["school.archive.transfer.act"].create({"year_id": self.year.id})
        act._workflow_write({"state": "to_sign"})
        Act = "school.archive.transfer.act"
        forged = {"state": "signed", "director_id": self.director.id, "deputy_id": self.deputy.id}
        for user in (self.archivist, self.deputy):
            self.assertRpcForgeryRefused(user, Act, "write", act.ids, forged)
        self.assertRpcForgeryRefused(self.archivist, Act, "action_sign_deputy", act.ids)
        self.assertRpcForgeryRefused(self.deputy, Act, "action_sign_director", act.ids)
        self.assertRecordValues(act, [{"state": "to_sign", "director_id": False}])
        self.rpc(self.deputy, Act, "action_sign_deputy", act.ids)
        self.rpc(self.director, Act, "action_sign_director", act.ids)
        self.assertRecordValues(
            act, [{"state": "signed", "deputy_id": self.deputy.id, "director_id": self.director.id}]
        )

    def test_a_file_goes_into_a_sealed_unit_only_when_the_seal_holds(self):
        unit = self._unit(files=[("a.txt", b"original", "text/plain")])
        self.assertTrue(unit._seal_intact())
        # someone substitutes the file and its digest behind the archive's back
        archived = unit.file_ids
        archived.write({"sha256": "f" * 64})
        seal = unit.seal
        wizard = self.rpc(
            self.archivist,
            "school.archive.file.upload",
            "create",
            [{"record_id": unit.id, "file_name": "b.txt", "file_data": "YWJj"}],
        )
        self.assertRpcForgeryRefused(
            self.archivist, "school.archive.file.upload", "action_upload", wizard
        )
        self.assertEqual(unit.file_ids, archived)
        self.assertEqual(unit.seal, seal)
        self.assertFalse(unit._seal_intact())
        # an intact unit takes the file and is sealed again
        intact = self._unit()
        wizard = self.rpc(
            self.archivist,
            "school.archive.file.upload",
            "create",
            [{"record_id": intact.id, "file_name": "c.txt", "file_data": "YWJj"}],
        )
        self.rpc(self.archivist, "school.archive.file.upload", "action_upload", wizard)
        self.assertEqual(len(intact.file_ids), 3)
        self.assertTrue(intact._seal_intact())

    def test_the_seal_covers_the_retention_data(self):
        unit = self._unit(kind="personal_file", student_id=self.child.id)
        self.assertTrue(unit._seal_intact())
        # backdated behind the ORM's back: the seal fails
        self.env.cr.execute(
            "UPDATE school_archive_record SET retention_start = %s WHERE id = %s",
            (date(1990, 1, 1), unit.id),
        )
        self.env.invalidate_all()
        self.assertFalse(unit._seal_intact())
        # a sealed unit whose seal fails takes no edit of its retention either
        self.assertRpcRefused(
            self.deputy, "school.archive.record", "write", unit.ids, {"keep_permanently": True}
        )
        self.assertFalse(unit.keep_permanently)
        # through the ORM, an allowed change seals the unit again
        other = self._unit(kind="personal_file", student_id=self.sibling.id)
        self.rpc(
            self.deputy, "school.archive.record", "write", other.ids, {"keep_permanently": True}
        )
        self.assertTrue(other.keep_permanently)
        self.assertTrue(other._seal_intact())

    def test_a_change_of_the_schedule_keeps_the_seals(self):
        unit = self._unit(kind="class_journal", year_id=self.year.id)
        broken = self._unit(kind="class_journal", year_id=self.year.id)
        broken.file_ids[:1].write({"sha256": "f" * 64})
        self.assertEqual(unit.retention_start, self.year.date_end)
        self.year.date_end += relativedelta(days=1)
        self.assertEqual(unit.retention_start, self.year.date_end)
        self.assertTrue(unit._seal_intact())
        self.env["school.archive.retention"]._for_kind("class_journal").start_event = "archiving"
        self.assertTrue(unit._seal_intact())
        self.assertFalse(broken._seal_intact())

    def test_mirror_paths_stay_inside_the_mirror(self):
        unit = self._unit(files=[("a.txt", b"inside", "text/plain")])
        archived = unit.file_ids
        root = archived._mirror_root().resolve()
        self.assertTrue(archived._mirror_path().is_relative_to(root))
        outside = self.tmp / "outside.txt"
        outside.write_bytes(b"inside")
        for relpath in ("../outside.txt", str(outside), f"{unit.id}/../../outside.txt"):
            with self.assertRaisesRegex(UserError, "outside the archive's mirror"):
                archived._inside_mirror(relpath)
            archived.mirror_relpath = relpath
            self.assertIsNone(archived._read_mirror())
            with self.assertRaises(UserError):
                archived._write_mirror(b"overwritten")
        self.assertEqual(outside.read_bytes(), b"inside")

    def test_one_seal_key_per_database(self):
        from ..models.school_archive_file import seal_key_path  # noqa: PLC0415

        with patch.dict(config.options, {"school_archive_seal_key_file": ""}):
            default = seal_key_path(self.env)
        self.assertEqual(default.name, f"{self.env.cr.dbname}.key")
        with patch.dict(
            config.options, {"school_archive_seal_key_file": "/etc/odoo/seal_{db}.key"}
        ):
            self.assertEqual(
                seal_key_path(self.env), Path(f"/etc/odoo/seal_{self.env.cr.dbname}.key")
            )

    # reads of personal files ----------------------------------------------------------------
    def test_every_read_of_a_personal_file_is_logged(self):
        Log = self.env["school.archive.access.log"]
        personal_file = self.file_child
        self.rpc(
            self.class_teacher, "school.personal.file", "read", personal_file.ids, ["student_id"]
        )
        self.rpc(
            self.class_teacher,
            "school.personal.file",
            "search_read",
            [("id", "=", personal_file.id)],
            ["admission_date", "note"],
        )
        self.rpc(
            self.class_teacher,
            "school.personal.file",
            "web_read",
            personal_file.ids,
            {"student_id": {}, "year_ids": {}},
        )
        self.rpc(
            self.class_teacher,
            "school.personal.file.year",
            "search_read",
            [("file_id", "=", personal_file.id)],
            ["results_summary"],
        )
        logs = Log.search([("personal_file_id", "=", personal_file.id)])
        self.assertRecordValues(
            logs,
            [{"user_id": self.class_teacher.id, "how": "read", "student_id": self.child.id}] * 4,
        )
        # the number alone (a reference elsewhere) is no read of the contents
        self.rpc(self.class_teacher, "school.personal.file", "read", personal_file.ids, ["number"])
        self.assertEqual(Log.search_count([("personal_file_id", "=", personal_file.id)]), 4)
        # the log itself is not the readers' to change
        self.assertRpcRefused(self.class_teacher, "school.archive.access.log", "unlink", logs.ids)

    # the download route -----------------------------------------------------------------
    def test_download_serves_only_what_the_user_reads(self):
        unit = self._unit(
            "Личное дело",
            kind="personal_file",
            student_id=self.child.id,
            files=[("pf.pdf", b"%PDF personal", "application/pdf")],
        )
        archived = unit.file_ids
        for user in (self.secretary, self.class_teacher, self.parent):
            self.authenticate(user.login, user.login)
            response = self.url_open(f"/school_archive/file/{archived.id}")
            self.assertIn(response.status_code, (403, 404))
            self.assertNotIn(b"personal", response.content)
        self.assertFalse(
            self.env["school.archive.access.log"].search([("record_id", "=", unit.id)])
        )
        self.authenticate(self.archivist.login, self.archivist.login)
        response = self.url_open(f"/school_archive/file/{archived.id}")
        self.assertEqual(response.content, b"%PDF personal")
