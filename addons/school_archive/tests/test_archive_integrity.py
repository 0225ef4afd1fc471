import stat

from odoo.exceptions import UserError
from odoo.tests import tagged

from .archive_common import ArchiveCase


@tagged("post_install", "-at_install")
class TestArchiveIntegrity(ArchiveCase):
    """Both copies of every file are checked against the sealed digests; a damaged copy
    is restored from the intact one."""

    def _verify(self, unit):
        check = self.env["school.archive.check"]._run(unit)
        return check, {line.file_name: line for line in check.line_ids}

    def test_intact_archive_verifies_ok(self):
        unit = self._unit(files=[("ok.txt", b"intact content ok", "text/plain")])
        check, lines = self._verify(unit)
        self.assertEqual((check.result, lines["ok.txt"].result), ("ok", "ok"))
        self.assertEqual(check.file_count, 1)

    def test_damaged_filestore_copy_is_restored_from_the_mirror(self):
        unit = self._unit(files=[("fs.txt", b"filestore copy to be damaged", "text/plain")])
        archived = unit.file_ids
        self._flip_byte(self._filestore_path(archived))
        check, lines = self._verify(unit)
        self.assertEqual((check.result, lines["fs.txt"].result), ("repaired", "repaired"))
        self.assertEqual(archived._read_filestore(), b"filestore copy to be damaged")
        self.assertEqual(self._verify(unit)[0].result, "ok")

    def test_damaged_mirror_copy_is_restored_from_the_filestore(self):
        unit = self._unit(files=[("mirror.txt", b"mirror copy to be damaged", "text/plain")])
        archived = unit.file_ids
        self._flip_byte(archived._mirror_path())
        check, lines = self._verify(unit)
        self.assertEqual(lines["mirror.txt"].result, "repaired")
        self.assertEqual(archived._read_mirror(), b"mirror copy to be damaged")
        # a lost mirror copy is rewritten too
        archived._mirror_path().unlink()
        self.assertEqual(self._verify(unit)[0].result, "repaired")
        self.assertEqual(archived._read_mirror(), b"mirror copy to be damaged")

    def test_both_copies_damaged_fails_and_tells_the_archivist(self):
        unit = self._unit(
            files=[("both.txt", b"both copies damaged here", "text/plain")],
            archivist_id=self.archivist.id,
        )
        archived = unit.file_ids
        self._flip_byte(self._filestore_path(archived))
        self._flip_byte(archived._mirror_path())
        check, lines = self._verify(unit)
        self.assertEqual((check.result, lines["both.txt"].result), ("failed", "failed"))
        self.assertEqual(archived.state, "damaged")
        self.assertEqual(unit.activity_ids.user_id, self.archivist)

    def test_digest_changed_in_the_database_is_detected_by_the_seal(self):
        unit = self._unit(
            files=[("seal.txt", b"sealed content", "text/plain")], archivist_id=self.archivist.id
        )
        forged = b"forged content"
        archived = unit.file_ids
        # someone replaces both copies and the digest in the database, but has no key
        archived._write_filestore(forged)
        archived._write_mirror(forged)
        self.env.cr.execute(
            "UPDATE school_archive_file SET sha256 = encode(sha256(%s), 'hex') WHERE id = %s",
            [forged, archived.id],
        )
        archived.invalidate_recordset()
        self.assertFalse(unit._seal_intact())
        check, lines = self._verify(unit)
        self.assertEqual(lines["seal.txt"].result, "failed")
        self.assertIn("seal", lines["seal.txt"].details)
        self.assertTrue(unit.activity_ids)

    def test_manifest_detects_a_digest_changed_and_resealed(self):
        act = self.Act._archive_year(self.year, with_pdf=False)
        unit = act.record_ids.filtered(lambda u: u.kind == "summary_statement")[:1]
        archived = unit.file_ids[:1]
        self.env.cr.execute(
            "UPDATE school_archive_file SET sha256 = %s WHERE id = %s", ["0" * 64, archived.id]
        )
        archived.invalidate_recordset()
        unit._reseal()  # even with the unit resealed, the year's manifest disagrees
        check, _lines = self._verify(act.manifest_record_id)
        self.assertEqual(check.result, "failed")
        self.assertIn(archived.name, check.line_ids.details)

    def test_seal_key_is_outside_the_database_and_private(self):
        self._unit(files=[("k.txt", b"key test", "text/plain")])
        self.assertTrue(self.key_file.exists())
        self.assertEqual(stat.S_IMODE(self.key_file.stat().st_mode), 0o600)
        self.env.cr.execute(
            "SELECT count(*) FROM ir_config_parameter WHERE value = %s",
            [self.key_file.read_text().strip()],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_a_lost_seal_key_is_an_error_never_a_new_key(self):
        unit = self._unit(files=[("k.txt", b"sealed before the loss", "text/plain")])
        self.key_file.unlink()
        with self.assertRaisesRegex(UserError, "seal key .* is missing"):
            unit._seal_intact()
        with self.assertRaisesRegex(UserError, "seal key .* is missing"):
            self._unit("After the loss", files=[("n.txt", b"new", "text/plain")])
        self.assertFalse(self.key_file.exists())

    def test_verification_wizard_and_cron(self):
        unit = self._unit(files=[("w.txt", b"wizard check", "text/plain")])
        action = (
            self.env["school.archive.verify.wizard"]
            .with_user(self.archivist)
            .create({})
            .action_verify()
        )
        check = self.env["school.archive.check"].browse(action["res_id"])
        self.assertIn(unit, check.line_ids.record_id)
        self.assertEqual(self.env["school.archive.check"]._cron_verify().result, check.result)
