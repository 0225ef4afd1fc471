import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from odoo import sql_db
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import config


@tagged("post_install", "-at_install")
class TestBackup(TransactionCase):
    """scripts/backup.sh and scripts/restore.sh round-trip the school: the database (as
    committed: the test's own transaction is invisible to pg_dump) and its filestore."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scripts = Path(get_module_path("school_archive")).parents[1] / "scripts"
        cls.tmp = Path(tempfile.mkdtemp(prefix="school_backup_test_"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.source = cls.env.cr.dbname
        cls.restored = f"{cls.source}_restore_test"[:63]

    def _run(self, *command):
        for tool in ("pg_dump", "pg_restore", "createdb", "tar", "sha256sum"):
            if not shutil.which(tool):
                self.fail(f"{tool} is missing: install postgresql-client to back up the school")
        environment = dict(
            os.environ,
            PGHOST=config["db_host"] or "",
            PGPORT=str(config["db_port"] or ""),
            PGUSER=config["db_user"] or "",
            PGPASSWORD=config["db_password"] or "",
        )
        result = subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=600, check=False
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def _counts(self, dbname):
        with sql_db.db_connect(dbname).cursor() as cr:
            cr.execute(
                "SELECT (SELECT count(*) FROM school_student), (SELECT count(*) FROM school_mark)"
            )
            counts = cr.fetchone()
            cr.execute(
                "SELECT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL "
                "ORDER BY id DESC LIMIT 1"
            )
            row = cr.fetchone()
        return counts, row and row[0]

    def _drop_restored(self):
        sql_db.close_db(self.restored)
        with sql_db.db_connect("postgres").cursor() as cr:
            cr._cnx.autocommit = True
            cr.execute(f'DROP DATABASE IF EXISTS "{self.restored}"')  # noqa: S608

    def test_backup_and_restore_round_trip(self):
        self._drop_restored()
        self.addCleanup(self._drop_restored)
        target = self.tmp / "backups"
        key = self.tmp / "seal.key"
        key.write_text("0123abcd" * 8)
        key.chmod(0o600)
        output = self._run(
            "bash",
            str(self.scripts / "backup.sh"),
            "-d",
            self.source,
            "-o",
            str(target),
            "-k",
            "7",
            "-D",
            config["data_dir"],
            "-s",
            str(key),
        )
        backup = Path(output.strip().splitlines()[-1])
        self.assertEqual(
            sorted(p.name for p in backup.iterdir()),
            ["SHA256SUMS", "database.dump", "filestore.tar.gz", "mirror.tar.gz", "seal.key"],
        )
        restored_data = self.tmp / "restored"
        self._run(
            "bash",
            str(self.scripts / "restore.sh"),
            "-i",
            str(backup),
            "-d",
            self.restored,
            "-D",
            str(restored_data),
            "-s",
            str(restored_data / "school_archive_seal.key"),
        )
        restored_key = restored_data / "school_archive_seal.key"
        self.assertEqual(restored_key.read_text(), key.read_text())
        self.assertEqual(restored_key.stat().st_mode & 0o777, 0o600)
        counts, store_fname = self._counts(self.source)
        restored_counts, restored_fname = self._counts(self.restored)
        self.assertEqual(restored_counts, counts)
        self.assertGreater(counts[0], 0, "the source school has no committed students")
        if store_fname:
            self.assertEqual(restored_fname, store_fname)
            self.assertTrue((restored_data / "filestore" / self.restored / store_fname).exists())

    def test_restore_refuses_a_damaged_backup(self):
        target = self.tmp / "damaged"
        output = self._run(
            "bash",
            str(self.scripts / "backup.sh"),
            "-d",
            self.source,
            "-o",
            str(target),
            "-D",
            config["data_dir"],
        )
        backup = Path(output.strip().splitlines()[-1])
        with (backup / "mirror.tar.gz").open("ab") as handle:
            handle.write(b"junk")
        result = subprocess.run(
            ["bash", str(self.scripts / "restore.sh"), "-i", str(backup), "-d", self.restored],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("damaged", result.stderr)
