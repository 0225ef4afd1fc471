import shutil
import tempfile
from pathlib import Path
from unittest.mock import patch

from odoo.tools import config

from odoo.addons.school_records.tests.common import SchoolRecordsCase


class ArchiveCase(SchoolRecordsCase):
    """The hand-made school, with the mirror copies and the seal key in a temporary
    directory (removed afterwards)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = Path(tempfile.mkdtemp(prefix="school_archive_test_"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.key_file = cls.tmp / "keys" / "seal.key"
        patcher = patch.dict(config.options, {"school_archive_seal_key_file": str(cls.key_file)})
        patcher.start()
        cls.addClassCleanup(patcher.stop)
        cls.env["ir.config_parameter"].set_param(
            "school_archive.mirror_path", str(cls.tmp / "mirror")
        )
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
