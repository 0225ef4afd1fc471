from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .archive_common import ArchiveCase


@tagged("post_install", "-at_install")
class TestDestructionAct(ArchiveCase):
    """Units are destroyed only when their retention is over and under an act approved by
    the expert commission and signed by the director; a tombstone remains."""

    def _expired_unit(self, content, kind="class_journal"):
        unit = self._unit(
            f"Expired {content}",
            kind=kind,
            files=[("x.txt", content, "text/plain")],
            archivist_id=self.archivist.id,
        )
        unit.retention_start = fields.Date.today() - relativedelta(years=30)
        return unit

    def _act(self, units):
        return (
            self.env["school.destruction.act"]
            .with_user(self.archivist)
            .create({"name": "1", "record_ids": [Command.set(units.ids)]})
        )

    def _assert_intact(self, unit):
        archived = unit.file_ids
        self.assertEqual(unit.state if unit.state != "expired" else "archived", "archived")
        self.assertTrue(archived._attachment())
        self.assertTrue(archived._mirror_path().exists())
        self.assertEqual(archived._read_content()[:3], archived._read_filestore()[:3])

    def test_expired_units_are_flagged_for_the_archivist(self):
        unit = self._expired_unit(b"flag me")
        kept = self._unit("Fresh", kind="class_journal", files=[("f.txt", b"fresh", "text/plain")])
        flagged = self.Record._cron_flag_expired()
        self.assertIn(unit, flagged)
        self.assertNotIn(kept, flagged)
        self.assertEqual(unit.state, "expired")
        self.assertEqual(unit.activity_ids.user_id, self.archivist)

    def test_full_destruction_leaves_a_tombstone(self):
        unit = self._expired_unit(b"to be destroyed")
        archived = unit.file_ids
        digest, mirror = archived.sha256, archived._mirror_path()
        act = self._act(unit)
        act.with_user(self.deputy).action_approve()
        act.with_user(self.director).action_sign()
        act.with_user(self.archivist).action_destroy()
        self.assertEqual(act.state, "done")
        self.assertRecordValues(unit, [{"state": "destroyed", "destruction_act_id": act.id}])
        self.assertFalse(archived._attachment())
        self.assertFalse(mirror.exists())
        self.assertEqual(archived.state, "destroyed")
        self.assertIn(digest, unit.tombstone)
        self.assertIn(act.name, unit.tombstone)
        self.assertTrue(unit.destroyed_on)

    def test_no_destruction_without_a_signed_act(self):
        unit = self._expired_unit(b"not without an act")
        act = self._act(unit)
        with self.assertRaises(UserError):
            act.with_user(self.archivist).action_destroy()
        with self.assertRaises(UserError):
            unit._destroy(act)
        act.with_user(self.deputy).action_approve()
        with self.assertRaises(UserError):
            act.with_user(self.archivist).action_sign()
        with self.assertRaises(UserError):
            act.with_user(self.archivist).action_destroy()
        self._assert_intact(unit)

    def test_no_destruction_before_expiry(self):
        fresh = self._unit(
            "Fresh", kind="class_journal", files=[("f.txt", b"fresh one", "text/plain")]
        )
        with self.assertRaises(ValidationError):
            self._act(fresh)
        # the term is extended after the act was signed: the files are not destroyed
        unit = self._expired_unit(b"extended term")
        act = self._act(unit)
        act.with_user(self.deputy).action_approve()
        act.with_user(self.director).action_sign()
        unit.retention_start = fields.Date.today()
        with self.assertRaises(UserError):
            act.with_user(self.archivist).action_destroy()
        self._assert_intact(unit)
        self.assertEqual(act.state, "signed")

    def test_no_one_shortens_a_term_or_writes_what_the_archive_sets(self):
        unit = self._unit(
            "Journal kept 5 years",
            kind="class_journal",
            files=[("j.txt", b"a journal", "text/plain")],
            archivist_id=self.archivist.id,
        )
        kept_until = unit.expiry_date
        backdated = fields.Date.today() - relativedelta(years=30)
        for user in (self.archivist, self.deputy):
            # assertRaises rolls the refused write back, as the request would
            with self.assertRaises(UserError) as refused:
                unit.with_user(user).retention_start = backdated
            self.assertIn("cannot be shortened", str(refused.exception))
        for values in ({"state": "expired"}, {"kind": "other"}, {"seal": "0" * 64}):
            with self.assertRaises(UserError):
                unit.with_user(self.archivist).write(values)
        self.assertRecordValues(
            unit, [{"expiry_date": kept_until, "state": "archived", "kind": "class_journal"}]
        )
        self.assertTrue(unit._seal_intact())
        # a later start lengthens the keeping: allowed
        unit.with_user(self.archivist).retention_start = unit.retention_start + relativedelta(
            years=1
        )
        self.assertEqual(unit.expiry_date, kept_until + relativedelta(years=1))

    def test_personal_file_kept_permanently_is_never_destroyed(self):
        unit = self._expired_unit(b"a graduate kept for ever", kind="personal_file")
        unit.with_user(self.deputy).keep_permanently = True
        self.assertNotIn(unit, self.Record._cron_flag_expired())
        with self.assertRaises(ValidationError):
            self._act(unit)
        self._assert_intact(unit)

    def test_units_are_never_deleted(self):
        unit = self._expired_unit(b"no unlink")
        with self.assertRaises(UserError):
            unit.unlink()
        with self.assertRaises(UserError):
            unit.file_ids.unlink()
