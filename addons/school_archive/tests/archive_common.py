import shutil
import tempfile
from pathlib import Path
from unittest.mock import patch

from odoo.tools import config

from odoo.addons.school_records.tests.common import SchoolRecordsCase


def archive_sandbox(env, add_cleanup, prefix="school_archive_test_"):
    """The archive's seal key and mirror copies in a new temporary directory, removed by
    `add_cleanup` (a test's ``addCleanup`` or a class's ``addClassCleanup``); returns it."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    add_cleanup(shutil.rmtree, tmp, ignore_errors=True)
    patcher = patch.dict(
        config.options, {"school_archive_seal_key_file": str(tmp / "keys" / "seal.key")}
    )
    patcher.start()
    add_cleanup(patcher.stop)
    env["ir.config_parameter"].set_param("school_archive.mirror_path", str(tmp / "mirror"))
    return tmp


class ArchiveCase(SchoolRecordsCase):
    """The hand-made school, with the mirror copies and the seal key in a temporary
    directory (removed afterwards)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = archive_sandbox(cls.env, cls.addClassCleanup)
        cls.key_file = cls.tmp / "keys" / "seal.key"
        cls.Record = cls.env["school.archive.record"]
        cls.Act = cls.env["school.archive.transfer.act"]

    @classmethod
    def _unit(cls, name="Unit", kind="other", files=None, **values):
        files = files or [
            ("a.txt", b"first file", "text/plain"),
            ("b.txt", b"second", "text/plain"),
        ]
        return cls.Record._create_unit({"name": name, "kind": kind, **values}, files)

    @staticmethod
    def _flip_byte(path):
        data = bytearray(Path(path).read_bytes())
        data[len(data) // 2] ^= 0xFF
        Path(path).write_bytes(bytes(data))

    @staticmethod
    def _filestore_path(archived):
        attachment = archived._attachment()
        return Path(attachment._full_path(attachment.store_fname))
